import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvParser, CsvWriter, parseCsv } from '../lib/csv.js';
import { TreePlanWriter, treeRef } from '../lib/tree.js';

const TRICKY = [
  'plain',
  'with, comma',
  'with "quotes"',
  'line1\r\nline2',
  'lf\nonly',
  '',
  '😀 emoji',
  ' spaced '
];

test('CSV rows written by CsvWriter parse back to the same values (RFC 4180)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));
  const path = join(dir, 'x.csv');
  const writer = new CsvWriter(path, ['a', 'b']);
  for (const value of TRICKY) await writer.write([value, 'x']);
  await writer.close();
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\r\n'), 'rows end with CRLF');
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], ['a', 'b']);
  assert.deepEqual(
    rows.slice(1).map((row) => row[0]),
    TRICKY
  );
});

test('the streaming CSV parser gives the same records whatever the chunk boundaries', () => {
  const text = 'h1,h2\r\n"a,""b""",c\r\n"multi\r\nline",d\r\ne,\r\n';
  const whole = parseCsv(text);
  for (let size = 1; size <= 7; size++) {
    const parser = new CsvParser();
    const records: string[][] = [];
    for (let i = 0; i < text.length; i += size)
      records.push(...parser.push(text.slice(i, i + size)));
    records.push(...parser.end());
    assert.deepEqual(records, whole, `chunk size ${size}`);
  }
  assert.deepEqual(whole, [
    ['h1', 'h2'],
    ['a,"b"', 'c'],
    ['multi\r\nline', 'd'],
    ['e', '']
  ]);
});

test('a row with the wrong number of values is refused with the file name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));
  const writer = new CsvWriter(join(dir, 'y.csv'), ['a', 'b']);
  assert.throws(() => writer.write(['only one']), /y\.csv: row has 1 values, header has 2/);
});

test('tree plan files parse back: plan order, 200 records per file, @references', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tree-'));
  const writer = new TreePlanWriter(dir);
  writer.declare('Account');
  writer.declare('Contact');
  for (let i = 1; i <= 3; i++)
    writer.add('Account', { referenceId: `Account${i}`, fields: { Name: `A${i}` } });
  for (let i = 1; i <= 450; i++) {
    writer.add('Contact', {
      referenceId: `Contact${i}`,
      fields: { LastName: `L${i}`, AccountId: treeRef('Account1') }
    });
  }
  const planPath = writer.close();
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as {
    sobject: string;
    files: string[];
    saveRefs: boolean;
    resolveRefs: boolean;
  }[];
  assert.deepEqual(
    plan.map((entry) => entry.sobject),
    ['Account', 'Contact']
  );
  assert.deepEqual(plan[1]?.files, ['Contact-0001.json', 'Contact-0002.json', 'Contact-0003.json']);
  assert.ok(plan.every((entry) => entry.saveRefs && entry.resolveRefs));
  const counts = plan[1]!.files.map(
    (file) =>
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { records: unknown[] }).records.length
  );
  assert.deepEqual(counts, [200, 200, 50]);
  const first = (
    JSON.parse(readFileSync(join(dir, 'Contact-0001.json'), 'utf8')) as {
      records: Record<string, unknown>[];
    }
  ).records[0];
  assert.deepEqual(first, {
    attributes: { type: 'Contact', referenceId: 'Contact1' },
    LastName: 'L1',
    AccountId: '@Account1'
  });
  assert.equal(readdirSync(dir).length, 5);
});

test('expected.json messages are written exactly as JSON.stringify would, escapes included', async () => {
  const { ExpectedWriter } = await import('../lib/expected.js');
  const dir = mkdtempSync(join(tmpdir(), 'expected-'));
  const path = join(dir, 'expected.json');
  const writer = new ExpectedWriter(path);
  const messages = [
    {
      object: 'SMSMagic__c' as const,
      externalId: 'SMS-1',
      direction: 'OUT' as const,
      status: 'Delivered' as const,
      phoneKey: '14155550123',
      primary: { object: 'Account' as const, key: 'O"Brien \\ Sons\n😀' },
      conversationKey: 'acme|14155550123',
      time: '2021-01-01T00:00:00.000Z'
    },
    {
      object: 'Incoming_SMS__c' as const,
      externalId: 'INC-1',
      direction: 'IN' as const,
      status: null,
      phoneKey: null,
      primary: null,
      conversationKey: null,
      time: '2021-01-02T00:00:00.000Z'
    }
  ];
  for (const message of messages) await writer.message(message);
  const summary = {
    seed: 's',
    mode: 'two-object' as const,
    defaultCountry: 'US',
    messages: 2,
    outgoing: 1,
    incoming: 1,
    conversations: 0,
    errors: 0,
    records: {}
  };
  await writer.close([], [], summary);
  const text = readFileSync(path, 'utf8');
  assert.ok(
    text.includes(messages.map((message) => JSON.stringify(message)).join(',\n')),
    'same text as JSON.stringify'
  );
  assert.deepEqual(JSON.parse(text).messages, messages);
});
