/**
 * loadSchema: reads an SFDX project's metadata (source format) into an OrgSchema.
 *
 * Package directories come from sfdx-project.json. In each, every folder named `objects`
 * holds `<Object>/<Object>.object-meta.xml` and `<Object>/fields/*.field-meta.xml`; folders
 * named `customMetadata`, `permissionsets` and `customPermissions` hold records, permission
 * sets and custom permissions. Key prefixes of custom objects are deterministic: `a00`,
 * `a01`… by sorted API name (custom settings too), `m00`… for custom metadata types and
 * `e00`… for platform events.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, FieldType, ObjectKind, PermissionSetDef } from '../contracts.js';
import type { ApexPrimitive, ApexPrimitive as Primitive } from '../values.js';
import { ApexDate, ApexDatetime, Decimal } from '../values.js';
import { field, ObjectDefImpl, OrgSchemaImpl, type FieldDefWithChild } from './model.js';
import { addStandardObjects, auditFields, ownerField } from './standard-objects.js';

const ARRAY_TAGS = new Set([
  'value',
  'values',
  'referenceTo',
  'objectPermissions',
  'fieldPermissions',
  'customPermissions',
  'classAccesses',
  'packageDirectories'
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_TAGS.has(name)
});

type Xml = Record<string, unknown>;

export class SchemaLoadError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SchemaLoadError';
  }
}

function readXml(file: string, root: string): Xml {
  let doc: Xml;
  try {
    doc = parser.parse(readFileSync(file, 'utf8')) as Xml;
  } catch (error) {
    throw new SchemaLoadError(file, `invalid XML: ${(error as Error).message}`);
  }
  const node = doc[root];
  if (node === undefined) throw new SchemaLoadError(file, `expected a <${root}> document`);
  return (node === '' ? {} : node) as Xml;
}

function str(node: Xml, key: string): string | undefined {
  const v = node[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const text = (v as Xml)['#text'];
    return text === undefined ? undefined : String(text);
  }
  return String(v);
}
const bool = (node: Xml, key: string): boolean => str(node, key) === 'true';
const num = (node: Xml, key: string): number | undefined => {
  const v = str(node, key);
  return v === undefined || v === '' ? undefined : Number(v);
};
const list = (node: Xml, key: string): Xml[] => {
  const v = node[key];
  if (v === undefined || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Xml[];
};

/** Every folder with the given name below dir (skipping node_modules and dot folders). */
function findFolders(dir: string, name: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
      continue;
    const full = join(dir, entry.name);
    if (entry.name === name) out.push(full);
    else findFolders(full, name, out);
  }
  return out;
}

