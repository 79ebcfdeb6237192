/**
 * SObjectRecordImpl: one SObject as Apex sees it. Values are keyed by lower-cased field name.
 * A record that came from SOQL remembers that: reading a field that was neither queried nor
 * set afterwards throws the platform's SObjectException.
 */
import type { FieldDef, ObjectDef, SObjectRecord } from '../contracts.js';
import { ApexThrow } from '../apex/runtime-types.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  type ApexPrimitive
} from '../values.js';
import { to18 } from './ids.js';

export type RowValues = Map<string, ApexPrimitive>;

export interface RecordFlags {
  /** Came from SOQL: unqueried fields throw on read. */
  fromSoql?: boolean;
  /** Trigger.new of an after trigger, Trigger.old: writes throw FinalException. */
  readOnly?: boolean;
}

export class SObjectRecordImpl implements SObjectRecord {
  values: RowValues;
  /** The values map is a stored row shared read-only (trigger records): copied before any write. */
  sharedValues = false;
  parents: Map<string, SObjectRecord | null> | null = null;
  children: Map<string, SObjectRecord[]> | null = null;
  readonly errors: { message: string; field?: string }[] = [];
  fromSoql: boolean;
  readOnly: boolean;
  /** Fields written since tracking started (before triggers: what to copy back to the caller's record). */
  written: Set<string> | null = null;

  constructor(
    readonly objectDef: ObjectDef,
    values?: RowValues,
    flags: RecordFlags = {}
  ) {
    this.values = values ?? new Map();
    this.fromSoql = flags.fromSoql ?? false;
    this.readOnly = flags.readOnly ?? false;
  }

  get id(): string | null {
    const v = this.values.get('id');
    return typeof v === 'string' ? v : null;
  }

  private fieldOrThrow(name: string): FieldDef {
    const f = this.objectDef.getField(name);
    if (!f)
      throw new ApexThrow(
        'System.SObjectException',
        `Invalid field ${name} for ${this.objectDef.name}`
      );
    return f;
  }

  get(field: string): ApexPrimitive {
    const key = field.toLowerCase();
    const v = this.values.get(key);
    if (v !== undefined) return v;
    const f = this.fieldOrThrow(field);
    if (f.type === 'Formula' || f.type === 'Summary') {
      throw new Error(
        `unsupported: ${f.type.toLowerCase()} field ${this.objectDef.name}.${f.name} (the emulator does not evaluate formulas or roll-up summaries)`
      );
    }
    if (this.fromSoql) {
      throw new ApexThrow(
        'System.SObjectException',
        `SObject row was retrieved via SOQL without querying the requested field: ${this.objectDef.name}.${f.name}`
      );
    }
    return null;
  }

  put(field: string, value: ApexPrimitive): void {
    if (this.readOnly) throw new ApexThrow('System.FinalException', 'Record is read-only');
    const f = this.fieldOrThrow(field);
    const key = f.name.toLowerCase();
    this.values.set(key, coerceFieldValue(f, value, this.objectDef.name));
    this.written?.add(key);
  }

  /** Writes without checks (the store filling system fields). */
  putRaw(field: string, value: ApexPrimitive): void {
    if (this.sharedValues) {
      this.values = new Map(this.values);
      this.sharedValues = false;
    }
    this.values.set(field.toLowerCase(), value);
  }

  getParent(relationshipName: string): SObjectRecord | null {
    const key = relationshipName.toLowerCase();
    const parent = this.parents?.get(key);
    if (parent !== undefined) return parent;
    if (this.fromSoql) {
      throw new ApexThrow(
        'System.SObjectException',
        `SObject row was retrieved via SOQL without querying the requested field: ${this.objectDef.name}.${relationshipName}`
      );
    }
    return null;
  }

  putParent(relationshipName: string, parent: SObjectRecord | null): void {
    if (this.readOnly) throw new ApexThrow('System.FinalException', 'Record is read-only');
    (this.parents ??= new Map()).set(relationshipName.toLowerCase(), parent);
  }

  getChildren(relationshipName: string): SObjectRecord[] | null {
    return this.children?.get(relationshipName.toLowerCase()) ?? null;
  }

  setChildren(relationshipName: string, children: SObjectRecord[]): void {
    (this.children ??= new Map()).set(relationshipName.toLowerCase(), children);
  }

  populatedFields(): string[] {
    return [...this.values.keys()].map((k) => this.objectDef.getField(k)?.name ?? k);
  }

  isSet(field: string): boolean {
    return this.values.has(field.toLowerCase());
  }

