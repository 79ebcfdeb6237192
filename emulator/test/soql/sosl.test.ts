import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SObjectRecord } from '../../src/contracts.js';
import { createSoqlEngine } from '../../src/soql/index.js';
import type { ApexPrimitive } from '../../src/values.js';
import { setup } from '../data/helpers.js';

function world() {
  const env = setup();
  const soql = createSoqlEngine(env.store);
  const insert = (object: string, fields: Record<string, ApexPrimitive>) => {
    const r = env.store.newRecord(object, fields);
    env.store.dml('insert', [r], env.dmlOptions());
    return r.id!;
  };
  const lead = insert('Lead', {
    FirstName: 'Ann',
    LastName: 'Lee',
    Company: 'Acme',
    Phone: '(415) 555-0123',
    Email: 'ann@acme.example'
  });
  const contact = insert('Contact', {
    FirstName: 'Bob',
    LastName: 'Stone',
    MobilePhone: '+44 7700 900123',
    Title: 'Head of Sales'
  });
  const search = (
    text: string,
    binds: unknown[] = [],
    isTest = false,
    fixedSearchResults: string[] | null = null
  ): SObjectRecord[][] =>
    soql.executeSosl(soql.parseSosl(text), binds, {
      ...env.queryOptions(),
      isTest,
      fixedSearchResults
    });
  return { ...env, soql, insert, search, lead, contact };
}

test('phone search matches on digits whatever the formatting, with or without a country code', () => {
  const { search, lead, contact } = world();
  for (const term of ['4155550123', '14155550123', '+1 (415) 555-0123']) {
    const [leads] = search(`FIND {${term}} IN PHONE FIELDS RETURNING Lead(Id, Phone)`);
    assert.deepEqual(
      leads.map((l) => l.id),
      [lead],
      term
    );
  }
  const [, contacts] = search(
    'FIND {447700900123} IN PHONE FIELDS RETURNING Lead, Contact(Id, MobilePhone)'
  );
  assert.deepEqual(
    contacts.map((c) => c.id),
    [contact]
  );
  assert.equal(contacts[0].get('MobilePhone'), '+44 7700 900123');
  assert.equal(search('FIND {5550123} IN PHONE FIELDS RETURNING Lead')[0].length, 1);
  assert.equal(search('FIND {4155550199} IN PHONE FIELDS RETURNING Lead')[0].length, 0);
});

test('text search: case-insensitive whole words, AND by default, OR, wildcards, phrases, scopes', () => {
  const { search, lead, contact } = world();
  assert.deepEqual(
    search('FIND {ann} RETURNING Lead')[0].map((r) => r.id),
    [lead]
  );
  assert.equal(search('FIND {an} RETURNING Lead')[0].length, 0, 'whole words only');
  assert.equal(search('FIND {an*} RETURNING Lead')[0].length, 1);
  assert.equal(search('FIND {ann stone} RETURNING Lead, Contact').flat().length, 0);
  assert.equal(search('FIND {ann OR stone} RETURNING Lead, Contact').flat().length, 2);
  assert.equal(search('FIND {"head of sales"} RETURNING Contact')[0].length, 1);
  assert.equal(search('FIND {sales} IN NAME FIELDS RETURNING Contact')[0].length, 0);
  assert.equal(search('FIND {ann@acme.example} IN EMAIL FIELDS RETURNING Lead')[0].length, 1);
  assert.deepEqual(
    search('FIND :term RETURNING Contact(Id WHERE Title != null)', ['bob'])[0].map((r) => r.id),
    [contact]
  );
  assert.equal(
    search('FIND {bob} RETURNING Contact(Id WHERE LastName = :n)', ['other'])[0].length,
    0
  );
});

test('inside a test, SOSL returns only the fixed search results, filtered by RETURNING', () => {
  const { search, lead, contact, limits } = world();
  assert.deepEqual(search('FIND {ann} RETURNING Lead', [], true, null), [[]]);
  const [leads, contacts] = search(
    "FIND {anything} RETURNING Lead(Id), Contact(Id WHERE LastName = 'Nope')",
    [],
    true,
    [lead, contact]
  );
  assert.deepEqual(
    leads.map((l) => l.id),
    [lead]
  );
  assert.deepEqual(contacts, []);
  assert.equal(limits.used('soslQueries'), 2);
});
