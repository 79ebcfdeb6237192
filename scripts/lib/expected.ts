import { createReadStream, unlinkSync } from 'node:fs';
import type { MessageDraft } from './generator.js';
import { ByteWriter } from './seed-bytes.js';
import type { MessageStatus } from './status.js';

/** The shape of `expected.json`: what the migration must produce from a seeded data set. */
export type Direction = 'IN' | 'OUT';
export type PrimaryObject = 'Account' | 'Contact' | 'Lead';

export interface RecordRef {
  /** Object API name. */
  readonly object: PrimaryObject;
  /** Natural key the seed gave it: Email for Contact and Lead, Name for Account. */
  readonly key: string;
}

export interface ExpectedMessage {
  readonly object: 'SMSMagic__c' | 'Incoming_SMS__c';
  readonly externalId: string;
  readonly direction: Direction;
  /** Normalized status for outgoing messages; null for incoming ones. */
  readonly status: MessageStatus | null;
  readonly phoneKey: string | null;
  readonly primary: RecordRef | null;
  readonly conversationKey: string | null;
  /** Message_Time__c (= the legacy CreatedDate), ISO 8601 UTC. */
  readonly time: string;
}

export interface ExpectedConversation {
  readonly key: string;
  readonly senderKey: string;
  /** senderId__c of the SMS_SenderId__c record the conversation's Sender__c points to. */
  readonly senderId: string;
  readonly recipientKey: string;
  readonly primary: RecordRef | null;
  readonly messageCount: number;
  readonly incomingCount: number;
  readonly lastMessageTime: string;
  readonly lastIncomingTime: string | null;
  readonly lastOutgoingTime: string | null;
  readonly lastMessageDirection: Direction;
  readonly preview: string;
  /** SPEC §3 default rule: unread only when the last message is incoming. */
  readonly isUnread: boolean;
  /** Incoming messages after the last outgoing one (0 when read). */
  readonly newCount: number;
  /** The seed's option (every migrated incoming message New): unread state and count. */
  readonly allIncomingUnread: { readonly isUnread: boolean; readonly newCount: number };
}

export interface ExpectedSender {
  readonly senderId: string;
  readonly senderKey: string;
  readonly usedFor: 'Both' | 'Incoming' | 'Outgoing' | null;
}

export interface ExpectedError {
  readonly object: 'SMSMagic__c' | 'Incoming_SMS__c';
  readonly externalId: string;
  readonly reason: 'unparseable phone' | 'ambiguous match';
  /** The steps expected to report it (at least one open error record per listed record). */
  readonly steps: readonly number[];
  readonly value: string;
}

export interface ExpectedSummary {
  readonly seed: string;
  readonly mode: 'two-object' | 'single-object';
  readonly defaultCountry: string;
  readonly messages: number;
  readonly outgoing: number;
  readonly incoming: number;
  readonly conversations: number;
  readonly errors: number;
  readonly records: Readonly<Record<string, number>>;
}

export interface ExpectedFile {
  readonly messages: ExpectedMessage[];
  readonly conversations: ExpectedConversation[];
  readonly senders: ExpectedSender[];
  readonly errors: ExpectedError[];
  readonly summary: ExpectedSummary;
}

/**
 * Streams expected.json: messages are written as they are generated (one per line inside
 * the `messages` array), the rest at the end. Lists are written in the order
 * messages, conversations, senders, errors, summary; conversations are written as they close
 * (to a side file, copied in at the end).
 *
 * Each line is the text of JSON.stringify of the record, encoded straight into the file's
 * byte writer: constant parts are encoded once, the parts a conversation's messages share
 * (phone key, conversation key) once per conversation, a primary record once per record.
 */
export class ExpectedWriter {
  private readonly out: ByteWriter;
  private messageCount = 0;
  private readonly conversationLines: ByteWriter;
  private conversationCount = 0;
  private readonly conversationsPath: string;

  constructor(readonly path: string) {
    this.out = new ByteWriter(path);
    this.out.ascii('{\n"messages": [\n');
    this.conversationsPath = `${path}.conversations.tmp`;
    this.conversationLines = new ByteWriter(this.conversationsPath);
  }

