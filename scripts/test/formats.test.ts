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

test('the byte writer encodes like Buffer, csvField, JSON.stringify and Date', async () => {
  const { ByteWriter } = await import('../lib/seed-bytes.js');
  const { csvField } = await import('../lib/csv.js');
  const dir = mkdtempSync(join(tmpdir(), 'bytes-'));
  const path = join(dir, 'out.txt');
  // a small chunk, so values also cross chunk boundaries
  const writer = new ByteWriter(path, 64);
  const values = [
    ...TRICKY,
    'back\\slash',
    'tab\there',
    'ctrl\u0001',
    'lone \ud83d surrogate',
    'end \udc00',
    '\u2028\u2029',
    'é'.repeat(70),
    'x'.repeat(300)
  ];
  let expected = '';
  for (const value of values) {
    writer.text(value);
    writer.byte(0x7c);
    writer.csv(value);
    writer.byte(0x7c);
    writer.json(value);
    writer.byte(0x0a);
    expected += `${value}|${csvField(value)}|${JSON.stringify(value)}\n`;
  }
  const times = [
    Date.UTC(1969, 11, 31, 23, 59, 59),
    0,
    Date.UTC(2000, 1, 29, 12, 0, 0),
    Date.UTC(2019, 0, 1),
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2079, 11, 31, 23, 59, 59),
    Date.UTC(2080, 0, 1, 0, 0, 1),
    Date.UTC(2400, 1, 29, 1, 2, 3)
  ];
  for (let i = 0; i < 2000; i++) times.push(Date.UTC(1990, 0, 1) + i * 7_654_321_987);
  for (const ms of times) {
    writer.isoSeconds(ms);
    writer.byte(0x0a);
    expected += new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString() + '\n';
  }
  for (const [value, width] of [
    [0, 8],
    [42, 8],
    [99_999_999, 8],
    [123_456_789, 8],
    [7, 1],
    [3_000_000_000, 4]
  ] as const) {
    writer.digits(value, width);
    writer.byte(0x0a);
    expected += String(value).padStart(width, '0') + '\n';
  }
  await writer.close();
  assert.equal(readFileSync(path).toString('utf8'), Buffer.from(expected, 'utf8').toString('utf8'));
  assert.deepEqual(readFileSync(path), Buffer.from(expected, 'utf8'));
});

test('a write error of the byte writer rejects close() with the cause', async () => {
  const { ByteWriter } = await import('../lib/seed-bytes.js');
  const writer = new ByteWriter('/dev/full', 64);
  for (let i = 0; i < 100; i++) writer.ascii('0123456789');
  await assert.rejects(async () => {
    await writer.flush();
    await writer.close();
  }, /ENOSPC|no space left/);
});

