/**
 * The record store: every record of the org, per object, with DML in the platform's order of
 * execution (as far as a package depends on it) and cheap snapshots through an undo journal.
 *
 *   insert: defaults, owner → before insert triggers → system validation (required, length,
 *           picklist, number range, email, unique, lookups) → ids and audit fields, save →
 *           after insert triggers
 *   update: merge into the stored row → before update triggers → validation → save → after update
 *   delete: before delete → restrict check → recycle bin (+ cascade master-detail, SetNull lookups)
 *           → after delete
 *   undelete: restore from the recycle bin → after undelete
 *
 * allOrNone: the first failing row throws DmlFailure and nothing stays written. Partial success:
 * when rows fail, the attempt is rolled back and retried with the rows that did not fail (triggers
 * fire again), up to three attempts, as the platform's bulk DML does.
 */
import {
  DmlFailure,
  TriggerExecutionError,
  type DmlError,
  type DmlOperation,
  type DmlOptions,
  type DmlRowResult,
  type FieldDef,
  type LimitName,
  type RecordStore,
  type SObjectRecord,
  type StoreSnapshot,
  type TriggerEvent
} from '../contracts.js';
import { ApexThrow } from '../apex/runtime-types.js';
import type { ObjectDefImpl, OrgSchemaImpl } from '../schema/model.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  type ApexPrimitive
} from '../values.js';
import { makeId, to18 } from './ids.js';
import { SObjectRecordImpl, coerceFieldValue } from './sobject.js';
import { Journal, Table, indexKey, type Row } from './table.js';
import { seedStandardRecords } from './standard-records.js';

const RECYCLE_KEY = '$recycle';

interface RecycleInfo {
  cascaded: string[];
  nulled: [childId: string, field: string][];
}

interface WorkItem {
  readonly index: number;
  readonly source: SObjectRecordImpl;
  kind: 'insert' | 'update' | 'delete' | 'undelete';
  id: string | null;
  old?: Row;
  values?: Map<string, ApexPrimitive>;
  errors: DmlError[];
  created: boolean;
  /** Update: the fields this statement sets (only they are validated again). */
  changed?: Set<string>;
}

interface ObjectPlan {
  readonly defaults: readonly [string, ApexPrimitive][];
  readonly autoNumbers: readonly FieldDef[];
  readonly computed: readonly FieldDef[];
  readonly validated: readonly FieldDef[];
  readonly unique: readonly FieldDef[];
}

class Token {
  constructor(
    readonly position: number,
    readonly seq: number
  ) {}
}

export function dmlErrorMessage(
  operation: DmlOperation,
  index: number,
  id: string | null,
  error: DmlError
): string {
  const op = operation[0].toUpperCase() + operation.slice(1);
  const withId = id && operation !== 'insert' ? ` with id ${id}` : '';
  return `${op} failed. First exception on row ${index}${withId}; first error: ${error.statusCode}, ${error.message}: [${error.fields.join(', ')}]`;
}

const err = (statusCode: string, message: string, fields: string[] = []): DmlError => ({
  statusCode,
  message,
  fields
});

/** The platform's INVALID_FIELD_FOR_INSERT_UPDATE error for fields the user or the field cannot write. */
const cannotWrite = (fields: string[]): DmlError =>
  err(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields
  );

export class RecordStoreImpl implements RecordStore {
  private readonly tables = new Map<string, Table>();
  private readonly journal = new Journal();
  private idCounter = 0;
  private readonly autoNumbers = new Map<string, number>();
  private cutSeq = 0;
  private readonly cuts: { seq: number; position: number }[] = [];
  private readonly plans = new Map<ObjectDefImpl, ObjectPlan>();
  private readonly tablesByPrefix = new Map<string, Table>();
  private readonly childLookupCache = new Map<
    ObjectDefImpl,
    { child: ObjectDefImpl; f: FieldDef }[]
  >();
  private readonly autoNumberFormats = new Map<
    string,
    { prefix: string; width: number; suffix: string }
  >();

  constructor(readonly schema: OrgSchemaImpl) {
    this.journal.active = true;
    for (const def of schema.objects()) {
      const table = new Table(def, this.journal);
      this.tables.set(def.name.toLowerCase(), table);
      this.tablesByPrefix.set(def.keyPrefix, table);
    }
    seedStandardRecords(this);
    this.forgetHistory();
  }

  // -------------------------------------------------------------------------------------------
  // tables and records
  // -------------------------------------------------------------------------------------------

  table(object: string): Table {
    const t = this.tables.get(object.toLowerCase());
    if (!t) throw new ApexThrow('System.SObjectException', `Invalid sObject type: ${object}`);
    return t;
  }

  /** The table holding an id (by key prefix), or undefined. */
  tableForId(id: string): Table | undefined {
    return this.tablesByPrefix.get(id.slice(0, 3));
  }

  /** The stored row of an id (15 or 18 characters), live or in the recycle bin. */
  rowById(id: string): { table: Table; id: string; row: Row } | undefined {
    if (id.length === 18) {
      const table = this.tablesByPrefix.get(id.slice(0, 3));
      const row = table?.get(id);
      if (table && row) return { table, id, row };
    }
    const full = to18(id);
    if (!full) return undefined;
    const table = this.tableForId(full);
    const row = table?.get(full);
    return table && row ? { table, id: full, row } : undefined;
  }

  /** A fresh Apex-side copy of a stored row (every field). */
  recordFromRow(
    def: ObjectDefImpl,
    row: Row,
    flags: { readOnly?: boolean; fromSoql?: boolean } = {}
  ): SObjectRecordImpl {
    if (flags.readOnly && !row.has(RECYCLE_KEY)) {
      // Read-only records (after triggers, Trigger.old) can share the immutable stored row.
      const shared = new SObjectRecordImpl(def, row as Map<string, ApexPrimitive>, flags);
      shared.sharedValues = true;
      return shared;
    }
    const values = new Map<string, ApexPrimitive>();
    for (const [k, v] of row) if (k[0] !== '$') values.set(k, v);
    return new SObjectRecordImpl(def, values, flags);
  }

