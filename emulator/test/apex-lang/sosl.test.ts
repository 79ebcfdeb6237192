import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexUncaughtError } from '../../src/contracts.js';
import { createSoqlEngine } from '../../src/soql/index.js';
import { soslReturningObjects } from '../../src/apex/interpreter.js';
import { harness, type Harness } from './helpers.js';

/** The harness over the real SOQL/SOSL engine, in or out of test context. */
function soslHarness(isTest: boolean): Harness {
  const h = harness();
  Object.assign(h.tx, { soql: createSoqlEngine(h.store), isTest });
  h.run(`insert new List<Contact>{ new Contact(LastName = 'Ann', Phone = '555-0101'),
      new Contact(LastName = 'Bob', Phone = '555-0199') };
    insert new Account(Name = 'Acme', Phone = '555-0101');`);
  h.limits.counts.clear();
  return h;
}

test('inline SOSL outside a test: binds, one list per RETURNING object, typed lists, the search limit', () => {
  const h = soslHarness(false);
  assert.deepEqual(
    h.run(`String term = '555-0101';
      List<List<SObject>> found = [FIND :term IN PHONE FIELDS RETURNING Contact(Id, LastName, Phone), Account(Name)];
      System.debug(found.size());
      List<Contact> contacts = (List<Contact>) found[0];
      System.debug(contacts.size() + ' ' + contacts[0].LastName + ' ' + contacts[0].Phone);
      List<Account> accounts = (List<Account>) found[1];
      System.debug(accounts[0].Name);
      List<List<SObject>> none = [FIND 'nobody' RETURNING Lead(Id), Contact];
      System.debug(none[0].size() + ' ' + none[1].size());
      List<Lead> leads = (List<Lead>) none[0];
      System.debug(leads instanceof List<Lead>);
      System.debug(Limits.getSoslQueries());`),
    ['2', '1 Ann 555-0101', 'Acme', '0 0', 'true', '2']
  );
  assert.equal(h.limits.used('soslQueries'), 2);
});

test('inline SOSL inside a test sees only Test.setFixedSearchResults', () => {
  const h = soslHarness(true);
  assert.deepEqual(
    h.run(`String term = '555-0101';
      System.debug([FIND :term IN PHONE FIELDS RETURNING Contact(Id)][0].size());
      Contact bob = [SELECT Id FROM Contact WHERE LastName = 'Bob'];
      Test.setFixedSearchResults(new List<Id>{ bob.Id });
      List<Contact> hits = (List<Contact>) [FIND :term IN PHONE FIELDS RETURNING Contact(Id, LastName)][0];
      System.debug(hits.size() + ' ' + hits[0].LastName);`),
    ['0', '1 Bob']
  );
});

test('Search.query goes the same way, with binds from the calling scope and the access level', () => {
  const out = soslHarness(false);
  assert.deepEqual(
    out.run(`String term = '555-0199';
      List<List<SObject>> r = Search.query('FIND :term IN PHONE FIELDS RETURNING Contact(LastName)');
      System.debug(((List<Contact>) r[0])[0].LastName);
      List<List<SObject>> u = Search.query('FIND {Acme} RETURNING Account(Name)', AccessLevel.USER_MODE);
      System.debug(u[0].size());`),
    ['Bob', '1']
  );
  assert.equal(out.limits.used('soslQueries'), 2);
  const inTest = soslHarness(true);
  assert.deepEqual(
    inTest.run(`System.debug(Search.query('FIND {Acme} RETURNING Account(Name)')[0].size());`),
    ['0']
  );
  assert.throws(
    () => inTest.run(`Search.query('FIND {Acme} RETURNING');`),
    (err: unknown) => err instanceof ApexUncaughtError && err.apexType === 'System.QueryException'
  );
});

test('a SOSL search past the limit ends the transaction', () => {
  const h = soslHarness(false);
  Object.assign(h.limits, { max: { soslQueries: 20 } });
  assert.throws(
    () =>
      h.run(
        `for (Integer i = 0; i < 21; i++) { try { List<List<SObject>> r = [FIND 'x' RETURNING Contact]; } catch (Exception e) { System.debug('caught'); } }`
      ),
    /soslQueries/
  );
});

test('SOSL access level: system mode by default, user mode when asked', () => {
  const h = soslHarness(false);
  Object.assign(h.tx, {
    user: { ...h.tx.user, modifyAllData: false, canReadObject: (o: string) => o !== 'Account' }
  });
  assert.deepEqual(
    h.run(`System.debug([FIND 'Acme' RETURNING Account(Name)][0].size());
      System.debug(Search.query('FIND {Acme} RETURNING Account(Name)')[0].size());`),
    ['1', '1']
  );
  assert.throws(
    () => h.run(`Search.query('FIND {Acme} RETURNING Account(Name)', AccessLevel.USER_MODE);`),
    (err: unknown) => err instanceof ApexUncaughtError && /Account/.test(err.apexMessage)
  );
});

test('the RETURNING objects of a SOSL text, in order, for the types of the inner lists', () => {
  assert.deepEqual(
    soslReturningObjects(
      `FIND {a, b} RETURNING Contact(Id, Name WHERE x = 'y, z'), Lead, Account(Id LIMIT 2) LIMIT 5`
    ),
    ['Contact', 'Lead', 'Account']
  );
  assert.deepEqual(soslReturningObjects(`FIND 'returning x' IN ALL FIELDS`), []);
});
