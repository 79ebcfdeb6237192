/**
 * Records to and from the JSON that `sf data query --json` prints and `sf data tree` files hold.
 */
import type { FieldDef, ObjectDef, SObjectRecord } from '../contracts.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  type ApexPrimitive
} from '../values.js';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A field value as JSON: numbers as numbers, dates `yyyy-MM-dd`, datetimes `…T…+0000` as the API writes them. */
export function primitiveToJson(value: ApexPrimitive): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Decimal) return value.toNumber();
  if (value instanceof ApexDouble) return value.value;
  if (value instanceof ApexDate) return value.toIsoString();
  if (value instanceof ApexDatetime) return value.toIsoString().replace('Z', '+0000');
  if (value instanceof ApexTime) return value.toString();
  if (value instanceof ApexBlob) return Buffer.from(value.bytes).toString('base64');
  return String(value);
}

/** A JSON value for a field of the given type, as an insert through the API accepts it. */
export function jsonToPrimitive(field: FieldDef, value: JsonValue, where: string): ApexPrimitive {
  if (value === null) return null;
  const fail = (): never => {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a valid value for ${field.name} (${field.type})`
    );
  };
  switch (field.type) {
    case 'Checkbox':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail();
    case 'Number':
    case 'Currency':
    case 'Percent':
      if (
        typeof value === 'number' ||
        (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      )
        return new Decimal(value);
      return fail();
    case 'Date':
      if (typeof value === 'string') return ApexDate.parseIso(value) ?? fail();
      return fail();
    case 'DateTime':
      if (typeof value === 'string') return ApexDatetime.parseIso(value) ?? fail();
      return fail();
    case 'Time': {
      const m =
        typeof value === 'string'
          ? /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/.exec(value)
          : null;
      return m
        ? ApexTime.of(
            Number(m[1]),
            Number(m[2]),
            Number(m[3] ?? 0),
            Number((m[4] ?? '0').padEnd(3, '0'))
          )
        : fail();
    }
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail();
  }
}

/** `sf data query --json` shape: attributes, fields, parents as objects, children as {totalSize, done, records}. */
export function recordToJson(
  record: SObjectRecord,
  paths: readonly string[] | null
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { attributes: { type: record.objectDef.name } };
  const fields = paths ?? record.populatedFields();
  for (const path of fields) {
    const parts = path.split('.');
    if (parts.length === 1) {
      const children = record.getChildren(path);
      if (children) {
        out[path] = {
          totalSize: children.length,
          done: true,
          records: children.map((c) => recordToJson(c, null))
        };
      } else {
        out[canonicalField(record.objectDef, path)] = primitiveToJson(record.get(path));
      }
      continue;
    }
    let target: Record<string, JsonValue> = out;
    let current: SObjectRecord | null = record;
    for (let i = 0; i < parts.length - 1 && current; i++) {
      const parent: SObjectRecord | null = current.getParent(parts[i]);
      if (!parent) {
        target[parts[i]] = null;
        current = null;
        break;
      }
      const existing = target[parts[i]];
      const next: Record<string, JsonValue> =
        existing && typeof existing === 'object' && !Array.isArray(existing)
          ? (existing as Record<string, JsonValue>)
          : { attributes: { type: parent.objectDef.name } };
      target[parts[i]] = next;
      target = next;
      current = parent;
    }
    if (current)
      target[canonicalField(current.objectDef, parts[parts.length - 1])] = primitiveToJson(
        current.get(parts[parts.length - 1])
      );
  }
  return out;
}

function canonicalField(object: ObjectDef, name: string): string {
  return object.getField(name)?.name ?? name;
}

/**
 * The field paths of a SELECT list, in order (`Id`, `Account.Name`, child subqueries by their
 * relationship name), for table and JSON output. Aggregate aliases are kept as written.
 */
export function selectPaths(soql: string): string[] {
  const start = /^\s*select\s+/i.exec(soql);
  if (!start) return [];
  const items: string[] = [];
  let depth = 0;
  let current = '';
  let i = start[0].length;
  for (; i < soql.length; i++) {
    const ch = soql[i];
    if (depth === 0 && /\s/.test(ch) && /^\s+from\s/i.test(soql.slice(i))) break;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) items.push(current.trim());
  let unnamed = 0;
  return items.map((item) => {
    if (/^\w+\s*\([^)]*\)$/.test(item)) return `expr${unnamed++}`;
    const sub = /^\(\s*select[\s\S]*\bfrom\s+(\w+)/i.exec(item);
    if (sub) return sub[1];
    const alias = /^[\s\S]*\)\s+(\w+)$/.exec(item);
    if (alias) return alias[1];
    const typeOf = /^typeof\s+/i.test(item);
    return typeOf ? item : item.replace(/\s+/g, '');
  });
}
