/**
 * JSON: serialize / serializePretty (Jackson's output shape and pretty printer, which the platform
 * uses), deserialize / deserializeStrict into a Type, deserializeUntyped, and JSONGenerator.
 * A JSON parser of our own keeps number texts, so Decimal scale and Long precision survive.
 */
import type { NativeCallContext, NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexList, ApexMap, ApexSet, ApexThrow } from '../runtime-types.js';
import type { ApexObjectRef, FieldDef, ObjectDef, SObjectRecord } from '../../contracts.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  formatDouble
} from '../../values.js';
import { T, bool, nullPointer, str } from './util.js';
import { decimalToString, parseDecimal, withScale } from './decimal-scale.js';
import { NativeEnumValue, enumValue } from './enums.js';
import { normalizeId } from './system.js';
import { primitiveToString } from './format.js';

function jsonException(message: string): never {
  throw new ApexThrow('System.JSONException', message);
}

// ------------------------------------------------------------------------------------------------
// Serialization
// ------------------------------------------------------------------------------------------------

type Json = null | boolean | string | { raw: string } | Json[] | { entries: [string, Json][] };

function isSObject(value: unknown): value is SObjectRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    'objectDef' in value &&
    typeof (value as SObjectRecord).get === 'function'
  );
}
function isApexObject(value: unknown): value is ApexObjectRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApexObjectRef).className === 'string' &&
    !('nativeClassName' in value)
  );
}

const API_VERSION = '62.0';

interface RecordInternals {
  parents?: Map<string, SObjectRecord | null> | null;
  children?: Map<string, SObjectRecord[]> | null;
}

function sobjectToJson(record: SObjectRecord, ctx: NativeCallContext, seen: Set<unknown>): Json {
  const def = record.objectDef;
  const attributes: [string, Json][] = [['type', def.name]];
  if (record.id)
    attributes.push(['url', `/services/data/v${API_VERSION}/sobjects/${def.name}/${record.id}`]);
  const entries: [string, Json][] = [['attributes', { entries: attributes }]];
  for (const name of record.populatedFields())
    entries.push([name, toJson(record.get(name), ctx, seen, false)]);
  const internals = record as unknown as RecordInternals;
  for (const [key, parent] of internals.parents ?? []) {
    const field = [...def.fields.values()].find((f) => f.relationshipName?.toLowerCase() === key);
    entries.push([
      field?.relationshipName ?? key,
      parent === null ? null : toJson(parent, ctx, seen, false)
    ]);
  }
  for (const [key, children] of internals.children ?? []) {
    const rel = def.childRelationships.get(key);
    entries.push([
      rel?.relationshipName ?? key,
      {
        entries: [
          ['totalSize', { raw: String(children.length) }],
          ['done', true],
          ['records', children.map((c) => toJson(c, ctx, seen, false))]
        ]
      }
    ]);
  }
  return { entries };
}

function toJson(
  value: unknown,
  ctx: NativeCallContext,
  seen: Set<unknown>,
  suppressNulls: boolean
): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return { raw: String(value) };
    case 'bigint':
      return { raw: value.toString() };
  }
  if (value instanceof ApexDouble) {
    if (!Number.isFinite(value.value))
      jsonException(`Non-finite Double values are not valid JSON: ${formatDouble(value.value)}`);
    return { raw: formatDouble(value.value) };
  }
  if (Decimal.isDecimal(value)) return { raw: decimalToString(value as Decimal) };
  if (value instanceof ApexDate) return value.toIsoString();
  if (value instanceof ApexDatetime) return value.toIsoString();
  if (value instanceof ApexTime) return value.toString();
  if (value instanceof ApexBlob) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof NativeEnumValue) return value.name;
  if (seen.has(value)) jsonException('Cycle detected during serialization of the object graph');
  seen.add(value);
  try {
    if (value instanceof ApexList)
      return value.items.map((v) => toJson(v, ctx, seen, suppressNulls));
    if (value instanceof ApexSet)
      return [...value.entries.values()].map((v) => toJson(v, ctx, seen, suppressNulls));
    if (value instanceof ApexMap) {
      const entries: [string, Json][] = [];
      for (const { key, value: v } of value.entries.values()) {
        entries.push([
          key === null ? 'null' : (primitiveToString(key) ?? ctx.runtime.stringify(key)),
          toJson(v, ctx, seen, suppressNulls)
        ]);
      }
      return { entries };
    }
    if (isSObject(value)) return sobjectToJson(value, ctx, seen);
    if (isApexObject(value)) {
      const entries: [string, Json][] = [];
      for (const field of ctx.runtime.objectFields(value.className)) {
        const v = ctx.runtime.getObjectField(value, field.name);
        if (suppressNulls && (v === null || v === undefined)) continue;
        entries.push([field.name, toJson(v, ctx, seen, suppressNulls)]);
      }
      return { entries };
    }
  } finally {
    seen.delete(value);
  }
  const type =
    (value as { nativeClassName?: string }).nativeClassName ?? ctx.runtime.typeOf(value).name;
  throw new Error(
    `unsupported: JSON.serialize of a ${type} value at ${ctx.location.file}:${ctx.location.line}`
  );
}

