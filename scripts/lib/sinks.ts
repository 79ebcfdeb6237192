import { join } from 'node:path';
import { CsvWriter } from './csv.js';
import { ByteWriter, EncodedCache, csvEscape } from './seed-bytes.js';
import { TreePlanWriter, treeRef, type TreeValue } from './tree.js';
import {
  LAYOUTS,
  layoutOf,
  type FieldValue,
  type MessageDraft,
  type ObjectLayout,
  type ParentRef,
  type RecordSink
} from './generator.js';

function isParent(value: FieldValue): value is ParentRef {
  return typeof value === 'object' && value !== null;
}

/** `sf data tree import` files: lookups as `@referenceId`, empty fields left out. */
export class TreeSink implements RecordSink {
  private readonly writer: TreePlanWriter;

  constructor(dir: string, objects: readonly string[]) {
    this.writer = new TreePlanWriter(dir);
    for (const object of objects) this.writer.declare(object);
  }

  write(object: string, referenceId: string, values: readonly FieldValue[]): undefined {
    const layout = layoutOf(object);
    const fields: Record<string, TreeValue> = {};
    for (let i = 0; i < layout.columns.length; i++) {
      const value = values[i] ?? null;
      if (value === null) continue;
      fields[layout.columns[i] as string] = isParent(value) ? treeRef(value.referenceId) : value;
    }
    this.writer.add(object, { referenceId, fields });
    return undefined;
  }

  /** Returns the plan path. */
  close(): string {
    return this.writer.close();
  }
}

/**
 * One CSV file per object (`<Object>.csv`), header = field API names. Lookup columns hold
 * the parent's natural key (Email of a Contact or Lead, Name of an Account); the Bulk API
 * loader replaces them with the record ids of the parents it created.
 *
 * Fields are encoded straight into the file's byte writer: no row string, no value array for
 * messages (writeMessage), message texts escaped and encoded once per distinct text.
 */
export class CsvSink implements RecordSink {
  private readonly writers = new Map<string, CsvWriter>();
  /** Long values that repeat (pooled message texts), escaped and encoded once. */
  private readonly longValues = new EncodedCache(csvEscape);
  /** `value,` of few distinct strings (sender ids, statuses), escaped and encoded once. */
  private readonly fewValues = new EncodedCache((value) => csvEscape(value) + ',', 10_000);
  /** `text,` of message texts by their pool index. */
  private readonly texts: ({ text: string; bytes: Uint8Array } | null)[] = [];
  /** The owner columns of message rows, by their first lookup parent (see ownerPart). */
  private readonly owners = new Map<ParentRef | null, OwnerPart[]>();
  private ownerParts = 0;

  constructor(
    readonly dir: string,
    objects: readonly string[]
  ) {
    for (const object of objects) {
      const layout = layoutOf(object);
      this.writers.set(object, new CsvWriter(join(dir, `${object}.csv`), layout.columns));
    }
  }

  private writerOf(object: string): CsvWriter {
    const writer = this.writers.get(object);
    if (!writer) throw new Error(`CSV sink: object ${object} was not declared`);
    return writer;
  }