function packageDirectories(projectDir: string): string[] {
  const projectFile = join(projectDir, 'sfdx-project.json');
  if (!existsSync(projectFile))
    throw new SchemaLoadError(
      projectFile,
      'not found: the project directory must hold an sfdx-project.json'
    );
  const project = JSON.parse(readFileSync(projectFile, 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  const dirs = (project.packageDirectories ?? []).map((d) => resolve(projectDir, d.path));
  if (dirs.length === 0) throw new SchemaLoadError(projectFile, 'no packageDirectories');
  return dirs;
}

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'Text',
  TextArea: 'TextArea',
  LongTextArea: 'LongTextArea',
  Html: 'Html',
  EncryptedText: 'EncryptedText',
  Email: 'Email',
  Phone: 'Phone',
  Url: 'Url',
  Picklist: 'Picklist',
  MultiselectPicklist: 'MultiselectPicklist',
  Checkbox: 'Checkbox',
  Number: 'Number',
  Currency: 'Currency',
  Percent: 'Percent',
  Date: 'Date',
  DateTime: 'DateTime',
  Time: 'Time',
  Lookup: 'Lookup',
  MasterDetail: 'MasterDetail',
  AutoNumber: 'AutoNumber',
  Summary: 'Summary',
  // Custom metadata relationship fields hold the related entity's API name / record id as text.
  MetadataRelationship: 'Text'
};

/** Converts a metadata default-value formula (`"Open"`, `true`, `0`, `'x'`) to a value, or undefined when it is a real formula. */
function convertDefault(
  text: string | undefined,
  type: FieldType,
  file: string
): ApexPrimitive | undefined {
  if (text === undefined || text === '') return undefined;
  const t = text.trim();
  if (type === 'Checkbox') {
    if (/^true$/i.test(t)) return true;
    if (/^false$/i.test(t)) return false;
  } else if (type === 'Number' || type === 'Currency' || type === 'Percent') {
    if (/^-?\d+(\.\d+)?$/.test(t)) return new Decimal(t);
  } else {
    const quoted = /^"(.*)"$/s.exec(t) ?? /^'(.*)'$/s.exec(t);
    if (quoted) return quoted[1].replace(/\\(["'\\])/g, '$1');
    if (/^null$/i.test(t)) return null;
  }
  throw new SchemaLoadError(
    file,
    `unsupported: default value formula ${JSON.stringify(t)} (only literals are evaluated)`
  );
}

function loadField(objectName: string, file: string, kind: ObjectKind): FieldDefWithChild {
  const x = readXml(file, 'CustomField');
  const name = str(x, 'fullName') ?? basename(file).replace(/\.field-meta\.xml$/, '');
  const rawType = str(x, 'type');
  const hasFormula = str(x, 'formula') !== undefined;
  const type: FieldType | undefined = hasFormula
    ? 'Formula'
    : rawType
      ? TYPE_MAP[rawType]
      : undefined;
  if (!type) throw new SchemaLoadError(file, `unsupported: field type ${rawType ?? '(none)'}`);
  const valueSet = (x.valueSet ?? {}) as Xml;
  const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
  const picklistEntries = list(definition, 'value');
  const picklistValues = picklistEntries.map((v) => str(v, 'fullName') ?? '');
  let defaultValue = convertDefault(str(x, 'defaultValue'), type, file);
  const picklistDefault = picklistEntries.find((v) => bool(v, 'default'));
  if (picklistDefault && (type === 'Picklist' || type === 'MultiselectPicklist'))
    defaultValue = str(picklistDefault, 'fullName');
  if (type === 'Checkbox' && defaultValue === undefined) defaultValue = false;
  const isReference = type === 'Lookup' || type === 'MasterDetail';
  const referenceTo = list(x, 'referenceTo').map((r) => String(r));
  const relationshipNameMeta = str(x, 'relationshipName');
  const precision = num(x, 'precision');
  const length =
    num(x, 'length') ??
    (type === 'Email' || type === 'Url' ? 255 : type === 'Phone' ? 40 : undefined);
  const restricted = bool(valueSet, 'restricted');
  const deleteConstraint = str(x, 'deleteConstraint') as FieldDef['deleteConstraint'];
  const spec: FieldDefWithChild = {
    ...field(name, type, {
      label: str(x, 'label') ?? name,
      length: isReference
        ? 18
        : type === 'Picklist' || type === 'MultiselectPicklist'
          ? 255
          : length,
      precision,
      scale: num(x, 'scale') ?? (precision !== undefined ? 0 : undefined),
      required: bool(x, 'required') || type === 'MasterDetail',
      unique: bool(x, 'unique'),
      caseSensitive: bool(x, 'caseSensitive'),
      externalId: bool(x, 'externalId'),
      defaultValue,
      picklistValues:
        type === 'Picklist' || type === 'MultiselectPicklist' ? picklistValues : undefined,
      restrictedPicklist:
        type === 'Picklist' || type === 'MultiselectPicklist' ? restricted : undefined,
      referenceTo: isReference ? referenceTo : undefined,
      relationshipName: isReference ? name.replace(/__c$/i, '__r') : undefined,
      deleteConstraint: isReference
        ? type === 'MasterDetail'
          ? 'Cascade'
          : (deleteConstraint ?? 'SetNull')
        : undefined,
      autoNumberFormat: type === 'AutoNumber' ? str(x, 'displayFormat') : undefined,
      formula: str(x, 'formula'),
      description: str(x, 'description'),
      inlineHelpText: str(x, 'inlineHelpText')
    }),
    childRelationshipName:
      isReference && relationshipNameMeta ? `${relationshipNameMeta}__r` : undefined
  };
  if (isReference && referenceTo.length === 0)
    throw new SchemaLoadError(file, `${type} field ${objectName}.${name} has no referenceTo`);
  if (
    kind === 'customMetadata' &&
    ![
      'Text',
      'TextArea',
      'LongTextArea',
      'Email',
      'Phone',
      'Url',
      'Picklist',
      'Checkbox',
      'Number',
      'Percent',
      'Date',
      'DateTime'
    ].includes(type)
  ) {
    throw new SchemaLoadError(file, `unsupported: custom metadata field type ${rawType}`);
  }
  return spec;
}

function objectKind(name: string, x: Xml): ObjectKind {
  if (/__mdt$/i.test(name)) return 'customMetadata';
  if (/__e$/i.test(name)) return 'platformEvent';
  if (str(x, 'customSettingsType')) return 'customSetting';
  return 'custom';
}

interface PendingObject {
  name: string;
  dir: string;
  xml: Xml;
  kind: ObjectKind;
}

/** Standard-object folders in source format (`objects/Lead/`) add fields to the standard object. */
function loadObjects(schema: OrgSchemaImpl, folders: string[]): void {
  const pending: PendingObject[] = [];
  for (const folder of folders) {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(folder, entry.name);
      const metaFile = join(dir, `${entry.name}.object-meta.xml`);
      const xml = existsSync(metaFile) ? readXml(metaFile, 'CustomObject') : {};
      pending.push({ name: entry.name, dir, xml, kind: objectKind(entry.name, xml) });
    }
  }
  const prefixCounters: Record<string, number> = { a: 0, m: 0, e: 0 };
  const sorted = [...pending].sort((p, q) =>
    p.name.toLowerCase() < q.name.toLowerCase() ? -1 : 1
  );
  for (const p of sorted) {
    const standard = schema.getObject(p.name);
    if (standard && standard.kind === 'standard') {
      for (const f of loadFieldFiles(p)) standard.addField(f);
      continue;
    }
    if (!/__(c|mdt|e)$/i.test(p.name))
      throw new SchemaLoadError(
        p.dir,
        `unsupported: standard object ${p.name} is not in the emulator's standard table (schema/standard-objects.ts)`
      );
    const letter = p.kind === 'customMetadata' ? 'm' : p.kind === 'platformEvent' ? 'e' : 'a';
    const n = prefixCounters[letter]++;
    const prefix = `${letter}${n.toString(36).toUpperCase().padStart(2, '0')}`;
    const label = str(p.xml, 'label') ?? p.name;
    const settingsType = str(p.xml, 'customSettingsType') as 'Hierarchy' | 'List' | undefined;
    const readOnly = p.kind === 'customMetadata';
    const def = new ObjectDefImpl(
      p.name,
      label,
      str(p.xml, 'pluralLabel') ?? label,
      p.kind,
      prefix,
      {
        createable: !readOnly,
        updateable: !readOnly,
        deletable: !readOnly && p.kind !== 'platformEvent',
        customSettingsType: settingsType
      }
    );
    addSystemFields(def, p);
    for (const f of loadFieldFiles(p)) def.addField(f);
    schema.addObject(def);
  }
}

function loadFieldFiles(p: PendingObject): FieldDef[] {
  const dir = join(p.dir, 'fields');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .sort()
    .map((f) => loadField(p.name, join(dir, f), p.kind));
}

function addSystemFields(def: ObjectDefImpl, p: PendingObject): void {
  const sys = { system: true, createable: false, updateable: false };
  const id = field('Id', 'Id', { ...sys, length: 18, label: 'Record ID' });
  if (p.kind === 'customMetadata') {
    def.addField(id);
    def.addField(
      field('DeveloperName', 'Text', {
        length: 40,
        required: true,
        label: 'Custom Metadata Record Name'
      })
    );
    def.addField(field('MasterLabel', 'Text', { length: 40, required: true, label: 'Label' }));
    def.addField(field('Label', 'Text', { length: 40, label: 'Label' }));
    def.addField(field('QualifiedApiName', 'Text', { length: 255, ...sys }));
    def.addField(field('NamespacePrefix', 'Text', { length: 15, ...sys }));
    def.addField(field('Language', 'Text', { length: 40, ...sys }));
    def.addField(field('IsProtected', 'Checkbox', { defaultValue: false, ...sys }));
    return;
  }
  if (p.kind === 'platformEvent') {
    def.addField(id);
    def.addField(field('ReplayId', 'Text', { length: 255, ...sys }));
    def.addField(field('EventUuid', 'Text', { length: 36, ...sys }));
    def.addField(field('CreatedDate', 'DateTime', { ...sys }));
    def.addField(
      field('CreatedById', 'Lookup', {
        ...sys,
        referenceTo: ['User'],
        relationshipName: 'CreatedBy',
        length: 18
      })
    );
    return;
  }
  for (const f of auditFields()) def.addField(f);
  const nameField = (p.xml.nameField ?? {}) as Xml;
  const nameType = str(nameField, 'type');
  if (p.kind === 'customSetting') {
    const hierarchy = str(p.xml, 'customSettingsType') === 'Hierarchy';
    def.addField(field('Name', 'Text', { length: 38, required: !hierarchy, label: 'Name' }));
    if (hierarchy) {
      def.addField(
        field('SetupOwnerId', 'Lookup', {
          label: 'Location',
          referenceTo: ['Organization', 'Profile', 'User'],
          relationshipName: 'SetupOwner',
          length: 18
        })
      );
    }
    return;
  }
  if (nameType === 'AutoNumber') {
    def.addField(
      field('Name', 'AutoNumber', {
        length: 80,
        label: str(nameField, 'label') ?? 'Name',
        autoNumberFormat: str(nameField, 'displayFormat')
      })
    );
  } else {
    def.addField(field('Name', 'Text', { length: 80, label: str(nameField, 'label') ?? 'Name' }));
  }
  // A detail object of a master-detail relationship has no owner: the master's owner applies.
  const fieldsDir = join(p.dir, 'fields');
  const isDetail =
    existsSync(fieldsDir) &&
    readdirSync(fieldsDir).some(
      (f) =>
        f.endsWith('.field-meta.xml') &&
        /<type>\s*MasterDetail\s*<\/type>/.test(readFileSync(join(fieldsDir, f), 'utf8'))
    );
  if (!isDetail) def.addField(ownerField(['User', 'Group']));
}

function loadCustomMetadataRecords(schema: OrgSchemaImpl, folders: string[]): void {
  for (const folder of folders) {
    for (const fileName of readdirSync(folder).sort()) {
      if (!fileName.endsWith('.md-meta.xml')) continue;
      const file = join(folder, fileName);
      const base = fileName.replace(/\.md-meta\.xml$/, '');
      const dot = base.indexOf('.');
      if (dot < 0) throw new SchemaLoadError(file, 'expected <Type>.<Record>.md-meta.xml');
      const typeName = `${base.slice(0, dot)}__mdt`;
      const developerName = base.slice(dot + 1);
      const type = schema.getObject(typeName);
      if (!type || type.kind !== 'customMetadata')
        throw new SchemaLoadError(file, `no custom metadata type ${typeName} in the project`);
      const x = readXml(file, 'CustomMetadata');
      const values: Record<string, ApexPrimitive> = {};
      for (const v of list(x, 'values')) {
        const fieldName = str(v, 'field');
        if (!fieldName) continue;
        const f = type.getField(fieldName);
        if (!f) throw new SchemaLoadError(file, `no field ${fieldName} on ${type.name}`);
        const raw: unknown = Array.isArray(v.value) ? v.value[0] : v.value;
        let text: string | undefined;
        if (raw !== null && typeof raw === 'object') {
          const node = raw as Xml;
          text =
            node['@xsi:nil'] === 'true'
              ? undefined
              : node['#text'] === undefined
                ? ''
                : String(node['#text']);
        } else if (raw !== undefined) {
          text = String(raw);
        }
        values[f.name] = text === undefined ? null : convertMetadataValue(text, f, file);
      }
      schema.addCustomMetadataRecord({
        type: type.name,
        developerName,
        label: str(x, 'label') ?? developerName,
        values
      });
    }
  }
}

function convertMetadataValue(text: string, f: FieldDef, file: string): Primitive {
  switch (f.type) {
    case 'Checkbox':
      return text === 'true';
    case 'Number':
    case 'Percent':
    case 'Currency':
      return new Decimal(text);
    case 'Date': {
      const d = ApexDate.parseIso(text);
      if (!d) throw new SchemaLoadError(file, `bad date ${text} for ${f.name}`);
      return d;
    }
    case 'DateTime': {
      const d = ApexDatetime.parseIso(text);
      if (!d) throw new SchemaLoadError(file, `bad datetime ${text} for ${f.name}`);
      return d;
    }
    default:
      return text;
  }
}

function loadPermissionSets(schema: OrgSchemaImpl, folders: string[]): void {
  for (const folder of folders) {
    for (const fileName of readdirSync(folder).sort()) {
      if (!fileName.endsWith('.permissionset-meta.xml')) continue;
      const file = join(folder, fileName);
      const x = readXml(file, 'PermissionSet');
      const name = fileName.replace(/\.permissionset-meta\.xml$/, '');
      const objectPermissions: PermissionSetDef['objectPermissions'] extends ReadonlyMap<
        infer K,
        infer V
      >
        ? Map<K, V>
        : never = new Map();
      for (const o of list(x, 'objectPermissions')) {
        objectPermissions.set((str(o, 'object') ?? '').toLowerCase(), {
          read: bool(o, 'allowRead'),
          create: bool(o, 'allowCreate'),
          edit: bool(o, 'allowEdit'),
          delete: bool(o, 'allowDelete'),
          viewAll: bool(o, 'viewAllRecords'),
          modifyAll: bool(o, 'modifyAllRecords')
        });
      }
      const fieldPermissions = new Map<string, { readable: boolean; editable: boolean }>();
      for (const fp of list(x, 'fieldPermissions')) {
        fieldPermissions.set((str(fp, 'field') ?? '').toLowerCase(), {
          readable: bool(fp, 'readable'),
          editable: bool(fp, 'editable')
        });
      }
      const customPermissions = new Set(
        list(x, 'customPermissions')
          .filter((c) => bool(c, 'enabled'))
          .map((c) => str(c, 'name') ?? '')
      );
      const classAccesses = new Set(
        list(x, 'classAccesses')
          .filter((c) => bool(c, 'enabled'))
          .map((c) => str(c, 'apexClass') ?? '')
      );
      schema.addPermissionSet({
        name,
        label: str(x, 'label') ?? name,
        objectPermissions,
        fieldPermissions,
        customPermissions,
        classAccesses
      });
    }
  }
}

function loadCustomPermissions(schema: OrgSchemaImpl, folders: string[]): void {
  for (const folder of folders) {
    for (const fileName of readdirSync(folder).sort()) {
      if (fileName.endsWith('.customPermission-meta.xml'))
        schema.addCustomPermission(fileName.replace(/\.customPermission-meta\.xml$/, ''));
    }
  }
}

/** Task.WhatId reaches every custom object (activities), and each of them gets a `Tasks` child relationship. */
function linkActivities(schema: OrgSchemaImpl): void {
  const task = schema.getObject('Task');
  const what = task?.getField('WhatId');
  if (!task || !what) return;
  const customs = schema
    .objects()
    .filter((o) => o.kind === 'custom')
    .map((o) => o.name);
  task.addField({ ...what, referenceTo: [...(what.referenceTo ?? []), ...customs] });
  for (const name of customs)
    OrgSchemaImpl.standardChildNames.set(`task.whatid.${name}`.toLowerCase(), 'Tasks');
}

export function loadSchema(projectDir: string): OrgSchemaImpl {
  const schema = new OrgSchemaImpl();
  addStandardObjects(schema);
  const dirs = packageDirectories(projectDir);
  const folders = (name: string) =>
    dirs.flatMap((d) => (existsSync(d) && statSync(d).isDirectory() ? findFolders(d, name) : []));
  loadObjects(schema, folders('objects'));
  linkActivities(schema);
  schema.finish();
  loadCustomMetadataRecords(schema, folders('customMetadata'));
  loadPermissionSets(schema, folders('permissionsets'));
  loadCustomPermissions(schema, folders('customPermissions'));
  return schema;
}

/** The schema with the standard objects only (tests, projects without metadata). */
export function standardSchema(): OrgSchemaImpl {
  const schema = new OrgSchemaImpl();
  addStandardObjects(schema);
  schema.finish();
  return schema;
}