/** Jackson's string escaping: quote, backslash and control characters; everything else as is. */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += named[c] ?? '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

function isRaw(value: Json): value is { raw: string } {
  return typeof value === 'object' && value !== null && 'raw' in value;
}

export function writeJson(value: Json, pretty: boolean, nesting = 0): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value);
  if (isRaw(value)) return value.raw;
  if (Array.isArray(value)) {
    if (!pretty) return `[${value.map((v) => writeJson(v, false)).join(',')}]`;
    // Jackson DefaultPrettyPrinter: arrays inline with single spaces.
    return value.length === 0
      ? '[ ]'
      : `[ ${value.map((v) => writeJson(v, true, nesting)).join(', ')} ]`;
  }
  if (!pretty)
    return `{${value.entries.map(([k, v]) => `${quote(k)}:${writeJson(v, false)}`).join(',')}}`;
  if (value.entries.length === 0) return '{ }';
  const indent = '  '.repeat(nesting + 1);
  const body = value.entries
    .map(([k, v]) => `${indent}${quote(k)} : ${writeJson(v, true, nesting + 1)}`)
    .join(',\n');
  return `{\n${body}\n${'  '.repeat(nesting)}}`;
}

export function serialize(
  value: unknown,
  ctx: NativeCallContext,
  pretty: boolean,
  suppressNulls: boolean
): string {
  return writeJson(toJson(value, ctx, new Set(), suppressNulls), pretty);
}

// ------------------------------------------------------------------------------------------------
// Parsing
// ------------------------------------------------------------------------------------------------

export type JsonNode =
  | { kind: 'null'; line: number; column: number }
  | { kind: 'boolean'; value: boolean; line: number; column: number }
  | { kind: 'string'; value: string; line: number; column: number }
  | { kind: 'number'; raw: string; line: number; column: number }
  | { kind: 'array'; items: JsonNode[]; line: number; column: number }
  | { kind: 'object'; entries: [string, JsonNode][]; line: number; column: number };

export function parseJson(text: string): JsonNode {
  let i = 0;
  const position = () => {
    let line = 1;
    let column = 1;
    for (let k = 0; k < i; k++) {
      if (text[k] === '\n') {
        line++;
        column = 1;
      } else column++;
    }
    return { line, column };
  };
  const fail = (what: string): never => {
    const { line, column } = position();
    return jsonException(`${what} at [line:${line}, column:${column}]`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const value = (): JsonNode => {
    ws();
    const { line, column } = position();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, line, column };
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(
            `Unexpected character ('${text[i] ?? 'EOF'}'): was expecting double-quote to start field name`
          );
        const key = stringLiteral();
        ws();
        if (text[i] !== ':')
          fail(
            `Unexpected character ('${text[i] ?? 'EOF'}'): was expecting a colon to separate field name and value`
          );
        i++;
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries, line, column };
        }
        fail(
          `Unexpected character ('${text[i] ?? 'EOF'}'): was expecting comma to separate OBJECT entries`
        );
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, line, column };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, line, column };
        }
        fail(
          `Unexpected character ('${text[i] ?? 'EOF'}'): was expecting comma to separate ARRAY entries`
        );
      }
    }
    if (c === '"') return { kind: 'string', value: stringLiteral(), line, column };
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && number[0].length > 0) {
      i += number[0].length;
      return { kind: 'number', raw: number[0], line, column };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }]
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, line, column } as JsonNode;
      }
    }
    return fail(
      c === undefined
        ? 'Unexpected end-of-input'
        : `Unexpected character ('${c}' (code ${c.charCodeAt(0)}))`
    );
  };
  const stringLiteral = (): string => {
    i++;
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t'
        };
        if (simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`Unrecognized character escape '${e}'`);
      } else {
        if (text.charCodeAt(i) < 0x20) fail('Illegal unquoted character: has to be escaped');
        out += text[i++];
      }
    }
    if (i >= text.length)
      fail('Unexpected end-of-input: was expecting closing quote for a string value');
    i++;
    return out;
  };
  const root = value();
  ws();
  if (i < text.length) fail(`Unexpected character ('${text[i]}')`);
  return root;
}

