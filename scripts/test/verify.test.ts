import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LegacyDataGenerator, layoutOf } from '../lib/generator.js';
import { MemorySink } from '../lib/sinks.js';
import type { ExpectedConversation, ExpectedFile, ExpectedMessage } from '../lib/expected.js';
import { verifySnapshot, type OrgSnapshot } from '../lib/verify-checks.js';
import type { Row } from '../lib/org-client.js';

/**
 * Builds the org a correct migration would leave from a generated data set (the migration
 * itself is Apex; here the expectation is applied by hand), so each check can be shown to
 * pass on it and to fail on one tampered field.
 */
async function migratedOrg(): Promise<{ org: OrgSnapshot; expected: ExpectedFile }> {
  const sink = new MemorySink();
  const messages: ExpectedMessage[] = [];
  const conversations: ExpectedConversation[] = [];
  const result = await new LegacyDataGenerator(
    {
      messages: 1500,
      seed: 'verify',
      mode: 'two-object',
      incomingShare: 0.3,
      defaultCountry: 'US'
    },
    sink,
    { message: (m) => void messages.push(m), conversation: (c) => void conversations.push(c) }
  ).run();
  const expected: ExpectedFile = {
    messages,
    conversations,
    senders: result.senders,
    errors: result.errors,
    summary: result.summary
  };
  let next = 0;
  const newId = (prefix: string) => `${prefix}${String(++next).padStart(12, '0')}`;
  const rows = (object: string) =>
    (sink.rows.get(object) ?? []).map((row) => MemorySink.asRecord(layoutOf(object), row.values));
  const idOfRef = new Map<string, string>();
  const accounts = rows('Account').map((r) => {
    const id = newId('001');
    idOfRef.set(`Account:${r.Name}`, id);
    return { Id: id, Name: r.Name };
  });
  const contacts = rows('Contact').map((r) => {
    const id = newId('003');
    idOfRef.set(`Contact:${r.Email}`, id);
    return { Id: id, Email: r.Email };
  });
  const leads = rows('Lead').map((r) => {
    const id = newId('00Q');
    idOfRef.set(`Lead:${r.Email}`, id);
    return { Id: id, Email: r.Email };
  });
  const senders = result.senders.map((s) => ({
    Id: newId('a01'),
    senderId__c: s.senderId,
    Sender_Key__c: s.senderKey,
    Used_For__c: s.usedFor
  }));
  const senderIdByKey = new Map(senders.map((s) => [s.Sender_Key__c, s.Id]));
  const conversationRows: Row[] = conversations.map((c) => ({
    Id: newId('a02'),
    Conversation_Key__c: c.key,
    Sender__c: senderIdByKey.get(c.senderKey) ?? null,
    Sender_Key__c: c.senderKey,
    MobileNumber__c: c.recipientKey,
    Object__c: c.primary?.object ?? null,
    Primary_Record_Id__c: c.primary ? idOfRef.get(`${c.primary.object}:${c.primary.key}`) : null,
    IsUnread__c: c.isUnread,
    NewCount__c: c.newCount,
    Message_Count__c: c.messageCount,
    Incoming_Count__c: c.incomingCount,
    LastIncomingTime__c: c.lastIncomingTime?.replace('Z', '+0000') ?? null,
    Last_Outgoing_Time__c: c.lastOutgoingTime,
    LastMessageTime__c: c.lastMessageTime,
    LastMessageDirection__c: c.lastMessageDirection,
    Last_Message_Preview__c: c.preview
  }));
  const conversationIdByKey = new Map(conversationRows.map((c) => [c.Conversation_Key__c, c.Id]));
  const textOf = new Map<string, string>();
  for (const r of rows('SMSMagic__c'))
    textOf.set(r.external_field__c as string, r.SMSText__c as string);
  for (const r of rows('Incoming_SMS__c'))
    textOf.set(r.external_field__c as string, r.SMS_Text__c as string);
  const sms: Row[] = [];
  const incoming: Row[] = [];
  const errors: Row[] = [];
  const errorIds = new Set(result.errors.map((e) => e.externalId));
  for (const m of messages) {
    const base = {
      Id: newId(m.object === 'SMSMagic__c' ? 'a03' : 'a04'),
      external_field__c: m.externalId,
      Unformatted_Phone__c: m.phoneKey,
      Primary_Object__c: m.primary?.object ?? null,
      Primary_Record_Id__c: m.primary ? idOfRef.get(`${m.primary.object}:${m.primary.key}`) : null,
      Conversation__c: m.conversationKey ? conversationIdByKey.get(m.conversationKey) : null,
      Message_Time__c: m.time
    };
    if (errorIds.has(m.externalId))
      errors.push({
        Id: newId('a05'),
        Record_Id__c: base.Id,
        Step__c: 3,
        Message__c: 'unparseable',
        Resolved__c: false
      });
    if (m.object === 'SMSMagic__c') {
      sms.push({
        ...base,
        Direction__c: m.direction,
        Status__c: m.status,
        SMSText__c: textOf.get(m.externalId),
        Migrated_From__c: null
      });
    } else {
      const copyId = newId('a03');
      incoming.push({ ...base, SMS_Text__c: textOf.get(m.externalId), Migrated_To__c: copyId });
      sms.push({
        ...base,
        Id: copyId,
        Direction__c: 'IN',
        Status__c: null,
        Migrated_From__c: base.Id,
        SMSText__c: textOf.get(m.externalId)
      });
    }
  }
  return {
    org: {
      accounts,
      contacts,
      leads,
      senders,
      sms,
      incoming,
      conversations: conversationRows,
      errors
    },
    expected
  };
}

