/**
 * `sf data tree` files: import a plan (the format `sf data tree import --plan` reads) and
 * export query results as a plan with reference ids, so the same files load into a real org.
 *
 * Plan: [{ "sobject": "Account", "saveRefs": true, "resolveRefs": false, "files": ["Accounts.json"] }]
 * File: { "records": [{ "attributes": { "type": "Account", "referenceId": "AccountRef1" }, "Name": "x",
 *          "ParentId": "@AccountRef0", "Contacts": { "records": [ … ] } }] }
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DmlFailure, type ObjectDef, type SObjectRecord } from '../contracts.js';
import type { ApexPrimitive } from '../values.js';
import type { Org } from './org.js';
import { jsonToPrimitive, primitiveToJson, selectPaths, type JsonValue } from './records-json.js';

export interface PlanEntry {
  readonly sobject: string;
  readonly saveRefs?: boolean;
  readonly resolveRefs?: boolean;
  readonly files: readonly string[];
}

interface TreeRecord {
  attributes?: { type?: string; referenceId?: string };
  [field: string]: JsonValue | undefined | TreeRecord['attributes'];
}

export interface ImportResult {
  /** referenceId → new record id, in insert order. */
  readonly refs: ReadonlyMap<string, string>;
  readonly inserted: number;
  readonly byObject: ReadonlyMap<string, number>;
}

/** Records per insert (the composite tree API's 200). */
export const IMPORT_CHUNK = 200;

export class TreeImportError extends Error {
  override name = 'TreeImportError';
}

export function readPlan(planPath: string): PlanEntry[] {
  const path = resolve(planPath);
  if (!existsSync(path)) throw new TreeImportError(`plan ${planPath} does not exist`);
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TreeImportError(`${planPath}: invalid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(plan))
    throw new TreeImportError(
      `${planPath}: a plan is a JSON array of {sobject, saveRefs, resolveRefs, files}`
    );
  return plan.map((entry, i) => {
    const e = entry as Partial<PlanEntry>;
    if (
      typeof e.sobject !== 'string' ||
      !Array.isArray(e.files) ||
      e.files.some((f) => typeof f !== 'string')
    ) {
      throw new TreeImportError(
        `${planPath}: entry ${i} needs "sobject" (string) and "files" (array of paths)`
      );
    }
    return {
      sobject: e.sobject,
      saveRefs: e.saveRefs ?? false,
      resolveRefs: e.resolveRefs ?? false,
      files: e.files
    };
  });
}

/** Inserts the records of a plan, in plan order, resolving `@referenceId` values. Triggers fire; audit fields are accepted. */
export function importPlan(
  org: Org,
  planPath: string,
  progress: (line: string) => void = () => {}
): ImportResult {
  const plan = readPlan(planPath);
  const baseDir = dirname(resolve(planPath));
  const refs = new Map<string, string>();
  const byObject = new Map<string, number>();
  let inserted = 0;
  for (const entry of plan) {
    const object = org.schema.getObject(entry.sobject);
    if (!object)
      throw new TreeImportError(
        `${planPath}: sObject type '${entry.sobject}' is not supported (not in the schema)`
      );
    for (const file of entry.files) {
      const filePath = resolve(baseDir, file);
      const records = readTreeFile(filePath);
      const count = insertTree(org, object, records, refs, null, filePath, byObject);
      inserted += count;
      progress(`${file}: ${count} ${object.name} record(s) inserted`);
    }
  }
  return { refs, inserted, byObject };
}

function readTreeFile(path: string): TreeRecord[] {
  if (!existsSync(path)) throw new TreeImportError(`data file ${path} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TreeImportError(`${path}: invalid JSON (${(error as Error).message})`);
  }
  const records = (json as { records?: unknown }).records;
  if (!Array.isArray(records)) throw new TreeImportError(`${path}: expected {"records": [...]}`);
  return records as TreeRecord[];
}

