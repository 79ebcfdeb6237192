/**
 * One object's rows with their indexes, and the undo journal that makes snapshots cheap.
 *
 * A row is an immutable Map (lower-cased field name → value); an update replaces the row.
 * Deleted rows stay in the table with IsDeleted = true (the recycle bin) until purged.
 * Indexes (Id is the row map itself; lookups, unique and external-id fields) are built on
 * first use and then maintained on every write.
 */
import type { FieldDef } from '../contracts.js';
import type { ObjectDefImpl } from '../schema/model.js';
import { ApexDate, ApexDatetime, ApexTime, Decimal, type ApexPrimitive } from '../values.js';

export type Row = ReadonlyMap<string, ApexPrimitive>;

/** The key a value has in an index and in equality comparisons: text case-insensitive, numbers by value. */
export function indexKey(value: ApexPrimitive): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.toLowerCase();
  if (value instanceof Decimal) return `n:${value.toString()}`;
  if (typeof value === 'number' || typeof value === 'bigint')
    return `n:${new Decimal(value.toString()).toString()}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof ApexDate) return `d:${value.epochDay}`;
  if (value instanceof ApexDatetime) return `t:${value.epochMs}`;
  if (value instanceof ApexTime) return `h:${value.msOfDay}`;
  return String(value);
}

/** Fields worth an index: lookups, and unique or external-id fields. */
export function isIndexedField(f: FieldDef): boolean {
  return (
    f.type === 'Lookup' ||
    f.type === 'MasterDetail' ||
    ((f.unique || f.externalId) && f.type !== 'Formula')
  );
}

export interface JournalEntry {
  readonly table: Table;
  readonly id: string;
  readonly previous: Row | undefined;
}

export class Journal {
  entries: JournalEntry[] = [];
  /** Increases when the journal is cut below a position, so older tokens past it become invalid. */
  epoch = 0;
  active = false;
}

export class Table {
  readonly rows = new Map<string, Row>();
  /** lower-cased field → (index key → ids) */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  liveCount = 0;

  constructor(
    readonly def: ObjectDefImpl,
    private readonly journal: Journal
  ) {}

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  /** Writes (or removes, with row undefined) one row, keeping indexes and the journal. */
  set(id: string, row: Row | undefined): void {
    const previous = this.rows.get(id);
    if (this.journal.active) this.journal.entries.push({ table: this, id, previous });
    this.apply(id, previous, row);
  }

  /** Used by the journal to undo: no journal entry. */
  apply(id: string, previous: Row | undefined, row: Row | undefined): void {
    if (row === undefined) this.rows.delete(id);
    else this.rows.set(id, row);
    if (previous && previous.get('isdeleted') !== true) this.liveCount--;
    if (row && row.get('isdeleted') !== true) this.liveCount++;
    for (const [field, index] of this.indexes) {
      const before = previous ? indexKey(previous.get(field) ?? null) : null;
      const after = row ? indexKey(row.get(field) ?? null) : null;
      if (before === after) continue;
      if (before !== null) {
        const set = index.get(before);
        set?.delete(id);
        if (set && set.size === 0) index.delete(before);
      }
      if (after !== null) {
        let set = index.get(after);
        if (!set) index.set(after, (set = new Set()));
        set.add(id);
      }
    }
  }

  /** Ids whose field has this index key (live and deleted rows). Builds the index on first use. */
  lookup(field: string, key: string): ReadonlySet<string> | undefined {
    return this.index(field).get(key);
  }

  index(field: string): Map<string, Set<string>> {
    const lower = field.toLowerCase();
    let index = this.indexes.get(lower);
    if (!index) {
      index = new Map();
      for (const [id, row] of this.rows) {
        const key = indexKey(row.get(lower) ?? null);
        if (key === null) continue;
        let set = index.get(key);
        if (!set) index.set(key, (set = new Set()));
        set.add(id);
      }
      this.indexes.set(lower, index);
    }
    return index;
  }

  clear(): void {
    this.rows.clear();
    this.indexes.clear();
    this.liveCount = 0;
  }
}
