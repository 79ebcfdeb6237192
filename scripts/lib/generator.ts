import { Prng } from './prng.js';
import { phoneKey } from './phone.js';
import { conversationKey, previewOf, senderKey } from './keys.js';
import { normalizeStatus, type MessageStatus } from './status.js';
import { buildTextPool, companyName, firstName, lastName } from './texts.js';
import {
  type Direction,
  type ExpectedConversation,
  type ExpectedError,
  type ExpectedMessage,
  type ExpectedSender,
  type ExpectedSummary,
  type PrimaryObject,
  type RecordRef
} from './expected.js';

/**
 * The legacy 1.48 data generator (issue 6): leads, contacts and accounts with phones typed
 * in every SPEC §5 format, sender ids, outgoing history with raw provider statuses, incoming
 * messages in Incoming SMS or SMS History, and the expected post-migration result.
 * Deterministic: every choice comes from one seeded Prng, in a fixed order.
 * Streaming: messages are produced conversation by conversation and handed to the sink;
 * only people, numbers and conversation pair keys are held in memory.
 */

export type Mode = 'two-object' | 'single-object';

export interface GeneratorOptions {
  readonly messages: number;
  readonly seed: string;
  readonly mode: Mode;
  /** Share of incoming messages in conversations whose sender id both sends and receives. */
  readonly incomingShare: number;
  /** US or GB: the country whose national formats the typed phones use. */
  readonly defaultCountry: string;
}

/** A lookup target: the tree reference and the natural key used by CSV loads and expected.json. */
export interface ParentRef {
  readonly object: PrimaryObject | 'SMS_SenderId__c';
  readonly referenceId: string;
  readonly naturalKey: string;
}

export type FieldValue = string | boolean | null | ParentRef;

export interface ObjectLayout {
  readonly name: string;
  readonly columns: readonly string[];
  /** Column used by CSV loads to map a created row back to its reference. */
  readonly naturalKeyColumn?: string;
  /** Lookup columns and the object they point to (CSV holds the parent's natural key). */
  readonly lookups?: Readonly<Record<string, string>>;
}

export const LAYOUTS: readonly ObjectLayout[] = [
  { name: 'Account', columns: ['Name'], naturalKeyColumn: 'Name' },
  {
    name: 'Contact',
    columns: [
      'FirstName',
      'LastName',
      'Email',
      'AccountId',
      'MobilePhone',
      'Phone',
      'OtherPhone',
      'SMS_Opt_Out__c'
    ],
    naturalKeyColumn: 'Email',
    lookups: { AccountId: 'Account' }
  },
  {
    name: 'Lead',
    columns: [
      'FirstName',
      'LastName',
      'Company',
      'Email',
      'MobilePhone',
      'Phone',
      'SMS_Opt_Out__c'
    ],
    naturalKeyColumn: 'Email'
  },
  {
    name: 'SMS_SenderId__c',
    columns: ['senderId__c', 'Label__c'],
    naturalKeyColumn: 'senderId__c'
  },
  {
    name: 'SMSMagic__c',
    columns: [
      'external_field__c',
      'PhoneNumber__c',
      'senderId__c',
      'SMSText__c',
      'deliveryStatus__c',
      'Direction__c',
      'Name__c',
      'ObjectType__c',
      'Lead__c',
      'Contact__c',
      'Account__c',
      'CreatedDate'
    ],
    lookups: { Lead__c: 'Lead', Contact__c: 'Contact', Account__c: 'Account' }
  },
  {
    name: 'Incoming_SMS__c',
    columns: [
      'external_field__c',
      'Mobile_Number__c',
      'Inbound_Number__c',
      'SMS_Text__c',
      'Lead__c',
      'Contact__c',
      'CreatedDate'
    ],
    lookups: { Lead__c: 'Lead', Contact__c: 'Contact' }
  }
];

export function layoutOf(name: string): ObjectLayout {
  const layout = LAYOUTS.find((candidate) => candidate.name === name);
  if (!layout) throw new Error(`no layout for ${name}`);
  return layout;
}

/**
 * One legacy message as the generator made it: the fields of its row and of its expectation.
 * The generator reuses one draft for every message; a sink reads it during the call only.
 */
