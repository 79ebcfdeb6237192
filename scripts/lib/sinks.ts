import { join } from 'node:path';
import { CsvWriter, NEEDS_QUOTES, csvField, csvFieldCached } from './csv.js';
import { TreePlanWriter, treeRef, type TreeValue } from './tree.js';
import {
  LAYOUTS,
  layoutOf,
  type FieldValue,
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
 */
export class CsvSink implements RecordSink {
  private readonly writers = new Map<string, CsvWriter>();

  constructor(
    readonly dir: string,
    objects: readonly string[]
  ) {
    for (const object of objects) {
      const layout = layoutOf(object);
      this.writers.set(object, new CsvWriter(join(dir, `${object}.csv`), layout.columns));
    }
  }

  write(
    object: string,
    _referenceId: string,
    values: readonly FieldValue[]
  ): Promise<void> | undefined {
    const writer = this.writers.get(object);
    if (!writer) throw new Error(`CSV sink: object ${object} was not declared`);
    // long values (pooled message texts) are escaped once and cached; the whole row then goes
    // to the writer as one string, encoded with its neighbours in one call per few KB
    let line = '';
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? null;
      if (i > 0) line += ',';
      if (value === null) continue;
      if (typeof value === 'string') {
        // most values need no quotes: test them here, without csvField's String() and call
        if (value.length > 40) line += csvFieldCached(value);
        else line += NEEDS_QUOTES.test(value) ? csvField(value) : value;
      } else if (isParent(value)) line += csvField(value.naturalKey);
      else line += csvField(value);
    }
    return writer.writeRaw(line + '\r\n');
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
}

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