  /**
   * The encoded parts a conversation's messages share, written into a reused scratch buffer
   * (no short-lived Buffers) and kept as views of it: `,"phoneKey":…,"primary":`,
   * `,"conversationKey":…,"time":`, and the middle of a message line by primary record and
   * status (`middleParts`, by status index). Rebuilt when the phone or conversation key
   * changes. Views are copied with TypedArray#set (Buffer#copy of a part of a buffer makes a
   * new view on every call).
   */
  private scratch = Buffer.allocUnsafeSlow(SCRATCH_SIZE);
  private scratchUsed = 0;
  private lastPhoneKey: string | null | undefined = undefined;
  private lastConversationKey: string | null | undefined = undefined;
  private phoneKeyPart: Uint8Array = NULL;
  private conversationKeyPart: Uint8Array = NULL;
  /**
   * The middle parts built for the current conversation: primary record, status index and
   * view, in preallocated slots (allocating per conversation let V8 move such short-lived
   * arrays straight to the old generation, where they piled up as garbage).
   */
  private partCount = 0;
  private readonly partPrimaries: (RecordRef | null)[] = new Array<RecordRef | null>(
    MAX_PARTS
  ).fill(null);
  private readonly partStatuses = new Int32Array(MAX_PARTS);
  private readonly partViews: Uint8Array[] = new Array<Uint8Array>(MAX_PARTS).fill(NULL);
  /** `{"object":…,"key":…}` by primary object and key (people repeat across messages). */
  private readonly primaryParts = new Map<string, Map<string, Uint8Array>>();

  private sharedParts(phoneKey: string | null, conversationKey: string | null): void {
    if (phoneKey === this.lastPhoneKey && conversationKey === this.lastConversationKey) return;
    this.lastPhoneKey = phoneKey;
    this.lastConversationKey = conversationKey;
    this.partCount = 0;
    const phone = `,"phoneKey":${JSON.stringify(phoneKey)},"primary":`;
    const conversation = `,"conversationKey":${JSON.stringify(conversationKey)},"time":`;
    const needed = (phone.length + conversation.length) * 3;
    if (needed > this.scratch.length / 4) {
      this.scratch = Buffer.allocUnsafeSlow(Math.max(SCRATCH_SIZE, needed * 4));
    }
    const phoneEnd = this.scratch.write(phone, 0, 'utf8');
    const conversationEnd = phoneEnd + this.scratch.write(conversation, phoneEnd, 'utf8');
    this.phoneKeyPart = this.scratch.subarray(0, phoneEnd);
    this.conversationKeyPart = this.scratch.subarray(phoneEnd, conversationEnd);
    this.scratchUsed = conversationEnd;
  }

  private primary(primary: RecordRef | null): void {
    if (primary === null) {
      this.out.ascii('null');
      return;
    }
    this.out.bytes(this.primaryBytes(primary));
  }

  /** By record reference (the generator shares one per person): one lookup per message. */
  private readonly primaryByRef = new Map<RecordRef, Uint8Array>();

  private primaryBytes(primary: RecordRef): Uint8Array {
    const known = this.primaryByRef.get(primary);
    if (known !== undefined) return known;
    const bytes = this.primaryBytesByKey(primary);
    if (this.primaryByRef.size < 200_000) this.primaryByRef.set(primary, bytes);
    return bytes;
  }

  private primaryBytesByKey(primary: RecordRef): Uint8Array {
    let byKey = this.primaryParts.get(primary.object);
    if (byKey === undefined) {
      byKey = new Map();
      this.primaryParts.set(primary.object, byKey);
    }
    let bytes = byKey.get(primary.key);
    if (bytes === undefined) {
      bytes = utf8(JSON.stringify({ object: primary.object, key: primary.key }));
      if (byKey.size < 200_000) byKey.set(primary.key, bytes);
    }
    return bytes;
  }

  /** The text of JSON.stringify(message). */
  message(message: ExpectedMessage): Promise<void> | undefined {
    const out = this.out;
    out.ascii(this.messageCount++ === 0 ? '{"object":' : ',\n{"object":');
    out.json(message.object);
    out.ascii(',"externalId":');
    out.json(message.externalId);
    out.ascii(',"direction":');
    out.json(message.direction);
    out.ascii(',"status":');
    if (message.status === null) out.ascii('null');
    else out.json(message.status);
    this.sharedParts(message.phoneKey, message.conversationKey);
    out.bytes(this.phoneKeyPart);
    this.primary(message.primary);
    out.bytes(this.conversationKeyPart);
    out.json(message.time);
    out.byte(0x7d); // }
    return out.pressure();
  }