// ------------------------------------------------------------------------------------------------
// Deserialization
// ------------------------------------------------------------------------------------------------

const OBJECT: TypeRef = { name: 'Object' };
const STRING_OBJECT_MAP = (): ApexMap => new ApexMap(T.String, OBJECT);

/** deserializeUntyped: objects → Map<String,Object>, arrays → List<Object>, integers → Integer/Long/Decimal, others → Decimal. */
export function untyped(node: JsonNode, ctx: NativeCallContext): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return node.value;
    case 'number':
      return untypedNumber(node.raw);
    case 'array':
      return new ApexList(
        OBJECT,
        node.items.map((n) => untyped(n, ctx))
      );
    case 'object': {
      const map = STRING_OBJECT_MAP();
      for (const [k, v] of node.entries)
        map.entries.set(ctx.runtime.hashKey(k), { key: k, value: untyped(v, ctx) });
      return map;
    }
  }
}

function untypedNumber(raw: string): unknown {
  if (/^-?\d+$/.test(raw)) {
    const big = BigInt(raw);
    if (big >= -2147483648n && big <= 2147483647n) return Number(big);
    if (big >= -(2n ** 63n) && big < 2n ** 63n) return big;
    return withScale(new Decimal(raw), 0);
  }
  return parseDecimal(raw)!;
}

interface TypeLike {
  name?: unknown;
  args?: unknown;
  typeRef?: TypeRef;
  type?: TypeRef;
}

/** The TypeRef of a `Type` argument (Account.class, List<String>.class): a TypeRef or a value carrying one. */
export function typeRefOf(value: unknown): TypeRef {
  if (value === null || value === undefined) nullPointer();
  const t = value as TypeLike;
  if (t.typeRef) return t.typeRef;
  if (t.type && typeof t.type.name === 'string') return t.type; // the interpreter's System.Type value
  if (typeof t.name === 'string')
    return { name: t.name, args: Array.isArray(t.args) ? (t.args as TypeRef[]) : undefined };
  throw new TypeError(`expected a Type, got ${String(value)}`);
}

function typeText(t: TypeRef): string {
  return t.args?.length ? `${t.name}<${t.args.map(typeText).join(',')}>` : t.name;
}

function nodeText(node: JsonNode): string {
  switch (node.kind) {
    case 'string':
      return `"${node.value}"`;
    case 'number':
      return node.raw;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return node.kind === 'array' ? 'ARRAY' : 'OBJECT';
  }
}

function mismatch(node: JsonNode, type: TypeRef): never {
  return jsonException(
    `Expected ${typeText(type)} but found ${nodeText(node)} at [line:${node.line}, column:${node.column}]`
  );
}

interface Deserializer {
  ctx: NativeCallContext;
  strict: boolean;
}

function scalarText(node: JsonNode, type: TypeRef): string {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return node.raw;
  if (node.kind === 'boolean') return String(node.value);
  return mismatch(node, type);
}

