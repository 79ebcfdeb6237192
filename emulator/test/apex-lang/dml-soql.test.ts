import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexQueryLocator } from '../../src/apex/runtime-types.js';
import { harness } from './helpers.js';

test('insert assigns 18-character ids; a failing row throws DmlException with the row details', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Account a = new Account(Name = 'Acme'); insert a; System.debug(String.valueOf(a.Id).length());
      try { insert new List<Contact>{ new Contact(LastName = 'Ok'), new Contact(FirstName = 'NoLast') }; }
      catch (DmlException e) { System.debug(e.getNumDml()); System.debug(e.getDmlIndex(0)); System.debug(e.getDmlType(0) == StatusCode.REQUIRED_FIELD_MISSING);
        System.debug(e.getDmlFieldNames(0)); System.debug(e.getMessage().startsWith('Insert failed. First exception on row 1')); }`),
    ['18', '1', '1', 'true', '(LastName)', 'true']
  );
});

test('Database.insert with allOrNone=false returns SaveResults with errors', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<Database.SaveResult> results = Database.insert(new List<Contact>{ new Contact(LastName = 'A'), new Contact() }, false);
      System.debug(results[0].isSuccess() + ' ' + (results[0].getId() != null)); System.debug(results[1].isSuccess());
      Database.Error err = results[1].getErrors()[0]; System.debug(err.getStatusCode() + ' ' + err.getFields());
      Database.SaveResult one = Database.insert(new Account(Name = 'Solo')); System.debug(one.isSuccess());`),
    ['true true', 'false', 'REQUIRED_FIELD_MISSING (LastName)', 'true']
  );
});

test('triggers: before insert edits Trigger.new; after insert records are read-only; context variables', () => {
  const h = harness();
  h.load({
    'triggers/AccountTrigger.trigger': `trigger AccountTrigger on Account (before insert, after insert, before update) {
      if (Trigger.isBefore && Trigger.isInsert) {
        for (Account a : Trigger.new) { a.Description = 'set in before ' + Trigger.size; }
      }
      if (Trigger.isAfter) {
        System.debug('after ' + Trigger.operationType + ' ' + Trigger.newMap.size());
        try { Trigger.new[0].Description = 'x'; } catch (Exception e) { System.debug(e.getTypeName() + ': ' + e.getMessage()); }
      }
      if (Trigger.isUpdate) {
        for (Account a : Trigger.new) { if (a.Name == 'Bad') a.addError('no bad names'); System.debug('old ' + Trigger.oldMap.get(a.Id).Name); }
      }
    }`
  });
  assert.deepEqual(
    h.run(`Account a = new Account(Name = 'T'); insert a; System.debug(a.Description);
      a.Name = 'Bad';
      try { update a; } catch (DmlException e) { System.debug(e.getDmlMessage(0)); }`),
    [
      'after AFTER_INSERT 1',
      'System.FinalException: Record is read-only',
      'set in before 1',
      'old T',
      'no bad names'
    ]
  );
});

test('inline SOQL: binds are evaluated in scope; single-row assignment rules', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`String wanted = 'Acme'; List<Account> none = [SELECT Id FROM Account WHERE Name = :wanted];
      System.debug(none.size());
      try { Account a = [SELECT Id FROM Account]; } catch (QueryException e) { System.debug(e.getMessage()); }
      insert new Account(Name = 'One');
      Integer lim = 1; Account one = [SELECT Id, Name FROM Account LIMIT :lim]; System.debug(one.Name);
      System.debug([SELECT Id, Name FROM Account].Name);
      insert new Account(Name = 'Two');
      try { Account two = [SELECT Id FROM Account]; } catch (QueryException e) { System.debug(e.getMessage()); }
      Integer n = [SELECT COUNT() FROM Account]; System.debug(n);`),
    [
      '0',
      'List has no rows for assignment to SObject',
      'One',
      'One',
      'List has more than 1 row for assignment to SObject',
      '2'
    ]
  );
  assert.deepEqual(h.soql.executed[0].binds, ['Acme']);
  assert.deepEqual(h.soql.executed[2].binds, [1]);
});