export interface MessageDraft {
  object: 'SMSMagic__c' | 'Incoming_SMS__c';
  /** The external id is `prefix` + `seq` zero-padded to 8 digits (`SMS-00000042`). */
  prefix: 'SMS-' | 'INC-';
  seq: number;
  direction: Direction;
  typedPhone: string;
  typedSender: string;
  text: string;
  /** The text's index in the generator's text pool (sinks may cache its encoding by it). */
  textId: number;
  /** The raw provider status of an outgoing message (deliveryStatus__c); null for incoming. */
  rawStatus: string | null;
  /** The normalized status (expected.json); null for incoming. */
  status: MessageStatus | null;
  /** Name__c and ObjectType__c of SMS History (the legacy lookup's record). */
  ownerName: string | null;
  objectType: PrimaryObject | null;
  lead: ParentRef | null;
  contact: ParentRef | null;
  account: ParentRef | null;
  /** CreatedDate, whole seconds since the epoch in ms. */
  time: number;
  phoneKey: string | null;
  primary: RecordRef | null;
  conversationKey: string | null;
}

/** A blank draft, for a writer that fills one draft per message and reuses it. */
export function newMessageDraft(): MessageDraft {
  return {
    object: 'SMSMagic__c',
    prefix: 'SMS-',
    seq: 0,
    direction: 'OUT',
    typedPhone: '',
    typedSender: '',
    text: '',
    textId: -1,
    rawStatus: null,
    status: null,
    ownerName: null,
    objectType: null,
    lead: null,
    contact: null,
    account: null,
    time: 0,
    phoneKey: null,
    primary: null,
    conversationKey: null
  };
}

export function externalIdOf(draft: MessageDraft): string {
  return draft.prefix + String(draft.seq).padStart(8, '0');
}

/** The row of a message in its object's layout (LAYOUTS order). */
export function messageRowValues(draft: MessageDraft): FieldValue[] {
  const at = isoSeconds(draft.time);
  if (draft.object === 'Incoming_SMS__c') {
    return [
      externalIdOf(draft),
      draft.typedPhone,
      draft.typedSender,
      draft.text,
      draft.lead,
      draft.contact,
      at
    ];
  }
  return [
    externalIdOf(draft),
    draft.typedPhone,
    draft.typedSender,
    draft.text,
    draft.rawStatus,
    draft.direction === 'IN' ? 'IN' : null,
    draft.ownerName,
    draft.objectType,
    draft.lead,
    draft.contact,
    draft.account,
    at
  ];
}

/** The expectation of a message (one `messages` entry of expected.json). */
export function expectedMessageOf(draft: MessageDraft): ExpectedMessage {
  return {
    object: draft.object,
    externalId: externalIdOf(draft),
    direction: draft.direction,
    status: draft.status,
    phoneKey: draft.phoneKey,
    primary: draft.primary,
    conversationKey: draft.conversationKey,
    time: isoSeconds(draft.time)
  };
}

/** Where generated rows go (tree plan files, CSV files, or memory in tests). */
export interface RecordSink {
  write(
    object: string,
    referenceId: string,
    values: readonly FieldValue[]
  ): Promise<void> | undefined;
  /**
   * A message row straight from the draft (the CSV sink encodes its fields without building
   * the row); without it, the generator calls write() with messageRowValues(draft).
   */
  writeMessage?(draft: MessageDraft): Promise<void> | undefined;
}

/** Where the expectation goes. */
export interface ExpectationSink {
  message(message: ExpectedMessage): Promise<void> | undefined;
  /** A message's expectation straight from the draft; without it, message(expectedMessageOf(draft)). */
  messageDraft?(draft: MessageDraft): Promise<void> | undefined;
  conversation(
    conversation: import('./expected.js').ExpectedConversation
  ): Promise<void> | undefined;
}

export interface GeneratorResult {
  readonly senders: ExpectedSender[];
  readonly errors: ExpectedError[];
  readonly summary: ExpectedSummary;
}

interface PhoneNumber {
  readonly country: 'US' | 'GB';
  readonly national: string;
  readonly key: string;
}

interface Person {
  readonly object: 'Contact' | 'Lead';
  readonly ref: ParentRef;
  readonly name: string;
  readonly priority: number;
  readonly account: ParentRef | null;
  readonly numbers: PhoneNumber[];
  /** The person as a message's primary record, and its account (messages share these). */
  readonly primary: RecordRef;
  readonly accountPrimary: RecordRef | null;
}

interface Sender {
  readonly ref: ParentRef;
  readonly typedCanonical: string;
  readonly key: string;
  readonly number: PhoneNumber | null;
  readonly role: 'Both' | 'Incoming' | 'Outgoing';
  /** Typed forms of a numeric sender id (none for an alphanumeric one). */
  readonly variants: readonly string[];
  sent: boolean;
  received: boolean;
}

