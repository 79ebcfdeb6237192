import { BufferedWriter } from './csv.js';
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
 * messages, conversations, senders, errors, summary; conversations are written as they close.
 */
export class ExpectedWriter {
  private readonly out: BufferedWriter;
  private messageCount = 0;
  private readonly conversationLines: BufferedWriter;
  private conversationCount = 0;
  private readonly conversationsPath: string;

  constructor(readonly path: string) {
    this.out = new BufferedWriter(path);
    this.out.append('{\n"messages": [\n');
    this.conversationsPath = `${path}.conversations.tmp`;
    this.conversationLines = new BufferedWriter(this.conversationsPath);
  }

  /** `,"phoneKey":…,"primary":` and `,"conversationKey":…,"time":"` of the last message: a conversation's messages share them. */
  private lastPhoneKey: string | null = null;
  private lastConversationKey: string | null = null;
  private phoneKeyPart = ',"phoneKey":null,"primary":';
  private conversationKeyPart = ',"conversationKey":null,"time":"';
  /** `{"object":…,"key":…}` by primary object and key (people repeat across messages). */
  private readonly primaryParts = new Map<string, string>();

  /**
   * The text of JSON.stringify(message), built by hand: it runs once per message. The
   * external id and time are generated from digits and letters (`SMS-00000001`, ISO 8601)
   * and the status is a known constant, so only the keys can need escaping.
   */
  message(message: ExpectedMessage): Promise<void> | undefined {
    if (message.phoneKey !== this.lastPhoneKey) {
      this.lastPhoneKey = message.phoneKey;
      this.phoneKeyPart = `,"phoneKey":${jsonOrNull(message.phoneKey)},"primary":`;
    }
    if (message.conversationKey !== this.lastConversationKey) {
      this.lastConversationKey = message.conversationKey;
      this.conversationKeyPart = `,"conversationKey":${jsonOrNull(message.conversationKey)},"time":"`;
    }
    let primary = 'null';
    if (message.primary !== null) {
      const cacheKey = message.primary.object + message.primary.key;
      const cached = this.primaryParts.get(cacheKey);
      if (cached === undefined) {
        primary = `{"object":"${message.primary.object}","key":${jsonString(message.primary.key)}}`;
        if (this.primaryParts.size < 200_000) this.primaryParts.set(cacheKey, primary);
      } else primary = cached;
    }
    const line =
      (this.messageCount++ === 0 ? '{"object":"' : ',\n{"object":"') +
      message.object +
      '","externalId":' +
      safeJsonString(message.externalId) +
      (message.direction === 'OUT'
        ? ',"direction":"OUT","status":'
        : ',"direction":"IN","status":') +
      (message.status === null ? 'null' : '"' + message.status + '"') +
      this.phoneKeyPart +
      primary +
      this.conversationKeyPart +
      safeTime(message.time) +
      '"}';
    return this.out.append(line);
  }

  conversation(conversation: ExpectedConversation): Promise<void> | undefined {
    const line = (this.conversationCount++ === 0 ? '' : ',\n') + JSON.stringify(conversation);
    return this.conversationLines.append(line);
  }

  async close(
    senders: readonly ExpectedSender[],
    errors: readonly ExpectedError[],
    summary: ExpectedSummary
  ): Promise<void> {
    await this.out.append('\n],\n"conversations": [\n');
    await this.conversationLines.close();
    const { createReadStream } = await import('node:fs');
    for await (const chunk of createReadStream(this.conversationsPath, { encoding: 'utf8' })) {
      await this.out.append(chunk as string);
    }
    const { unlinkSync } = await import('node:fs');
    unlinkSync(this.conversationsPath);
    await this.out.append('\n],\n"senders": [\n');
    await this.out.append(senders.map((sender) => JSON.stringify(sender)).join(',\n'));
    await this.out.append('\n],\n"errors": [\n');
    for (let i = 0; i < errors.length; i++) {
      await this.out.append((i === 0 ? '' : ',\n') + JSON.stringify(errors[i]));
    }
    await this.out.append('\n],\n"summary": ' + JSON.stringify(summary, null, 2) + '\n}\n');
    await this.out.close();
  }
}

const JSON_ESCAPES = /["\\\u0000-\u001f\u2028\u2029]/;

function jsonString(value: string): string {
  return JSON_ESCAPES.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** An external id as a JSON string; checked cheaply (letters, digits and `-` need no escaping). */
function safeJsonString(value: string): string {
  return SAFE_ID.test(value) ? '"' + value + '"' : jsonString(value);
}

const SAFE_ID = /^[A-Za-z0-9-]*$/;

/** An ISO 8601 time as the inside of a JSON string (the generator's times need no escaping). */
function safeTime(value: string): string {
  return JSON_ESCAPES.test(value) ? JSON.stringify(value).slice(1, -1) : value;
}

function jsonOrNull(value: string | null): string {
  return value === null ? 'null' : jsonString(value);
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