  clone(preserveId: boolean, deep: boolean): SObjectRecord {
    const values = new Map(this.values);
    if (!preserveId) values.delete('id');
    for (const key of [...values.keys()]) {
      // clone() without preserveReadonlyTimestamps / preserveAutonumber drops both.
      const f = this.objectDef.getField(key);
      if (key !== 'id' && (f?.system || f?.type === 'AutoNumber')) values.delete(key);
    }
    const copy = new SObjectRecordImpl(this.objectDef, values, { fromSoql: this.fromSoql });
    if (this.parents) {
      copy.parents = new Map(
        [...this.parents].map(([k, p]) => [k, deep && p ? p.clone(true, true) : p])
      );
    }
    if (this.children) {
      copy.children = new Map(
        [...this.children].map(([k, list]) => [
          k,
          deep ? list.map((c) => c.clone(true, true)) : list
        ])
      );
    }
    return copy;
  }

  addError(message: string, field?: string): void {
    this.errors.push(field === undefined ? { message } : { message, field });
  }

  toString(): string {
    const parts = [...this.values].map(
      ([k, v]) => `${this.objectDef.getField(k)?.name ?? k}=${v === null ? 'null' : String(v)}`
    );
    return `${this.objectDef.name}:{${parts.join(', ')}}`;
  }
}

function apexTypeName(value: ApexPrimitive): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return 'Integer';
  if (typeof value === 'bigint') return 'Long';
  if (value instanceof Decimal) return 'Decimal';
  if (value instanceof ApexDouble) return 'Double';
  if (value instanceof ApexDate) return 'Date';
  if (value instanceof ApexDatetime) return 'Datetime';
  if (value instanceof ApexTime) return 'Time';
  if (value instanceof ApexBlob) return 'Blob';
  return 'Object';
}

/** The Apex type of a field's values, as `put` and describe name it. */
export function fieldApexType(f: FieldDef): string {
  switch (f.type) {
    case 'Id':
    case 'Lookup':
    case 'MasterDetail':
      return 'Id';
    case 'Checkbox':
      return 'Boolean';
    case 'Number':
    case 'Currency':
    case 'Percent':
    case 'Summary':
      return 'Decimal';
    case 'Date':
      return 'Date';
    case 'DateTime':
      return 'Datetime';
    case 'Time':
      return 'Time';
    case 'Formula':
      return 'Object';
    default:
      return 'String';
  }
}

function illegalAssignment(value: ApexPrimitive, target: string): ApexThrow {
  return new ApexThrow(
    'System.SObjectException',
    `Illegal assignment from ${apexTypeName(value)} to ${target}`
  );
}

/**
 * Converts a value written to a field to the field's representation (Integer/Long/Double into
 * Decimal for number fields, 15-character ids to 18), or throws the platform's SObjectException
 * for a value of the wrong type ("Illegal assignment from Integer to String").
 */
export function coerceFieldValue(
  f: FieldDef,
  value: ApexPrimitive,
  objectName: string
): ApexPrimitive {
  if (value === null) return null;
  const target = fieldApexType(f);
  if (target === 'String' && typeof value === 'string') return value;
  if (target === 'Boolean' && typeof value === 'boolean') return value;
  switch (target) {
    case 'Id': {
      if (typeof value !== 'string') throw illegalAssignment(value, target);
      const id = to18(value);
      if (!id) throw new ApexThrow('System.StringException', `Invalid id: ${value}`);
      return id;
    }
    case 'String':
      if (typeof value !== 'string') throw illegalAssignment(value, target);
      return value;
    case 'Boolean':
      if (typeof value !== 'boolean') throw illegalAssignment(value, target);
      return value;
    case 'Decimal':
      if (value instanceof Decimal) return value;
      if (typeof value === 'number' || typeof value === 'bigint')
        return new Decimal(value.toString());
      if (value instanceof ApexDouble) return new Decimal(value.value);
      throw illegalAssignment(value, target);
    case 'Date':
      if (value instanceof ApexDate) return value;
      if (value instanceof ApexDatetime) return value.dateGmt();
      throw illegalAssignment(value, target);
    case 'Datetime':
      if (value instanceof ApexDatetime) return value;
      if (value instanceof ApexDate) return ApexDatetime.fromEpochMs(value.epochDay * 86_400_000);
      throw illegalAssignment(value, target);
    case 'Time':
      if (value instanceof ApexTime) return value;
      throw illegalAssignment(value, target);
    default:
      void objectName;
      return value;
  }
}
