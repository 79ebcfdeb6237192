/**
 * The org schema the checks know: the objects and fields of force-app's metadata
 * (objects/<Object>/<Object>.object-meta.xml and objects/<Object>/fields/*.field-meta.xml)
 * plus the standard objects' known fields shipped in standard-objects.json.
 * Names are matched case-insensitively, as Apex and SOQL do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { packageDirectories, listProjectFiles } from './lib.js';

export interface FieldInfo {
  name: string;
  type: string;
  /** Objects a reference field points to (more than one: polymorphic). */
  referenceTo?: string[];
  /** The name used to walk to the parent (Account, Owner, Conversation__r). */
  relationshipName?: string;
}

export interface ObjectInfo {
  name: string;
  kind: 'standard' | 'custom' | 'customSetting' | 'customMetadata' | 'platformEvent' | 'other';
  /** Where it was defined: a metadata file or the standard objects table. */
  source: string;
  fields: Map<string, FieldInfo>;
  /** Parent relationships by lower-case relationship name. */
  parents: Map<string, FieldInfo>;
  /** Child relationships (for subqueries) by lower-case name, to the child object name. */
  children: Map<string, string>;
}

export class Schema {
  readonly objects = new Map<string, ObjectInfo>();

  get(name: string): ObjectInfo | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(objectName: string, fieldName: string): FieldInfo | undefined {
    return this.get(objectName)?.fields.get(fieldName.toLowerCase());
  }

  ensure(name: string, kind: ObjectInfo['kind'], source: string): ObjectInfo {
    let info = this.get(name);
    if (!info) {
      info = { name, kind, source, fields: new Map(), parents: new Map(), children: new Map() };
      this.objects.set(name.toLowerCase(), info);
    }
    return info;
  }

  addField(object: ObjectInfo, field: FieldInfo): void {
    object.fields.set(field.name.toLowerCase(), field);
    if (field.relationshipName) object.parents.set(field.relationshipName.toLowerCase(), field);
  }
}

/** The pseudo-object that a polymorphic relationship (Owner, Who, What) walks to. */
export const POLYMORPHIC_NAME_OBJECT = 'Name';

interface StandardFieldJson {
  type: string;
  to?: string[];
  relationship?: string;
}
interface StandardObjectJson {
  /** Whether Id and the audit fields (CreatedDate, CreatedById…) apply; true unless false. */
  audit?: boolean;
  fields: Record<string, string | StandardFieldJson>;
  children?: Record<string, string>;
}
interface StandardObjectsJson {
  auditFields: Record<string, string | StandardFieldJson>;
  objects: Record<string, StandardObjectJson>;
}

const STANDARD_TABLE = path.join(__dirname, 'standard-objects.json');

function toField(name: string, spec: string | StandardFieldJson): FieldInfo {
  if (typeof spec === 'string') return { name, type: spec };
  return { name, type: spec.type, referenceTo: spec.to, relationshipName: spec.relationship };
}

export function loadStandardObjects(schema: Schema, table = STANDARD_TABLE): void {
  const json = JSON.parse(readFileSync(table, 'utf8')) as StandardObjectsJson;
  for (const [objectName, spec] of Object.entries(json.objects)) {
    const object = schema.ensure(objectName, 'standard', 'scripts/checks/standard-objects.json');
    if (spec.audit !== false) {
      for (const [name, field] of Object.entries(json.auditFields))
        schema.addField(object, toField(name, field));
    }
    for (const [name, field] of Object.entries(spec.fields))
      schema.addField(object, toField(name, field));
    for (const [relationship, child] of Object.entries(spec.children ?? {}))
      object.children.set(relationship.toLowerCase(), child);
  }
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['referenceTo', 'recordTypes', 'fields'].includes(name)
});

/** Reads one metadata file as a plain object (its root element's content). */
export function readMetadata(file: string): Record<string, unknown> {
  const parsed = xml.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const root = Object.keys(parsed).find((k) => k !== '?xml');
  return (root ? parsed[root] : {}) as Record<string, unknown>;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value).trim();
}

