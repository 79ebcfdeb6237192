/**
 * Runs a parsed SELECT against the record store: candidate rows (through an index when the
 * WHERE has `field = value` / `field IN list` on Id, a lookup, a unique or an external-id field),
 * filter, group and aggregate, order, offset/limit, then typed result records.
 */
import type { FieldDef, QueryOptions, SObjectRecord } from '../contracts.js';
import { ApexList, ApexSet, ApexMap } from '../apex/runtime-types.js';
import { field as makeField, ObjectDefImpl } from '../schema/model.js';
import type { RecordStoreImpl } from '../data/store.js';
import { SObjectRecordImpl } from '../data/sobject.js';
import { to18 } from '../data/ids.js';
import { indexKey, isIndexedField, type Row, type Table } from '../data/table.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  type ApexPrimitive
} from '../values.js';
import { SoqlParseError } from './lexer.js';
import type {
  AggregateFn,
  Condition,
  FieldPath,
  Operand,
  SelectItem,
  SelectQuery,
  ValueExpr
} from './parser.js';
import { dateLiteralRange, localEpochDay, localMidnightMs } from './dates.js';

const DAY = 86_400_000;

type Comparable = string | number | boolean | Decimal | null;

export interface EvalContext {
  readonly store: RecordStoreImpl;
  readonly binds: readonly unknown[];
  readonly options: QueryOptions;
  /** Local day number of "today" in the user's time zone. */
  readonly today: number;
  readonly tz: string;
  rowsConsumed: number;
  /** Per-query caches: the key sets of IN lists (built once, not per row). */
  readonly inSets: Map<object, { keys: Set<string>; hasNull: boolean }>;
}

export function makeContext(
  store: RecordStoreImpl,
  binds: readonly unknown[],
  options: QueryOptions
): EvalContext {
  const tz = options.user.timeZoneSidKey || 'GMT';
  return {
    store,
    binds,
    options,
    today: localEpochDay(options.now().epochMs, tz),
    tz,
    rowsConsumed: 0,
    inSets: new Map()
  };
}

// ---------------------------------------------------------------------------------------------
// values
// ---------------------------------------------------------------------------------------------

/** The stored row reached by following a path's lookups (null when a lookup is empty). */
function walk(ctx: EvalContext, row: Row, path: FieldPath): Row | null {
  let current: Row | null = row;
  for (const step of path.steps) {
    const id = current.get(step.lookup.name.toLowerCase());
    if (typeof id !== 'string') return null;
    const found = ctx.store.rowById(id);
    if (!found) return null;
    current = found.row;
  }
  return current;
}

export function pathValue(ctx: EvalContext, row: Row, path: FieldPath): ApexPrimitive {
  const target = walk(ctx, row, path);
  if (!target) return null;
  return target.get(path.field.name.toLowerCase()) ?? null;
}

function isIdType(f: FieldDef): boolean {
  return f.type === 'Id' || f.type === 'Lookup' || f.type === 'MasterDetail';
}

/** A value in the comparable form of a field's type: ids 18-char, text lower-cased, numbers Decimal, dates day/ms numbers. */
function comparable(f: FieldDef, value: unknown): Comparable {
  if (value === null || value === undefined) return null;
  if (isIdType(f)) {
    // Ids compare on their exact 18-character form (unique, and ordered as created).
    if (value instanceof SObjectRecordImpl) return value.id;
    const id = typeof value === 'string' ? to18(value) : null;
    if (!id) throw new SoqlParseError(`invalid ID field: ${String(value)}`, 0);
    return id;
  }
  switch (f.type) {
    case 'Checkbox':
      if (typeof value !== 'boolean') throw typeError(f, value);
      return value;
    case 'Number':
    case 'Currency':
    case 'Percent':
    case 'Summary':
      if (value instanceof Decimal) return value;
      if (typeof value === 'number' || typeof value === 'bigint')
        return new Decimal(value.toString());
      if (value instanceof ApexDouble) return new Decimal(value.value);
      throw typeError(f, value);
    case 'Date':
      if (value instanceof ApexDate) return value.epochDay;
      if (value instanceof ApexDatetime) return value.dateGmt().epochDay;
      throw typeError(f, value);
    case 'DateTime':
      if (value instanceof ApexDatetime) return value.epochMs;
      if (value instanceof ApexDate) return value.epochDay * DAY;
      throw typeError(f, value);
    case 'Time':
      if (value instanceof ApexTime) return value.msOfDay;
      throw typeError(f, value);
    default:
      if (typeof value === 'string') return value.toLowerCase();
      if (value instanceof Decimal || typeof value === 'number' || typeof value === 'boolean')
        return String(value).toLowerCase();
      throw typeError(f, value);
  }
}