test('a correctly migrated org passes every check', async () => {
  const { org, expected } = await migratedOrg();
  const checks = verifySnapshot(org, expected);
  for (const check of checks) assert.ok(check.passed, `${check.name}: ${check.samples.join('; ')}`);
  assert.equal(checks.length, 9);
  assert.ok(
    checks.every((check) => check.checked > 0),
    'every check looked at something'
  );
});

test('a wrong aggregate fails both the recomputation and the expectation, naming the field', async () => {
  const { org, expected } = await migratedOrg();
  const target = org.conversations.find((c) => (c.Message_Count__c as number) > 3)!;
  target.Message_Count__c = (target.Message_Count__c as number) + 1;
  const failed = verifySnapshot(org, expected).filter((check) => !check.passed);
  assert.deepEqual(
    failed.map((check) => check.name),
    [
      'conversation aggregates equal a recomputation from their messages',
      'conversations equal expected.json (aggregates, unread, sender, primary)'
    ]
  );
  assert.match(
    failed[0]!.samples[0]!,
    new RegExp(
      `${String(target.Conversation_Key__c).replace(/\|/g, '\\|')} Message_Count__c: expected \\d+, found \\d+`
    )
  );
});

test('a duplicate step-9 copy, a missing status and a message without conversation or error are found', async () => {
  const { org, expected } = await migratedOrg();
  const copy = org.sms.find((row) => row.Migrated_From__c)!;
  org.sms.push({ ...copy, Id: 'a03999999999999' });
  const outgoing = org.sms.find((row) => row.Direction__c === 'OUT' && row.Status__c)!;
  outgoing.Status__c = null;
  const linkedMessage = org.sms.find(
    (row) => row.Conversation__c && !row.Migrated_From__c && row.Direction__c === 'OUT'
  )!;
  linkedMessage.Conversation__c = null;
  const failed = new Map(
    verifySnapshot(org, expected)
      .filter((c) => !c.passed)
      .map((c) => [c.name, c])
  );
  assert.ok(failed.has('every Incoming SMS has exactly one SMS History copy (step 9)'));
  assert.match(
    failed.get('every Incoming SMS has exactly one SMS History copy (step 9)')!.samples[0]!,
    /2 copies/
  );
  assert.ok(failed.has('every outgoing message has a status'));
  assert.match(
    failed.get('every message has a conversation or an open error')!.samples[0]!,
    new RegExp(`${linkedMessage.external_field__c}: no conversation and no error`)
  );
});

test('a missing or unexpected error record fails the error-list check', async () => {
  const { org, expected } = await migratedOrg();
  assert.ok(expected.errors.length > 0, 'the data set has errors on purpose');
  org.errors.shift();
  org.errors.push({
    Id: 'a05x',
    Record_Id__c: org.sms[0]!.Id,
    Step__c: 7,
    Message__c: 'boom',
    Resolved__c: false
  });
  const check = verifySnapshot(org, expected).find(
    (c) => c.name === 'the error list holds exactly the expected records'
  )!;
  assert.equal(check.passed, false);
  assert.equal(check.differences, 2);
  assert.ok(check.samples.some((s) => /expected an open error/.test(s)));
  assert.ok(check.samples.some((s) => /unexpected error on .* \(step 7\): boom/.test(s)));
});

test('without expected.json only the invariants run', async () => {
  const { org } = await migratedOrg();
  const checks = verifySnapshot(org, null);
  assert.equal(checks.length, 5);
  assert.ok(checks.every((check) => check.passed));
});
