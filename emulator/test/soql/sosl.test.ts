import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SObjectRecord } from '../../src/contracts.js';
import { createSoqlEngine } from '../../src/soql/index.js';
import { shareRows } from '../../src/soql/sosl.js';
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

// Search-text grammar: SOQL and SOSL Reference, "FIND {SearchQuery}" (terms, "phrases",
// wildcards, AND / OR / AND NOT, parentheses, reserved characters escaped with a backslash) and
// "SOSL Syntax" (over 4,000 characters the operators are removed, over 10,000 nothing returns).

test('phone search: every term of an OR is a number of its own', () => {
  const { search, insert, lead, contact } = world();
  const other = insert('Lead', { LastName: 'Moe', Company: 'Beta', MobilePhone: '555-555-5555' });
  const ids = (text: string) =>
    search(`FIND {${text}} IN PHONE FIELDS RETURNING Lead(Id), Contact(Id)`)
      .flat()
      .map((r) => r.id)
      .sort();
  assert.deepEqual(ids('4155550123 OR 5555555555'), [lead, other].sort());
  assert.deepEqual(ids('4155550199 OR 5555555555'), [other]);
  assert.deepEqual(ids('(4155550123 OR 447700900123)'), [lead, contact].sort());
  assert.deepEqual(ids('4155550123 AND NOT 5555555555'), [lead]);
  assert.deepEqual(ids('4155550123 AND 5555555555'), [], 'no record has both numbers');
  assert.deepEqual(ids('+1 (415) 555-0123 OR 5555555555'), [lead, other].sort());
  const intl = insert('Lead', { LastName: 'Ida', Company: 'Gamma', Phone: '0044 7700 900124' });
  const trunk = insert('Lead', { LastName: 'Tom', Company: 'Delta', Phone: '+44 (0)7700 900125' });
  assert.deepEqual(ids('"447700900124"'), [intl], 'an international prefix 00 is a leading code');
  assert.deepEqual(
    ids('"447700900125"'),
    [],
    `a trunk (0) inside the number is kept: not ${trunk}`
  );
  assert.deepEqual(ids('"4407700900125"'), [trunk]);
});

test("RecordMatcher's search (quoted numbers ORed, dynamic SOSL string) finds every number", () => {
  const { search, insert, lead, contact } = world();
  const converted = insert('Lead', { LastName: 'Old', Company: 'Gone', Phone: '4155550177' });
  const keys = ['14155550123', '447700900123', '14155550177'];
  for (let n = 0; n < 110; n++) keys.push(`1212555${String(n).padStart(4, '0')}`);
  const terms = keys.map((k) => (k.startsWith('1') ? `"${k}" OR "${k.slice(1)}"` : `"${k}"`));
  const text = terms.join(' OR ');
  assert.ok(text.length > 3000 && text.length < 4000, `search text of ${text.length} characters`);
  const [contacts, leads] = search(
    `FIND '${text}' IN PHONE FIELDS RETURNING Contact(Id, MobilePhone, Phone, OtherPhone), ` +
      `Lead(Id, MobilePhone, Phone WHERE Company != 'Gone')`
  );
  assert.deepEqual(
    contacts.map((c) => c.id),
    [contact]
  );
  assert.equal(contacts[0].get('MobilePhone'), '+44 7700 900123');
  assert.deepEqual(
    leads.map((l) => l.id),
    [lead],
    `the WHERE clause drops ${converted}`
  );
});

test('text search: AND binds tighter than OR, parentheses group, AND NOT excludes', () => {
  const { search, lead, contact } = world();
  const ids = (text: string) =>
    search(`FIND {${text}} RETURNING Lead(Id), Contact(Id)`)
      .flat()
      .map((r) => r.id)
      .sort();
  assert.deepEqual(ids('ann OR bob AND stone'), [lead, contact].sort());
  assert.deepEqual(ids('ann OR bob AND lee'), [lead], 'ann OR (bob AND lee)');
  assert.deepEqual(ids('(ann OR bob) AND stone'), [contact]);
  assert.deepEqual(ids('(ann OR bob) AND NOT stone'), [lead]);
  assert.deepEqual(ids('ann and lee'), [lead], 'operators are case-insensitive');
  assert.deepEqual(ids('"head of sales" OR acme'), [lead, contact].sort());
  assert.deepEqual(ids('sal?s'), [contact], '? is one character');
  assert.deepEqual(ids('h*d'), [contact], '* inside a word');
  assert.deepEqual(ids('"ann" "lee"'), [lead], 'quoted terms side by side are ANDed');
});