function toTyped(node: JsonNode, type: TypeRef, d: Deserializer): unknown {
  if (node.kind === 'null') return null;
  const name = type.name.toLowerCase().replace(/^system\./, '');
  switch (name) {
    case 'object':
      return untyped(node, d.ctx);
    case 'string':
      if (node.kind === 'array' || node.kind === 'object') mismatch(node, type);
      return scalarText(node, type);
    case 'id': {
      const id = normalizeId(scalarText(node, type));
      if (id === null)
        jsonException(
          `Invalid id: ${scalarText(node, type)} at [line:${node.line}, column:${node.column}]`
        );
      return id;
    }
    case 'boolean':
      if (node.kind === 'boolean') return node.value;
      if (node.kind === 'string' && /^(true|false)$/i.test(node.value))
        return node.value.toLowerCase() === 'true';
      return mismatch(node, type);
    case 'integer': {
      const text = scalarText(node, type);
      if (!/^-?\d+$/.test(text) || BigInt(text) > 2147483647n || BigInt(text) < -2147483648n)
        mismatch(node, type);
      return Number(text);
    }
    case 'long': {
      const text = scalarText(node, type);
      if (!/^-?\d+$/.test(text) || BigInt(text) >= 2n ** 63n || BigInt(text) < -(2n ** 63n))
        mismatch(node, type);
      return BigInt(text);
    }
    case 'decimal': {
      const parsed = parseDecimal(scalarText(node, type));
      if (parsed === null) mismatch(node, type);
      return parsed;
    }
    case 'double': {
      const text = scalarText(node, type);
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) mismatch(node, type);
      return new ApexDouble(n);
    }
    case 'date': {
      const parsed = node.kind === 'string' ? ApexDate.parseIso(node.value) : null;
      if (!parsed || !/^\d{4}-\d{2}-\d{2}$/.test((node as { value: string }).value))
        mismatch(node, type);
      return parsed;
    }
    case 'datetime': {
      const parsed =
        node.kind === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(node.value)
          ? ApexDatetime.parseIso(node.value)
          : null;
      if (!parsed) mismatch(node, type);
      return parsed;
    }
    case 'time': {
      const m =
        node.kind === 'string'
          ? /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/.exec(node.value)
          : null;
      if (!m) return mismatch(node, type);
      return ApexTime.of(+m[1], +m[2], +m[3], +(m[4] ?? '0').padEnd(3, '0'));
    }
    case 'blob':
      if (node.kind !== 'string') mismatch(node, type);
      return new ApexBlob(new Uint8Array(Buffer.from((node as { value: string }).value, 'base64')));
    case 'list':
    case 'set': {
      if (node.kind !== 'array') mismatch(node, type);
      const element = type.args?.[0] ?? OBJECT;
      const items = (node as { items: JsonNode[] }).items.map((n) => toTyped(n, element, d));
      if (name === 'list') return new ApexList(element, items);
      const set = new ApexSet(element);
      for (const item of items) set.entries.set(d.ctx.runtime.hashKey(item), item);
      return set;
    }
    case 'map': {
      if (node.kind !== 'object') mismatch(node, type);
      const keyType = type.args?.[0] ?? T.String;
      const valueType = type.args?.[1] ?? OBJECT;
      const map = new ApexMap(keyType, valueType);
      for (const [k, v] of (node as { entries: [string, JsonNode][] }).entries) {
        const key = toTyped(
          { kind: 'string', value: k, line: v.line, column: v.column },
          keyType,
          d
        );
        map.entries.set(d.ctx.runtime.hashKey(key), { key, value: toTyped(v, valueType, d) });
      }
      return map;
    }
  }
  const objectDef = d.ctx.tx.store.schema.getObject(type.name);
  if (objectDef) return toSObject(node, objectDef, d);
  if (name === 'sobject') {
    if (node.kind !== 'object') mismatch(node, type);
    const attributes = node.entries.find(([k]) => k === 'attributes')?.[1];
    const typeName =
      attributes?.kind === 'object'
        ? attributes.entries.find(([k]) => k === 'type')?.[1]
        : undefined;
    if (typeName?.kind !== 'string')
      jsonException('Cannot deserialize an SObject without attributes.type');
    const def = d.ctx.tx.store.schema.getObject(typeName.value);
    if (!def) jsonException(`Invalid sobject type: ${typeName.value}`);
    return toSObject(node, def, d);
  }
  if (d.ctx.runtime.classExists(type.name)) return toApexObject(node, type, d);
  throw new Error(
    `unsupported: JSON.deserialize into ${typeText(type)} at ${d.ctx.location.file}:${d.ctx.location.line}`
  );
}