function typeError(f: FieldDef, value: unknown): SoqlParseError {
  return new SoqlParseError(`value of incorrect type for field ${f.name}: ${String(value)}`, 0);
}

function compareComparable(a: Comparable, b: Comparable): number {
  if (a instanceof Decimal && b instanceof Decimal) return a.comparedTo(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function equalComparable(a: Comparable, b: Comparable): boolean {
  if (a === null || b === null) return a === b;
  return compareComparable(a, b) === 0;
}

/** Flattens a bind value that is a collection (List, Set, Map keys, JS array) into its items; null otherwise. */
function asCollection(value: unknown): unknown[] | null {
  if (value instanceof ApexList) return value.items;
  if (value instanceof ApexSet) return [...value.entries.values()];
  if (value instanceof ApexMap) return [...value.entries.values()].map((e) => e.key);
  if (Array.isArray(value)) return value;
  return null;
}

type Resolved =
  | { kind: 'values'; values: unknown[]; isList: boolean }
  | { kind: 'range'; start: number; end: number; name: string };

function resolveValue(ctx: EvalContext, v: ValueExpr): Resolved {
  switch (v.kind) {
    case 'literal':
      return { kind: 'values', values: [v.value], isList: false };
    case 'bind': {
      if (v.index >= ctx.binds.length) throw new Error(`SOQL bind ${v.index} has no value`);
      const value = ctx.binds[v.index];
      const list = asCollection(value);
      return list
        ? { kind: 'values', values: list, isList: true }
        : { kind: 'values', values: [value], isList: false };
    }
    case 'dateLiteral': {
      const [start, end] = dateLiteralRange(v.name, v.n, ctx.today);
      return { kind: 'range', start, end, name: v.n === null ? v.name : `${v.name}:${v.n}` };
    }
    case 'list': {
      const values: unknown[] = [];
      for (const item of v.items) {
        const r = resolveValue(ctx, item);
        if (r.kind === 'range')
          throw new SoqlParseError('unsupported: date literals inside IN lists', 0);
        values.push(...r.values);
      }
      return { kind: 'values', values, isList: true };
    }
  }
}

function rangeBounds(
  ctx: EvalContext,
  f: FieldDef,
  r: { start: number; end: number; name: string }
): [number, number] {
  if (f.type === 'Date') return [r.start, r.end];
  if (f.type === 'DateTime')
    return [localMidnightMs(r.start, ctx.tz), localMidnightMs(r.end, ctx.tz)];
  throw new SoqlParseError(`value of incorrect type for field ${f.name}: ${r.name}`, 0);
}

function likeRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      out += pattern[++i];
    } else if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}

// ---------------------------------------------------------------------------------------------
// conditions
// ---------------------------------------------------------------------------------------------

export interface RowScope {
  row: Row | null;
  /** For HAVING: the rows of the group. */
  group?: Row[];
}

function operandValue(ctx: EvalContext, scope: RowScope, operand: Operand): ApexPrimitive {
  if (operand.kind === 'path') return pathValue(ctx, scope.row ?? scope.group![0], operand.path);
  return aggregateValue(ctx, scope.group ?? [], operand.fn, operand.path);
}