test('search text: quoted operators are words, backslash escapes, malformed text fails', () => {
  const { search, insert } = world();
  const rnd = insert('Contact', { LastName: 'R-and-D', Title: 'this or that' });
  const ids = (text: string) => search(`FIND {${text}} RETURNING Contact(Id)`)[0].map((r) => r.id);
  assert.deepEqual(ids('"or"'), [rnd]);
  assert.deepEqual(ids('"this or that"'), [rnd]);
  assert.deepEqual(ids('r\\-and\\-d'), [rnd]);
  assert.deepEqual(ids('\\(this\\)'), [rnd]);
  assert.deepEqual(ids('that\\}'), [rnd], 'an escaped } does not end the braces');
  assert.deepEqual(ids('thi\\*'), [], 'an escaped * is not a wildcard');
  assert.deepEqual(ids('thi*'), [rnd]);
  assert.throws(() => ids('"this or'), /unterminated quoted phrase/);
  assert.throws(() => ids('(this OR that'), /missing '\)'/);
  assert.throws(() => ids('this OR'), /missing search term/);
  assert.throws(() => ids('OR this'), /unexpected operator OR/);
  assert.throws(() => ids('a'), /longer than one character/);
});

test('search text over 4,000 characters drops its operators; over 10,000 returns nothing', () => {
  const { search, lead, contact } = world();
  const pad = (text: string, length: number) =>
    (text + ' zz'.repeat(length)).slice(0, length - 1).replace(/ z$/, '  ') + 'z';
  const under = pad('ann AND stone', 3999);
  const over = pad('ann AND stone', 4002);
  assert.equal(over.length, 4002);
  const ids = (text: string) =>
    search(`FIND {${text}} RETURNING Lead(Id), Contact(Id)`)
      .flat()
      .map((r) => r.id)
      .sort();
  assert.deepEqual(ids(under), []);
  assert.deepEqual(ids(over), [lead, contact].sort(), 'AND became OR');
  assert.deepEqual(ids(pad('ann OR stone', 10002)), []);
  assert.deepEqual(ids(pad('ann OR stone', 9999)), [lead, contact].sort());
});

test('at most 2,000 rows per search, an overall LIMIT shared evenly among the objects', () => {
  const { search, insert, store, dmlOptions } = world();
  assert.deepEqual(shareRows([19, 35], [false, false], 20), [10, 10]);
  assert.deepEqual(shareRows([3, 35], [false, false], 20), [3, 17]);
  assert.deepEqual(shareRows([7, 200], [true, false], 100), [7, 93]);
  assert.deepEqual(shareRows([15, 30, 75], [true, false, true], 100), [15, 30, 55]);
  assert.deepEqual(shareRows([5, 5, 5], [false, false, false], 7), [3, 2, 2]);
  for (let n = 0; n < 3; n++) insert('Contact', { LastName: `Stone${n}`, Title: 'Sales' });
  const [leads, contacts] = search('FIND {sales OR acme} RETURNING Lead(Id), Contact(Id) LIMIT 2');
  assert.deepEqual([leads.length, contacts.length], [1, 1]);
  const many = [];
  for (let n = 0; n < 2001; n++)
    many.push(store.newRecord('Lead', { LastName: `L${n}`, Company: 'Bulk', Phone: '2125550100' }));
  store.dml('insert', many, dmlOptions());
  const [bulk] = search('FIND {2125550100} IN PHONE FIELDS RETURNING Lead(Id)');
  assert.equal(bulk.length, 2000);
  const [few, rest] = search('FIND {2125550100 OR sales} RETURNING Contact(Id LIMIT 2), Lead(Id)');
  assert.deepEqual([few.length, rest.length], [2, 1998]);
});

test('inside a test the search text is not evaluated: fixed results only, whatever the terms', () => {
  const { search, lead, contact } = world();
  const [leads, contacts] = search(
    'FIND {"14155550123" OR "4155550123"} IN PHONE FIELDS RETURNING Lead(Id), Contact(Id)',
    [],
    true,
    [contact]
  );
  assert.deepEqual([leads, contacts.map((c) => c.id)], [[], [contact]], `not ${lead}`);
  assert.deepEqual(
    search('FIND {zzz} RETURNING Lead(Id)', [], true, [lead])[0].map((l) => l.id),
    [lead]
  );
});