/** Inserts records (and their nested child records); returns how many were inserted. */
function insertTree(
  org: Org,
  object: ObjectDef,
  tree: TreeRecord[],
  refs: Map<string, string>,
  parentLink: { field: string; id: string } | null,
  where: string,
  byObject: Map<string, number>
): number {
  let count = 0;
  const nested: { relationship: string; records: TreeRecord[]; parentIndex: number }[] = [];
  const built: SObjectRecord[] = [];
  const refIds: (string | undefined)[] = [];
  const insertedIds: string[] = [];
  tree.forEach((raw, index) => {
    const type = raw.attributes?.type ?? object.name;
    if (type.toLowerCase() !== object.name.toLowerCase()) {
      throw new TreeImportError(
        `${where}: record ${index} is a ${type}, the plan entry is ${object.name}`
      );
    }
    const fields: Record<string, ApexPrimitive> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'attributes') continue;
      const child = object.childRelationships.get(key.toLowerCase());
      if (child && value && typeof value === 'object' && !Array.isArray(value)) {
        const records = (value as { records?: unknown }).records;
        if (!Array.isArray(records))
          throw new TreeImportError(`${where}: ${key} must be {"records": [...]}`);
        nested.push({ relationship: key, records: records as TreeRecord[], parentIndex: index });
        continue;
      }
      const field = object.getField(key);
      if (!field)
        throw new TreeImportError(
          `${where}: No such column '${key}' on sobject of type ${object.name}`
        );
      if (typeof value === 'string' && value.startsWith('@')) {
        const id = refs.get(value.slice(1));
        if (!id)
          throw new TreeImportError(
            `${where}: unresolved reference ${value} for ${object.name}.${field.name} (is the referenced file earlier in the plan, with saveRefs?)`
          );
        fields[field.name] = id;
      } else {
        fields[field.name] = jsonToPrimitive(field, value as JsonValue, `${where} record ${index}`);
      }
    }
    if (parentLink) fields[parentLink.field] = parentLink.id;
    built.push(org.store.newRecord(object.name, fields));
    refIds.push(raw.attributes?.referenceId);
  });
  for (let start = 0; start < built.length; start += IMPORT_CHUNK) {
    const chunk = built.slice(start, start + IMPORT_CHUNK);
    const results = org.execute((tx) =>
      org.store.dml('insert', chunk, {
        allOrNone: true,
        accessLevel: 'system',
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now(),
        allowAuditFields: true,
        fireTriggers: (obj, event, newRecords, oldRecords) =>
          org.runtime.fireTriggers(obj, event, newRecords, oldRecords, tx)
      })
    );
    results.forEach((r, i) => {
      const ref = refIds[start + i];
      if (r.success && r.id) {
        insertedIds[start + i] = r.id;
        if (ref) refs.set(ref, r.id);
      }
      if (!r.success)
        throw new TreeImportError(
          `${where}: record ${start + i}: ${r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')}`
        );
    });
    count += chunk.length;
  }
  byObject.set(object.name, (byObject.get(object.name) ?? 0) + built.length);
  for (const n of nested) {
    const rel = object.childRelationships.get(n.relationship.toLowerCase())!;
    const childObject = org.schema.getObject(rel.childObject);
    if (!childObject)
      throw new TreeImportError(`${where}: child object ${rel.childObject} is not in the schema`);
    const parentId = insertedIds[n.parentIndex];
    if (!parentId)
      throw new TreeImportError(`${where}: parent record ${n.parentIndex} has no id after insert`);
    count += insertTree(
      org,
      childObject,
      n.records,
      refs,
      { field: rel.field, id: parentId },
      where,
      byObject
    );
  }
  return count;
}

export function describeImportError(error: unknown): string {
  if (error instanceof DmlFailure) return error.message;
  return (error as Error).message ?? String(error);
}

export interface ExportResult {
  readonly planPath: string;
  readonly files: readonly string[];
  readonly records: number;
}

/**
 * `export --query … --out DIR`: writes `<Object>s.json` per object and `<Object>-plan.json`
 * (parents first, children of subqueries after them with `@ref` lookups), as
 * `sf data tree export --plan` does. Record ids become reference ids; lookups to exported
 * records become `@ref`s, other lookups keep the id.
 */