  /**
   * Writes `","direction":…,"status":…,"phoneKey":…,"primary":…,"conversationKey":…,"time":"`:
   * one copy per message from the scratch buffer, built once per primary record and status
   * of the conversation.
   */
  private middlePart(draft: MessageDraft): void {
    this.sharedParts(draft.phoneKey, draft.conversationKey);
    const index = draft.direction === 'IN' ? INCOMING_INDEX : statusIndex(draft.status);
    const primaries = this.partPrimaries;
    const statuses = this.partStatuses;
    for (let i = 0; i < this.partCount; i++) {
      if (primaries[i] === draft.primary && statuses[i] === index) {
        this.out.bytes(this.partViews[i] as Uint8Array);
        return;
      }
    }
    const primary = draft.primary === null ? NULL : this.primaryBytes(draft.primary);
    const status = draft.direction === 'IN' ? INCOMING_STATUS : statusPart(draft.status);
    const phone = this.phoneKeyPart;
    const conversation = this.conversationKeyPart;
    const length = status.length + phone.length + primary.length + conversation.length + 1;
    const out = this.out;
    if (this.partCount === MAX_PARTS || this.scratchUsed + length > this.scratch.length) {
      // no room left for this conversation's parts: write the pieces
      out.bytes(status);
      out.bytes(phone);
      out.bytes(primary);
      out.bytes(conversation);
      out.byte(0x22);
      return;
    }
    const scratch = this.scratch;
    const start = this.scratchUsed;
    let at = start;
    scratch.set(status, at);
    at += status.length;
    scratch.set(phone, at);
    at += phone.length;
    scratch.set(primary, at);
    at += primary.length;
    scratch.set(conversation, at);
    at += conversation.length;
    scratch[at++] = 0x22;
    this.scratchUsed = at;
    const view = scratch.subarray(start, at);
    const slot = this.partCount++;
    primaries[slot] = draft.primary;
    statuses[slot] = index;
    this.partViews[slot] = view;
    out.bytes(view);
  }

  /** The same text as message(expectedMessageOf(draft)), without building the message. */
  messageDraft(draft: MessageDraft): Promise<void> | undefined {
    const out = this.out;
    const first = this.messageCount++ === 0;
    if (draft.object === 'SMSMagic__c' && draft.prefix === 'SMS-') {
      out.bytes(first ? SMS_OBJECT : NEXT_SMS_OBJECT);
    } else if (draft.object === 'Incoming_SMS__c' && draft.prefix === 'INC-') {
      out.bytes(first ? INCOMING_OBJECT : NEXT_INCOMING_OBJECT);
    } else {
      out.ascii(`${first ? '' : ',\n'}{"object":"${draft.object}","externalId":"${draft.prefix}`);
    }
    out.digits(draft.seq, 8);
    this.middlePart(draft);
    out.isoSeconds(draft.time);
    out.byte(0x22);
    out.byte(0x7d);
    return out.pressure();
  }

  /** The text of JSON.stringify(conversation) (fields in the order of ExpectedConversation). */
  conversation(conversation: ExpectedConversation): Promise<void> | undefined {
    const out = this.conversationLines;
    out.ascii(this.conversationCount++ === 0 ? '{"key":' : ',\n{"key":');
    out.json(conversation.key);
    out.ascii(',"senderKey":');
    out.json(conversation.senderKey);
    out.ascii(',"senderId":');
    out.json(conversation.senderId);
    out.ascii(',"recipientKey":');
    out.json(conversation.recipientKey);
    out.ascii(',"primary":');
    if (conversation.primary === null) out.ascii('null');
    else out.bytes(this.primaryBytes(conversation.primary));
    out.ascii(',"messageCount":');
    out.ascii(jsonNumber(conversation.messageCount));
    out.ascii(',"incomingCount":');
    out.ascii(jsonNumber(conversation.incomingCount));
    out.ascii(',"lastMessageTime":');
    out.json(conversation.lastMessageTime);
    out.ascii(',"lastIncomingTime":');
    if (conversation.lastIncomingTime === null) out.ascii('null');
    else out.json(conversation.lastIncomingTime);
    out.ascii(',"lastOutgoingTime":');
    if (conversation.lastOutgoingTime === null) out.ascii('null');
    else out.json(conversation.lastOutgoingTime);
    out.ascii(',"lastMessageDirection":');
    out.json(conversation.lastMessageDirection);
    out.ascii(',"preview":');
    out.json(conversation.preview);
    out.ascii(
      conversation.isUnread ? ',"isUnread":true,"newCount":' : ',"isUnread":false,"newCount":'
    );
    out.ascii(jsonNumber(conversation.newCount));
    out.ascii(
      conversation.allIncomingUnread.isUnread
        ? ',"allIncomingUnread":{"isUnread":true,"newCount":'
        : ',"allIncomingUnread":{"isUnread":false,"newCount":'
    );
    out.ascii(jsonNumber(conversation.allIncomingUnread.newCount));
    out.ascii('}}');
    return out.pressure();
  }

  /** Stops writing (the run failed): expected.json stays incomplete. */
  abort(): void {
    this.out.abort();
    this.conversationLines.abort();
  }