function audit(object: ObjectInfo, schema: Schema, withOwner: boolean): void {
  const user = (name: string, relationship: string): FieldInfo => ({
    name,
    type: 'reference',
    referenceTo: ['User'],
    relationshipName: relationship
  });
  schema.addField(object, { name: 'Id', type: 'id' });
  schema.addField(object, { name: 'Name', type: 'string' });
  schema.addField(object, { name: 'IsDeleted', type: 'boolean' });
  schema.addField(object, { name: 'CreatedDate', type: 'datetime' });
  schema.addField(object, user('CreatedById', 'CreatedBy'));
  schema.addField(object, { name: 'LastModifiedDate', type: 'datetime' });
  schema.addField(object, user('LastModifiedById', 'LastModifiedBy'));
  schema.addField(object, { name: 'SystemModstamp', type: 'datetime' });
  if (withOwner) {
    schema.addField(object, {
      name: 'OwnerId',
      type: 'reference',
      referenceTo: ['User', 'Group'],
      relationshipName: 'Owner'
    });
  }
}

interface ObjectFolder {
  name: string;
  dir: string;
  objectFile?: string;
  fieldFiles: string[];
  recordTypes: boolean;
}

function objectFolders(root: string): ObjectFolder[] {
  const folders = new Map<string, ObjectFolder>();
  const dirs = packageDirectories(root);
  for (const file of listProjectFiles(root)) {
    if (!dirs.some((d) => file.startsWith(`${d}/`))) continue;
    const match = /^(.*\/objects\/([^/]+))\/(.+)$/.exec(file);
    if (!match) continue;
    const [, dir, name, rest] = match;
    let folder = folders.get(dir);
    if (!folder) {
      folder = { name, dir, fieldFiles: [], recordTypes: false };
      folders.set(dir, folder);
    }
    if (rest === `${name}.object-meta.xml`) folder.objectFile = file;
    else if (/^fields\/[^/]+\.field-meta\.xml$/.test(rest)) folder.fieldFiles.push(file);
    else if (rest.startsWith('recordTypes/')) folder.recordTypes = true;
  }
  return [...folders.values()];
}

function kindOf(name: string, object: Record<string, unknown>): ObjectInfo['kind'] {
  if (name.endsWith('__mdt')) return 'customMetadata';
  if (name.endsWith('__e')) return 'platformEvent';
  if (object.customSettingsType !== undefined) return 'customSetting';
  if (name.endsWith('__c')) return 'custom';
  return name.includes('__') ? 'other' : 'standard';
}

/**
 * Loads the schema of the project at `root`: standard objects from the table, then every
 * object folder of the package directories. Metadata files that do not parse are left to the
 * metadata stage to report; here they are skipped.
 */