const US_AREAS = [
  '415',
  '628',
  '212',
  '646',
  '312',
  '213',
  '310',
  '617',
  '206',
  '512',
  '303',
  '404',
  '702',
  '305'
];
const UNPARSEABLE = ['abc', '', '12345', 'n/a', 'call me', '555-01', '   '];
const RAW_STATUSES: readonly [string, number][] = [
  ['DELIVRD', 30],
  ['Delivered', 15],
  ['delivered', 3],
  ['SENT', 6],
  ['Sent', 4],
  ['ENROUTE', 2],
  ['ACCEPTD', 2],
  ['UNDELIV', 4],
  ['Undelivered', 2],
  ['FAILED', 3],
  ['failed', 1],
  ['REJECTD', 2],
  ['EXPIRED', 2],
  ['queued', 2],
  ['Queued', 1],
  ['Pending', 2],
  ['', 8],
  ['UNKNOWN', 3],
  ['ERR_042', 2],
  ['BLOCKED', 2]
];
/** The normalized status of each raw status the generator types. */
const STATUS_OF = new Map<string, MessageStatus>(
  RAW_STATUSES.map(([raw]) => [raw, normalizeStatus(raw)])
);
const START_TIME = Date.UTC(2019, 0, 1);
const END_TIME = Date.UTC(2025, 5, 30);
const TEXT_POOL_SIZE = 4096;

/** Picks by weight in O(1): a table with one slot per unit of weight. */
function weightedPicker(prng: Prng, entries: readonly [string, number][]): () => string {
  const table: string[] = [];
  for (const [value, weight] of entries) for (let i = 0; i < weight; i++) table.push(value);
  return () => table[Math.floor(prng.next() * table.length)] as string;
}

const DAY_MS = 86_400_000;
/** `YYYY-MM-DDT` by day number: conversations jump between days, so one cached day is not enough. */
const dayPrefixes = new Map<number, string>();

/** "00" … "59" */
const PAD2: readonly string[] = Array.from({ length: 60 }, (_, value) =>
  value < 10 ? `0${value}` : String(value)
);

/** ISO 8601 UTC of a whole-second time (`2021-02-14T17:30:22.000Z`), the date part cached. */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  return (
    prefix +
    (PAD2[hours] as string) +
    ':' +
    (PAD2[minutes] as string) +
    ':' +
    (PAD2[seconds % 60] as string) +
    '.000Z'
  );
}

/** A conversation being written and its aggregates (times only grow: the last message is the latest). */
class ConversationInProgress {
  written = 0;
  incomingCount = 0;
  lastIncomingTime = -1;
  lastOutgoingTime = -1;
  lastDirection: Direction = 'OUT';
  lastText = '';
  primary: RecordRef | null = null;
  incomingSinceLastOutgoing = 0;

  constructor(
    readonly sender: Sender,
    readonly phoneKey: string,
    readonly key: string,
    readonly owners: readonly Person[],
    readonly match: Person | 'ambiguous' | null,
    readonly variants: readonly string[],
    readonly length: number,
    /** The time of the last message written (the start before the first). */
    public time: number,
    readonly meanGap: number
  ) {}

  add(direction: Direction, text: string, primary: RecordRef | null): void {
    this.lastDirection = direction;
    this.lastText = text;
    if (primary !== null) this.primary = primary;
    if (direction === 'OUT') {
      this.lastOutgoingTime = this.time;
      this.incomingSinceLastOutgoing = 0;
    } else {
      this.lastIncomingTime = this.time;
      this.incomingCount++;
      this.incomingSinceLastOutgoing++;
    }
  }

  expected(): ExpectedConversation {
    const lastIn = this.lastDirection === 'IN';
    return {
      key: this.key,
      senderKey: this.sender.key,
      senderId: this.sender.typedCanonical,
      recipientKey: this.phoneKey,
      primary: this.primary,
      messageCount: this.written,
      incomingCount: this.incomingCount,
      lastMessageTime: isoSeconds(this.time),
      lastIncomingTime: this.lastIncomingTime < 0 ? null : isoSeconds(this.lastIncomingTime),
      lastOutgoingTime: this.lastOutgoingTime < 0 ? null : isoSeconds(this.lastOutgoingTime),
      lastMessageDirection: this.lastDirection,
      preview: previewOf(this.lastText),
      isUnread: lastIn,
      newCount: lastIn ? this.incomingSinceLastOutgoing : 0,
      allIncomingUnread: {
        isUnread: this.incomingCount > 0,
        newCount: this.incomingCount
      }
    };
  }
}

