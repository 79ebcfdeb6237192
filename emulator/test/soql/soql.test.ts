import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SObjectRecord } from '../../src/contracts.js';
import { ApexThrow, ApexList } from '../../src/apex/runtime-types.js';
import { createSoqlEngine, SoqlParseError } from '../../src/soql/index.js';
import { ApexDate, ApexDatetime, Decimal, type ApexPrimitive } from '../../src/values.js';
import { FIXED_NOW, setup } from '../data/helpers.js';

function world() {
  const env = setup();
  const { store, dmlOptions } = env;
  const soql = createSoqlEngine(store);
  const insert = (object: string, fields: Record<string, ApexPrimitive>) => {
    const r = store.newRecord(object, fields);
    store.dml('insert', [r], dmlOptions());
    return r.id!;
  };
  const query = (text: string, binds: unknown[] = [], extra = {}) =>
    soql.execute(soql.parse(text), binds, env.queryOptions(extra)) as SObjectRecord[];
  return { ...env, soql, insert, query };
}

function seeded() {
  const w = world();
  const sender = w.insert('SMS_SenderId__c', {
    Name: 'Main',
    senderId__c: '14155550100',
    Label__c: 'Main line'
  });
  const conv1 = w.insert('Conversation__c', {
    Name: 'Ann',
    Conversation_Key__c: 'k1',
    Sender__c: sender,
    LastMessageTime__c: ApexDatetime.ofGmt(2025, 3, 15, 10)
  });
  const conv2 = w.insert('Conversation__c', {
    Name: 'bob',
    Conversation_Key__c: 'k2',
    LastMessageTime__c: ApexDatetime.ofGmt(2025, 3, 1, 10),
    Tags__c: 'vip;new'
  });
  const conv3 = w.insert('Conversation__c', {
    Name: 'Cid',
    Conversation_Key__c: 'k3',
    NewCount__c: new Decimal(4)
  });
  for (const [conv, text, dir] of [
    [conv1, 'hello', 'IN'],
    [conv1, 'hi back', 'OUT'],
    [conv1, 'thanks', 'IN'],
    [conv2, 'promo', 'OUT']
  ] as const) {
    w.insert('SMSMagic__c', {
      Conversation__c: conv,
      SMSText__c: text,
      Direction__c: dir,
      PhoneNumber__c: '(415) 555-0123'
    });
  }
  return { ...w, sender, conv1, conv2, conv3 };
}

test('SELECT returns typed records with only the queried fields plus Id', () => {
  const { query, conv3 } = seeded();
  const [row] = query(
    "SELECT Name, NewCount__c FROM Conversation__c WHERE Conversation_Key__c = 'K3'"
  );
  assert.equal(row.id, conv3);
  assert.equal(row.objectDef.name, 'Conversation__c');
  assert.ok((row.get('newcount__c') as Decimal).eq(4));
  assert.throws(
    () => row.get('IsUnread__c'),
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === 'System.SObjectException' &&
      e.apexMessage ===
        'SObject row was retrieved via SOQL without querying the requested field: Conversation__c.IsUnread__c'
  );
  row.put('IsUnread__c', true);
  assert.equal(row.get('IsUnread__c'), true, 'a field set after the query can be read');
});

test('parent paths become nested records, null when the lookup is empty', () => {
  const { query, conv1 } = seeded();
  const rows = query(
    'SELECT Name, Sender__r.Label__c, Owner.Name FROM Conversation__c ORDER BY Name'
  );
  assert.equal(rows[0].id, conv1);
  assert.equal(rows[0].getParent('Sender__r')!.get('Label__c'), 'Main line');
  assert.equal(rows[0].getParent('Owner')!.get('Name'), 'Emulator Admin');
  assert.equal(rows[1].getParent('Sender__r'), null);
  const deep = query(
    "SELECT Conversation__r.Sender__r.Label__c FROM SMSMagic__c WHERE SMSText__c = 'hello'"
  );
  assert.equal(
    deep[0].getParent('Conversation__r')!.getParent('Sender__r')!.get('Label__c'),
    'Main line'
  );
});