function toApexObject(node: JsonNode, type: TypeRef, d: Deserializer): ApexObjectRef {
  if (node.kind !== 'object') mismatch(node, type);
  const target = d.ctx.runtime.newObject(type.name);
  const fields = d.ctx.runtime.objectFields(type.name);
  for (const [key, value] of (node as { entries: [string, JsonNode][] }).entries) {
    const field = fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    if (!field) {
      if (d.strict)
        jsonException(
          `No such field '${key}' on type ${type.name} at [line:${value.line}, column:${value.column}]`
        );
      continue;
    }
    d.ctx.runtime.setObjectField(target, field.name, toTyped(value, field.type, d));
  }
  return target;
}

const FIELD_TYPES: Partial<Record<FieldDef['type'], TypeRef>> = {
  Checkbox: T.Boolean,
  Number: T.Decimal,
  Currency: T.Decimal,
  Percent: T.Decimal,
  Date: T.Date,
  DateTime: T.Datetime,
  Time: T.Time,
  Id: T.Id,
  Lookup: T.Id,
  MasterDetail: T.Id
};

interface MutableSObject {
  putRaw?(field: string, value: unknown): void;
  setChildren?(relationshipName: string, children: SObjectRecord[]): void;
}

function toSObject(node: JsonNode, def: ObjectDef, d: Deserializer): SObjectRecord {
  if (node.kind !== 'object') mismatch(node, { name: def.name });
  const record = d.ctx.tx.store.newRecord(def.name);
  const mutable = record as unknown as MutableSObject;
  for (const [key, value] of node.entries) {
    if (key === 'attributes') continue;
    const field = def.getField(key);
    if (field) {
      const typed = toTyped(value, FIELD_TYPES[field.type] ?? T.String, d);
      if (field.system || !field.createable) {
        if (!mutable.putRaw)
          throw new Error(
            `unsupported: JSON.deserialize of system field ${def.name}.${field.name} on this record store`
          );
        mutable.putRaw(field.name, typed);
      } else record.put(field.name, typed as never);
      continue;
    }
    const parentField = [...def.fields.values()].find(
      (f) => f.relationshipName?.toLowerCase() === key.toLowerCase()
    );
    if (parentField && value.kind === 'object' && parentField.referenceTo?.length === 1) {
      record.putParent(
        parentField.relationshipName!,
        toSObject(value, d.ctx.tx.store.schema.getObject(parentField.referenceTo[0])!, d)
      );
      continue;
    }
    if (parentField && value.kind === 'null') {
      record.putParent(parentField.relationshipName!, null);
      continue;
    }
    const child = def.childRelationships.get(key.toLowerCase());
    if (child && value.kind === 'object') {
      const records = value.entries.find(([k]) => k === 'records')?.[1];
      const childDef = d.ctx.tx.store.schema.getObject(child.childObject)!;
      const list =
        records?.kind === 'array' ? records.items.map((n) => toSObject(n, childDef, d)) : [];
      if (!mutable.setChildren)
        throw new Error(
          'unsupported: JSON.deserialize of child relationships on this record store'
        );
      mutable.setChildren(child.relationshipName, list);
      continue;
    }
    jsonException(`No such column '${key}' on sobject of type ${def.name}`);
  }
  return record;
}

export function deserialize(
  json: string,
  type: TypeRef,
  ctx: NativeCallContext,
  strict: boolean
): unknown {
  return toTyped(parseJson(json), type, { ctx, strict });
}

// ------------------------------------------------------------------------------------------------
// JSONGenerator
// ------------------------------------------------------------------------------------------------

type Frame =
  | { kind: 'array'; items: Json[] }
  | { kind: 'object'; entries: [string, Json][]; pendingName: string | null };

export class JsonGeneratorValue {
  readonly nativeClassName = 'JSONGenerator';
  private readonly stack: Frame[] = [];
  private root: Json | undefined;
  closed = false;
  constructor(readonly pretty: boolean) {}