export function exportTree(org: Org, soql: string, outDir: string, prefix = ''): ExportResult {
  const rows = org.systemQuery(soql);
  const paths = selectPaths(soql);
  const mainObject = org.soql.parse(soql).fromObject;
  const refOf = new Map<string, string>();
  const perObject = new Map<string, Record<string, JsonValue>[]>();
  const order: string[] = [];
  const counters = new Map<string, number>();
  const assignRef = (record: SObjectRecord) => {
    const type = record.objectDef.name;
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    const ref = `${type}Ref${n}`;
    if (record.id) refOf.set(record.id, ref);
    return ref;
  };
  // First pass: reference ids for every record (parents and children) so lookups can point at them.
  const children: { rel: string; parent: SObjectRecord; child: SObjectRecord }[] = [];
  const parentRefs = new Map<SObjectRecord, string>();
  for (const row of rows) {
    parentRefs.set(row, assignRef(row));
    for (const path of paths) {
      const kids = path.includes('.') ? null : row.getChildren(path);
      if (kids) for (const kid of kids) children.push({ rel: path, parent: row, child: kid });
    }
  }
  const childRefs = new Map<SObjectRecord, string>();
  for (const c of children) childRefs.set(c.child, assignRef(c.child));

  const add = (
    record: SObjectRecord,
    ref: string,
    fieldPaths: readonly string[],
    extra: Record<string, JsonValue>
  ) => {
    const type = record.objectDef.name;
    const out: Record<string, JsonValue> = { attributes: { type, referenceId: ref } };
    for (const path of fieldPaths) {
      if (path.includes('.') || record.getChildren(path) !== null) continue;
      const field = record.objectDef.getField(path);
      if (!field || field.name === 'Id' || !(field.createable || field.name === 'CreatedDate'))
        continue;
      const value = record.get(field.name);
      const target = typeof value === 'string' ? refOf.get(value) : undefined;
      out[field.name] =
        target && (field.type === 'Lookup' || field.type === 'MasterDetail')
          ? `@${target}`
          : primitiveToJson(value);
    }
    Object.assign(out, extra);
    if (!perObject.has(type)) {
      perObject.set(type, []);
      order.push(type);
    }
    perObject.get(type)!.push(out);
  };
  for (const row of rows) add(row, parentRefs.get(row)!, paths, {});
  for (const c of children) {
    const rel = c.parent.objectDef.childRelationships.get(c.rel.toLowerCase());
    const childPaths = c.child.populatedFields();
    const extra: Record<string, JsonValue> = rel
      ? { [rel.field]: `@${parentRefs.get(c.parent)}` }
      : {};
    add(
      c.child,
      childRefs.get(c.child)!,
      childPaths.filter((p) => !rel || p.toLowerCase() !== rel.field.toLowerCase()),
      extra
    );
  }
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const plan: PlanEntry[] = [];
  const referenced = new Set<string>();
  for (const list of perObject.values())
    for (const r of list)
      for (const v of Object.values(r))
        if (typeof v === 'string' && v.startsWith('@'))
          referenced.add(v.slice(1).replace(/Ref\d+$/, ''));
  for (const type of order) {
    const file = `${prefix}${prefix ? '-' : ''}${type}s.json`;
    writeFileSync(
      join(dir, file),
      `${JSON.stringify({ records: perObject.get(type) }, null, 2)}\n`
    );
    files.push(file);
    plan.push({
      sobject: type,
      saveRefs: referenced.has(type),
      resolveRefs: type !== mainObject,
      files: [file]
    });
  }
  if (order.length === 0)
    plan.push({ sobject: mainObject, saveRefs: false, resolveRefs: false, files: [] });
  const planPath = join(dir, `${prefix}${prefix ? '-' : ''}${mainObject}-plan.json`);
  writeFileSync(planPath, `${JSON.stringify(plan, null, 2)}\n`);
  return { planPath, files, records: rows.length + children.length };
}