export class LegacyDataGenerator {
  private readonly prng: Prng;
  private readonly usedKeys = new Set<string>();
  private readonly owners = new Map<string, Person[]>();
  private readonly people: Person[] = [];
  private readonly peopleWithNumbers: Person[] = [];
  private readonly senders: Sender[] = [];
  private readonly errors: ExpectedError[] = [];
  private readonly recordCounts: Record<string, number> = {};
  private readonly country: 'US' | 'GB';
  private readonly pickStatus: () => string;
  private texts: string[] = [];
  private smsSeq = 0;
  private incomingSeq = 0;
  private outgoing = 0;
  private incoming = 0;
  private conversations = 0;

  constructor(
    private readonly options: GeneratorOptions,
    private readonly sink: RecordSink,
    private readonly expected: ExpectationSink,
    private readonly onProgress: (messagesDone: number) => void = () => {}
  ) {
    if (!Number.isInteger(options.messages) || options.messages < 1) {
      throw new Error(`--messages must be a positive integer, got ${options.messages}`);
    }
    if (!(options.incomingShare >= 0 && options.incomingShare <= 1)) {
      throw new Error(`--incoming-share must be between 0 and 1, got ${options.incomingShare}`);
    }
    const country = options.defaultCountry.toUpperCase();
    if (country !== 'US' && country !== 'GB') {
      throw new Error(
        `the seed generates numbers for --default-country US or GB, got "${options.defaultCountry}"`
      );
    }
    this.country = country;
    this.prng = new Prng(options.seed);
    this.pickStatus = weightedPicker(this.prng, RAW_STATUSES);
  }

  async run(): Promise<GeneratorResult> {
    this.texts = buildTextPool(this.prng, TEXT_POOL_SIZE);
    await this.writePeople();
    await this.writeSenders();
    await this.writeConversations();
    const senders: ExpectedSender[] = this.senders.map((sender) => ({
      senderId: sender.typedCanonical,
      senderKey: sender.key,
      usedFor:
        sender.sent && sender.received
          ? 'Both'
          : sender.sent
            ? 'Outgoing'
            : sender.received
              ? 'Incoming'
              : null
    }));
    const summary: ExpectedSummary = {
      seed: this.options.seed,
      mode: this.options.mode,
      defaultCountry: this.country,
      messages: this.options.messages,
      outgoing: this.outgoing,
      incoming: this.incoming,
      conversations: this.conversations,
      errors: this.errors.length,
      records: { ...this.recordCounts }
    };
    return { senders, errors: this.errors, summary };
  }

  // ---------------------------------------------------------------------------------------
  // people

  private pending: Promise<void>[] = [];

  /** Keeps a sink's back-pressure promise; the conversation loop awaits them (rarely any). */
  private track(result: Promise<void> | undefined): void {
    if (result) this.pending.push(result);
  }

  private async drain(): Promise<void> {
    const waiting = this.pending;
    this.pending = [];
    await Promise.all(waiting);
  }

  private write(
    object: string,
    referenceId: string,
    values: FieldValue[]
  ): Promise<void> | undefined {
    this.recordCounts[object] = (this.recordCounts[object] ?? 0) + 1;
    return this.sink.write(object, referenceId, values);
  }

  private newNumber(country: 'US' | 'GB'): PhoneNumber {
    for (;;) {
      const national =
        country === 'US'
          ? `${this.prng.pick(US_AREAS)}${this.prng.int(200, 999)}${String(this.prng.int(0, 9999)).padStart(4, '0')}`
          : `7${String(this.prng.int(0, 999999999)).padStart(9, '0')}`;
      const key = (country === 'US' ? '1' : '44') + national;
      if (!this.usedKeys.has(key)) {
        this.usedKeys.add(key);
        return { country, national, key };
      }
    }
  }

  private randomCountry(): 'US' | 'GB' {
    const foreign: 'US' | 'GB' = this.country === 'US' ? 'GB' : 'US';
    return this.prng.chance(0.15) ? foreign : this.country;
  }

  /** The number typed the way people type it; national formats only for the default country. */
  typed(number: PhoneNumber): string {
    // the same draw as pickVariant(variantsOf(number)), building only the form drawn
    return this.variantAt(number, this.prng.int(0, this.variantCount(number) - 1));
  }

  /** One typed form, chosen with one PRNG draw. */
  private pickVariant(variants: readonly string[]): string {
    return variants[this.prng.int(0, variants.length - 1)] as string;
  }

  /** Every way the number is typed; national formats only for the default country. */
  variantsOf(number: PhoneNumber): string[] {
    const variants: string[] = [];
    for (let i = 0; i < this.variantCount(number); i++) variants.push(this.variantAt(number, i));
    return variants;
  }

  private variantCount(number: PhoneNumber): number {
    const domestic = number.country === this.country;
    if (number.country === 'US') return domestic ? 7 : 3;
    return domestic ? 6 : 4;
  }