test('SOQL for loop, list form, gets chunks of 200', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`List<Account> accs = new List<Account>(); for (Integer i = 0; i < 450; i++) accs.add(new Account(Name = 'A' + i)); insert accs;
      for (List<Account> chunk : [SELECT Id FROM Account]) System.debug(chunk.size());`),
    ['200', '200', '50']
  );
});

test('Database.query binds local variables by name; queryWithBinds takes a map', () => {
  const h = harness();
  h.run(`String name = 'Zed'; Set<Id> ids = new Set<Id>();
    List<Account> r = Database.query('SELECT Id FROM Account WHERE Name = :name AND Id NOT IN :ids');
    List<Account> r2 = Database.queryWithBinds('SELECT Id FROM Account WHERE Name = :n', new Map<String, Object>{ 'n' => 'Q' }, AccessLevel.USER_MODE);
    System.debug(Database.countQuery('SELECT COUNT() FROM Account'));`);
  assert.equal(h.soql.executed[0].binds[0], 'Zed');
  assert.equal(h.soql.executed[0].binds.length, 2);
  assert.deepEqual(h.soql.executed[1].binds, ['Q']);
});

test('Database.getQueryLocator does not run the query; executeBatch queues the job', () => {
  const h = harness();
  h.load({
    Job: `public class Job implements Database.Batchable<SObject> {
      public Database.QueryLocator start(Database.BatchableContext bc) { return Database.getQueryLocator([SELECT Id FROM Account]); }
      public void execute(Database.BatchableContext bc, List<SObject> scope) {}
      public void finish(Database.BatchableContext bc) {}
    }`
  });
  h.run(`Id jobId = Database.executeBatch(new Job(), 50); System.debug(jobId);`);
  assert.equal(h.queued.length, 1);
  const request = h.queued[0] as { batch: unknown; scopeSize: number };
  assert.equal(request.scopeSize, 50);
  assert.ok(h.runtime.implementsInterface(request.batch as never, 'Database.Batchable'));
  const locator = h.runtime.callMethod(request.batch as never, 'start', [null], h.tx);
  assert.ok(locator instanceof ApexQueryLocator);
  assert.equal(h.soql.executed.length, 0);
});