  getRecord(id: string): SObjectRecord | null {
    const found = this.rowById(id);
    if (!found || found.row.get('isdeleted') === true) return null;
    return this.recordFromRow(found.table.def, found.row);
  }

  newRecord(object: string, fields: Record<string, ApexPrimitive> = {}): SObjectRecord {
    const record = new SObjectRecordImpl(this.table(object).def);
    for (const [k, v] of Object.entries(fields)) record.put(k, v);
    return record;
  }

  newId(object: string): string {
    return makeId(this.table(object).def.keyPrefix, ++this.idCounter);
  }

  /** What DML needs of an object's fields, computed once per object. */
  private plan(def: ObjectDefImpl): ObjectPlan {
    let plan = this.plans.get(def);
    if (!plan) {
      const fields = [...def.fields.values()];
      plan = {
        defaults: fields
          .filter((f) => f.defaultValue !== undefined && !f.system)
          .map((f) => [f.name.toLowerCase(), f.defaultValue!] as [string, ApexPrimitive]),
        autoNumbers: fields.filter((f) => f.type === 'AutoNumber'),
        computed: fields.filter((f) => f.computedFrom !== undefined),
        validated: fields.filter(
          (f) => !f.system && f.type !== 'Formula' && f.type !== 'AutoNumber' && !f.computedFrom
        ),
        unique: fields.filter((f) => f.unique)
      };
      this.plans.set(def, plan);
    }
    return plan;
  }

  // -------------------------------------------------------------------------------------------
  // snapshots (undo journal)
  // -------------------------------------------------------------------------------------------

  snapshot(): StoreSnapshot {
    return { token: new Token(this.journal.entries.length, this.cutSeq) };
  }

  restore(snapshot: StoreSnapshot): void {
    const token = snapshot.token;
    if (!(token instanceof Token)) throw new Error('restore: not a snapshot of this store');
    const invalid =
      token.position > this.journal.entries.length ||
      this.cuts.some((c) => c.seq > token.seq && c.position < token.position);
    if (invalid)
      throw new Error(
        'restore: the snapshot is no longer valid (a rollback to an earlier point, or forgetHistory, came after it)'
      );
    this.rollbackTo(token.position);
  }

  private rollbackTo(position: number): void {
    const entries = this.journal.entries;
    for (let i = entries.length - 1; i >= position; i--) {
      const e = entries[i];
      e.table.apply(e.id, e.table.get(e.id), e.previous);
    }
    entries.length = position;
    this.cuts.push({ seq: ++this.cutSeq, position });
  }

  /** Drops the undo history (after a committed top-level transaction): every older snapshot becomes invalid. */
  forgetHistory(): void {
    this.rollbackTo(this.journal.entries.length);
    this.cuts.length = 0;
    this.cuts.push({ seq: ++this.cutSeq, position: -1 });
    this.journal.entries = [];
  }

  // -------------------------------------------------------------------------------------------
  // system writes (emulator internals, no checks)
  // -------------------------------------------------------------------------------------------

  insertSystem(object: string, fields: Record<string, ApexPrimitive>): string {
    const table = this.table(object);
    const def = table.def;
    const row = new Map<string, ApexPrimitive>();
    for (const f of def.fields.values())
      if (f.defaultValue !== undefined) row.set(f.name.toLowerCase(), f.defaultValue);
    for (const [k, v] of Object.entries(fields)) {
      const f = def.getField(k);
      if (!f) throw new Error(`insertSystem: no field ${k} on ${def.name}`);
      row.set(f.name.toLowerCase(), coerceFieldValue(f, v, def.name));
    }
    const id = (row.get('id') as string | undefined) ?? this.newId(def.name);
    row.set('id', id);
    row.set('isdeleted', false);
    const now = ApexDatetime.fromEpochMs(Date.now());
    for (const k of ['createddate', 'lastmodifieddate', 'systemmodstamp'])
      if (def.fields.has(k) && !row.has(k)) row.set(k, now);
    this.computeNames(def, row);
    table.set(id, row);
    return id;
  }

  updateSystem(id: string, fields: Record<string, ApexPrimitive>): void {
    const found = this.rowById(id);
    if (!found) throw new Error(`updateSystem: no record ${id}`);
    const row = new Map(found.row);
    for (const [k, v] of Object.entries(fields)) {
      const f = found.table.def.getField(k);
      if (!f) throw new Error(`updateSystem: no field ${k} on ${found.table.def.name}`);
      row.set(f.name.toLowerCase(), coerceFieldValue(f, v, found.table.def.name));
    }
    this.computeNames(found.table.def, row);
    found.table.set(found.id, row);
  }

  // -------------------------------------------------------------------------------------------
  // custom settings
  // -------------------------------------------------------------------------------------------