export function loadSchema(root: string, table = STANDARD_TABLE): Schema {
  const schema = new Schema();
  loadStandardObjects(schema, table);
  const pending: { object: ObjectInfo; field: Record<string, unknown>; file: string }[] = [];
  for (const folder of objectFolders(root)) {
    let objectMeta: Record<string, unknown> = {};
    if (folder.objectFile) {
      try {
        objectMeta = readMetadata(path.join(root, folder.objectFile));
      } catch {
        objectMeta = {};
      }
    }
    const kind = kindOf(folder.name, objectMeta);
    const object = schema.ensure(folder.name, kind, folder.objectFile ?? folder.dir);
    if (object.kind === 'standard' && kind !== 'standard') object.kind = kind;
    const fieldMetas: Record<string, unknown>[] = [];
    for (const fieldFile of folder.fieldFiles) {
      try {
        const meta = readMetadata(path.join(root, fieldFile));
        fieldMetas.push(meta);
        pending.push({ object, field: meta, file: fieldFile });
      } catch {
        // reported by the metadata stage
      }
    }
    const isDetail = fieldMetas.some((f) => text(f.type) === 'MasterDetail');
    switch (kind) {
      case 'custom':
        audit(object, schema, !isDetail);
        schema.addField(object, { name: 'LastViewedDate', type: 'datetime' });
        schema.addField(object, { name: 'LastReferencedDate', type: 'datetime' });
        if (text(objectMeta.enableActivities) === 'true') {
          schema.addField(object, { name: 'LastActivityDate', type: 'date' });
          object.children.set('tasks', 'Task');
          object.children.set('events', 'Event');
        }
        if (text(objectMeta.enableHistory) === 'true') addHistoryObject(schema, object);
        break;
      case 'customSetting':
        audit(object, schema, false);
        schema.addField(object, {
          name: 'SetupOwnerId',
          type: 'reference',
          referenceTo: ['Organization', 'Profile', 'User'],
          relationshipName: 'SetupOwner'
        });
        break;
      case 'customMetadata':
        for (const name of [
          'DeveloperName',
          'MasterLabel',
          'Label',
          'Language',
          'NamespacePrefix',
          'QualifiedApiName'
        ])
          schema.addField(object, { name, type: 'string' });
        schema.addField(object, { name: 'Id', type: 'id' });
        schema.addField(object, { name: 'SystemModstamp', type: 'datetime' });
        break;
      case 'platformEvent':
        for (const name of ['ReplayId', 'EventUuid'])
          schema.addField(object, { name, type: 'string' });
        schema.addField(object, { name: 'CreatedDate', type: 'datetime' });
        schema.addField(object, {
          name: 'CreatedById',
          type: 'reference',
          referenceTo: ['User'],
          relationshipName: 'CreatedBy'
        });
        break;
      default:
        break;
    }
    if (folder.recordTypes) {
      schema.addField(object, {
        name: 'RecordTypeId',
        type: 'reference',
        referenceTo: ['RecordType'],
        relationshipName: 'RecordType'
      });
    }
  }
  for (const { object, field } of pending) addCustomField(schema, object, field);
  return schema;
}

function addHistoryObject(schema: Schema, parent: ObjectInfo): void {
  const historyName = parent.name.replace(/__c$/, '__History');
  const history = schema.ensure(historyName, 'other', parent.source);
  for (const [name, type] of [
    ['Id', 'id'],
    ['Field', 'string'],
    ['OldValue', 'anyType'],
    ['NewValue', 'anyType'],
    ['DataType', 'string'],
    ['IsDeleted', 'boolean'],
    ['CreatedDate', 'datetime']
  ])
    schema.addField(history, { name, type });
  schema.addField(history, {
    name: 'ParentId',
    type: 'reference',
    referenceTo: [parent.name],
    relationshipName: 'Parent'
  });
  schema.addField(history, {
    name: 'CreatedById',
    type: 'reference',
    referenceTo: ['User'],
    relationshipName: 'CreatedBy'
  });
  parent.children.set('histories', historyName);
}

function addCustomField(schema: Schema, object: ObjectInfo, meta: Record<string, unknown>): void {
  const name = text(meta.fullName);
  if (!name) return;
  const type = text(meta.type) ?? 'unknown';
  const referenceTo = ((meta.referenceTo as unknown[] | undefined) ?? [])
    .map(text)
    .filter((t): t is string => !!t);
  const isReference = [
    'Lookup',
    'MasterDetail',
    'Hierarchy',
    'MetadataRelationship',
    'ExternalLookup',
    'IndirectLookup'
  ].includes(type);
  if (isReference && referenceTo.length === 0 && type === 'Hierarchy') referenceTo.push('User');
  if (isReference && name.endsWith('__c') && referenceTo.length > 0) {
    schema.addField(object, {
      name,
      type,
      referenceTo,
      relationshipName: name.replace(/__c$/, '__r')
    });
    const childName = text(meta.relationshipName);
    if (childName) {
      for (const target of referenceTo) {
        const parent = schema.get(target);
        if (parent) parent.children.set(`${childName.toLowerCase()}__r`, object.name);
      }
    }
    return;
  }
  schema.addField(object, { name, type });
  if (type === 'Location') {
    const base = name.replace(/__c$/, '');
    schema.addField(object, { name: `${base}__Latitude__s`, type: 'double' });
    schema.addField(object, { name: `${base}__Longitude__s`, type: 'double' });
  }
}
