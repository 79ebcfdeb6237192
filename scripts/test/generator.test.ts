import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSeedFiles, type SeedFilesOptions } from '../lib/seed-run.js';
import {
  LegacyDataGenerator,
  layoutOf,
  type FieldValue,
  type MessageDraft
} from '../lib/generator.js';
import { ExpectedWorkerWriter } from '../lib/seed-expected-worker.js';
import { MemorySink } from '../lib/sinks.js';
import { phoneKey } from '../lib/phone.js';
import { conversationKey, senderKey } from '../lib/keys.js';
import { normalizeStatus } from '../lib/status.js';
import type {
  ExpectedConversation,
  ExpectedFile,
  ExpectedMessage,
  ExpectedSummary
} from '../lib/expected.js';
import { parseCsv } from '../lib/csv.js';

function hashDir(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

function options(format: 'tree' | 'csv', seed = 's1', messages = 3000): SeedFilesOptions {
  return {
    messages,
    seed,
    mode: 'two-object',
    incomingShare: 0.3,
    defaultCountry: 'US',
    outDir: mkdtempSync(join(tmpdir(), 'seed-')),
    format
  };
}

/**
 * The pinned output of seed "s1", 3,000 messages, CSV. A deliberate change to the generator
 * changes it: update the literal with the hash the failure prints.
 */
const PINNED_CSV_HASH = '86e9d3a0a65014c15c724f05f789cfab005ff929f536773a1de368c355316f3b';

test('same seed, same bytes: two runs give identical files; another seed differs', async () => {
  for (const format of ['tree', 'csv'] as const) {
    const a = options(format);
    const b = options(format);
    await writeSeedFiles(a);
    await writeSeedFiles(b);
    assert.equal(hashDir(a.outDir), hashDir(b.outDir), `${format} output must be deterministic`);
    const c = options(format, 's2');
    await writeSeedFiles(c);
    assert.notEqual(
      hashDir(a.outDir),
      hashDir(c.outDir),
      `${format}: another seed must give other data`
    );
  }
});

test('the output for seed s1 is pinned', async () => {
  const run = options('csv');
  await writeSeedFiles(run);
  assert.equal(
    hashDir(run.outDir),
    PINNED_CSV_HASH,
    'the generator output changed; if on purpose, update PINNED_CSV_HASH'
  );
});

interface Generated {
  rows: Map<string, Record<string, FieldValue>[]>;
  messages: ExpectedMessage[];
  conversations: ExpectedConversation[];
  result: Awaited<ReturnType<LegacyDataGenerator['run']>>;
}

async function generate(
  mode: 'two-object' | 'single-object',
  messages = 5000,
  country = 'US'
): Promise<Generated> {
  const sink = new MemorySink();
  const expectedMessages: ExpectedMessage[] = [];
  const conversations: ExpectedConversation[] = [];
  const generator = new LegacyDataGenerator(
    { messages, seed: 'realism', mode, incomingShare: 0.3, defaultCountry: country },
    sink,
    {
      message: (message) => void expectedMessages.push(message),
      conversation: (conversation) => void conversations.push(conversation)
    }
  );
  const result = await generator.run();
  const rows = new Map<string, Record<string, FieldValue>[]>();
  for (const [object, list] of sink.rows) {
    rows.set(
      object,
      list.map((row) => MemorySink.asRecord(layoutOf(object), row.values))
    );
  }
  return { rows, messages: expectedMessages, conversations, result };
}

test('expected messages agree with the generated rows: phone key, status, conversation key', async () => {
  for (const mode of ['two-object', 'single-object'] as const) {
    const { rows, messages } = await generate(mode);
    const byId = new Map<string, Record<string, FieldValue>>();
    for (const object of ['SMSMagic__c', 'Incoming_SMS__c']) {
      for (const row of rows.get(object) ?? []) byId.set(row.external_field__c as string, row);
    }
    assert.equal(messages.length, 5000, 'one expectation per message');
    assert.equal(byId.size, 5000, 'one row per message');
    for (const message of messages) {
      const row = byId.get(message.externalId);
      assert.ok(row, `row for ${message.externalId}`);
      const typed = (row.PhoneNumber__c ?? row.Mobile_Number__c) as string;
      const parsed = phoneKey(typed, 'US');
      assert.equal(parsed.ok ? parsed.key : null, message.phoneKey, `phone key of "${typed}"`);
      if (message.direction === 'OUT') {
        assert.equal(message.status, normalizeStatus(row.deliveryStatus__c as string));
      } else {
        assert.equal(message.status, null);
        if (mode === 'single-object') assert.equal(row.Direction__c, 'IN');
      }
      const sender = (row.senderId__c ?? row.Inbound_Number__c) as string;
      assert.equal(
        message.conversationKey,
        message.phoneKey === null
          ? null
          : conversationKey(senderKey(sender, 'US'), message.phoneKey),
        `conversation key of ${message.externalId}`
      );
      assert.equal(row.CreatedDate, message.time);
    }
  }
});

test('conversation aggregates match their messages and the SPEC §3 unread rule', async () => {
  const { messages, conversations } = await generate('two-object');
  const byKey = new Map<string, ExpectedMessage[]>();
  for (const message of messages) {
    if (message.conversationKey)
      byKey.set(message.conversationKey, [...(byKey.get(message.conversationKey) ?? []), message]);
  }
  assert.equal(conversations.length, byKey.size, 'one conversation per key');
  for (const conversation of conversations) {
    const list = (byKey.get(conversation.key) ?? []).sort((x, y) => x.time.localeCompare(y.time));
    assert.equal(conversation.messageCount, list.length);
    assert.equal(conversation.incomingCount, list.filter((m) => m.direction === 'IN').length);
    const last = list[list.length - 1]!;
    assert.equal(conversation.lastMessageTime, last.time);
    assert.equal(conversation.lastMessageDirection, last.direction);
    assert.equal(conversation.isUnread, last.direction === 'IN');
    const lastOut = [...list].reverse().find((m) => m.direction === 'OUT');
    const expectedNew =
      last.direction === 'IN'
        ? list.filter((m) => m.direction === 'IN' && (!lastOut || m.time > lastOut.time)).length
        : 0;
    assert.equal(conversation.newCount, expectedNew, `new count of ${conversation.key}`);
    const withPrimary = list.filter((m) => m.primary !== null);
    assert.deepEqual(
      conversation.primary,
      withPrimary.length ? withPrimary[withPrimary.length - 1]!.primary : null
    );
  }
  assert.ok(
    conversations.some((c) => c.messageCount >= 150),
    'one number has a very long history (5% of the messages)'
  );
});

test('the data is realistic: formats, shared and orphan numbers, statuses, texts, senders, errors', async () => {
  const { rows, messages, result } = await generate('two-object', 20000);
  const sms = rows.get('SMSMagic__c')!;
  const texts = [...sms, ...rows.get('Incoming_SMS__c')!].map(
    (row) => (row.SMSText__c ?? row.SMS_Text__c) as string
  );
  assert.ok(
    texts.some((text) => text === ''),
    'empty texts'
  );
  assert.ok(
    texts.some((text) => text.length === 1600),
    '1,600-character texts'
  );
  assert.ok(
    texts.some((text) => /\p{Extended_Pictographic}/u.test(text)),
    'emoji texts'
  );
  const phones = sms.map((row) => row.PhoneNumber__c as string);
  for (const pattern of [
    /^\(\d{3}\) \d{3}-\d{4}$/,
    /^\d{3}\.\d{3}\.\d{4}$/,
    /^1-\d{3}-/,
    /^\+1 \d{3} /,
    /^\+44 \d{4} /,
    /^0044 /,
    /^\+44 \(0\)/
  ]) {
    assert.ok(
      phones.some((phone) => pattern.test(phone)),
      `a phone typed like ${pattern}`
    );
  }
  const raw = new Set(sms.map((row) => row.deliveryStatus__c));
  for (const code of ['DELIVRD', 'UNDELIV', 'REJECTD', 'Pending', '', 'ERR_042'])
    assert.ok(raw.has(code), `status ${code}`);
  const reasons = new Set(result.errors.map((error) => error.reason));
  assert.deepEqual([...reasons].sort(), ['ambiguous match', 'unparseable phone']);
  assert.ok(
    messages.some((m) => m.direction === 'IN' && m.primary === null && m.phoneKey !== null),
    'numbers on no record'
  );
  assert.ok(
    messages.some((m) => m.direction === 'IN' && m.primary?.object === 'Contact'),
    'incoming found a contact'
  );
  const senders = result.senders;
  assert.ok(
    senders.some((s) => /^[a-z]/.test(s.senderKey)),
    'an alphanumeric sender id'
  );
  assert.deepEqual(
    new Set(senders.map((s) => s.usedFor)),
    new Set(['Both', 'Incoming', 'Outgoing']),
    'sender ids used one way and both ways'
  );
  const optedOut = [...rows.get('Contact')!, ...rows.get('Lead')!].filter(
    (row) => row.SMS_Opt_Out__c === true
  );
  assert.ok(optedOut.length > 0, 'opt-outs');
  const years = new Set(messages.map((m) => m.time.slice(0, 4)));
  assert.ok(years.size >= 4, `times spread over years (${[...years].join(', ')})`);
});

test('GB as default country types national numbers with the trunk 0', async () => {
  const { rows, messages } = await generate('single-object', 2000, 'GB');
  const phones = rows.get('SMSMagic__c')!.map((row) => row.PhoneNumber__c as string);
  assert.ok(phones.some((phone) => /^07\d{3} \d{6}$/.test(phone)));
  const byId = new Map(
    rows.get('SMSMagic__c')!.map((row) => [row.external_field__c as string, row])
  );
  for (const message of messages) {
    const parsed = phoneKey(byId.get(message.externalId)!.PhoneNumber__c as string, 'GB');
    assert.equal(parsed.ok ? parsed.key : null, message.phoneKey);
  }
});

test('expected.json is valid JSON with every section, and CSV files parse back', async () => {
  const run = options('csv', 's1', 2000);
  const files = await writeSeedFiles(run);
  const expected = JSON.parse(readFileSync(files.expectedPath, 'utf8')) as ExpectedFile;
  assert.equal(expected.messages.length, 2000);
  assert.equal(expected.summary.messages, 2000);
  assert.equal(expected.conversations.length, expected.summary.conversations);
  assert.equal(expected.errors.length, expected.summary.errors);
  for (const file of files.csvFiles) {
    const records = parseCsv(readFileSync(file.path, 'utf8'));
    assert.deepEqual(records[0], [...layoutOf(file.object).columns], `${file.object} header`);
    assert.equal(records.length - 1, file.rows, `${file.object} rows`);
    assert.ok(
      records.every((record) => record.length === records[0]!.length),
      `${file.object}: every row has every column`
    );
  }
});

test('bad options fail with the cause', async () => {
  await assert.rejects(
    writeSeedFiles({ ...options('csv'), defaultCountry: 'FR' }),
    /--default-country US or GB/
  );
  await assert.rejects(
    writeSeedFiles({ ...options('csv'), incomingShare: 2 }),
    /--incoming-share must be between 0 and 1/
  );
  await assert.rejects(
    writeSeedFiles({ ...options('csv'), messages: 0 }),
    /--messages must be a positive integer/
  );
});

test('expected.json written by the worker thread has the pinned bytes, in both modes', async () => {
  const worker = { ...options('csv'), expectedWriter: 'worker' as const };
  await writeSeedFiles(worker);
  assert.equal(hashDir(worker.outDir), PINNED_CSV_HASH, 'worker output = the pinned output');
  const single = (expectedWriter: 'worker' | 'thread') => ({
    ...options('csv', 's3', 4000),
    mode: 'single-object' as const,
    defaultCountry: 'GB',
    expectedWriter
  });
  const a = single('worker');
  const b = single('thread');
  await writeSeedFiles(a);
  await writeSeedFiles(b);
  assert.equal(hashDir(a.outDir), hashDir(b.outDir), 'worker and in-thread give the same bytes');
});

test('a run that fails stops the expected.json worker: the process ends with the error', () => {
  // a child process: it would never exit if the worker thread were left running
  const dir = mkdtempSync(join(tmpdir(), 'seed-fail-'));
  const script = join(dir, 'run.ts');
  writeFileSync(
    script,
    `import { writeSeedFiles } from ${JSON.stringify(join(LIB, 'seed-run.ts'))};\n` +
      `writeSeedFiles({ messages: 60000, seed: 'x', mode: 'two-object', incomingShare: 2,` +
      ` defaultCountry: 'US', outDir: ${JSON.stringify(dir)}, format: 'csv',` +
      ` expectedWriter: 'worker' }).catch((error) => { console.error(error.message); process.exitCode = 3; });\n`
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    timeout: 60_000
  });
  assert.equal(run.error, undefined, 'the child ended by itself (no hang)');
  assert.equal(run.status, 3, run.stderr);
  assert.match(run.stderr, /--incoming-share must be between 0 and 1/);
});