  write(
    object: string,
    _referenceId: string,
    values: readonly FieldValue[]
  ): Promise<void> | undefined {
    const writer = this.writerOf(object);
    const out = writer.out;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? null;
      if (i > 0) out.byte(COMMA);
      if (value === null) continue;
      if (typeof value === 'string') this.field(out, value);
      else if (typeof value === 'boolean') out.ascii(value ? 'true' : 'false');
      else out.csv(value.naturalKey);
    }
    out.byte(CR);
    out.byte(LF);
    writer.rows++;
    return out.pressure();
  }

  private field(out: ByteWriter, value: string): void {
    if (value.length > 40) out.bytes(this.longValues.get(value));
    else out.csv(value);
  }

  /** `text,` (a pooled text encoded once). */
  private text(out: ByteWriter, draft: MessageDraft): void {
    const id = draft.textId;
    if (id < 0 || id >= 65_536) {
      this.field(out, draft.text);
      out.byte(COMMA);
      return;
    }
    while (this.texts.length <= id) this.texts.push(null);
    let entry = this.texts[id] as { text: string; bytes: Uint8Array } | null;
    if (entry === null || entry.text !== draft.text) {
      entry = { text: draft.text, bytes: Buffer.from(csvEscape(draft.text) + ',', 'utf8') };
      this.texts[id] = entry;
    }
    out.bytes(entry.bytes);
  }

  /**
   * The columns from Name__c to Account__c of SMS History (`name,type,lead,contact,account,`)
   * or Lead__c and Contact__c of Incoming SMS (`lead,contact,`), encoded once per owner: a
   * person's messages repeat them. Entries are matched on every value they encode.
   */
  private ownerPart(draft: MessageDraft, sms: boolean): Uint8Array {
    const key = draft.lead ?? draft.contact ?? draft.account;
    let list = this.owners.get(key);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const part = list[i] as OwnerPart;
        if (
          part.sms === sms &&
          part.lead === draft.lead &&
          part.contact === draft.contact &&
          part.account === draft.account &&
          part.ownerName === draft.ownerName &&
          part.objectType === draft.objectType
        ) {
          return part.bytes;
        }
      }
    }
    const keys = (
      sms ? [draft.lead, draft.contact, draft.account] : [draft.lead, draft.contact]
    ).map((parent) => (parent === null ? '' : csvEscape(parent.naturalKey)));
    const columns = sms
      ? [
          draft.ownerName === null ? '' : csvEscape(draft.ownerName),
          draft.objectType === null ? '' : csvEscape(draft.objectType),
          ...keys
        ]
      : keys;
    const part: OwnerPart = {
      sms,
      lead: draft.lead,
      contact: draft.contact,
      account: draft.account,
      ownerName: draft.ownerName,
      objectType: draft.objectType,
      bytes: Buffer.from(columns.join(',') + ',', 'utf8')
    };
    if (this.ownerParts < 200_000) {
      this.ownerParts++;
      if (list === undefined) this.owners.set(key, (list = []));
      list.push(part);
    }
    return part.bytes;
  }

  /** A message row in the layout of its object (SMSMagic__c or Incoming_SMS__c; see LAYOUTS). */
  writeMessage(draft: MessageDraft): Promise<void> | undefined {
    const sms = draft.object === 'SMSMagic__c';
    const writer = this.writerOf(draft.object);
    const out = writer.out;
    out.ascii(draft.prefix);
    out.digits(draft.seq, 8);
    out.byte(COMMA);
    out.csv(draft.typedPhone);
    out.byte(COMMA);
    out.bytes(this.fewValues.get(draft.typedSender));
    this.text(out, draft);
    if (sms) {
      if (draft.rawStatus !== null) out.bytes(this.fewValues.get(draft.rawStatus));
      else out.byte(COMMA);
      if (draft.direction === 'IN') out.bytes(IN_COLUMN);
      else out.byte(COMMA);
    }
    out.bytes(this.ownerPart(draft, sms));
    out.isoSeconds(draft.time);
    out.byte(CR);
    out.byte(LF);
    writer.rows++;
    return out.pressure();
  }

  files(): { object: string; path: string; rows: number }[] {
    return [...this.writers.entries()].map(([object, writer]) => ({
      object,
      path: writer.path,
      rows: writer.rows
    }));
  }

  async close(): Promise<void> {
    for (const writer of this.writers.values()) await writer.close();
  }

  /** Stops writing (the run failed): the files stay incomplete. */
  abort(): void {
    for (const writer of this.writers.values()) writer.out.abort();
  }
}

interface OwnerPart {
  readonly sms: boolean;
  readonly lead: ParentRef | null;
  readonly contact: ParentRef | null;
  readonly account: ParentRef | null;
  readonly ownerName: string | null;
  readonly objectType: string | null;
  readonly bytes: Uint8Array;
}

const IN_COLUMN = Buffer.from('IN,', 'latin1');
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Rows kept in memory (tests, small local loads). */
export class MemorySink implements RecordSink {
  readonly rows = new Map<string, { referenceId: string; values: readonly FieldValue[] }[]>();

  write(object: string, referenceId: string, values: readonly FieldValue[]): undefined {
    const list = this.rows.get(object) ?? [];
    list.push({ referenceId, values: [...values] });
    this.rows.set(object, list);
    return undefined;
  }

  /** Row `values` as a record keyed by column name. */
  static asRecord(layout: ObjectLayout, values: readonly FieldValue[]): Record<string, FieldValue> {
    const record: Record<string, FieldValue> = {};
    layout.columns.forEach((column, index) => (record[column] = values[index] ?? null));
    return record;
  }
}

/** Objects in load order for a mode (parents first). */
export function objectsFor(mode: 'two-object' | 'single-object'): string[] {
  return LAYOUTS.map((layout) => layout.name).filter(
    (name) => mode === 'two-object' || name !== 'Incoming_SMS__c'
  );
}