  lookupHierarchySetting(
    object: string,
    userId: string | null,
    profileId: string | null
  ): SObjectRecord | null {
    const table = this.table(object);
    if (table.def.customSettingsType !== 'Hierarchy')
      throw new ApexThrow(
        'System.SObjectException',
        `${table.def.name} is not a hierarchy custom setting`
      );
    const byOwner = (ownerId: string | null): Row | undefined => {
      if (ownerId === null) return undefined;
      const full = to18(ownerId);
      const ids = full ? table.lookup('setupownerid', indexKey(full)!) : undefined;
      for (const id of ids ?? []) {
        const row = table.get(id);
        if (row && row.get('isdeleted') !== true) return row;
      }
      return undefined;
    };
    const orgDefault = [...table.rows.values()].find(
      (r) => r.get('isdeleted') !== true && String(r.get('setupownerid') ?? '').startsWith('00D')
    );
    const levels = [byOwner(userId), byOwner(profileId), orgDefault].filter(
      (r): r is Row => r !== undefined
    );
    if (levels.length === 0) return null;
    const merged = this.recordFromRow(table.def, levels[0]);
    for (const upper of levels.slice(1)) {
      for (const [k, v] of upper) {
        if (k[0] === '$' || table.def.getField(k)?.system || k === 'setupownerid' || k === 'name')
          continue;
        if ((merged.values.get(k) ?? null) === null && v !== null) merged.values.set(k, v);
      }
    }
    return merged;
  }