  private add(value: Json): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.root !== undefined)
        jsonException('Can not write a value: expecting a field name or the end of the document');
      this.root = value;
      return;
    }
    if (top.kind === 'array') top.items.push(value);
    else {
      if (top.pendingName === null) jsonException('Can not write a value, expecting field name');
      top.entries.push([top.pendingName, value]);
      top.pendingName = null;
    }
  }
  fieldName(name: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.kind !== 'object' || top.pendingName !== null)
      jsonException('Can not write a field name, expecting a value');
    top.pendingName = name;
  }
  value(value: Json): void {
    this.add(value);
  }
  start(kind: 'array' | 'object'): void {
    const frame: Frame =
      kind === 'array' ? { kind, items: [] } : { kind, entries: [], pendingName: null };
    this.add(
      kind === 'array'
        ? (frame as { items: Json[] }).items
        : { entries: (frame as { entries: [string, Json][] }).entries }
    );
    this.stack.push(frame);
  }
  end(kind: 'array' | 'object'): void {
    const top = this.stack.pop();
    if (!top || top.kind !== kind)
      jsonException(`Current context not ${kind === 'array' ? 'Array' : 'Object'}`);
  }
  asString(): string {
    return this.root === undefined ? '' : writeJson(this.root, this.pretty);
  }
}

const gen = (self: unknown): JsonGeneratorValue => {
  if (self === null || self === undefined) nullPointer();
  return self as JsonGeneratorValue;
};

function fieldThen(
  write: (g: JsonGeneratorValue, args: readonly unknown[], ctx: NativeCallContext) => void
): NativeMethod {
  return (self, args, ctx) => {
    const g = gen(self);
    g.fieldName(str(args, 0));
    write(g, args.slice(1), ctx);
  };
}

const writeValue = (g: JsonGeneratorValue, args: readonly unknown[], ctx: NativeCallContext) =>
  g.value(toJson(args[0], ctx, new Set(), false));

const generatorMethods: Record<string, NativeMethod> = {
  writestartobject: (self) => gen(self).start('object'),
  writeendobject: (self) => gen(self).end('object'),
  writestartarray: (self) => gen(self).start('array'),
  writeendarray: (self) => gen(self).end('array'),
  writefieldname: (self, args) => gen(self).fieldName(str(args, 0)),
  writestring: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writenumber: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writeboolean: (self, args) => gen(self).value(bool(args, 0)),
  writenull: (self) => gen(self).value(null),
  writedate: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writedatetime: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writetime: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writeid: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writeblob: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writeobject: (self, args, ctx) => writeValue(gen(self), args, ctx),
  writestringfield: fieldThen(writeValue),
  writenumberfield: fieldThen(writeValue),
  writebooleanfield: fieldThen((g, args) => g.value(bool(args, 0))),
  writenullfield: fieldThen((g) => g.value(null)),
  writedatefield: fieldThen(writeValue),
  writedatetimefield: fieldThen(writeValue),
  writetimefield: fieldThen(writeValue),
  writeidfield: fieldThen(writeValue),
  writeblobfield: fieldThen(writeValue),
  writeobjectfield: fieldThen(writeValue),
  getasstring: (self) => gen(self).asString(),
  close: (self) => {
    gen(self).closed = true;
  },
  isclosed: (self) => gen(self).closed
};

const generatorClass: NativeClass = {
  name: 'JSONGenerator',
  instanceMethods: generatorMethods,
  returnTypes: Object.fromEntries(
    Object.keys(generatorMethods).map((k) => [
      k,
      k === 'getasstring' ? T.String : k === 'isclosed' ? T.Boolean : T.Void
    ])
  )
};

// ------------------------------------------------------------------------------------------------
// JSONParser: the parsed tree walked as Jackson's token stream.
// ------------------------------------------------------------------------------------------------

interface ParserToken {
  readonly token: string;
  /** The field name the token belongs to (Jackson's getCurrentName), or null in arrays / at the root. */
  readonly name: string | null;
  readonly node: JsonNode | null;
  /** For START_OBJECT / START_ARRAY: the index of the matching END token. */
  end?: number;
}

