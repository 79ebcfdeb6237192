import { ConversationAggregate, type ExpectedFile, type RecordRef } from './expected.js';
import { previewOf } from './keys.js';
import type { OrgClient, Row } from './org-client.js';

/**
 * The post-run checks of issue 6: the org after the migration against expected.json, and
 * invariants that need no expectation (every message has a direction, a status and a
 * conversation or an error; conversation aggregates equal a recomputation from their
 * messages; every incoming message has exactly one copy after step 9).
 */
export interface OrgSnapshot {
  readonly accounts: Row[];
  readonly contacts: Row[];
  readonly leads: Row[];
  readonly senders: Row[];
  readonly sms: Row[];
  readonly incoming: Row[];
  readonly conversations: Row[];
  readonly errors: Row[];
}

export interface VerifyCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly checked: number;
  readonly differences: number;
  /** The first differences, in words. */
  readonly samples: string[];
}

export const QUERIES: Readonly<Record<keyof OrgSnapshot, string>> = {
  accounts: 'SELECT Id, Name FROM Account',
  contacts: 'SELECT Id, Email FROM Contact',
  leads: 'SELECT Id, Email FROM Lead',
  senders: 'SELECT Id, senderId__c, Sender_Key__c, Used_For__c FROM SMS_SenderId__c',
  sms:
    'SELECT Id, external_field__c, Direction__c, Status__c, Unformatted_Phone__c, Primary_Object__c, Primary_Record_Id__c, ' +
    'Conversation__c, Sender__c, Message_Time__c, Migrated_From__c, SMSText__c, Lead__c, Contact__c, Account__c FROM SMSMagic__c',
  incoming:
    'SELECT Id, external_field__c, Unformatted_Phone__c, Primary_Object__c, Primary_Record_Id__c, Conversation__c, ' +
    'Migrated_To__c, Message_Time__c, SMS_Text__c, Lead__c, Contact__c FROM Incoming_SMS__c',
  conversations:
    'SELECT Id, Conversation_Key__c, Sender__c, Sender_Key__c, MobileNumber__c, Object__c, Primary_Record_Id__c, IsUnread__c, ' +
    'NewCount__c, Message_Count__c, Incoming_Count__c, LastIncomingTime__c, Last_Outgoing_Time__c, LastMessageTime__c, ' +
    'LastMessageDirection__c, Last_Message_Preview__c FROM Conversation__c',
  errors:
    'SELECT Id, Record_Id__c, Object__c, Step__c, Message__c, Resolved__c FROM Migration_Error__c'
};

export async function fetchSnapshot(
  client: OrgClient,
  log: (line: string) => void = () => {}
): Promise<OrgSnapshot> {
  const snapshot: Partial<Record<keyof OrgSnapshot, Row[]>> = {};
  for (const [name, soql] of Object.entries(QUERIES) as [keyof OrgSnapshot, string][]) {
    snapshot[name] = await client.query(soql);
    log(`  read ${snapshot[name]!.length} ${name}`);
  }
  return snapshot as OrgSnapshot;
}

const MAX_SAMPLES = 10;

class CheckBuilder {
  checked = 0;
  private readonly found: string[] = [];
  private count = 0;
  constructor(readonly name: string) {}
  ok(): void {
    this.checked++;
  }
  differ(text: string): void {
    this.checked++;
    this.count++;
    if (this.found.length < MAX_SAMPLES) this.found.push(text);
  }
  expectEqual(label: string, actual: unknown, expected: unknown): boolean {
    if (same(actual, expected)) return true;
    this.count++;
    if (this.found.length < MAX_SAMPLES)
      this.found.push(`${label}: expected ${show(expected)}, found ${show(actual)}`);
    return false;
  }
  build(): VerifyCheck {
    return {
      name: this.name,
      passed: this.count === 0,
      checked: this.checked,
      differences: this.count,
      samples: this.found
    };
  }
}

function show(value: unknown): string {
  return value === null || value === undefined || value === '' ? 'nothing' : JSON.stringify(value);
}