  listSettingValues(object: string): ReadonlyMap<string, SObjectRecord> {
    const table = this.table(object);
    if (table.def.customSettingsType !== 'List')
      throw new ApexThrow(
        'System.SObjectException',
        `${table.def.name} is not a list custom setting`
      );
    const out = new Map<string, SObjectRecord>();
    for (const row of table.rows.values()) {
      if (row.get('isdeleted') !== true)
        out.set(String(row.get('name')), this.recordFromRow(table.def, row));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // JSON (persistent local org)
  // -------------------------------------------------------------------------------------------

  toJson(): unknown {
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const table of this.tables.values()) {
      if (table.rows.size === 0 || table.def.kind === 'customMetadata') continue;
      tables[table.def.name] = [...table.rows.values()].map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of row) out[table.def.getField(k)?.name ?? k] = encodeValue(v);
        return out;
      });
    }
    return {
      format: 'converse-emulator-store',
      version: 1,
      idCounter: this.idCounter,
      autoNumbers: Object.fromEntries(this.autoNumbers),
      tables
    };
  }

  loadJson(json: unknown): void {
    const data = json as {
      format?: string;
      idCounter?: number;
      autoNumbers?: Record<string, number>;
      tables?: Record<string, Record<string, unknown>[]>;
    };
    if (data?.format !== 'converse-emulator-store')
      throw new Error('loadJson: not a store written by toJson()');
    for (const table of this.tables.values())
      if (table.def.kind !== 'customMetadata') table.clear();
    this.journal.entries = [];
    for (const [object, rows] of Object.entries(data.tables ?? {})) {
      const table = this.tables.get(object.toLowerCase());
      if (!table) throw new Error(`loadJson: the schema has no object ${object}`);
      for (const raw of rows) {
        const row = new Map<string, ApexPrimitive>();
        for (const [k, v] of Object.entries(raw))
          row.set(k[0] === '$' ? k : k.toLowerCase(), decodeValue(v));
        table.apply(String(row.get('id')), undefined, row);
      }
    }
    this.idCounter = Math.max(this.idCounter, data.idCounter ?? 0);
    for (const [k, v] of Object.entries(data.autoNumbers ?? {})) this.autoNumbers.set(k, v);
    this.forgetHistory();
  }

  // -------------------------------------------------------------------------------------------
  // DML
  // -------------------------------------------------------------------------------------------

  dml(operation: DmlOperation, records: SObjectRecord[], options: DmlOptions): DmlRowResult[] {
    options.limits.consume('dmlStatements', 1);
    options.limits.consume('dmlRows', records.length);
    const items: WorkItem[] = records.map((record, index) => {
      if (!(record instanceof SObjectRecordImpl))
        throw new Error('dml: records must be SObjectRecordImpl');
      return { index, source: record, kind: 'insert', id: record.id, errors: [], created: false };
    });
    for (const item of items) {
      item.source.errors.length = 0;
      if (item.source.sharedValues) item.source.putRaw('Id', item.source.id);
    }
    this.classify(operation, items, options);

    const start = this.journal.entries.length;
    let pending = items.filter((i) => i.errors.length === 0);
    const failedEarly = items.some((i) => i.errors.length > 0);
    if (failedEarly && options.allOrNone) this.throwFirst(operation, items);
    const limitNames: LimitName[] = [
      'queries',
      'queryRows',
      'dmlStatements',
      'dmlRows',
      'soslQueries',
      'cpuTime'
    ];
    const limitsBefore = limitNames.map((name) => options.limits.used(name));
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && options.limits.reset) {
        limitNames.forEach((name, n) => options.limits.reset!(name, limitsBefore[n]));
      }
      const mark = this.journal.entries.length;
      const snapshotIds = pending.map((i) => i.id);
      try {
        this.runAttempt(pending, options);
      } catch (error) {
        // An error the statement cannot turn into row errors: nothing it wrote stays.
        this.rollbackTo(start);
        throw error;
      }
      const failed = pending.filter((i) => i.errors.length > 0);
      if (failed.length === 0) break;
      this.rollbackTo(mark);
      pending.forEach((item, n) => {
        if (item.kind === 'insert') item.id = snapshotIds[n];
      });
      if (options.allOrNone) {
        this.rollbackTo(start);
        this.throwFirst(operation, items);
      }
      pending = pending.filter((i) => i.errors.length === 0);
      if (pending.length === 0) break;
      if (attempt === 3) {
        for (const item of pending)
          item.errors.push(
            err(
              'UNKNOWN_EXCEPTION',
              'Too many batch retries in the presence of Apex triggers and partial failures.'
            )
          );
        break;
      }
    }
    return items.map((item) => {
      const success = item.errors.length === 0;
      if (success && (item.kind === 'insert' || operation === 'upsert') && item.id)
        item.source.putRaw('Id', item.id);
      return {
        id: success || item.kind !== 'insert' ? item.id : null,
        success,
        created: success && item.created,
        errors: item.errors
      };
    });
  }

  private throwFirst(operation: DmlOperation, items: WorkItem[]): never {
    const failures = items
      .filter((i) => i.errors.length > 0)
      .map((i) => ({ index: i.index, errors: i.errors }));
    const first = items.find((i) => i.errors.length > 0)!;
    throw new DmlFailure(
      operation,
      failures,
      dmlErrorMessage(operation, first.index, first.id, first.errors[0])
    );
  }

  /** Decides what each row is (upsert splits into insert/update) and reports the errors that need no attempt. */
  private classify(operation: DmlOperation, items: WorkItem[], options: DmlOptions): void {
    const keyField =
      options.externalIdField && options.externalIdField.toLowerCase() !== 'id'
        ? options.externalIdField
        : undefined;
    const seenKeys = new Map<string, WorkItem[]>();
    for (const item of items) {
      const def = item.source.objectDef as ObjectDefImpl;
      if (def.kind === 'customMetadata') {
        throw new ApexThrow(
          'System.SObjectException',
          `DML operation ${operation.toUpperCase()} not allowed on ${def.name}`
        );
      }
      if (def.kind === 'platformEvent') {
        throw new ApexThrow(
          'System.SObjectException',
          `DML operation ${operation.toUpperCase()} not allowed on ${def.name}: publish platform events with EventBus.publish`
        );
      }
      const allowed =
        operation === 'insert'
          ? def.createable
          : operation === 'update'
            ? def.updateable
            : operation === 'upsert'
              ? def.createable && def.updateable
              : def.deletable;
      if (!allowed)
        throw new ApexThrow(
          'System.TypeException',
          `DML operation ${operation.toUpperCase()} not allowed on ${def.name}`
        );
      switch (operation) {
        case 'insert':
          item.kind = 'insert';
          if (item.id)
            item.errors.push(
              err('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id'])
            );
          break;
        case 'update':
        case 'delete':
        case 'undelete':
          item.kind = operation;
          if (!item.id)
            item.errors.push(err('MISSING_ARGUMENT', `Id not specified in an ${operation} call`));
          break;
        case 'upsert': {
          if (!keyField) {
            item.kind = item.id ? 'update' : 'insert';
            break;
          }
          const f = def.getField(keyField);
          if (!f || (!f.externalId && f.name !== 'Id')) {
            throw new ApexThrow(
              'System.SObjectException',
              `Invalid field for upsert, must be an External Id custom or standard indexed field: ${keyField}`
            );
          }
          const value = item.source.values.get(f.name.toLowerCase()) ?? null;
          if (value === null) {
            item.kind = item.id ? 'update' : 'insert';
            break;
          }
          const key =
            f.caseSensitive && typeof value === 'string' ? `cs:${value}` : indexKey(value)!;
          const same = seenKeys.get(key) ?? [];
          same.push(item);
          seenKeys.set(key, same);
          const table = this.table(def.name);
          const matches = [...(table.lookup(f.name, indexKey(value)!) ?? [])].filter((id) => {
            const row = table.get(id)!;
            return (
              row.get('isdeleted') !== true &&
              (!f.caseSensitive || row.get(f.name.toLowerCase()) === value)
            );
          });
          if (matches.length > 1) {
            item.errors.push(
              err(
                'DUPLICATE_EXTERNAL_ID',
                `${f.label}: more than one record found for external id field: [${matches.join(', ')}]`,
                [f.name]
              )
            );
          } else if (matches.length === 1) {
            item.kind = 'update';
            item.id = matches[0];
          } else {
            item.kind = 'insert';
            item.id = null;
          }
        }
      }
      if (options.accessLevel === 'user' && item.errors.length === 0)
        this.checkObjectAccess(def, item, options);
    }
    for (const [, same] of seenKeys) {
      if (same.length < 2) continue;
      for (const item of same) {
        item.errors.push(
          err(
            'DUPLICATE_VALUE',
            `Duplicate external id specified: ${String(item.source.values.get(options.externalIdField!.toLowerCase()))}`,
            [options.externalIdField!]
          )
        );
      }
    }
  }

  private checkObjectAccess(def: ObjectDefImpl, item: WorkItem, options: DmlOptions): void {
    const u = options.user;
    const ok =
      item.kind === 'insert'
        ? u.canCreateObject(def.name)
        : item.kind === 'update'
          ? u.canEditObject(def.name)
          : u.canDeleteObject(def.name);
    if (!ok) {
      item.errors.push(
        err('INSUFFICIENT_ACCESS_OR_READONLY', `insufficient access rights on object id`)
      );
      return;
    }
    if (item.kind === 'insert' || item.kind === 'update') {
      const denied = [...item.source.values.keys()]
        .map((k) => def.getField(k)!)
        .filter((f) => f && !f.system && !u.canEditField(def.name, f.name));
      if (denied.length > 0) {
        item.errors.push(cannotWrite(denied.map((f) => f.name)));
      }
    }
  }

  /** One attempt over the rows still in play: every phase for every row, errors recorded on the items. */
  private runAttempt(items: WorkItem[], options: DmlOptions): void {
    for (const item of items) {
      item.errors = [];
      item.values = undefined;
      item.old = undefined;
    }
    // Group by object, keeping the list order within each group.
    const groups = new Map<ObjectDefImpl, WorkItem[]>();
    for (const item of items) {
      const def = item.source.objectDef as ObjectDefImpl;
      const g = groups.get(def) ?? [];
      g.push(item);
      groups.set(def, g);
    }
    for (const [def, group] of groups) {
      const table = this.table(def.name);
      const inserts = group.filter((i) => i.kind === 'insert');
      const updates = group.filter((i) => i.kind === 'update');
      const deletes = group.filter((i) => i.kind === 'delete');
      const undeletes = group.filter((i) => i.kind === 'undelete');
      if (inserts.length) this.saveRows(table, inserts, 'insert', options);
      if (updates.length) this.saveRows(table, updates, 'update', options);
      if (deletes.length) this.deleteRows(table, deletes, options);
      if (undeletes.length) this.undeleteRows(table, undeletes, options);
    }
  }

  private fire(
    def: ObjectDefImpl,
    event: TriggerEvent,
    items: WorkItem[],
    newRecords: SObjectRecordImpl[] | null,
    oldRecords: SObjectRecordImpl[] | null,
    options: DmlOptions
  ): void {
    if (!options.fireTriggers || items.length === 0) return;
    try {
      options.fireTriggers(def, event, newRecords, oldRecords);
    } catch (error) {
      if (!(error instanceof TriggerExecutionError)) throw error;
      for (const item of items) item.errors.push(error.error);
      return;
    }
    const carriers = newRecords ?? oldRecords ?? [];
    carriers.forEach((record, n) => {
      for (const e of record.errors) {
        items[n].errors.push(
          err(
            'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            e.message,
            e.field ? [def.getField(e.field)?.name ?? e.field] : []
          )
        );
      }
      record.errors.length = 0;
    });
  }

  private saveRows(
    table: Table,
    items: WorkItem[],
    kind: 'insert' | 'update',
    options: DmlOptions
  ): void {
    const def = table.def;
    const now = options.now();
    const userId = options.user.userId;
    // 1. the values each row will have
    for (const item of items) {
      if (kind === 'update') {
        const found = this.rowById(item.id!);
        if (!found || found.table !== table) {
          item.errors.push(
            found
              ? err('INVALID_ID_FIELD', `invalid record id`)
              : err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')
          );
          continue;
        }
        if (found.row.get('isdeleted') === true) {
          item.errors.push(err('ENTITY_IS_DELETED', 'entity is deleted'));
          continue;
        }
        item.id = found.id;
        item.old = found.row;
        item.values = new Map(found.row);
        item.changed = new Set();
        for (const [k, v] of item.source.values) {
          const f = def.getField(k)!;
          if (f.system || f.type === 'Formula' || f.type === 'AutoNumber' || f.computedFrom)
            continue;
          if (!f.updateable && !sameValue(found.row.get(k) ?? null, v)) {
            item.errors.push(cannotWrite([f.name]));
            continue;
          }
          item.values.set(k, v);
          item.changed!.add(k);
        }
      } else {
        const values = new Map<string, ApexPrimitive>();
        for (const [k, v] of this.plan(def).defaults) values.set(k, v);
        for (const [k, v] of item.source.values) {
          const f = def.getField(k)!;
          if (k === 'id') continue;
          const audit =
            k === 'createddate' ||
            k === 'createdbyid' ||
            k === 'lastmodifieddate' ||
            k === 'lastmodifiedbyid';
          if (f.system && !(audit && options.allowAuditFields)) {
            if (v !== null) {
              item.errors.push(cannotWrite([f.name]));
            }
            continue;
          }
          if (f.type === 'Formula' || f.type === 'AutoNumber' || f.computedFrom) continue;
          if (!f.createable && !f.system && v !== null) {
            item.errors.push(cannotWrite([f.name]));
            continue;
          }
          values.set(k, v);
        }
        if (def.fields.has('ownerid') && (values.get('ownerid') ?? null) === null)
          values.set('ownerid', userId);
        item.values = values;
      }
      if (item.source.parents) this.resolveParentReferences(def, item);
      this.computeNames(def, item.values!);
    }
    // 2. before triggers: they see (and may change) the full record
    let live = items.filter((i) => i.errors.length === 0);
    if (options.fireTriggers && live.length) {
      const newRecords = live.map((i) => {
        const r = new SObjectRecordImpl(def, new Map(stripHidden(i.values!)));
        r.written = new Set();
        return r;
      });
      const oldRecords =
        kind === 'update'
          ? live.map((i) => this.recordFromRow(def, i.old!, { readOnly: true }))
          : null;
      this.fire(
        def,
        kind === 'insert' ? 'before insert' : 'before update',
        live,
        newRecords,
        oldRecords,
        options
      );
      live.forEach((item, n) => {
        const r = newRecords[n];
        for (const k of r.written!) {
          const v = r.values.get(k) ?? null;
          item.values!.set(k, v);
          item.changed?.add(k);
          item.source.values.set(k, v);
        }
        this.computeNames(def, item.values!);
      });
      live = live.filter((i) => i.errors.length === 0);
    }
    // 3. system validation
    for (const item of live) this.validate(def, item);
    this.checkUnique(
      table,
      live.filter((i) => i.errors.length === 0)
    );
    live = live.filter((i) => i.errors.length === 0);
    if (live.length < items.length) return;
    // 4. save
    for (const item of live) {
      const values = item.values!;
      if (kind === 'insert') {
        item.id = this.newId(def.name);
        item.created = true;
        values.set('id', item.id);
        values.set('isdeleted', false);
        for (const f of this.plan(def).autoNumbers)
          values.set(f.name.toLowerCase(), this.nextAutoNumber(def, f));
        if (def.fields.has('createddate') && (values.get('createddate') ?? null) === null)
          values.set('createddate', now);
        if (def.fields.has('createdbyid') && (values.get('createdbyid') ?? null) === null)
          values.set('createdbyid', userId);
        if (def.fields.has('lastmodifieddate') && (values.get('lastmodifieddate') ?? null) === null)
          values.set('lastmodifieddate', values.get('createddate') ?? now);
        if (def.fields.has('lastmodifiedbyid') && (values.get('lastmodifiedbyid') ?? null) === null)
          values.set('lastmodifiedbyid', userId);
      } else {
        if (def.fields.has('lastmodifieddate')) values.set('lastmodifieddate', now);
        if (def.fields.has('lastmodifiedbyid')) values.set('lastmodifiedbyid', userId);
      }
      if (def.fields.has('systemmodstamp')) values.set('systemmodstamp', now);
      table.set(item.id!, values);
    }
    // 5. after triggers: read-only copies of what was saved
    if (options.fireTriggers) {
      const newRecords = live.map((i) =>
        this.recordFromRow(def, table.get(i.id!)!, { readOnly: true })
      );
      const oldRecords =
        kind === 'update'
          ? live.map((i) => this.recordFromRow(def, i.old!, { readOnly: true }))
          : null;
      this.fire(
        def,
        kind === 'insert' ? 'after insert' : 'after update',
        live,
        newRecords,
        oldRecords,
        options
      );
    }
  }

  /**
   * A parent set as a record (`msg.Conversation__r = new Conversation__c(Key__c = 'k')`) sets the
   * lookup through one of its external-id fields, as the platform resolves foreign keys on save.
   * No match → INVALID_FIELD.
   */
  private resolveParentReferences(def: ObjectDefImpl, item: WorkItem): void {
    for (const [relKey, parent] of item.source.parents!) {
      if (!parent) continue;
      const lookup = def.getParentRelationship(relKey);
      if (!lookup) continue;
      // A parent with an Id (a queried relationship) is ignored: the lookup field decides.
      if (parent.id || (parent as SObjectRecordImpl).fromSoql) continue;
      const parentDef = parent.objectDef as ObjectDefImpl;
      const keyFields = parent
        .populatedFields()
        .map((n) => parentDef.getField(n)!)
        .filter((f) => f && f.externalId);
      if (keyFields.length !== 1) {
        const how = keyFields.length === 0 ? 'No external id field' : 'More than 1 field';
        item.errors.push(
          err(
            'INVALID_FIELD',
            `${how} provided in an external foreign key reference in entity: ${parentDef.name}`
          )
        );
        continue;
      }
      const f = keyFields[0];
      const value = parent.get(f.name);
      const table = this.table(parentDef.name);
      const matches = [...(table.lookup(f.name, indexKey(value)!) ?? [])].filter(
        (id) =>
          table.get(id)!.get('isdeleted') !== true &&
          (!f.caseSensitive || table.get(id)!.get(f.name.toLowerCase()) === value)
      );
      if (matches.length !== 1) {
        item.errors.push(
          err(
            'INVALID_FIELD',
            `Foreign key external ID: ${String(value)} ${matches.length === 0 ? 'not found' : 'matches more than one record'} for field ${f.name} in entity ${parentDef.name}`
          )
        );
        continue;
      }
      item.values!.set(lookup.name.toLowerCase(), matches[0]);
      item.changed?.add(lookup.name.toLowerCase());
    }
  }

  private nextAutoNumber(def: ObjectDefImpl, f: FieldDef): string {
    const key = `${def.name}.${f.name}`.toLowerCase();
    const n = (this.autoNumbers.get(key) ?? 0) + 1;
    this.autoNumbers.set(key, n);
    let format = this.autoNumberFormats.get(key);
    if (!format) {
      const m = /^(.*?)\{(0+)\}(.*)$/s.exec(f.autoNumberFormat ?? '{0}');
      format = m
        ? { prefix: m[1], width: m[2].length, suffix: m[3] }
        : { prefix: f.autoNumberFormat ?? '', width: 1, suffix: '' };
      this.autoNumberFormats.set(key, format);
    }
    return format.prefix + String(n).padStart(format.width, '0') + format.suffix;
  }

  /** Name of Contact, Lead, User: FirstName + ' ' + LastName. */
  private computeNames(def: ObjectDefImpl, values: Map<string, ApexPrimitive>): void {
    for (const f of this.plan(def).computed) {
      const parts = f
        .computedFrom!.map((s) => values.get(s.toLowerCase()) ?? null)
        .filter((p) => p !== null && p !== '');
      values.set(f.name.toLowerCase(), parts.length ? parts.join(' ') : null);
    }
  }

  private validate(def: ObjectDefImpl, item: WorkItem): void {
    const values = item.values!;
    const missing: string[] = [];
    const changed = item.kind === 'update' ? item.changed : undefined;
    for (const f of this.plan(def).validated) {
      const key = f.name.toLowerCase();
      if (changed && !changed.has(key)) continue;
      let v = values.get(key) ?? null;
      if (f.required && f.type !== 'Checkbox' && (v === null || v === '')) {
        missing.push(f.name);
        continue;
      }
      if (v === null) continue;
      try {
        v = coerceFieldValue(f, v, def.name);
      } catch {
        item.errors.push(
          err(
            'INVALID_TYPE_ON_FIELD_IN_RECORD',
            `${f.label}: value not of required type: ${String(v)}`,
            [f.name]
          )
        );
        continue;
      }
      values.set(key, v);
      const problem = this.checkValue(def, f, v);
      if (problem) item.errors.push(problem);
    }
    if (missing.length)
      item.errors.unshift(
        err(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${missing.join(', ')}]`,
          missing
        )
      );
  }

  private checkValue(def: ObjectDefImpl, f: FieldDef, v: ApexPrimitive): DmlError | undefined {
    if (typeof v === 'string') {
      if (f.type === 'Lookup' || f.type === 'MasterDetail') return this.checkReference(f, v);
      if (
        f.length !== undefined &&
        f.type !== 'Picklist' &&
        f.type !== 'MultiselectPicklist' &&
        v.length > f.length &&
        [...v].length > f.length
      ) {
        return err(
          'STRING_TOO_LONG',
          `${f.label}: data value too large: ${v} (max length=${f.length})`,
          [f.name]
        );
      }
      if (f.type === 'Email' && v !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) {
        return err('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${v}`, [f.name]);
      }
      if (
        (f.type === 'Picklist' || f.type === 'MultiselectPicklist') &&
        f.restrictedPicklist &&
        f.picklistValues
      ) {
        const allowed = new Set(f.picklistValues);
        const chosen = f.type === 'MultiselectPicklist' ? v.split(';') : [v];
        if (chosen.some((c) => !allowed.has(c))) {
          return err(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${f.label}: bad value for restricted picklist field: ${v}`,
            [f.name]
          );
        }
      }
    }
    if (v instanceof Decimal && f.precision !== undefined) {
      const scale = f.scale ?? 0;
      const rounded = v.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
      const integerDigits = rounded.abs().trunc().toString().replace(/^0$/, '').length;
      if (integerDigits > f.precision - scale) {
        return err(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${f.label}: value outside of valid range on numeric field: ${v.toString()}`,
          [f.name]
        );
      }
    }
    void def;
    return undefined;
  }

  private checkReference(f: FieldDef, id: string): DmlError | undefined {
    const full = to18(id);
    const target = full ? this.schema.objectByKeyPrefix(full.slice(0, 3)) : undefined;
    if (!full || !target)
      return err('MALFORMED_ID', `${f.label}: id value of incorrect type: ${id}`, [f.name]);
    if (!(f.referenceTo ?? []).some((r) => r.toLowerCase() === target.name.toLowerCase())) {
      return err('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, [
        f.name
      ]);
    }
    const row = this.tables.get(target.name.toLowerCase())!.get(full);
    if (!row) return err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (row.get('isdeleted') === true) return err('ENTITY_IS_DELETED', 'entity is deleted');
    return undefined;
  }

  /** DUPLICATE_VALUE against stored rows and between rows of the same call. */
  private checkUnique(table: Table, items: WorkItem[]): void {
    const def = table.def;
    for (const f of this.plan(def).unique) {
      const key = f.name.toLowerCase();
      const inBatch = new Map<string, WorkItem>();
      for (const item of items) {
        if (item.errors.length || (item.changed && !item.changed.has(key))) continue;
        const v = item.values!.get(key) ?? null;
        if (v === null || v === '') continue;
        const exact = f.caseSensitive && typeof v === 'string';
        const batchKey = exact ? `cs:${v as string}` : indexKey(v)!;
        const previous = inBatch.get(batchKey);
        if (previous) {
          item.errors.push(duplicateError(def, f, previous.id ?? '<unknown>'));
          continue;
        }
        inBatch.set(batchKey, item);
        for (const other of table.lookup(key, indexKey(v)!) ?? []) {
          if (other === item.id) continue;
          const row = table.get(other)!;
          if (row.get('isdeleted') === true) continue;
          if (exact && row.get(key) !== v) continue;
          item.errors.push(duplicateError(def, f, other));
          break;
        }
      }
    }
  }

  /** The lookup fields (not system ones) of every object that can point at this object. */
  private childLookups(def: ObjectDefImpl): readonly { child: ObjectDefImpl; f: FieldDef }[] {
    let list = this.childLookupCache.get(def);
    if (!list) {
      list = [];
      const name = def.name.toLowerCase();
      for (const child of this.schema.objects()) {
        for (const f of child.fields.values()) {
          if (f.system || (f.type !== 'Lookup' && f.type !== 'MasterDetail')) continue;
          if (f.referenceTo?.some((r) => r.toLowerCase() === name)) list.push({ child, f });
        }
      }
      this.childLookupCache.set(def, list);
    }
    return list;
  }

  /** Live rows whose lookup points at one of the ids, per child relationship of the object. */
  private childrenOf(
    def: ObjectDefImpl,
    ids: string[]
  ): {
    rel: { childObject: string; field: string; cascadeDelete: boolean; restrict: boolean };
    childIds: string[];
  }[] {
    const out: {
      rel: { childObject: string; field: string; cascadeDelete: boolean; restrict: boolean };
      childIds: string[];
    }[] = [];
    for (const { child, f } of this.childLookups(def)) {
      const childTable = this.tables.get(child.name.toLowerCase())!;
      if (childTable.rows.size === 0) continue;
      const childIds: string[] = [];
      for (const id of ids) {
        for (const c of childTable.lookup(f.name, indexKey(id)!) ?? [])
          if (childTable.get(c)!.get('isdeleted') !== true) childIds.push(c);
      }
      if (childIds.length) {
        out.push({
          rel: {
            childObject: child.name,
            field: f.name,
            cascadeDelete: f.type === 'MasterDetail' || f.deleteConstraint === 'Cascade',
            restrict: f.deleteConstraint === 'Restrict'
          },
          childIds
        });
      }
    }
    return out;
  }

  private deleteRows(table: Table, items: WorkItem[], options: DmlOptions): void {
    const def = table.def;
    for (const item of items) {
      const found = this.rowById(item.id!);
      if (!found || found.table !== table)
        item.errors.push(err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'));
      else if (found.row.get('isdeleted') === true)
        item.errors.push(err('ENTITY_IS_DELETED', 'entity is deleted'));
      else {
        item.id = found.id;
        item.old = found.row;
      }
    }
    let live = items.filter((i) => i.errors.length === 0);
    if (options.fireTriggers && live.length) {
      const oldRecords = live.map((i) => this.recordFromRow(def, i.old!, { readOnly: true }));
      this.fire(def, 'before delete', live, null, oldRecords, options);
      live = live.filter((i) => i.errors.length === 0);
    }
    for (const item of live) {
      for (const { rel } of this.childrenOf(def, [item.id!])) {
        if (rel.restrict) {
          item.errors.push(
            err(
              'DELETE_FAILED',
              `Your attempt to delete ${String(item.old!.get('name') ?? item.id)} could not be completed because it is associated with the following ${rel.childObject} records.`
            )
          );
        }
      }
    }
    live = live.filter((i) => i.errors.length === 0);
    if (live.length < items.length) return;
    for (const item of live) this.moveToRecycleBin(table, item.id!, options, true);
    if (options.fireTriggers) {
      const oldRecords = live.map((i) => this.recordFromRow(def, i.old!, { readOnly: true }));
      this.fire(def, 'after delete', live, null, oldRecords, options);
    }
  }

  /** Marks a row deleted; cascades to master-detail children (no triggers fire on them) and clears lookups. */
  private moveToRecycleBin(table: Table, id: string, options: DmlOptions, root: boolean): string[] {
    const info: RecycleInfo = { cascaded: [], nulled: [] };
    for (const { rel, childIds } of this.childrenOf(table.def, [id])) {
      const childTable = this.tables.get(rel.childObject.toLowerCase())!;
      for (const childId of childIds) {
        if (rel.cascadeDelete) {
          info.cascaded.push(
            childId,
            ...this.moveToRecycleBin(childTable, childId, options, false)
          );
        } else {
          const row = new Map(childTable.get(childId)!);
          row.set(rel.field.toLowerCase(), null);
          childTable.set(childId, row);
          info.nulled.push([childId, rel.field]);
        }
      }
    }
    const row = new Map(table.get(id)!);
    row.set('isdeleted', true);
    if (root) row.set(RECYCLE_KEY, JSON.stringify(info));
    if (table.def.fields.has('systemmodstamp')) row.set('systemmodstamp', options.now());
    table.set(id, row);
    return info.cascaded;
  }

  private undeleteRows(table: Table, items: WorkItem[], options: DmlOptions): void {
    const def = table.def;
    for (const item of items) {
      const found = this.rowById(item.id!);
      if (!found || found.table !== table)
        item.errors.push(err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'));
      else if (found.row.get('isdeleted') !== true || !found.row.has(RECYCLE_KEY))
        item.errors.push(err('UNDELETE_FAILED', 'Entity is not in the recycle bin'));
      else item.id = found.id;
    }
    const live = items.filter((i) => i.errors.length === 0);
    if (live.length < items.length) return;
    for (const item of live) {
      const row = new Map(table.get(item.id!)!);
      const info = JSON.parse(String(row.get(RECYCLE_KEY))) as RecycleInfo;
      row.delete(RECYCLE_KEY);
      row.set('isdeleted', false);
      table.set(item.id!, row);
      for (const childId of info.cascaded) {
        const found = this.rowById(childId);
        if (found) found.table.set(childId, new Map(found.row).set('isdeleted', false));
      }
      for (const [childId, field] of info.nulled) {
        const found = this.rowById(childId);
        if (
          found &&
          found.row.get('isdeleted') !== true &&
          (found.row.get(field.toLowerCase()) ?? null) === null
        ) {
          found.table.set(childId, new Map(found.row).set(field.toLowerCase(), item.id));
        }
      }
    }
    if (options.fireTriggers) {
      const newRecords = live.map((i) =>
        this.recordFromRow(def, table.get(i.id!)!, { readOnly: true })
      );
      this.fire(def, 'after undelete', live, newRecords, null, options);
    }
  }
}

/** DUPLICATE_VALUE, or DUPLICATE_USERNAME for User.Username as the platform reports it. */
function duplicateError(def: ObjectDefImpl, f: FieldDef, otherId: string): DmlError {
  if (def.name === 'User' && f.name === 'Username') {
    return err(
      'DUPLICATE_USERNAME',
      "Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address).",
      ['Username']
    );
  }
  return err(
    'DUPLICATE_VALUE',
    `duplicate value found: ${f.name} duplicates value on record with id: ${otherId}`,
    []
  );
}

function stripHidden(values: Map<string, ApexPrimitive>): Map<string, ApexPrimitive> {
  const out = new Map<string, ApexPrimitive>();
  for (const [k, v] of values) if (k[0] !== '$') out.set(k, v);
  return out;
}

function sameValue(a: ApexPrimitive, b: ApexPrimitive): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return indexKey(a) === indexKey(b) && typeof a === typeof b;
}