function flatten(node: JsonNode, name: string | null, out: ParserToken[]): void {
  switch (node.kind) {
    case 'object': {
      const start: ParserToken = { token: 'START_OBJECT', name, node };
      out.push(start);
      for (const [key, value] of node.entries) {
        out.push({ token: 'FIELD_NAME', name: key, node: null });
        flatten(value, key, out);
      }
      start.end = out.length;
      out.push({ token: 'END_OBJECT', name, node: null });
      return;
    }
    case 'array': {
      const start: ParserToken = { token: 'START_ARRAY', name, node };
      out.push(start);
      for (const item of node.items) flatten(item, null, out);
      start.end = out.length;
      out.push({ token: 'END_ARRAY', name, node: null });
      return;
    }
    case 'string':
      out.push({ token: 'VALUE_STRING', name, node });
      return;
    case 'number':
      out.push({
        token: /^-?\d+$/.test(node.raw) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT',
        name,
        node
      });
      return;
    case 'boolean':
      out.push({ token: node.value ? 'VALUE_TRUE' : 'VALUE_FALSE', name, node });
      return;
    case 'null':
      out.push({ token: 'VALUE_NULL', name, node });
  }
}

export class JsonParserValue {
  readonly nativeClassName = 'JSONParser';
  readonly tokens: ParserToken[] = [];
  index = -1;
  cleared = false;
  lastCleared: string | null = null;
  constructor(json: string) {
    flatten(parseJson(json), null, this.tokens);
  }
  current(): ParserToken | null {
    return this.cleared || this.index < 0 || this.index >= this.tokens.length
      ? null
      : this.tokens[this.index];
  }
  next(): ParserToken | null {
    this.cleared = false;
    if (this.index < this.tokens.length) this.index++;
    return this.current();
  }
}

const parser = (self: unknown): JsonParserValue => {
  if (self === null || self === undefined) nullPointer();
  return self as JsonParserValue;
};
const tokenValue = (t: ParserToken | null) => (t ? enumValue('JSONToken', t.token) : null);

function currentScalar(p: JsonParserValue, what: string): JsonNode {
  const t = p.current();
  if (!t || !t.node || t.node.kind === 'object' || t.node.kind === 'array') {
    jsonException(
      `Current token (${t?.token ?? 'null'}) not ${what}, can not use ${what} value accessors`
    );
  }
  return t.node;
}

function numericNode(p: JsonParserValue): { raw: string } {
  const node = currentScalar(p, 'numeric');
  if (node.kind !== 'number')
    jsonException(
      `Current token (${p.current()!.token}) not numeric, can not use numeric value accessors`
    );
  return node;
}

function textOf(t: ParserToken | null): string | null {
  if (!t) return null;
  switch (t.token) {
    case 'FIELD_NAME':
      return t.name;
    case 'START_OBJECT':
      return '{';
    case 'END_OBJECT':
      return '}';
    case 'START_ARRAY':
      return '[';
    case 'END_ARRAY':
      return ']';
  }
  const node = t.node!;
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return node.raw;
  if (node.kind === 'boolean') return String(node.value);
  return 'null';
}

function typedFromCurrent(
  p: JsonParserValue,
  type: TypeRef,
  ctx: NativeCallContext,
  strict: boolean
): unknown {
  const t = p.current();
  if (!t || !t.node) jsonException(`Cannot read a value at token ${t?.token ?? 'null'}`);
  const value = toTyped(t.node, type, { ctx, strict });
  if (t.end !== undefined) p.index = t.end;
  return value;
}