test('savepoint and rollback restore the store', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Savepoint sp = Database.setSavepoint(); insert new Account(Name = 'Temp');
      System.debug([SELECT COUNT() FROM Account]); Database.rollback(sp); System.debug([SELECT COUNT() FROM Account]);`),
    ['1', '0']
  );
});

test('SObject methods: get/put/getSObject/getPopulatedFieldsAsMap/clone/isSet and relationship paths', () => {
  const h = harness();
  assert.deepEqual(
    h.run(`Account acc = new Account(Name = 'Parent'); insert acc;
      Contact c = new Contact(LastName = 'Kid', AccountId = acc.Id); c.Account = acc;
      System.debug(c.Account.Name); System.debug(c.get('LastName')); c.put('FirstName', 'Ann'); System.debug(c.FirstName);
      System.debug(c.getSObject('Account') == acc); System.debug(c.isSet('Email'));
      System.debug(c.getPopulatedFieldsAsMap().keySet().contains('LastName'));
      Contact copy = c.clone(false, false); System.debug(copy.LastName + ' ' + copy.Id);
      try { c.get('NoSuchField__c'); } catch (SObjectException e) { System.debug(e.getMessage()); }`),
    [
      'Parent',
      'Kid',
      'Ann',
      'true',
      'false',
      'true',
      'Kid null',
      'Invalid field NoSuchField__c for Contact'
    ]
  );
});

test('@future methods are queued with copies of their arguments and run when the queue executes them', () => {
  const h = harness();
  h.load({
    Later: `public class Later {
      public static List<String> seen = new List<String>();
      @future
      public static void record(List<String> values) { seen.addAll(values); System.debug('ran ' + values); }
    }`
  });
  assert.deepEqual(
    h.run(
      `List<String> v = new List<String>{ 'a' }; Later.record(v); v.add('b'); System.debug(Later.seen.size());`
    ),
    ['0']
  );
  assert.equal(h.queued.length, 1);
  assert.equal(h.limits.used('futureCalls'), 1);
  h.tx.output.length = 0;
  h.runtime.callMethod(h.queued[0] as never, 'execute', [null], h.tx);
  assert.deepEqual(h.tx.output, ['ran (a)']);
});

test('System.runAs passes the user id to the transaction and runs the block inside it', () => {
  const h = harness();
  const seen: string[] = [];
  h.tx = {
    ...h.tx,
    runAs: (userId: string, body: () => void) => {
      seen.push(userId);
      body();
      seen.push('restored');
    }
  };
  const userId = h.tx.user.userId;
  h.run(`User u = new User(Id = '${userId}'); System.runAs(u) { System.debug('inside'); }`);
  assert.deepEqual(seen, [userId, 'restored']);
});

test('an exception in a trigger reaches the DML caller as a DmlException naming the trigger line', () => {
  const h = harness();
  h.load({
    'triggers/Guard.trigger': `trigger Guard on Account (before insert) {
      for (Account a : Trigger.new) {
        if (a.Name == 'boom') {
          throw new IllegalArgumentException('no boom');
        }
      }
    }`
  });
  assert.deepEqual(
    h.run(
      `try { insert new Account(Name = 'boom'); } catch (DmlException e) { System.debug(e.getMessage().substringAfter('caused by: ')); System.debug(e.getStackTraceString()); }`
    ),
    [
      'System.IllegalArgumentException: no boom\n\nTrigger.Guard: line 4, column 1: []',
      'AnonymousBlock: line 1, column 1'
    ]
  );
});

test('an exception out of a trigger fails its rows with CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY and the platform message', () => {
  const h = harness();
  h.load({
    ContactGuard: `public class ContactGuard {
      public static void check(List<Contact> contacts) {
        for (Contact c : contacts) {
          if (c.LastName == 'Boom') {
            String s = null;
            s.length();
          }
        }
      }
    }`,
    'triggers/ContactTrigger.trigger': `trigger ContactTrigger on Contact (after insert) {
  ContactGuard.check(Trigger.new);
}`
  });
  const lines = h.run(`try {
      insert new Contact(LastName = 'Boom');
    } catch (DmlException e) {
      System.debug(e.getDmlType(0));
      System.debug(e.getMessage());
    }
    Database.SaveResult[] results = Database.insert(new List<SObject>{ new Account(Name = 'Fine'), new Contact(LastName = 'Boom') }, false);
    System.debug(results[0].isSuccess() + ' ' + results[1].isSuccess() + ' ' + results[1].getErrors()[0].getStatusCode());
    System.debug([SELECT COUNT() FROM Account] + ' ' + [SELECT COUNT() FROM Contact]);`);
  assert.equal(lines[0], 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
  assert.equal(
    lines[1],
    'Insert failed. First exception on row 0; first error: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, ' +
      'ContactTrigger: execution of AfterInsert\n\ncaused by: System.NullPointerException: Attempt to de-reference a null object\n\n' +
      'Class.ContactGuard.check: line 6, column 1\nTrigger.ContactTrigger: line 2, column 1: []'
  );
  assert.equal(lines[2], 'true false CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
  assert.equal(lines[3], '1 0');
});

test('an assertion failure in a trigger is not turned into a DmlException', () => {
  const h = harness();
  h.load({
    'triggers/ContactTrigger.trigger': `trigger ContactTrigger on Contact (before insert) {
  Assert.isTrue(false, 'never a contact');
}`
  });
  assert.throws(
    () =>
      h.run(
        `try { insert new Contact(LastName = 'X'); } catch (Exception e) { System.debug('caught'); }`
      ),
    /never a contact/
  );
  assert.deepEqual(h.tx.output, []);
});