test('child subqueries return the children per parent, filtered and ordered', () => {
  const { query, limits } = seeded();
  const before = limits.used('queryRows');
  const rows = query(
    "SELECT Name, (SELECT SMSText__c FROM Messages__r WHERE Direction__c = 'IN' ORDER BY SMSText__c DESC) FROM Conversation__c ORDER BY Name"
  );
  assert.deepEqual(
    rows[0].getChildren('messages__r')!.map((m) => m.get('SMSText__c')),
    ['thanks', 'hello']
  );
  assert.deepEqual(rows[1].getChildren('Messages__r'), []);
  assert.equal(
    limits.used('queryRows') - before,
    3 + 2,
    'parent rows and subquery rows both count'
  );
});

test('WHERE operators: text case-insensitive, LIKE, IN, NOT, null, numbers, INCLUDES', () => {
  const { query } = seeded();
  const names = (q: string, binds: unknown[] = []) => query(q, binds).map((r) => r.get('Name'));
  assert.deepEqual(names("SELECT Name FROM Conversation__c WHERE Name = 'ANN'"), ['Ann']);
  assert.deepEqual(names("SELECT Name FROM Conversation__c WHERE Name LIKE 'b%'"), ['bob']);
  assert.deepEqual(names("SELECT Name FROM Conversation__c WHERE Name LIKE '_i_'"), ['Cid']);
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE Name IN ('ann', 'CID') ORDER BY Name"),
    ['Ann', 'Cid']
  );
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE Name NOT IN ('ann') ORDER BY Name"),
    ['bob', 'Cid']
  );
  assert.deepEqual(names('SELECT Name FROM Conversation__c WHERE Sender__c = null ORDER BY Name'), [
    'bob',
    'Cid'
  ]);
  assert.deepEqual(names('SELECT Name FROM Conversation__c WHERE NewCount__c > 2'), ['Cid']);
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE NOT (Name = 'Ann' OR Name = 'bob')"),
    ['Cid']
  );
  assert.deepEqual(names("SELECT Name FROM Conversation__c WHERE Tags__c INCLUDES ('vip;new')"), [
    'bob'
  ]);
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE Tags__c EXCLUDES ('vip') ORDER BY Name"),
    ['Ann', 'Cid']
  );
});

test('bind variables: scalars, lists (List of ids, 15-character ids) and SObject lists', () => {
  const { query, conv1, conv2 } = seeded();
  const rows = query('SELECT Name FROM Conversation__c WHERE Id IN :ids ORDER BY Name', [
    new ApexList({ name: 'Id' }, [conv1.slice(0, 15), conv2])
  ]);
  assert.deepEqual(
    rows.map((r) => r.get('Name')),
    ['Ann', 'bob']
  );
  const byKey = query('SELECT Id FROM Conversation__c WHERE Conversation_Key__c = :key', ['K2']);
  assert.equal(byKey[0].id, conv2);
  const msgs = query('SELECT Id FROM SMSMagic__c WHERE Conversation__c IN :convs', [
    new ApexList({ name: 'Conversation__c' }, rows)
  ]);
  assert.equal(msgs.length, 4);
  const limited = query('SELECT Id FROM SMSMagic__c LIMIT :n', [2]);
  assert.equal(limited.length, 2);
});

test('semi-join Id IN (SELECT …) and anti-join', () => {
  const { query } = seeded();
  const withIncoming = query(
    "SELECT Name FROM Conversation__c WHERE Id IN (SELECT Conversation__c FROM SMSMagic__c WHERE Direction__c = 'IN')"
  );
  assert.deepEqual(
    withIncoming.map((r) => r.get('Name')),
    ['Ann']
  );
  const without = query(
    'SELECT Name FROM Conversation__c WHERE Id NOT IN (SELECT Conversation__c FROM SMSMagic__c)'
  );
  assert.deepEqual(
    without.map((r) => r.get('Name')),
    ['Cid']
  );
});