function encodeValue(v: ApexPrimitive): unknown {
  if (v instanceof Decimal) return { $decimal: v.toString() };
  if (v instanceof ApexDate) return { $date: v.toIsoString() };
  if (v instanceof ApexDatetime) return { $datetime: v.toIsoString() };
  if (v instanceof ApexTime) return { $time: v.msOfDay };
  if (v instanceof ApexDouble) return { $double: v.value };
  if (v instanceof ApexBlob) return { $blob: Buffer.from(v.bytes).toString('base64') };
  if (typeof v === 'bigint') return { $long: v.toString() };
  return v;
}

function decodeValue(v: unknown): ApexPrimitive {
  if (v === null || typeof v !== 'object') return v as ApexPrimitive;
  const o = v as Record<string, unknown>;
  if ('$decimal' in o) return new Decimal(String(o.$decimal));
  if ('$date' in o) return ApexDate.parseIso(String(o.$date));
  if ('$datetime' in o) return ApexDatetime.parseIso(String(o.$datetime));
  if ('$time' in o) return ApexTime.of(0, 0, 0, Number(o.$time));
  if ('$double' in o) return new ApexDouble(Number(o.$double));
  if ('$blob' in o) return new ApexBlob(new Uint8Array(Buffer.from(String(o.$blob), 'base64')));
  if ('$long' in o) return BigInt(String(o.$long));
  throw new Error(`loadJson: unknown value ${JSON.stringify(v)}`);
}