function operandField(operand: Operand): FieldDef {
  if (operand.kind === 'path') return operand.path.field;
  if (operand.fn === 'COUNT' || operand.fn === 'COUNT_DISTINCT') return makeField('expr', 'Number');
  return operand.path!.field;
}

export function evalCondition(
  ctx: EvalContext,
  scope: RowScope,
  c: Condition,
  semiJoins: Map<Condition, Set<string>>
): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((i) => evalCondition(ctx, scope, i, semiJoins));
    case 'or':
      return c.items.some((i) => evalCondition(ctx, scope, i, semiJoins));
    case 'not':
      return !evalCondition(ctx, scope, c.item, semiJoins);
    case 'semiJoin': {
      const keys = semiJoins.get(c)!;
      const v = operandValue(ctx, scope, c.left);
      const key = v === null ? null : indexKey(v);
      const hit = key !== null && keys.has(key);
      return c.negated ? !hit : hit;
    }
    case 'includes': {
      const v = operandValue(ctx, scope, c.left);
      const r = resolveValue(ctx, c.right);
      if (r.kind === 'range') throw new SoqlParseError('INCLUDES needs values', 0);
      const selected = new Set(
        typeof v === 'string' ? v.split(';').map((s) => s.toLowerCase()) : []
      );
      const hit = r.values.some((want) =>
        String(want)
          .split(';')
          .every((w) => selected.has(w.trim().toLowerCase()))
      );
      return c.negated ? !hit : hit;
    }
    case 'in': {
      const f = operandField(c.left);
      const v = comparable(f, operandValue(ctx, scope, c.left));
      const set = inSet(ctx, c, f);
      // As with !=, a null field is "not in" any list of values (SOQL, unlike SQL, returns it).
      const hit = v === null ? set.hasNull : set.keys.has(comparableKey(v));
      return c.negated ? !hit : hit;
    }
    case 'compare': {
      const f = operandField(c.left);
      const raw = operandValue(ctx, scope, c.left);
      const r = resolveValue(ctx, c.right);
      if (r.kind === 'range') {
        if (raw === null) return c.op === '!=';
        const [start, end] = rangeBounds(ctx, f, r);
        const x = comparable(f, raw) as number;
        switch (c.op) {
          case '=':
            return x >= start && x < end;
          case '!=':
            return !(x >= start && x < end);
          case '<':
            return x < start;
          case '<=':
            return x < end;
          case '>':
            return x >= end;
          case '>=':
            return x >= start;
          default:
            throw new SoqlParseError(`unsupported: ${c.op} with a date literal`, 0);
        }
      }
      if (c.op === 'LIKE') {
        if (raw === null) return false;
        const pattern = r.values[0];
        if (typeof pattern !== 'string') return false;
        return likeRegex(pattern).test(String(raw));
      }
      const v = comparable(f, raw);
      if (r.isList) {
        // `field = :list` behaves as IN, `!=` as NOT IN.
        const hit =
          v !== null && r.values.some((x) => x !== null && equalComparable(v, comparable(f, x)));
        if (c.op === '=') return hit;
        if (c.op === '!=') return !hit;
        throw new SoqlParseError(`unsupported: ${c.op} with a list`, 0);
      }
      const w = comparable(f, r.values[0]);
      if (c.op === '=') return equalComparable(v, w);
      if (c.op === '!=') return !equalComparable(v, w);
      if (v === null || w === null) return false;
      const cmp = compareComparable(v, w);
      return c.op === '<' ? cmp < 0 : c.op === '<=' ? cmp <= 0 : c.op === '>' ? cmp > 0 : cmp >= 0;
    }
  }
}