test('ORDER BY: nulls first ascending, last descending, explicit NULLS, case-insensitive text, several keys', () => {
  const { query } = seeded();
  const asc = query('SELECT Name FROM Conversation__c ORDER BY LastMessageTime__c');
  assert.deepEqual(
    asc.map((r) => r.get('Name')),
    ['Cid', 'bob', 'Ann']
  );
  const desc = query('SELECT Name FROM Conversation__c ORDER BY LastMessageTime__c DESC');
  assert.deepEqual(
    desc.map((r) => r.get('Name')),
    ['Ann', 'bob', 'Cid']
  );
  const nullsLast = query(
    'SELECT Name FROM Conversation__c ORDER BY LastMessageTime__c ASC NULLS LAST'
  );
  assert.deepEqual(
    nullsLast.map((r) => r.get('Name')),
    ['bob', 'Ann', 'Cid']
  );
  const text = query('SELECT Name FROM Conversation__c ORDER BY Name DESC');
  assert.deepEqual(
    text.map((r) => r.get('Name')),
    ['Cid', 'bob', 'Ann']
  );
  const multi = query(
    'SELECT SMSText__c FROM SMSMagic__c ORDER BY Direction__c DESC, SMSText__c LIMIT 2 OFFSET 1'
  );
  assert.deepEqual(
    multi.map((r) => r.get('SMSText__c')),
    ['promo', 'hello']
  );
});

test('date literals follow the user time zone', () => {
  const { query } = seeded();
  // FIXED_NOW is 2025-03-15 18:30 GMT = 11:30 in Los Angeles; conv1 at 10:00 GMT is 03:00 local, same day.
  assert.ok(FIXED_NOW.equals(ApexDatetime.ofGmt(2025, 3, 15, 18, 30)));
  const names = (q: string) => query(q).map((r) => r.get('Name'));
  assert.deepEqual(names('SELECT Name FROM Conversation__c WHERE LastMessageTime__c = TODAY'), [
    'Ann'
  ]);
  assert.deepEqual(
    names(
      'SELECT Name FROM Conversation__c WHERE LastMessageTime__c = LAST_N_DAYS:14 ORDER BY Name'
    ),
    ['Ann', 'bob']
  );
  assert.deepEqual(
    names('SELECT Name FROM Conversation__c WHERE LastMessageTime__c < LAST_N_DAYS:7'),
    ['bob']
  );
  assert.deepEqual(
    names('SELECT Name FROM Conversation__c WHERE LastMessageTime__c = THIS_MONTH ORDER BY Name'),
    ['Ann', 'bob']
  );
  assert.deepEqual(
    names('SELECT Name FROM Conversation__c WHERE LastMessageTime__c > 2025-03-10T00:00:00Z'),
    ['Ann']
  );
  const tokyo = query('SELECT Name FROM Conversation__c WHERE LastMessageTime__c = TODAY', [], {});
  assert.equal(tokyo.length, 1);
});

test('a date-only field compares with date literals and Date binds', () => {
  const { insert, query } = world();
  insert('SMSMagic__c', { Sent_On__c: ApexDate.of(2025, 3, 14) });
  assert.equal(query('SELECT Id FROM SMSMagic__c WHERE Sent_On__c = YESTERDAY').length, 1);
  assert.equal(
    query('SELECT Id FROM SMSMagic__c WHERE Sent_On__c >= :d', [ApexDate.of(2025, 3, 15)]).length,
    0
  );
  assert.equal(query('SELECT Id FROM SMSMagic__c WHERE Sent_On__c = 2025-03-14').length, 1);
});