test('a write error in the expected.json worker (disk full) rejects with the cause and the seed CLI exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seed-full-'));
  const path = join(dir, 'expected.json');
  symlinkSync('/dev/full', path);
  const writer = new ExpectedWorkerWriter(path);
  const draft = sampleDraft();
  const started = Date.now();
  await assert.rejects(async () => {
    for (let i = 1; i <= 100_000; i++) {
      draft.seq = i;
      draft.time += 60_000;
      const waiting = writer.messageDraft(draft);
      if (waiting) await waiting;
    }
    await writer.close([], [], SUMMARY);
  }, /expected\.json: .*(ENOSPC|no space left)/);
  assert.ok(Date.now() - started < 30_000, 'the error comes without waiting for a timeout');
  // after the failure every call reports it, and aborting is safe
  await assert.rejects(async () => writer.messageDraft(draft), /ENOSPC|no space left/);
  await writer.abort();

  // the same through a command: error message and exit code 1, no hang
  const script = join(dir, 'cli.ts');
  writeFileSync(
    script,
    `import { runMain } from ${JSON.stringify(join(LIB, 'cli.ts'))};\n` +
      `import { ExpectedWorkerWriter } from ${JSON.stringify(join(LIB, 'seed-expected-worker.ts'))};\n` +
      `runMain(async () => {\n` +
      `  const writer = new ExpectedWorkerWriter(${JSON.stringify(path)});\n` +
      `  const draft = ${JSON.stringify(sampleDraft())};\n` +
      `  for (let i = 1; i <= 100000; i++) { draft.seq = i; const w = writer.messageDraft(draft); if (w) await w; }\n` +
      `  await writer.close([], [], ${JSON.stringify(SUMMARY)});\n` +
      `});\n`
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    timeout: 60_000
  });
  assert.equal(run.error, undefined, 'the command ended by itself (no hang)');
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /error: .*expected\.json: .*(ENOSPC|no space left)/);
});

const LIB = join(__dirname, '..', 'lib');

const SUMMARY: ExpectedSummary = {
  seed: 's',
  mode: 'two-object',
  defaultCountry: 'US',
  messages: 0,
  outgoing: 0,
  incoming: 0,
  conversations: 0,
  errors: 0,
  records: {}
};

function sampleDraft(): MessageDraft {
  return {
    object: 'SMSMagic__c',
    prefix: 'SMS-',
    seq: 1,
    direction: 'OUT',
    typedPhone: '(415) 555-0123',
    typedSender: '+1 415 555 0100',
    text: 'Hi Zoë, your order #1234 has shipped 🎉',
    textId: 0,
    rawStatus: 'DELIVRD',
    status: 'Delivered',
    ownerName: "Zoë O'Brien",
    objectType: 'Contact',
    lead: null,
    contact: {
      object: 'Contact',
      referenceId: 'Contact1',
      naturalKey: 'zoe.obrien.c1@example.com'
    },
    account: null,
    time: Date.UTC(2021, 1, 14, 17, 30, 22),
    phoneKey: '14155550123',
    primary: { object: 'Contact', key: 'zoe.obrien.c1@example.com' },
    conversationKey: '14155550100|14155550123'
  };
}