test('message drafts give the same rows and expected.json lines as the generic paths', async () => {
  const { CsvSink } = await import('../lib/sinks.js');
  const { ExpectedWriter } = await import('../lib/expected.js');
  const { messageRowValues, expectedMessageOf } = await import('../lib/generator.js');
  type Draft = import('../lib/generator.js').MessageDraft;
  const contact = { object: 'Contact' as const, referenceId: 'Contact1', naturalKey: 'a,"b"@x' };
  const account = { object: 'Account' as const, referenceId: 'Account1', naturalKey: 'Acme, Inc.' };
  const base: Draft = {
    object: 'SMSMagic__c',
    prefix: 'SMS-',
    seq: 7,
    direction: 'OUT',
    typedPhone: '+44 (0)7700 900123',
    typedSender: ' Converse ',
    text: 'see "Terms, Conditions"\nline two 😀',
    textId: 3,
    rawStatus: 'ERR_042',
    status: 'Unknown',
    ownerName: "Zoë O'Brien, Jr.",
    objectType: 'Account',
    lead: null,
    contact: null,
    account,
    time: Date.UTC(2022, 5, 1, 8, 9, 10),
    phoneKey: '447700900123',
    primary: { object: 'Account', key: 'Acme, Inc. "quoted"\\' },
    conversationKey: 'converse|447700900123'
  };
  const drafts: Draft[] = [
    base,
    { ...base, seq: 8, status: 'Delivered', rawStatus: 'DELIVRD', primary: null, textId: 3 },
    {
      ...base,
      object: 'Incoming_SMS__c',
      prefix: 'INC-',
      seq: 123_456_789,
      direction: 'IN',
      status: null,
      rawStatus: null,
      ownerName: null,
      objectType: null,
      account: null,
      contact,
      text: '',
      textId: 0
    },
    {
      ...base,
      seq: 9,
      direction: 'IN',
      status: null,
      rawStatus: null,
      objectType: 'Contact',
      account: null,
      contact,
      phoneKey: null,
      conversationKey: null,
      primary: { object: 'Contact', key: contact.naturalKey },
      textId: -1
    }
  ];
  const dir = mkdtempSync(join(tmpdir(), 'drafts-'));
  const fast = new CsvSink(join(dir), ['SMSMagic__c', 'Incoming_SMS__c']);
  const genericDir = mkdtempSync(join(tmpdir(), 'drafts-generic-'));
  const generic = new CsvSink(genericDir, ['SMSMagic__c', 'Incoming_SMS__c']);
  const fastExpected = new ExpectedWriter(join(dir, 'expected.json'));
  const genericExpected = new ExpectedWriter(join(genericDir, 'expected.json'));
  for (const draft of drafts) {
    await fast.writeMessage(draft);
    await generic.write(draft.object, '', messageRowValues(draft));
    await fastExpected.messageDraft(draft);
    await genericExpected.message(expectedMessageOf(draft));
  }
  await fast.close();
  await generic.close();
  const summary = {
    seed: 's',
    mode: 'two-object' as const,
    defaultCountry: 'US',
    messages: drafts.length,
    outgoing: 2,
    incoming: 2,
    conversations: 0,
    errors: 0,
    records: {}
  };
  await fastExpected.close([], [], summary);
  await genericExpected.close([], [], summary);
  for (const name of ['SMSMagic__c.csv', 'Incoming_SMS__c.csv', 'expected.json']) {
    assert.equal(
      readFileSync(join(dir, name), 'utf8'),
      readFileSync(join(genericDir, name), 'utf8'),
      name
    );
  }
  const lines = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).messages;
  assert.deepEqual(lines, drafts.map(expectedMessageOf));
  assert.ok(
    readFileSync(join(dir, 'expected.json'), 'utf8').includes(
      drafts.map((draft) => JSON.stringify(expectedMessageOf(draft))).join(',\n')
    ),
    'each message line is the text of JSON.stringify'
  );
});

test('expected.json conversations are written exactly as JSON.stringify would', async () => {
  const { ExpectedWriter } = await import('../lib/expected.js');
  const dir = mkdtempSync(join(tmpdir(), 'conversations-'));
  const writer = new ExpectedWriter(join(dir, 'expected.json'));
  const conversations = [
    {
      key: 'a|1',
      senderKey: 'a',
      senderId: ' A "quoted" ',
      recipientKey: '1',
      primary: { object: 'Lead' as const, key: 'l\\1' },
      messageCount: 3,
      incomingCount: 2,
      lastMessageTime: '2021-01-01T00:00:00.000Z',
      lastIncomingTime: '2021-01-01T00:00:00.000Z',
      lastOutgoingTime: null,
      lastMessageDirection: 'IN' as const,
      preview: 'line\nbreak 😀 \u2028',
      isUnread: true,
      newCount: 2,
      allIncomingUnread: { isUnread: true, newCount: 2 }
    },
    {
      key: 'b|2',
      senderKey: 'b',
      senderId: 'b',
      recipientKey: '2',
      primary: null,
      messageCount: 1,
      incomingCount: 0,
      lastMessageTime: '2022-01-01T00:00:00.000Z',
      lastIncomingTime: null,
      lastOutgoingTime: '2022-01-01T00:00:00.000Z',
      lastMessageDirection: 'OUT' as const,
      preview: '',
      isUnread: false,
      newCount: 0,
      allIncomingUnread: { isUnread: false, newCount: 0 }
    }
  ];
  for (const conversation of conversations) await writer.conversation(conversation);
  await writer.close([], [], {
    seed: 's',
    mode: 'two-object',
    defaultCountry: 'US',
    messages: 0,
    outgoing: 0,
    incoming: 0,
    conversations: 2,
    errors: 0,
    records: {}
  });
  const text = readFileSync(join(dir, 'expected.json'), 'utf8');
  assert.ok(text.includes(conversations.map((c) => JSON.stringify(c)).join(',\n')));
  assert.deepEqual(JSON.parse(text).conversations, conversations);
});