test('aggregates: COUNT(), COUNT(field), SUM/MIN/MAX/AVG with aliases, GROUP BY and HAVING', () => {
  const { soql, queryOptions, query, limits } = seeded();
  const before = limits.used('queryRows');
  assert.equal(soql.execute(soql.parse('SELECT COUNT() FROM SMSMagic__c'), [], queryOptions()), 4);
  assert.equal(limits.used('queryRows') - before, 1, 'COUNT() counts as one query row');
  const grouped = query(
    'SELECT Direction__c, COUNT(Id) n, MAX(SMSText__c) FROM SMSMagic__c GROUP BY Direction__c ORDER BY Direction__c'
  );
  assert.equal(grouped[0].objectDef.name, 'AggregateResult');
  assert.deepEqual(
    grouped.map((g) => [g.get('Direction__c'), g.get('n'), g.get('expr0')]),
    [
      ['IN', 2, 'thanks'],
      ['OUT', 2, 'promo']
    ]
  );
  const having = query(
    'SELECT Conversation__c, COUNT(Id) FROM SMSMagic__c GROUP BY Conversation__c HAVING COUNT(Id) > 1'
  );
  assert.equal(having.length, 1);
  const [sum] = query('SELECT SUM(NewCount__c) total, AVG(NewCount__c) mean FROM Conversation__c');
  assert.ok((sum.get('total') as Decimal).eq(4));
  assert.ok((sum.get('mean') as Decimal).eq(new Decimal(4).dividedBy(3)));
  const byParent = query(
    'SELECT Conversation__r.Name name, COUNT(Id) c FROM SMSMagic__c GROUP BY Conversation__r.Name ORDER BY COUNT(Id) DESC'
  );
  assert.equal(byParent[0].get('Name'), 'Ann');
});

test('errors as the platform: unknown column, unknown object, bad relationship, offset over 2000', () => {
  const { query, soql } = seeded();
  assert.throws(
    () => soql.parse('SELECT Nope__c FROM Conversation__c'),
    (e: unknown) =>
      e instanceof SoqlParseError &&
      e.apexType === 'System.QueryException' &&
      /^No such column 'Nope__c' on entity 'Conversation__c'/.test(e.apexMessage)
  );
  assert.throws(
    () => soql.parse('SELECT Id FROM Nope__c'),
    /sObject type 'Nope__c' is not supported/
  );
  assert.throws(
    () => soql.parse('SELECT Foo__r.Name FROM Conversation__c'),
    /Didn't understand relationship 'Foo__r'/
  );
  assert.throws(() => soql.parse('SELECT Id FROM Conversation__c WHERE'), /unexpected token/);
  assert.throws(
    () => soql.parse('SELECT TYPEOF What WHEN Account THEN Name END FROM Task'),
    /unsupported: TYPEOF/
  );
  assert.throws(
    () => query('SELECT Id FROM Conversation__c OFFSET 2001'),
    /Maximum SOQL offset allowed is 2000/
  );
});

test('deleted rows only with ALL ROWS; FOR UPDATE accepted', () => {
  const { query, store, dmlOptions, conv3 } = seeded();
  store.dml('delete', [store.newRecord('Conversation__c', { Id: conv3 })], dmlOptions());
  assert.equal(query('SELECT Id FROM Conversation__c').length, 2);
  assert.equal(query('SELECT Id FROM Conversation__c ALL ROWS').length, 3);
  assert.equal(
    query('SELECT Id FROM Conversation__c WHERE IsDeleted = true ALL ROWS')[0].id,
    conv3
  );
  assert.equal(query('SELECT Id FROM Conversation__c LIMIT 1 FOR UPDATE').length, 1);
});

test('polymorphic What / Who and Owner paths', () => {
  const { insert, query, conv1 } = seeded();
  const contact = insert('Contact', { LastName: 'Lee', FirstName: 'Ann' });
  insert('Task', { Subject: 'call', WhatId: conv1, WhoId: contact });
  const [task] = query('SELECT What.Name, Who.Name, Owner.Name FROM Task');
  assert.equal(task.getParent('What')!.get('Name'), 'Ann');
  assert.equal(task.getParent('What')!.objectDef.name, 'Conversation__c');
  assert.equal(task.getParent('Who')!.get('Name'), 'Ann Lee');
});