/** Datetimes compare by instant (the REST API writes +0000, the emulator Z). */
export function instant(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

function same(actual: unknown, expected: unknown): boolean {
  const a = actual === undefined || actual === '' ? null : actual;
  const e = expected === undefined || expected === '' ? null : expected;
  if (typeof e === 'number' || typeof a === 'number') return Number(a ?? 0) === Number(e ?? 0);
  if (typeof e === 'boolean' || typeof a === 'boolean') return Boolean(a) === Boolean(e);
  return a === e;
}

function str(row: Row, field: string): string | null {
  const value = row[field];
  return value === null || value === undefined || value === '' ? null : String(value);
}

function id15(id: string | null): string | null {
  return id === null ? null : id.slice(0, 15);
}

export interface VerifyOptions {
  /** The seed's option: every migrated incoming message is New. */
  readonly allIncomingUnread?: boolean;
}

export function verifySnapshot(
  org: OrgSnapshot,
  expected: ExpectedFile | null,
  options: VerifyOptions = {}
): VerifyCheck[] {
  const checks: VerifyCheck[] = [];
  const refById = new Map<string, RecordRef>();
  for (const row of org.accounts)
    refById.set(id15(str(row, 'Id'))!, { object: 'Account', key: str(row, 'Name') ?? '' });
  for (const row of org.contacts)
    refById.set(id15(str(row, 'Id'))!, { object: 'Contact', key: str(row, 'Email') ?? '' });
  for (const row of org.leads)
    refById.set(id15(str(row, 'Id'))!, { object: 'Lead', key: str(row, 'Email') ?? '' });
  const conversationById = new Map(org.conversations.map((row) => [id15(str(row, 'Id'))!, row]));
  const senderById = new Map(org.senders.map((row) => [id15(str(row, 'Id'))!, row]));
  const openErrorIds = new Set(
    org.errors
      .filter((row) => row.Resolved__c !== true)
      .map((row) => id15(str(row, 'Record_Id__c')))
  );
  const originals = org.sms.filter((row) => str(row, 'Migrated_From__c') === null);
  const copies = org.sms.filter((row) => str(row, 'Migrated_From__c') !== null);
  const conversationKeyOf = (row: Row): string | null => {
    const conversation = conversationById.get(id15(str(row, 'Conversation__c')) ?? '');
    return conversation ? str(conversation, 'Conversation_Key__c') : null;
  };

  // --- invariants
  const direction = new CheckBuilder('every SMS History message has a direction');
  const status = new CheckBuilder('every outgoing message has a status');
  for (const row of org.sms) {
    const value = str(row, 'Direction__c');
    if (value === 'IN' || value === 'OUT') direction.ok();
    else
      direction.differ(
        `${str(row, 'external_field__c') ?? str(row, 'Id')}: direction ${show(value)}`
      );
    if (value === 'OUT') {
      if (str(row, 'Status__c')) status.ok();
      else status.differ(`${str(row, 'external_field__c') ?? str(row, 'Id')}: no status`);
    }
  }
  checks.push(direction.build(), status.build());

  const linked = new CheckBuilder('every message has a conversation or an open error');
  for (const row of [...org.sms, ...org.incoming]) {
    // a step-9 copy of a message in the error list is covered by its original's error
    const original = id15(str(row, 'Migrated_From__c'));
    if (
      str(row, 'Conversation__c') ||
      openErrorIds.has(id15(str(row, 'Id'))) ||
      (original !== null && openErrorIds.has(original))
    )
      linked.ok();
    else
      linked.differ(
        `${str(row, 'external_field__c') ?? str(row, 'Id')}: no conversation and no error`
      );
  }
  checks.push(linked.build());

  const recomputed = new CheckBuilder(
    'conversation aggregates equal a recomputation from their messages'
  );
  const byConversation = new Map<
    string,
    { direction: 'IN' | 'OUT'; time: string; text: string }[]
  >();
  const add = (row: Row, dir: 'IN' | 'OUT', textField: string) => {
    const conversation = id15(str(row, 'Conversation__c'));
    if (!conversation) return;
    const time = instant(row.Message_Time__c);
    const list = byConversation.get(conversation) ?? [];
    list.push({
      direction: dir,
      time: time === null ? '' : new Date(time).toISOString(),
      text: str(row, textField) ?? ''
    });
    byConversation.set(conversation, list);
  };
  for (const row of originals)
    add(row, str(row, 'Direction__c') === 'IN' ? 'IN' : 'OUT', 'SMSText__c');
  for (const row of org.incoming) add(row, 'IN', 'SMS_Text__c');
  for (const row of org.conversations) {
    const key = str(row, 'Conversation_Key__c') ?? str(row, 'Id')!;
    const messages = byConversation.get(id15(str(row, 'Id'))!) ?? [];
    const aggregate = new ConversationAggregate();
    for (const message of messages)
      aggregate.add(message.direction, message.time, message.text, null);
    const incomingTimes = messages.filter((m) => m.direction === 'IN').map((m) => m.time);
    const newCount = options.allIncomingUnread
      ? aggregate.incomingCount
      : aggregate.lastDirection === 'IN'
        ? ConversationAggregate.newCount(incomingTimes, aggregate.lastOutgoingTime)
        : 0;
    const unread = options.allIncomingUnread
      ? aggregate.incomingCount > 0
      : aggregate.lastDirection === 'IN' && messages.length > 0;
    let ok = true;
    ok =
      recomputed.expectEqual(
        `${key} Message_Count__c`,
        row.Message_Count__c,
        aggregate.messageCount
      ) && ok;
    ok =
      recomputed.expectEqual(
        `${key} Incoming_Count__c`,
        row.Incoming_Count__c,
        aggregate.incomingCount
      ) && ok;
    ok =
      recomputed.expectEqual(
        `${key} LastMessageTime__c`,
        instant(row.LastMessageTime__c),
        instant(aggregate.lastMessageTime)
      ) && ok;
    ok =
      recomputed.expectEqual(
        `${key} LastIncomingTime__c`,
        instant(row.LastIncomingTime__c),
        instant(aggregate.lastIncomingTime)
      ) && ok;
    ok =
      recomputed.expectEqual(
        `${key} Last_Outgoing_Time__c`,
        instant(row.Last_Outgoing_Time__c),
        instant(aggregate.lastOutgoingTime)
      ) && ok;
    if (messages.length > 0) {
      ok =
        recomputed.expectEqual(
          `${key} LastMessageDirection__c`,
          str(row, 'LastMessageDirection__c'),
          aggregate.lastDirection
        ) && ok;
      ok =
        recomputed.expectEqual(
          `${key} Last_Message_Preview__c`,
          str(row, 'Last_Message_Preview__c'),
          previewOf(aggregate.lastText) || null
        ) && ok;
    }
    ok = recomputed.expectEqual(`${key} IsUnread__c`, row.IsUnread__c === true, unread) && ok;
    ok = recomputed.expectEqual(`${key} NewCount__c`, row.NewCount__c, newCount) && ok;
    recomputed.checked++;
    void ok;
  }
  checks.push(recomputed.build());

  if (org.incoming.length > 0) {
    const moved = new CheckBuilder('every Incoming SMS has exactly one SMS History copy (step 9)');
    const copiesByOriginal = new Map<string, Row[]>();
    for (const row of copies) {
      const original = id15(str(row, 'Migrated_From__c'))!;
      copiesByOriginal.set(original, [...(copiesByOriginal.get(original) ?? []), row]);
    }
    for (const row of org.incoming) {
      const name = str(row, 'external_field__c') ?? str(row, 'Id');
      const list = copiesByOriginal.get(id15(str(row, 'Id'))!) ?? [];
      if (list.length === 1 && id15(str(row, 'Migrated_To__c')) === id15(str(list[0]!, 'Id'))) {
        const copy = list[0]!;
        if (
          str(copy, 'Direction__c') !== 'IN' ||
          id15(str(copy, 'Conversation__c')) !== id15(str(row, 'Conversation__c'))
        ) {
          moved.differ(`${name}: the copy is not IN in the same conversation`);
        } else moved.ok();
      } else {
        moved.differ(
          `${name}: ${list.length} copies, Migrated_To__c ${show(str(row, 'Migrated_To__c'))}`
        );
      }
    }
    checks.push(moved.build());
  }

  if (!expected) return checks;

  // --- against expected.json
  const messageCheck = new CheckBuilder(
    'messages equal expected.json (direction, status, key, primary, conversation, time)'
  );
  const rowsByExternalId = new Map<string, Row>();
  for (const row of originals)
    rowsByExternalId.set(`SMSMagic__c:${str(row, 'external_field__c')}`, row);
  for (const row of org.incoming)
    rowsByExternalId.set(`Incoming_SMS__c:${str(row, 'external_field__c')}`, row);
  for (const message of expected.messages) {
    const row = rowsByExternalId.get(`${message.object}:${message.externalId}`);
    if (!row) {
      messageCheck.differ(`${message.externalId}: not in the org`);
      continue;
    }
    const label = message.externalId;
    let ok = true;
    if (message.object === 'SMSMagic__c') {
      ok =
        messageCheck.expectEqual(
          `${label} Direction__c`,
          str(row, 'Direction__c'),
          message.direction
        ) && ok;
      ok =
        messageCheck.expectEqual(`${label} Status__c`, str(row, 'Status__c'), message.status) && ok;
    }
    ok =
      messageCheck.expectEqual(
        `${label} Unformatted_Phone__c`,
        str(row, 'Unformatted_Phone__c'),
        message.phoneKey
      ) && ok;
    // the primary record: the one the migration set, else the legacy lookup it keeps
    const primaryId = id15(
      str(row, 'Primary_Record_Id__c') ??
        str(row, 'Contact__c') ??
        str(row, 'Lead__c') ??
        str(row, 'Account__c')
    );
    const primary = primaryId
      ? (refById.get(primaryId) ?? { object: str(row, 'Primary_Object__c'), key: primaryId })
      : null;
    ok =
      messageCheck.expectEqual(
        `${label} primary record`,
        primary ? `${primary.object}:${primary.key}` : null,
        message.primary ? `${message.primary.object}:${message.primary.key}` : null
      ) && ok;
    ok =
      messageCheck.expectEqual(
        `${label} conversation`,
        conversationKeyOf(row),
        message.conversationKey
      ) && ok;
    ok =
      messageCheck.expectEqual(
        `${label} Message_Time__c`,
        instant(row.Message_Time__c),
        instant(message.time)
      ) && ok;
    messageCheck.checked++;
    void ok;
  }
  checks.push(messageCheck.build());

  const conversationCheck = new CheckBuilder(
    'conversations equal expected.json (aggregates, unread, sender, primary)'
  );
  const conversationByKey = new Map(
    org.conversations.map((row) => [str(row, 'Conversation_Key__c'), row])
  );
  for (const conversation of expected.conversations) {
    const row = conversationByKey.get(conversation.key);
    if (!row) {
      conversationCheck.differ(`${conversation.key}: no conversation with this key`);
      continue;
    }
    const k = conversation.key;
    const unread = options.allIncomingUnread
      ? conversation.allIncomingUnread
      : { isUnread: conversation.isUnread, newCount: conversation.newCount };
    conversationCheck.expectEqual(
      `${k} Message_Count__c`,
      row.Message_Count__c,
      conversation.messageCount
    );
    conversationCheck.expectEqual(
      `${k} Incoming_Count__c`,
      row.Incoming_Count__c,
      conversation.incomingCount
    );
    conversationCheck.expectEqual(
      `${k} LastMessageTime__c`,
      instant(row.LastMessageTime__c),
      instant(conversation.lastMessageTime)
    );
    conversationCheck.expectEqual(
      `${k} LastIncomingTime__c`,
      instant(row.LastIncomingTime__c),
      instant(conversation.lastIncomingTime)
    );
    conversationCheck.expectEqual(
      `${k} Last_Outgoing_Time__c`,
      instant(row.Last_Outgoing_Time__c),
      instant(conversation.lastOutgoingTime)
    );
    conversationCheck.expectEqual(
      `${k} LastMessageDirection__c`,
      str(row, 'LastMessageDirection__c'),
      conversation.lastMessageDirection
    );
    conversationCheck.expectEqual(
      `${k} Last_Message_Preview__c`,
      str(row, 'Last_Message_Preview__c'),
      conversation.preview || null
    );
    conversationCheck.expectEqual(`${k} IsUnread__c`, row.IsUnread__c === true, unread.isUnread);
    conversationCheck.expectEqual(`${k} NewCount__c`, row.NewCount__c, unread.newCount);
    conversationCheck.expectEqual(
      `${k} Sender_Key__c`,
      str(row, 'Sender_Key__c'),
      conversation.senderKey
    );
    const sender = senderById.get(id15(str(row, 'Sender__c')) ?? '');
    conversationCheck.expectEqual(
      `${k} Sender__c`,
      sender ? str(sender, 'senderId__c') : null,
      conversation.senderId
    );
    const primaryId = id15(str(row, 'Primary_Record_Id__c'));
    const primary = primaryId ? refById.get(primaryId) : null;
    conversationCheck.expectEqual(
      `${k} primary record`,
      primary ? `${primary.object}:${primary.key}` : primaryId,
      conversation.primary ? `${conversation.primary.object}:${conversation.primary.key}` : null
    );
    conversationCheck.checked++;
  }
  const extra = org.conversations.length - expected.conversations.length;
  if (extra > 0)
    conversationCheck.differ(`${extra} conversations in the org that expected.json does not list`);
  checks.push(conversationCheck.build());

  const senderCheck = new CheckBuilder('sender ids: Used_For__c and Sender_Key__c');
  const senderByText = new Map(org.senders.map((row) => [str(row, 'senderId__c'), row]));
  for (const sender of expected.senders) {
    const row = senderByText.get(sender.senderId);
    if (!row) {
      senderCheck.differ(`${sender.senderId}: not in the org`);
      continue;
    }
    senderCheck.expectEqual(
      `${sender.senderId} Used_For__c`,
      str(row, 'Used_For__c'),
      sender.usedFor
    );
    senderCheck.expectEqual(
      `${sender.senderId} Sender_Key__c`,
      str(row, 'Sender_Key__c'),
      sender.senderKey
    );
    senderCheck.checked++;
  }
  checks.push(senderCheck.build());

  const errorCheck = new CheckBuilder('the error list holds exactly the expected records');
  const idByExternal = new Map<string, string>();
  for (const row of originals)
    idByExternal.set(`SMSMagic__c:${str(row, 'external_field__c')}`, id15(str(row, 'Id'))!);
  for (const row of org.incoming)
    idByExternal.set(`Incoming_SMS__c:${str(row, 'external_field__c')}`, id15(str(row, 'Id'))!);
  const expectedErrorIds = new Set<string>();
  for (const error of expected.errors) {
    const id = idByExternal.get(`${error.object}:${error.externalId}`);
    if (!id) {
      errorCheck.differ(`${error.externalId} (${error.reason}): record not in the org`);
      continue;
    }
    expectedErrorIds.add(id);
    if (openErrorIds.has(id)) errorCheck.ok();
    else
      errorCheck.differ(
        `${error.externalId}: expected an open error (${error.reason}, "${error.value}"), found none`
      );
  }
  for (const row of org.errors) {
    const id = id15(str(row, 'Record_Id__c'));
    if (row.Resolved__c !== true && id && !expectedErrorIds.has(id)) {
      errorCheck.differ(
        `unexpected error on ${id} (step ${str(row, 'Step__c')}): ${str(row, 'Message__c')}`
      );
    }
  }
  checks.push(errorCheck.build());
  return checks;
}

export function formatVerify(checks: readonly VerifyCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length), 5);
  const lines = [
    `${'check'.padEnd(width)}  result  checked  differences`,
    `${'-'.repeat(width)}  ------  -------  -----------`
  ];
  for (const check of checks) {
    lines.push(
      `${check.name.padEnd(width)}  ${(check.passed ? 'PASS' : 'FAIL').padEnd(6)}  ${String(check.checked).padStart(7)}  ${check.differences}`
    );
    for (const sample of check.samples) lines.push(`${' '.repeat(width)}    - ${sample}`);
  }
  const failed = checks.filter((check) => !check.passed).length;
  lines.push(
    '',
    failed === 0
      ? `all ${checks.length} checks passed`
      : `${failed} of ${checks.length} checks failed`
  );
  return lines.join('\n');
}