const parserMethods: Record<string, NativeMethod> = {
  nexttoken: (self) => tokenValue(parser(self).next()),
  nextvalue: (self) => {
    const p = parser(self);
    let t = p.next();
    while (t && (t.token === 'FIELD_NAME' || t.token === 'END_OBJECT' || t.token === 'END_ARRAY')) {
      if (t.token !== 'FIELD_NAME') return tokenValue(t);
      t = p.next();
    }
    return tokenValue(t);
  },
  getcurrenttoken: (self) => tokenValue(parser(self).current()),
  hascurrenttoken: (self) => parser(self).current() !== null,
  getcurrentname: (self) => parser(self).current()?.name ?? null,
  gettext: (self) => textOf(parser(self).current()),
  clearcurrenttoken: (self) => {
    const p = parser(self);
    p.lastCleared = p.current()?.token ?? null;
    p.cleared = true;
  },
  getlastclearedtoken: (self) => {
    const name = parser(self).lastCleared;
    return name === null ? null : enumValue('JSONToken', name);
  },
  skipchildren: (self) => {
    const p = parser(self);
    const t = p.current();
    if (t?.end !== undefined) p.index = t.end;
  },
  getintegervalue: (self) => {
    const raw = numericNode(parser(self)).raw;
    const n = Math.trunc(Number(raw));
    if (n > 2147483647 || n < -2147483648)
      jsonException(`Numeric value (${raw}) out of range of int`);
    return n;
  },
  getlongvalue: (self) => {
    const raw = numericNode(parser(self)).raw;
    return BigInt(/^-?\d+$/.test(raw) ? raw : Math.trunc(Number(raw)).toString());
  },
  getdecimalvalue: (self) => parseDecimal(numericNode(parser(self)).raw),
  getdoublevalue: (self) => new ApexDouble(Number(numericNode(parser(self)).raw)),
  getbooleanvalue: (self) => {
    const node = currentScalar(parser(self), 'boolean');
    if (node.kind !== 'boolean')
      jsonException(`Current token (${parser(self).current()!.token}) not of boolean type`);
    return node.value;
  },
  getdatevalue: (self, _a, ctx) =>
    toTyped(currentScalar(parser(self), 'date'), T.Date, { ctx, strict: false }),
  getdatetimevalue: (self, _a, ctx) =>
    toTyped(currentScalar(parser(self), 'datetime'), T.Datetime, { ctx, strict: false }),
  gettimevalue: (self, _a, ctx) =>
    toTyped(currentScalar(parser(self), 'time'), T.Time, { ctx, strict: false }),
  getidvalue: (self, _a, ctx) =>
    toTyped(currentScalar(parser(self), 'id'), T.Id, { ctx, strict: false }),
  getblobvalue: (self, _a, ctx) =>
    toTyped(currentScalar(parser(self), 'blob'), T.Blob, { ctx, strict: false }),
  readvalueas: (self, args, ctx) => typedFromCurrent(parser(self), typeRefOf(args[0]), ctx, false),
  readvalueasstrict: (self, args, ctx) =>
    typedFromCurrent(parser(self), typeRefOf(args[0]), ctx, true)
};

const JSON_TOKEN: TypeRef = { name: 'JSONToken' };
const parserClass: NativeClass = {
  name: 'JSONParser',
  instanceMethods: parserMethods,
  returnTypes: {
    nexttoken: JSON_TOKEN,
    nextvalue: JSON_TOKEN,
    getcurrenttoken: JSON_TOKEN,
    hascurrenttoken: T.Boolean,
    getcurrentname: T.String,
    gettext: T.String,
    clearcurrenttoken: T.Void,
    getlastclearedtoken: JSON_TOKEN,
    skipchildren: T.Void,
    getintegervalue: T.Integer,
    getlongvalue: T.Long,
    getdecimalvalue: T.Decimal,
    getdoublevalue: T.Double,
    getbooleanvalue: T.Boolean,
    getdatevalue: T.Date,
    getdatetimevalue: T.Datetime,
    gettimevalue: T.Time,
    getidvalue: T.Id,
    getblobvalue: T.Blob,
    readvalueas: T.Object,
    readvalueasstrict: T.Object
  }
};

const jsonClass: NativeClass = {
  name: 'JSON',
  staticMethods: {
    serialize: (_s, args, ctx) =>
      serialize(args[0], ctx, false, args.length > 1 && args[1] === true),
    serializepretty: (_s, args, ctx) =>
      serialize(args[0], ctx, true, args.length > 1 && args[1] === true),
    deserialize: (_s, args, ctx) => deserialize(str(args, 0), typeRefOf(args[1]), ctx, false),
    deserializestrict: (_s, args, ctx) => deserialize(str(args, 0), typeRefOf(args[1]), ctx, true),
    deserializeuntyped: (_s, args, ctx) => untyped(parseJson(str(args, 0)), ctx),
    creategenerator: (_s, args) => new JsonGeneratorValue(args[0] === true),
    createparser: (_s, args) => new JsonParserValue(str(args, 0))
  },
  returnTypes: {
    serialize: T.String,
    serializepretty: T.String,
    deserialize: T.Object,
    deserializestrict: T.Object,
    deserializeuntyped: T.Object,
    creategenerator: { name: 'JSONGenerator' },
    createparser: { name: 'JSONParser' }
  }
};

export const jsonClasses: NativeClass[] = [jsonClass, generatorClass, parserClass];