/** A string that two comparables share exactly when they are equal. */
function comparableKey(v: Exclude<Comparable, null>): string {
  if (v instanceof Decimal) return `n:${v.toString()}`;
  if (typeof v === 'number') return `x:${v}`;
  if (typeof v === 'boolean') return v ? 'b:1' : 'b:0';
  return `s:${v}`;
}

function inSet(
  ctx: EvalContext,
  c: Condition,
  f: FieldDef
): { keys: Set<string>; hasNull: boolean } {
  let set = ctx.inSets.get(c);
  if (!set) {
    const r = resolveValue(ctx, (c as { right: ValueExpr }).right);
    if (r.kind === 'range') throw new SoqlParseError('unsupported: date literal as IN list', 0);
    set = { keys: new Set(), hasNull: false };
    for (const x of r.values) {
      const key = comparable(f, x);
      if (key === null) set.hasNull = true;
      else set.keys.add(comparableKey(key));
    }
    ctx.inSets.set(c, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// aggregates
// ---------------------------------------------------------------------------------------------

function aggregateValue(
  ctx: EvalContext,
  rows: Row[],
  fn: AggregateFn,
  path: FieldPath | null
): ApexPrimitive {
  if (fn === 'COUNT' && path === null) return rows.length;
  const values = rows.map((r) => pathValue(ctx, r, path!)).filter((v) => v !== null);
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map((v) => indexKey(v))).size;
    case 'SUM':
    case 'AVG': {
      if (values.length === 0) return null;
      const sum = values.reduce<Decimal>((acc, v) => acc.plus(v as Decimal), new Decimal(0));
      return fn === 'SUM' ? sum : sum.dividedBy(values.length);
    }
    case 'MIN':
    case 'MAX': {
      if (values.length === 0) return null;
      const f = path!.field;
      let best = values[0];
      for (const v of values.slice(1)) {
        const cmp = compareComparable(comparable(f, v), comparable(f, best));
        if (fn === 'MIN' ? cmp < 0 : cmp > 0) best = v;
      }
      return best;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// candidates through indexes
// ---------------------------------------------------------------------------------------------

function conjuncts(c: Condition | null): Condition[] {
  if (!c) return [];
  return c.kind === 'and' ? [...c.items] : [c];
}

/** Ids the WHERE can only match, from an index; null when no indexed equality applies. */
function indexedCandidates(
  ctx: EvalContext,
  table: Table,
  where: Condition | null
): string[] | null {
  for (const c of conjuncts(where)) {
    if ((c.kind !== 'compare' || c.op !== '=') && (c.kind !== 'in' || c.negated)) continue;
    if (c.left.kind !== 'path' || c.left.path.steps.length > 0) continue;
    const f = c.left.path.field;
    if (f.name !== 'Id' && !isIndexedField(f)) continue;
    const r = resolveValue(ctx, c.right);
    if (r.kind === 'range') continue;
    const ids = new Set<string>();
    let usable = true;
    for (const raw of r.values) {
      const v = comparable(f, raw);
      if (v === null || (typeof v !== 'string' && !(v instanceof Decimal))) {
        usable = false;
        break;
      }
      if (f.name === 'Id') {
        if (table.get(v as string)) ids.add(v as string);
      } else {
        for (const id of table.lookup(f.name, indexKey(v)!) ?? []) ids.add(id);
      }
    }
    if (!usable) continue;
    return [...ids].sort();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// the query
// ---------------------------------------------------------------------------------------------

export function checkAccess(ctx: EvalContext, q: SelectQuery): void {
  const mode = q.security ?? (ctx.options.accessLevel === 'user' ? 'USER_MODE' : null);
  if (mode !== 'USER_MODE' && mode !== 'SECURITY_ENFORCED') return;
  const user = ctx.options.user;
  if (user.modifyAllData) return;
  if (!user.canReadObject(q.object.name)) {
    throw new SoqlParseError(
      `sObject type '${q.object.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      0
    );
  }
  const paths: FieldPath[] = [];
  for (const item of q.items) {
    if (item.kind === 'field') paths.push(item.path);
    else if (item.kind === 'aggregate' && item.path) paths.push(item.path);
    else if (item.kind === 'subquery') checkAccess(ctx, { ...item.query, security: mode });
  }
  if (mode === 'USER_MODE') {
    const collect = (c: Condition | null): void => {
      if (!c) return;
      if ('items' in c) c.items.forEach(collect);
      else if ('item' in c) collect(c.item);
      else if (c.left.path) paths.push(c.left.path);
    };
    collect(q.where);
    for (const o of q.orderBy) if (o.operand.kind === 'path') paths.push(o.operand.path);
    paths.push(...q.groupBy);
  }
  const denied: string[] = [];
  for (const p of paths) {
    for (const owner of p.owners) {
      if (p.field.name === 'Id') continue;
      if (!user.canReadObject(owner.name) || !user.canReadField(owner.name, p.field.name))
        denied.push(`${owner.name}.${p.field.name}`);
    }
  }
  if (denied.length) {
    const error = new SoqlParseError(
      'Insufficient permissions: secure query included inaccessible field',
      0
    );
    (error as SoqlParseError & { inaccessibleFields?: string[] }).inaccessibleFields = denied;
    throw error;
  }
}

function prepareSemiJoins(
  ctx: EvalContext,
  c: Condition | null,
  out: Map<Condition, Set<string>>
): void {
  if (!c) return;
  if (c.kind === 'and' || c.kind === 'or') c.items.forEach((i) => prepareSemiJoins(ctx, i, out));
  else if (c.kind === 'not') prepareSemiJoins(ctx, c.item, out);
  else if (c.kind === 'semiJoin') {
    const item = c.query.items[0] as Extract<SelectItem, { kind: 'field' }>;
    const rows = selectRows(ctx, c.query);
    const keys = new Set<string>();
    for (const row of rows) {
      const v = pathValue(ctx, row, item.path);
      if (v !== null) keys.add(indexKey(v)!);
    }
    out.set(c, keys);
  }
}

function bindInt(ctx: EvalContext, v: ValueExpr | null): number | null {
  if (!v) return null;
  const r = resolveValue(ctx, v);
  if (r.kind !== 'values') throw new SoqlParseError('LIMIT and OFFSET take integers', 0);
  const n = r.values[0];
  if (n === null) return null;
  const num = n instanceof Decimal ? n.toNumber() : typeof n === 'bigint' ? Number(n) : Number(n);
  if (!Number.isInteger(num) || num < 0)
    throw new SoqlParseError(`invalid LIMIT/OFFSET value: ${String(n)}`, 0);
  return num;
}

/** The matching rows of a non-aggregate query, filtered, ordered, offset and limited. */
export function selectRows(
  ctx: EvalContext,
  q: SelectQuery,
  restrictTo?: readonly string[]
): Row[] {
  const table = ctx.store.table(q.object.name);
  const semiJoins = new Map<Condition, Set<string>>();
  prepareSemiJoins(ctx, q.where, semiJoins);
  const candidates = restrictTo ?? indexedCandidates(ctx, table, q.where);
  const rows: Row[] = [];
  const consider = (row: Row | undefined) => {
    if (!row) return;
    if (!q.allRows && row.get('isdeleted') === true) return;
    if (q.where && !evalCondition(ctx, { row }, q.where, semiJoins)) return;
    rows.push(row);
  };
  if (candidates) for (const id of candidates) consider(table.get(id));
  else for (const row of table.rows.values()) consider(row);
  if (q.orderBy.length) sortRows(ctx, rows, q);
  const offset = bindInt(ctx, q.offset) ?? 0;
  if (offset > 2000) throw new SoqlParseError('Maximum SOQL offset allowed is 2000', 0);
  const limit = bindInt(ctx, q.limit);
  if (offset || limit !== null)
    return rows.slice(offset, limit === null ? undefined : offset + limit);
  return rows;
}

function sortRows(ctx: EvalContext, rows: Row[], q: SelectQuery): void {
  const keys = rows.map((row) =>
    q.orderBy.map((o) =>
      o.operand.kind === 'path'
        ? comparable(o.operand.path.field, pathValue(ctx, row, o.operand.path))
        : null
    )
  );
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < q.orderBy.length; k++) {
      const o = q.orderBy[k];
      const x = keys[a][k];
      const y = keys[b][k];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === o.nullsFirst ? -1 : 1;
      }
      const cmp = compareComparable(x, y);
      if (cmp !== 0) return o.descending ? -cmp : cmp;
    }
    return a - b;
  });
  const sorted = order.map((i) => rows[i]);
  rows.splice(0, rows.length, ...sorted);
}

/** Result records of a non-aggregate query: the queried fields, Id, parents as nested records, child lists. */
export function buildRecords(ctx: EvalContext, q: SelectQuery, rows: Row[]): SObjectRecordImpl[] {
  const out: SObjectRecordImpl[] = [];
  for (const row of rows) out.push(buildRecord(ctx, q.object, row, q.items));
  for (const item of q.items) {
    if (item.kind !== 'subquery') continue;
    const rel = q.object.getChildRelationship(item.relationshipName)!;
    const childTable = ctx.store.table(rel.childObject);
    for (const record of out) {
      const childIds = [...(childTable.lookup(rel.field, indexKey(record.id!)!) ?? [])].sort();
      const childRows = selectRows(ctx, item.query, childIds);
      ctx.rowsConsumed += childRows.length;
      record.setChildren(item.relationshipName, buildRecords(ctx, item.query, childRows));
    }
  }
  return out;
}

function buildRecord(
  ctx: EvalContext,
  def: ObjectDefImpl,
  row: Row,
  items: readonly SelectItem[]
): SObjectRecordImpl {
  const record = new SObjectRecordImpl(def, new Map([['id', row.get('id') ?? null]]), {
    fromSoql: true
  });
  for (const item of items) {
    if (item.kind !== 'field') continue;
    const path = item.path;
    let target: SObjectRecordImpl | null = record;
    let current: Row | null = row;
    for (const step of path.steps) {
      const relKey = step.relationshipName;
      const id: ApexPrimitive | undefined = current!.get(step.lookup.name.toLowerCase());
      const found: ReturnType<RecordStoreImpl['rowById']> =
        typeof id === 'string' ? ctx.store.rowById(id) : undefined;
      if (!found) {
        if (!target!.parents?.has(relKey.toLowerCase())) target!.putParent(relKey, null);
        target = null;
        break;
      }
      let parent = target!.parents?.get(relKey.toLowerCase()) as
        SObjectRecordImpl | null | undefined;
      if (!parent) {
        parent = new SObjectRecordImpl(found.table.def, new Map([['id', found.id]]), {
          fromSoql: true
        });
        target!.parents ??= new Map();
        target!.parents.set(relKey.toLowerCase(), parent);
      }
      target = parent;
      current = found.row;
    }
    if (!target || !current) continue;
    const f = target.objectDef.getField(path.field.name);
    if (f) target.values.set(f.name.toLowerCase(), current.get(f.name.toLowerCase()) ?? null);
  }
  return record;
}

// ---------------------------------------------------------------------------------------------
// aggregate queries
// ---------------------------------------------------------------------------------------------

function aggregateDef(q: SelectQuery): ObjectDefImpl {
  const def = new ObjectDefImpl(
    'AggregateResult',
    'Aggregate Result',
    'Aggregate Results',
    'standard',
    '000',
    { createable: false, updateable: false, deletable: false }
  );
  for (const item of q.items) {
    if (item.kind === 'field')
      def.addField({ ...item.path.field, name: item.alias ?? item.path.field.name });
    else if (item.kind === 'aggregate') {
      const base =
        item.path && item.fn !== 'COUNT' && item.fn !== 'COUNT_DISTINCT'
          ? item.path.field
          : makeField(item.alias, 'Number', { precision: 18, scale: 0 });
      def.addField({ ...base, name: item.alias });
    }
  }
  return def;
}

export function runAggregate(ctx: EvalContext, q: SelectQuery): SObjectRecordImpl[] {
  const table = ctx.store.table(q.object.name);
  const semiJoins = new Map<Condition, Set<string>>();
  prepareSemiJoins(ctx, q.where, semiJoins);
  const candidates = indexedCandidates(ctx, table, q.where);
  const groups = new Map<string, Row[]>();
  let scanned = 0;
  const consider = (row: Row | undefined) => {
    if (!row || (!q.allRows && row.get('isdeleted') === true)) return;
    if (q.where && !evalCondition(ctx, { row }, q.where, semiJoins)) return;
    scanned++;
    const key = q.groupBy
      .map((g) => indexKey(pathValue(ctx, row, g)) ?? '\u0000null')
      .join('\u0001');
    const g = groups.get(key);
    if (g) g.push(row);
    else groups.set(key, [row]);
  };
  if (candidates) for (const id of candidates) consider(table.get(id));
  else for (const row of table.rows.values()) consider(row);
  if (q.groupBy.length === 0 && groups.size === 0) groups.set('', []);
  const def = aggregateDef(q);
  let results: { rows: Row[]; record: SObjectRecordImpl }[] = [];
  for (const rows of groups.values()) {
    if (q.having && !evalCondition(ctx, { row: rows[0] ?? null, group: rows }, q.having, semiJoins))
      continue;
    const values = new Map<string, ApexPrimitive>();
    for (const item of q.items) {
      if (item.kind === 'field')
        values.set(
          (item.alias ?? item.path.field.name).toLowerCase(),
          rows.length ? pathValue(ctx, rows[0], item.path) : null
        );
      else if (item.kind === 'aggregate')
        values.set(item.alias.toLowerCase(), aggregateValue(ctx, rows, item.fn, item.path));
    }
    results.push({
      rows,
      record: new SObjectRecordImpl(def, values, { fromSoql: true, readOnly: true })
    });
  }
  if (q.orderBy.length) {
    const keyOf = (r: { rows: Row[] }, o: SelectQuery['orderBy'][number]) =>
      o.operand.kind === 'path'
        ? comparable(
            o.operand.path.field,
            r.rows.length ? pathValue(ctx, r.rows[0], o.operand.path) : null
          )
        : comparable(
            operandField(o.operand),
            aggregateValue(ctx, r.rows, o.operand.fn, o.operand.path)
          );
    results = results
      .map((r, i) => ({ r, i, keys: q.orderBy.map((o) => keyOf(r, o)) }))
      .sort((a, b) => {
        for (let k = 0; k < q.orderBy.length; k++) {
          const o = q.orderBy[k];
          const x = a.keys[k];
          const y = b.keys[k];
          if (x === null || y === null) {
            if (x === y) continue;
            return (x === null) === o.nullsFirst ? -1 : 1;
          }
          const cmp = compareComparable(x, y);
          if (cmp !== 0) return o.descending ? -cmp : cmp;
        }
        return a.i - b.i;
      })
      .map((x) => x.r);
  }
  const offset = bindInt(ctx, q.offset) ?? 0;
  const limit = bindInt(ctx, q.limit);
  const page = results.slice(offset, limit === null ? undefined : offset + limit);
  // Limits: COUNT(field) queries count one row per group; other aggregates every row aggregated.
  const onlyCounts = q.items.every((i) => i.kind !== 'aggregate' || i.fn === 'COUNT');
  ctx.rowsConsumed += onlyCounts ? Math.max(1, page.length) : scanned;
  return page.map((r) => r.record);
}

export type QueryResult = SObjectRecord[] | number;