  async close(
    senders: readonly ExpectedSender[],
    errors: readonly ExpectedError[],
    summary: ExpectedSummary
  ): Promise<void> {
    const out = this.out;
    out.ascii('\n],\n"conversations": [\n');
    await this.conversationLines.close();
    for await (const chunk of createReadStream(this.conversationsPath)) {
      out.bytes(chunk as Buffer);
      await out.pressure();
    }
    unlinkSync(this.conversationsPath);
    out.ascii('\n],\n"senders": [\n');
    out.text(senders.map((sender) => JSON.stringify(sender)).join(',\n'));
    out.ascii('\n],\n"errors": [\n');
    for (let i = 0; i < errors.length; i++) {
      out.text((i === 0 ? '' : ',\n') + JSON.stringify(errors[i]));
      await out.pressure();
    }
    out.text('\n],\n"summary": ' + JSON.stringify(summary, null, 2) + '\n}\n');
    await out.close();
  }
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/** A number as JSON.stringify writes it (non-finite numbers become null). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

const SMS_OBJECT = utf8('{"object":"SMSMagic__c","externalId":"SMS-');
const INCOMING_OBJECT = utf8('{"object":"Incoming_SMS__c","externalId":"INC-');
const NEXT_SMS_OBJECT = utf8(',\n{"object":"SMSMagic__c","externalId":"SMS-');
const NEXT_INCOMING_OBJECT = utf8(',\n{"object":"Incoming_SMS__c","externalId":"INC-');
const NULL = utf8('null');
/** Middle parts kept per conversation (more primary record and status pairs are written in pieces). */
const MAX_PARTS = 32;
/** Room for a conversation's shared parts (grows for unusually long keys). */
const SCRATCH_SIZE = 1 << 16;
const INCOMING_STATUS = utf8('","direction":"IN","status":null');
const OUTGOING_STATUS = new Map<MessageStatus | null, Uint8Array>();
/** Index of a status among the parts of a primary record (incoming messages last). */
const STATUS_INDEX = new Map<MessageStatus | null, number>(
  ([null, 'Delivered', 'Undelivered', 'Failed', 'Sent', 'Queued', 'Unknown'] as const).map(
    (status, index) => [status, index]
  )
);
const INCOMING_INDEX = STATUS_INDEX.size;

function statusIndex(status: MessageStatus | null): number {
  const index = STATUS_INDEX.get(status);
  if (index === undefined) throw new Error(`expected.json: unknown message status ${status}`);
  return index;
}

/** `","direction":"OUT","status":"Delivered"` (the end of the external id to the status). */
function statusPart(status: MessageStatus | null): Uint8Array {
  let part = OUTGOING_STATUS.get(status);
  if (part === undefined) {
    part = utf8(`","direction":"OUT","status":${JSON.stringify(status)}`);
    OUTGOING_STATUS.set(status, part);
  }
  return part;
}

/**
 * Conversation aggregates from its messages, in time order: shared by the generator (to
 * write the expectation) and verify (to recompute an org's conversations from their messages).
 */
export class ConversationAggregate {
  messageCount = 0;
  incomingCount = 0;
  lastMessageTime = '';
  lastIncomingTime: string | null = null;
  lastOutgoingTime: string | null = null;
  lastDirection: Direction = 'OUT';
  lastText = '';
  incomingSinceLastOutgoing = 0;
  primary: RecordRef | null = null;
  private primaryTime = '';

  /** Messages may come in any order; ties in time keep the first one seen as last. */
  add(direction: Direction, time: string, text: string, primary: RecordRef | null): void {
    this.messageCount++;
    if (direction === 'IN') {
      this.incomingCount++;
      if (this.lastIncomingTime === null || time > this.lastIncomingTime)
        this.lastIncomingTime = time;
    } else if (this.lastOutgoingTime === null || time > this.lastOutgoingTime) {
      this.lastOutgoingTime = time;
    }
    if (this.lastMessageTime === '' || time > this.lastMessageTime) {
      this.lastMessageTime = time;
      this.lastDirection = direction;
      this.lastText = text;
    }
    if (primary && (this.primary === null || time > this.primaryTime)) {
      this.primary = primary;
      this.primaryTime = time;
    }
  }

  /** Needs the incoming times: counts incoming messages after the last outgoing one. */
  static newCount(incomingTimes: readonly string[], lastOutgoingTime: string | null): number {
    if (lastOutgoingTime === null) return incomingTimes.length;
    let count = 0;
    for (const time of incomingTimes) if (time > lastOutgoingTime) count++;
    return count;
  }
}