  /** Typed form `index` of the number (see variantCount). */
  private variantAt(number: PhoneNumber, index: number): string {
    const n = number.national;
    if (number.country === 'US') {
      const a = n.slice(0, 3);
      const b = n.slice(3, 6);
      const c = n.slice(6);
      if (number.country !== this.country) {
        return index === 0
          ? `+1 ${a} ${b} ${c}`
          : index === 1
            ? `001 ${a} ${b} ${c}`
            : `+1 (${a}) ${b}-${c}`;
      }
      switch (index) {
        case 0:
          return `(${a}) ${b}-${c}`;
        case 1:
          return `${a}.${b}.${c}`;
        case 2:
          return n;
        case 3:
          return `1-${a}-${b}-${c}`;
        case 4:
          return `+1 ${a} ${b} ${c}`;
        case 5:
          return `+1${n}`;
        default:
          return `${a}-${b}-${c}`;
      }
    }
    const p1 = n.slice(0, 4);
    const p2 = n.slice(4);
    switch (index) {
      case 0:
        return `+44 ${p1} ${p2}`;
      case 1:
        return `0044 ${p1} ${p2}`;
      case 2:
        return `+44 (0)${p1} ${p2}`;
      case 3:
        return `+44${n}`;
      case 4:
        return `0${p1} ${p2}`;
      default:
        return `0${n}`;
    }
  }