test('limits: one query each, rows counted, getQueryLocator rows counted separately', () => {
  const { soql, queryOptions, limits } = seeded();
  const q = soql.parse('SELECT Id FROM SMSMagic__c');
  const queries = limits.used('queries');
  const rows = limits.used('queryRows');
  soql.execute(q, [], queryOptions());
  soql.execute(q, [], queryOptions({ forQueryLocator: true }));
  assert.equal(limits.used('queries') - queries, 2);
  assert.equal(limits.used('queryRows') - rows, 4);
  assert.equal(limits.used('queryLocatorRows'), 4);
});

test('custom metadata records are queryable', () => {
  const { query } = world();
  const rows = query(
    "SELECT DeveloperName, Status__c, Priority__c FROM Status_Map__mdt WHERE Raw__c = 'delivrd'"
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0].get('DeveloperName'), 'Delivered');
  assert.equal(query('SELECT Id FROM Status_Map__mdt').length, 3);
});

test('user mode and SECURITY_ENFORCED enforce read access', () => {
  const { query, user } = seeded();
  const agent = {
    ...user,
    modifyAllData: false,
    canReadField: (_o: string, f: string) => f !== 'NewCount__c',
    canReadObject: (o: string) => o !== 'SMSMagic__c'
  };
  assert.throws(
    () =>
      query('SELECT NewCount__c FROM Conversation__c WITH SECURITY_ENFORCED', [], { user: agent }),
    /Insufficient permissions: secure query included inaccessible field/
  );
  assert.throws(
    () =>
      query('SELECT Name FROM Conversation__c WHERE NewCount__c > 1 WITH USER_MODE', [], {
        user: agent
      }),
    /inaccessible field/
  );
  assert.equal(
    query('SELECT Name FROM Conversation__c WHERE NewCount__c > 1 WITH SECURITY_ENFORCED', [], {
      user: agent
    }).length,
    1,
    'SECURITY_ENFORCED checks only SELECT fields'
  );
  assert.throws(
    () => query('SELECT Id FROM SMSMagic__c', [], { user: agent, accessLevel: 'user' }),
    /sObject type 'SMSMagic__c' is not supported/
  );
  assert.equal(
    query('SELECT NewCount__c FROM Conversation__c WITH SYSTEM_MODE', [], { user: agent }).length,
    3
  );
});

test('null fields: != and NOT IN return them, as SOQL does; IN (null) matches them', () => {
  const { query } = seeded();
  const names = (q: string) => query(q).map((r) => r.get('Name'));
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE Tags__c != 'vip;new' ORDER BY Name"),
    ['Ann', 'Cid']
  );
  assert.deepEqual(
    names(
      'SELECT Name FROM Conversation__c WHERE Sender__c NOT IN (SELECT Id FROM SMS_SenderId__c) ORDER BY Name'
    ),
    ['bob', 'Cid']
  );
  assert.deepEqual(
    names('SELECT Name FROM Conversation__c WHERE LastMessageTime__c IN (null) ORDER BY Name'),
    ['Cid']
  );
  assert.deepEqual(
    names("SELECT Name FROM Conversation__c WHERE Name NOT IN ('Ann', null) ORDER BY Name"),
    ['bob', 'Cid']
  );
});

test('ids order as they were created, so keyset paging on Id works', () => {
  const { insert, query } = world();
  const ids: string[] = [];
  for (let i = 0; i < 70; i++) ids.push(insert('Contact', { LastName: `c${i}` }));
  const ordered = query('SELECT Id FROM Contact ORDER BY Id').map((r) => r.id);
  assert.deepEqual(ordered, ids);
  const seen: string[] = [];
  let last: string | null = null;
  for (;;) {
    const page: SObjectRecord[] =
      last === null
        ? query('SELECT Id FROM Contact ORDER BY Id LIMIT 25')
        : query('SELECT Id FROM Contact WHERE Id > :last ORDER BY Id LIMIT 25', [last]);
    if (page.length === 0) break;
    seen.push(...page.map((r) => r.id!));
    last = page[page.length - 1].id;
  }
  assert.deepEqual(seen, ids);
});