  private async writePeople(): Promise<void> {
    const total = Math.max(20, Math.min(50_000, Math.round(this.options.messages / 20)));
    const accountCount = Math.max(3, Math.round(total / 10));
    const accounts: ParentRef[] = [];
    for (let i = 1; i <= accountCount; i++) {
      const ref: ParentRef = {
        object: 'Account',
        referenceId: `Account${i}`,
        naturalKey: companyName(this.prng, i)
      };
      accounts.push(ref);
      await this.write('Account', ref.referenceId, [ref.naturalKey]);
    }
    for (let i = 1; i <= total; i++) {
      const object: 'Contact' | 'Lead' = this.prng.chance(0.55) ? 'Contact' : 'Lead';
      const first = firstName(this.prng);
      const last = lastName(this.prng);
      const email = `${first}.${last}.${object === 'Contact' ? 'c' : 'l'}${i}@example.com`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z0-9.@]/g, '');
      const ref: ParentRef = { object, referenceId: `${object}${i}`, naturalKey: email };
      const account = object === 'Contact' ? this.prng.pick(accounts) : null;
      const person: Person = {
        object,
        ref,
        name: `${first} ${last}`,
        priority: object === 'Contact' ? 1 : 2,
        account,
        numbers: [],
        primary: { object, key: email },
        accountPrimary: account ? { object: 'Account', key: account.naturalKey } : null
      };
      const fieldCount = object === 'Contact' ? 3 : 2;
      const typedFields: (string | null)[] = [];
      for (let field = 0; field < fieldCount; field++) {
        typedFields.push(this.phoneFieldValue(person, field));
      }
      const optOut = this.prng.chance(0.04);
      this.people.push(person);
      if (person.numbers.length > 0) this.peopleWithNumbers.push(person);
      if (object === 'Contact') {
        await this.write('Contact', ref.referenceId, [
          first,
          last,
          email,
          person.account,
          ...typedFields,
          optOut
        ]);
      } else {
        const company = `${last} ${this.prng.pick(['Plumbing', 'Dental', 'Consulting', 'Bakery', 'Studio'])}`;
        await this.write('Lead', ref.referenceId, [
          first,
          last,
          company,
          email,
          ...typedFields,
          optOut
        ]);
      }
    }
  }

  /** Typed value of phone field `field` (0 = MobilePhone) and the number behind it. */
  private phoneFieldValue(person: Person, field: number): string | null {
    const roll = this.prng.next();
    if (field === 0) {
      if (roll < 0.03) return null;
      if (roll < 0.04) return this.prng.pick(['n/a', 'none', '555']);
      if (roll < 0.08 && this.peopleWithNumbers.length > 0) {
        // shared with another record: Contact beats Lead; two of the same kind are ambiguous
        const other = this.prng.pick(this.peopleWithNumbers);
        return this.link(person, this.prng.pick(other.numbers));
      }
      return this.link(person, this.newNumber(this.randomCountry()));
    }
    const first = person.numbers[0];
    if (roll < 0.1 && first) return this.link(person, first); // same number, another format
    if (roll < (field === 1 ? 0.45 : 0.2))
      return this.link(person, this.newNumber(this.randomCountry()));
    return null;
  }

  private link(person: Person, number: PhoneNumber): string {
    if (!person.numbers.includes(number)) {
      person.numbers.push(number);
      const list = this.owners.get(number.key);
      if (list) list.push(person);
      else this.owners.set(number.key, [person]);
    }
    return this.typed(number);
  }

  // ---------------------------------------------------------------------------------------
  // senders

  private async writeSenders(): Promise<void> {
    const numeric: ['Both' | 'Incoming' | 'Outgoing', string][] = [
      ['Both', 'Main line'],
      ['Both', 'Support'],
      ['Both', 'Clinic'],
      ['Incoming', 'Inbound only'],
      ['Outgoing', 'Notifications']
    ];
    let index = 0;
    for (const [role, label] of numeric) {
      const number = this.newNumber(
        index === 2 ? (this.country === 'US' ? 'GB' : 'US') : this.country
      );
      const canonical = this.canonicalTyped(number);
      this.addSender(canonical, label, number, role, ++index);
    }
    for (const alpha of ['Converse', 'ACMEALERTS', 'Clinic2Go']) {
      this.addSender(alpha, `Alphanumeric ${alpha}`, null, 'Outgoing', ++index);
    }
    for (const sender of this.senders) {
      await this.write('SMS_SenderId__c', sender.ref.referenceId, [
        sender.typedCanonical,
        this.labelOf(sender)
      ]);
    }
  }

  private readonly labels = new Map<string, string>();

  private labelOf(sender: Sender): string {
    return this.labels.get(sender.key) ?? '';
  }

  private addSender(
    canonical: string,
    label: string,
    number: PhoneNumber | null,
    role: 'Both' | 'Incoming' | 'Outgoing',
    index: number
  ): void {
    const key = senderKey(canonical, this.country);
    this.labels.set(key, label);
    this.senders.push({
      ref: { object: 'SMS_SenderId__c', referenceId: `Sender${index}`, naturalKey: canonical },
      typedCanonical: canonical,
      key,
      number,
      role,
      variants: number ? this.variantsOf(number) : [],
      sent: false,
      received: false
    });
  }

  private canonicalTyped(number: PhoneNumber): string {
    const n = number.national;
    return number.country === 'US'
      ? `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`
      : `+44 ${n.slice(0, 4)} ${n.slice(4)}`;
  }

  private typedSender(sender: Sender): string {
    if (sender.variants.length > 0) {
      return this.prng.chance(0.5) ? sender.typedCanonical : this.pickVariant(sender.variants);
    }
    const roll = this.prng.next();
    if (roll < 0.1) return ` ${sender.typedCanonical} `;
    if (roll < 0.15) return sender.typedCanonical.toUpperCase();
    return sender.typedCanonical;
  }

  // ---------------------------------------------------------------------------------------
  // conversations and messages

  private async writeConversations(): Promise<void> {
    const total = this.options.messages;
    const pairs = new Set<string>();
    let done = 0;
    let nextProgress = 10_000;
    let first = true;
    while (done < total) {
      const remaining = total - done;
      let length: number;
      if (first) {
        // one number with a very long history (tens of thousands of messages at scale)
        length = Math.min(remaining, Math.max(20, Math.min(50_000, Math.round(total * 0.05))));
      } else if (this.prng.chance(0.05)) {
        length = Math.min(remaining, this.prng.int(50, 500));
      } else {
        length = Math.min(remaining, 1 + Math.floor(this.prng.exponential(6)));
      }
      if (!first && this.prng.chance(0.01)) {
        await this.writeUnparseableMessages(length);
      } else {
        await this.writeConversation(length, pairs, first);
      }
      first = false;
      done += length;
      if (done >= nextProgress) {
        this.onProgress(done);
        nextProgress = done + 10_000;
      }
    }
    this.onProgress(done);
  }

  private pickNumber(preferContact: boolean): PhoneNumber {
    if (preferContact) {
      const contacts = this.peopleWithNumbers.filter((person) => person.object === 'Contact');
      if (contacts.length > 0) return this.prng.pick(contacts).numbers[0] as PhoneNumber;
    }
    if (this.peopleWithNumbers.length > 0 && this.prng.chance(0.85)) {
      return this.prng.pick(this.prng.pick(this.peopleWithNumbers).numbers);
    }
    return this.newNumber(this.randomCountry()); // a number on no record
  }

  private async writeConversation(
    length: number,
    pairs: Set<string>,
    heavy: boolean
  ): Promise<void> {
    let number: PhoneNumber;
    let sender: Sender;
    let pair: string;
    let attempts = 0;
    do {
      number = this.pickNumber(heavy && attempts === 0);
      sender = heavy ? (this.senders[0] as Sender) : this.prng.pick(this.senders);
      pair = `${sender.key}|${number.key}`;
      attempts++;
    } while (pairs.has(pair) && attempts < 50);
    if (pairs.has(pair)) {
      number = this.newNumber(this.randomCountry());
      pair = `${sender.key}|${number.key}`;
    }
    pairs.add(pair);
    this.conversations++;
    const owners = this.owners.get(number.key) ?? [];
    const span = Math.min(3 * 365 * 86_400_000, length * 2 * 86_400_000);
    const conversation = new ConversationInProgress(
      sender,
      number.key,
      conversationKey(sender.key, number.key),
      owners,
      this.lookup(owners),
      this.variantsOf(number),
      length,
      START_TIME + Math.floor(this.prng.next() * (END_TIME - START_TIME - span)),
      Math.max(1000, span / length)
    );
    // the messages are written by a plain method that returns when a sink asks to wait: an
    // async function that loops over them is optimized on the stack and thrown away at every
    // conversation's end (a deoptimization per conversation, then a recompilation)
    while (conversation.written < length) {
      this.writeConversationMessages(conversation);
      if (this.pending.length > 0) await this.drain();
    }
    await this.expected.conversation(conversation.expected());
  }

  /** Writes the conversation's next messages, until its end or until a sink asks to wait. */
  private writeConversationMessages(c: ConversationInProgress): void {
    const { sender, owners, variants } = c;
    while (c.written < c.length) {
      c.time += Math.max(1000, Math.round(this.prng.exponential(c.meanGap) / 1000) * 1000);
      const direction = this.directionFor(sender);
      const typedPhone = this.pickVariant(variants);
      const textId = this.pickText();
      const primary =
        direction === 'OUT'
          ? this.writeOutgoing(sender, typedPhone, textId, c.time, owners, c.phoneKey, c.key)
          : this.writeIncoming(
              sender,
              typedPhone,
              textId,
              c.time,
              owners,
              c.match,
              c.phoneKey,
              c.key
            );
      c.written++;
      c.add(direction, this.texts[textId] as string, primary);
      if (this.pending.length > 0) return;
    }
  }

  private directionFor(sender: Sender): Direction {
    if (sender.role === 'Outgoing') return 'OUT';
    if (sender.role === 'Incoming') return 'IN';
    return this.prng.chance(this.options.incomingShare) ? 'IN' : 'OUT';
  }

  /** A text of the pool by index (the same draw as prng.pick(this.texts)). */
  private pickText(): number {
    if (this.texts.length === 0) throw new Error('Prng.pick: empty list');
    return Math.floor(this.prng.next() * this.texts.length);
  }

  private legacyLookup(owners: readonly Person[], probability: number): Person | null {
    if (owners.length === 0 || !this.prng.chance(probability)) return null;
    return this.prng.pick(owners);
  }

  /** The message being written: one object for every message, read by the sinks during the call. */
  private readonly draft: MessageDraft = newMessageDraft();

  /** Hands the draft to both sinks. */
  private emit(draft: MessageDraft): void {
    this.recordCounts[draft.object] = (this.recordCounts[draft.object] ?? 0) + 1;
    const sink = this.sink;
    this.track(
      sink.writeMessage
        ? sink.writeMessage(draft)
        : sink.write(draft.object, externalIdOf(draft), messageRowValues(draft))
    );
    const expected = this.expected;
    this.track(
      expected.messageDraft
        ? expected.messageDraft(draft)
        : expected.message(expectedMessageOf(draft))
    );
  }

  private writeOutgoing(
    sender: Sender,
    typedPhone: string,
    textId: number,
    time: number,
    owners: readonly Person[],
    phoneKeyValue: string | null,
    convKey: string | null
  ): RecordRef | null {
    sender.sent = true;
    this.outgoing++;
    const draft = this.draft;
    draft.object = 'SMSMagic__c';
    draft.prefix = 'SMS-';
    draft.seq = ++this.smsSeq;
    draft.direction = 'OUT';
    draft.lead = null;
    draft.contact = null;
    draft.account = null;
    draft.objectType = null;
    draft.ownerName = null;
    draft.primary = null;
    const owner = this.legacyLookup(owners, 0.9);
    if (owner) {
      draft.ownerName = owner.name;
      if (owner.account && this.prng.chance(0.05)) {
        draft.account = owner.account;
        draft.objectType = 'Account';
        draft.primary = owner.accountPrimary;
      } else {
        if (owner.object === 'Lead') draft.lead = owner.ref;
        else draft.contact = owner.ref;
        draft.objectType = owner.object;
        draft.primary = owner.primary;
      }
    }
    const raw = this.pickStatus();
    draft.rawStatus = raw;
    draft.status = STATUS_OF.get(raw) ?? normalizeStatus(raw);
    draft.typedPhone = typedPhone;
    return this.emitMessage(sender, textId, time, phoneKeyValue, convKey);
  }

  private writeIncoming(
    sender: Sender,
    typedPhone: string,
    textId: number,
    time: number,
    owners: readonly Person[],
    match: Person | 'ambiguous' | null,
    phoneKeyValue: string | null,
    convKey: string | null
  ): RecordRef | null {
    sender.received = true;
    this.incoming++;
    const twoObject = this.options.mode === 'two-object';
    const draft = this.draft;
    draft.object = twoObject ? 'Incoming_SMS__c' : 'SMSMagic__c';
    draft.prefix = twoObject ? 'INC-' : 'SMS-';
    draft.seq = twoObject ? ++this.incomingSeq : ++this.smsSeq;
    draft.direction = 'IN';
    draft.typedPhone = typedPhone;
    const legacy = this.legacyLookup(owners, 0.25);
    draft.primary = null;
    if (legacy) {
      draft.primary = legacy.primary;
    } else if (phoneKeyValue !== null) {
      if (match === 'ambiguous') {
        this.errors.push({
          object: draft.object,
          externalId: externalIdOf(draft),
          reason: 'ambiguous match',
          steps: [twoObject ? 5 : 6],
          value: typedPhone
        });
      } else if (match) {
        draft.primary = match.primary;
      }
    } else {
      this.errors.push({
        object: draft.object,
        externalId: externalIdOf(draft),
        reason: 'unparseable phone',
        steps: twoObject ? [5] : [3],
        value: typedPhone
      });
    }
    draft.lead = legacy?.object === 'Lead' ? legacy.ref : null;
    draft.contact = legacy?.object === 'Contact' ? legacy.ref : null;
    draft.account = null;
    draft.ownerName = legacy ? legacy.name : null;
    draft.objectType = legacy ? legacy.object : null;
    draft.rawStatus = null;
    draft.status = null;
    return this.emitMessage(sender, textId, time, phoneKeyValue, convKey);
  }

  /** Fills the fields every message has, hands the draft to the sinks, returns its primary. */
  private emitMessage(
    sender: Sender,
    textId: number,
    time: number,
    phoneKeyValue: string | null,
    convKey: string | null
  ): RecordRef | null {
    const draft = this.draft;
    draft.typedSender = this.typedSender(sender);
    draft.text = this.texts[textId] as string;
    draft.textId = textId;
    draft.time = time;
    draft.phoneKey = phoneKeyValue;
    draft.conversationKey = convKey;
    this.emit(draft);
    return draft.primary;
  }

  /** SPEC §5: one match links; several follow the MOC priority; a tie is ambiguous. */
  private lookup(owners: readonly Person[]): Person | 'ambiguous' | null {
    if (owners.length === 0) return null;
    const best = Math.min(...owners.map((person) => person.priority));
    const top = owners.filter((person) => person.priority === best);
    return top.length === 1 ? (top[0] as Person) : 'ambiguous';
  }

  /** Messages whose customer number cannot be parsed: no key, no conversation, an error each. */
  private async writeUnparseableMessages(length: number): Promise<void> {
    const sender = this.prng.pick(
      this.senders.filter((candidate) => candidate.role !== 'Incoming')
    );
    let time =
      START_TIME + Math.floor(this.prng.next() * (END_TIME - START_TIME - 86_400_000 * length));
    for (let i = 0; i < length; i++) {
      time += 60_000 * this.prng.int(1, 600);
      const typedPhone = this.prng.pick(UNPARSEABLE);
      if (phoneKey(typedPhone, this.country).ok)
        throw new Error(`generator bug: "${typedPhone}" parses`);
      const textId = this.pickText();
      const direction = sender.role === 'Both' ? this.directionFor(sender) : 'OUT';
      if (direction === 'OUT') {
        const externalId = `SMS-${String(this.smsSeq + 1).padStart(8, '0')}`;
        this.errors.push({
          object: 'SMSMagic__c',
          externalId,
          reason: 'unparseable phone',
          steps: [3],
          value: typedPhone
        });
        this.writeOutgoing(sender, typedPhone, textId, time, [], null, null);
      } else {
        this.writeIncoming(sender, typedPhone, textId, time, [], null, null, null);
      }
      if (this.pending.length > 0) await this.drain();
    }
  }
}
