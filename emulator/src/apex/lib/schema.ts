/**
 * Schema describe (SObjectType / SObjectField tokens, DescribeSObjectResult, DescribeFieldResult,
 * PicklistEntry, ChildRelationship, RecordTypeInfo), Schema.getGlobalDescribe / describeSObjects,
 * Security.stripInaccessible, and the custom setting / custom metadata accessors.
 *
 * Tokens are interned per object (and field), so `==` by reference holds as on the platform.
 * Native objects expose Apex properties (`describe.fields`, `Schema.SObjectType.Account.fields.Name`)
 * through `apexProperty(name, ctx)`.
 */
import type { NativeCallContext, NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexList, ApexMap, ApexSet } from '../runtime-types.js';
import type {
  FieldDef,
  ObjectDef,
  SObjectRecord,
  LimitName,
  UserContext,
  RecordStore
} from '../../contracts.js';
import { T, listOf, mapOf, nullPointer, setOf, str, throwApex } from './util.js';
import { enumName, enumValue } from './enums.js';
import { isGroupable } from '../../schema/model.js';

const SOBJECT_TYPE: TypeRef = { name: 'Schema.SObjectType' };
const SOBJECT_FIELD: TypeRef = { name: 'Schema.SObjectField' };
const DESCRIBE_SOBJECT: TypeRef = { name: 'Schema.DescribeSObjectResult' };
const DESCRIBE_FIELD: TypeRef = { name: 'Schema.DescribeFieldResult' };
const PICKLIST_ENTRY: TypeRef = { name: 'Schema.PicklistEntry' };
const CHILD_RELATIONSHIP: TypeRef = { name: 'Schema.ChildRelationship' };
const RECORD_TYPE_INFO: TypeRef = { name: 'Schema.RecordTypeInfo' };

function schemaOf(ctx: NativeCallContext) {
  return ctx.tx.store.schema;
}

function objectDef(ctx: NativeCallContext, name: string): ObjectDef {
  const def = schemaOf(ctx).getObject(name);
  if (!def)
    throwApex(
      'System.InvalidParameterValueException',
      `In field: types - no SObject named ${name} found`
    );
  return def;
}

function fieldDef(ctx: NativeCallContext, object: string, field: string): FieldDef {
  const def = objectDef(ctx, object).getField(field);
  if (!def) throwApex('System.SObjectException', `Invalid field ${field} for ${object}`);
  return def;
}

// ------------------------------------------------------------------------------------------------
// Tokens
// ------------------------------------------------------------------------------------------------

export class SObjectTypeToken {
  readonly nativeClassName = 'Schema.SObjectType';
  constructor(readonly objectName: string) {}
  toString(): string {
    return this.objectName;
  }
  apexProperty(name: string, ctx: NativeCallContext): unknown {
    // Schema.SObjectType.Account.fields / .fieldSets are on the describe result; tokens have none.
    if (name.toLowerCase() === 'fields')
      return new FieldsAccessor(objectDef(ctx, this.objectName).name, 'token');
    throw new Error(
      `unsupported: property ${name} of Schema.SObjectType at ${ctx.location.file}:${ctx.location.line}`
    );
  }
}

export class SObjectFieldToken {
  readonly nativeClassName = 'Schema.SObjectField';
  constructor(
    readonly objectName: string,
    readonly fieldName: string
  ) {}
  toString(): string {
    return this.fieldName;
  }
}

const typeTokens = new Map<string, SObjectTypeToken>();
const fieldTokens = new Map<string, SObjectFieldToken>();

/** The interned SObjectType token of an object (canonical name). `Account.SObjectType`. */
export function sobjectTypeToken(objectName: string): SObjectTypeToken {
  const key = objectName.toLowerCase();
  let token = typeTokens.get(key);
  if (!token) typeTokens.set(key, (token = new SObjectTypeToken(objectName)));
  return token;
}

/** The interned SObjectField token. `Account.Name`. */
export function sobjectFieldToken(objectName: string, fieldName: string): SObjectFieldToken {
  const key = `${objectName}.${fieldName}`.toLowerCase();
  let token = fieldTokens.get(key);
  if (!token) fieldTokens.set(key, (token = new SObjectFieldToken(objectName, fieldName)));
  return token;
}

// ------------------------------------------------------------------------------------------------
// Describe results
// ------------------------------------------------------------------------------------------------

export class DescribeSObjectValue {
  readonly nativeClassName = 'Schema.DescribeSObjectResult';
  constructor(readonly objectName: string) {}
  apexProperty(name: string, ctx: NativeCallContext): unknown {
    if (name.toLowerCase() === 'fields') return new FieldsAccessor(this.objectName, 'describe');
    throw new Error(
      `unsupported: property ${name} of Schema.DescribeSObjectResult at ${ctx.location.file}:${ctx.location.line}`
    );
  }
}

export class DescribeFieldValue {
  readonly nativeClassName = 'Schema.DescribeFieldResult';
  constructor(
    readonly objectName: string,
    readonly fieldName: string
  ) {}
}

/** `describe.fields`: `fields.getMap()` and `fields.Name` (a DescribeFieldResult). */
export class FieldsAccessor {
  readonly nativeClassName = 'Schema.SObjectTypeFields';
  constructor(
    readonly objectName: string,
    readonly from: 'token' | 'describe'
  ) {}
  apexProperty(name: string, ctx: NativeCallContext): unknown {
    const field = fieldDef(ctx, this.objectName, name);
    return new DescribeFieldValue(this.objectName, field.name);
  }
}

export class PicklistEntryValue {
  readonly nativeClassName = 'Schema.PicklistEntry';
  constructor(
    readonly value: string,
    readonly isDefault: boolean
  ) {}
}

export class ChildRelationshipValue {
  readonly nativeClassName = 'Schema.ChildRelationship';
  constructor(
    readonly childObject: string,
    readonly field: string,
    readonly relationshipName: string,
    readonly cascadeDelete: boolean
  ) {}
}

export class RecordTypeInfoValue {
  readonly nativeClassName = 'Schema.RecordTypeInfo';
}

const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** A describe map (getGlobalDescribe, fields.getMap): lower-cased String keys, looked up case-insensitively. */
function describeMap(
  ctx: NativeCallContext,
  keyType: TypeRef,
  valueType: TypeRef,
  entries: [string, unknown][]
): ApexMap {
  const map = new ApexMap(keyType, valueType);
  for (const [key, value] of entries) {
    const k = key.toLowerCase();
    map.entries.set(ctx.runtime.hashKey(k), { key: k, value });
  }
  Object.defineProperty(map, 'caseInsensitiveKeys', { value: true });
  return map;
}

function fieldsMap(ctx: NativeCallContext, objectName: string): ApexMap {
  const def = objectDef(ctx, objectName);
  return describeMap(
    ctx,
    T.String,
    SOBJECT_FIELD,
    [...def.fields.values()].map((f) => [f.name, sobjectFieldToken(def.name, f.name)])
  );
}

const DISPLAY_TYPES: Record<string, string> = {
  Id: 'ID',
  Text: 'STRING',
  TextArea: 'TEXTAREA',
  LongTextArea: 'TEXTAREA',
  Html: 'TEXTAREA',
  EncryptedText: 'ENCRYPTEDSTRING',
  Email: 'EMAIL',
  Phone: 'PHONE',
  Url: 'URL',
  Picklist: 'PICKLIST',
  MultiselectPicklist: 'MULTIPICKLIST',
  Checkbox: 'BOOLEAN',
  Number: 'DOUBLE',
  Currency: 'CURRENCY',
  Percent: 'PERCENT',
  Date: 'DATE',
  DateTime: 'DATETIME',
  Time: 'TIME',
  Lookup: 'REFERENCE',
  MasterDetail: 'REFERENCE',
  AutoNumber: 'STRING'
};

const SOAP_TYPES: Record<string, string> = {
  ID: 'ID',
  REFERENCE: 'ID',
  BOOLEAN: 'BOOLEAN',
  DOUBLE: 'DOUBLE',
  CURRENCY: 'DOUBLE',
  PERCENT: 'DOUBLE',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME'
};

function displayType(field: FieldDef, objectName: string): string {
  const t = DISPLAY_TYPES[field.type];
  if (!t)
    throw new Error(
      `unsupported: DescribeFieldResult.getType of ${field.type} field ${objectName}.${field.name} (formula and roll-up result types are not in the schema)`
    );
  return t;
}

const TEXT_TYPES = new Set([
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'EncryptedText',
  'Email',
  'Phone',
  'Url',
  'Picklist',
  'MultiselectPicklist',
  'AutoNumber'
]);

function fieldLength(field: FieldDef): number {
  if (field.type === 'Id' || field.type === 'Lookup' || field.type === 'MasterDetail') return 18;
  if (field.length !== undefined) return field.length;
  if (field.type === 'Picklist' || field.type === 'MultiselectPicklist')
    return field.type === 'Picklist' ? 255 : 4099;
  if (field.type === 'Email' || field.type === 'Url') return field.type === 'Email' ? 80 : 255;
  if (field.type === 'Phone') return 40;
  if (field.type === 'AutoNumber') return 30;
  return TEXT_TYPES.has(field.type) ? 255 : 0;
}

function isNillable(field: FieldDef): boolean {
  return (
    !field.required &&
    field.type !== 'Checkbox' &&
    field.type !== 'Id' &&
    field.type !== 'MasterDetail'
  );
}

function isCustomName(name: string): boolean {
  return /__(c|mdt|e|x|b)$/i.test(name);
}

const describe = (self: unknown): DescribeSObjectValue => self as DescribeSObjectValue;
const dfr = (self: unknown): DescribeFieldValue => self as DescribeFieldValue;
const userOf = (ctx: NativeCallContext): UserContext => ctx.tx.user;

const describeSObjectMethods: Record<string, NativeMethod> = {
  getname: (self, _a, ctx) => objectDef(ctx, describe(self).objectName).name,
  getlocalname: (self, _a, ctx) => objectDef(ctx, describe(self).objectName).name,
  getlabel: (self, _a, ctx) => objectDef(ctx, describe(self).objectName).label,
  getlabelplural: (self, _a, ctx) => objectDef(ctx, describe(self).objectName).labelPlural,
  getkeyprefix: (self, _a, ctx) => objectDef(ctx, describe(self).objectName).keyPrefix,
  getsobjecttype: (self) => sobjectTypeToken(describe(self).objectName),
  iscustom: (self) => isCustomName(describe(self).objectName),
  iscustomsetting: (self, _a, ctx) =>
    objectDef(ctx, describe(self).objectName).kind === 'customSetting',
  isaccessible: (self, _a, ctx) => userOf(ctx).canReadObject(describe(self).objectName),
  isqueryable: (self, _a, ctx) => userOf(ctx).canReadObject(describe(self).objectName),
  iscreateable: (self, _a, ctx) => userOf(ctx).canCreateObject(describe(self).objectName),
  isupdateable: (self, _a, ctx) => userOf(ctx).canEditObject(describe(self).objectName),
  isdeletable: (self, _a, ctx) => userOf(ctx).canDeleteObject(describe(self).objectName),
  issearchable: (self, _a, ctx) =>
    objectDef(ctx, describe(self).objectName).kind !== 'customMetadata',
  fields: (self) => new FieldsAccessor(describe(self).objectName, 'describe'),
  getchildrelationships: (self, _a, ctx) =>
    new ApexList(
      CHILD_RELATIONSHIP,
      [...objectDef(ctx, describe(self).objectName).childRelationships.values()].map(
        (r) =>
          new ChildRelationshipValue(r.childObject, r.field, r.relationshipName, r.cascadeDelete)
      )
    ),
  getrecordtypeinfos: () => new ApexList(RECORD_TYPE_INFO, [new RecordTypeInfoValue()]),
  getrecordtypeinfosbydevelopername: (_self, _a, ctx) =>
    describeMapExact(ctx, RECORD_TYPE_INFO, [['Master', new RecordTypeInfoValue()]]),
  getrecordtypeinfosbyname: (_self, _a, ctx) =>
    describeMapExact(ctx, RECORD_TYPE_INFO, [['Master', new RecordTypeInfoValue()]]),
  getrecordtypeinfosbyid: (_self, _a, ctx) => {
    const map = new ApexMap(T.Id, RECORD_TYPE_INFO);
    map.entries.set(ctx.runtime.hashKey(MASTER_RECORD_TYPE_ID), {
      key: MASTER_RECORD_TYPE_ID,
      value: new RecordTypeInfoValue()
    });
    return map;
  }
};

function describeMapExact(
  ctx: NativeCallContext,
  valueType: TypeRef,
  entries: [string, unknown][]
): ApexMap {
  const map = new ApexMap(T.String, valueType);
  for (const [k, v] of entries) map.entries.set(ctx.runtime.hashKey(k), { key: k, value: v });
  return map;
}

const fieldOf = (self: unknown, ctx: NativeCallContext): FieldDef =>
  fieldDef(ctx, dfr(self).objectName, dfr(self).fieldName);

const describeFieldMethods: Record<string, NativeMethod> = {
  getname: (self, _a, ctx) => fieldOf(self, ctx).name,
  getlocalname: (self, _a, ctx) => fieldOf(self, ctx).name,
  getlabel: (self, _a, ctx) => fieldOf(self, ctx).label,
  gettype: (self, _a, ctx) =>
    enumValue('Schema.DisplayType', displayType(fieldOf(self, ctx), dfr(self).objectName)),
  getsoaptype: (self, _a, ctx) => {
    const display = displayType(fieldOf(self, ctx), dfr(self).objectName);
    return enumValue('Schema.SoapType', SOAP_TYPES[display] ?? 'STRING');
  },
  getlength: (self, _a, ctx) => fieldLength(fieldOf(self, ctx)),
  getbytelength: (self, _a, ctx) => fieldLength(fieldOf(self, ctx)) * 3,
  getprecision: (self, _a, ctx) => fieldOf(self, ctx).precision ?? 0,
  getscale: (self, _a, ctx) => fieldOf(self, ctx).scale ?? 0,
  getdigits: () => 0,
  getsobjectfield: (self) => sobjectFieldToken(dfr(self).objectName, dfr(self).fieldName),
  getinlinehelptext: (self, _a, ctx) => fieldOf(self, ctx).inlineHelpText ?? null,
  getdefaultvalue: (self, _a, ctx) => fieldOf(self, ctx).defaultValue ?? null,
  getrelationshipname: (self, _a, ctx) => fieldOf(self, ctx).relationshipName ?? null,
  getreferenceto: (self, _a, ctx) =>
    new ApexList(
      SOBJECT_TYPE,
      (fieldOf(self, ctx).referenceTo ?? []).map((o) => sobjectTypeToken(o))
    ),
  getpicklistvalues: (self, _a, ctx) => {
    const f = fieldOf(self, ctx);
    const values = f.picklistValues ?? [];
    return new ApexList(
      PICKLIST_ENTRY,
      values.map((v) => new PicklistEntryValue(v, f.defaultValue === v))
    );
  },
  isaccessible: (self, _a, ctx) =>
    userOf(ctx).canReadField(dfr(self).objectName, fieldOf(self, ctx).name),
  iscreateable: (self, _a, ctx) =>
    fieldOf(self, ctx).createable &&
    userOf(ctx).canEditField(dfr(self).objectName, fieldOf(self, ctx).name),
  isupdateable: (self, _a, ctx) =>
    fieldOf(self, ctx).updateable &&
    userOf(ctx).canEditField(dfr(self).objectName, fieldOf(self, ctx).name),
  isexternalid: (self, _a, ctx) => fieldOf(self, ctx).externalId,
  isunique: (self, _a, ctx) => fieldOf(self, ctx).unique,
  isnillable: (self, _a, ctx) => isNillable(fieldOf(self, ctx)),
  iscustom: (self) => isCustomName(dfr(self).fieldName),
  iscasesensitive: (self, _a, ctx) => fieldOf(self, ctx).caseSensitive,
  iscalculated: (self, _a, ctx) =>
    fieldOf(self, ctx).type === 'Formula' || fieldOf(self, ctx).type === 'Summary',
  isautonumber: (self, _a, ctx) => fieldOf(self, ctx).type === 'AutoNumber',
  isdefaultedoncreate: (self, _a, ctx) =>
    fieldOf(self, ctx).defaultValue !== undefined || fieldOf(self, ctx).type === 'Checkbox',
  isnamefield: (self, _a, ctx) => fieldOf(self, ctx).name === 'Name',
  isidlookup: (self, _a, ctx) => fieldOf(self, ctx).externalId || fieldOf(self, ctx).name === 'Id',
  ishtmlformatted: (self, _a, ctx) => fieldOf(self, ctx).type === 'Html',
  isfilterable: (self, _a, ctx) =>
    !['LongTextArea', 'Html', 'EncryptedText'].includes(fieldOf(self, ctx).type),
  issortable: (self, _a, ctx) =>
    !['LongTextArea', 'Html', 'EncryptedText', 'MultiselectPicklist'].includes(
      fieldOf(self, ctx).type
    ),
  isgroupable: (self, _a, ctx) => isGroupable(fieldOf(self, ctx)),
  isrestrictedpicklist: (self, _a, ctx) => fieldOf(self, ctx).type === 'Picklist'
};

const BOOL_RETURN = /^is/;
function returnTypesFor(
  methods: Record<string, NativeMethod>,
  explicit: Record<string, TypeRef>
): Record<string, TypeRef> {
  const out: Record<string, TypeRef> = {};
  for (const name of Object.keys(methods))
    out[name] = explicit[name] ?? (BOOL_RETURN.test(name) ? T.Boolean : T.String);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Classes
// ------------------------------------------------------------------------------------------------

const sobjectTypeClass: NativeClass = {
  name: 'Schema.SObjectType',
  // Schema.SObjectType.Account is the DescribeSObjectResult of Account (Apex Reference: "Schema.SObjectType.Account").
  getStaticProperty: (name, ctx) => new DescribeSObjectValue(objectDef(ctx, name).name),
  getProperty: (self, name, ctx) => (self as SObjectTypeToken).apexProperty(name, ctx),
  instanceMethods: {
    getdescribe: (self, _a, ctx) =>
      new DescribeSObjectValue(objectDef(ctx, (self as SObjectTypeToken).objectName).name),
    newsobject(self, args, ctx) {
      const name = (self as SObjectTypeToken).objectName;
      if (args.length === 1 && args[0] !== null) {
        const id = String(args[0]);
        const record = ctx.tx.store.newRecord(name);
        (record as unknown as { putRaw?: (f: string, v: unknown) => void }).putRaw?.('Id', id);
        if (!record.id)
          throw new Error(`unsupported: SObjectType.newSObject(Id) on this record store`);
        return record;
      }
      if (args.length === 2 && args[0] !== null)
        throw new Error(
          'unsupported: SObjectType.newSObject(recordTypeId, loadDefaults) with a record type'
        );
      return ctx.tx.store.newRecord(name);
    },
    tostring: (self) => (self as SObjectTypeToken).objectName,
    equals: (self, args) => self === args[0],
    hashcode: (self) => hashString((self as SObjectTypeToken).objectName.toLowerCase())
  },
  returnTypes: {
    getdescribe: DESCRIBE_SOBJECT,
    newsobject: T.SObject,
    tostring: T.String,
    equals: T.Boolean,
    hashcode: T.Integer
  }
};

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const sobjectFieldClass: NativeClass = {
  name: 'Schema.SObjectField',
  instanceMethods: {
    getdescribe: (self) =>
      new DescribeFieldValue(
        (self as SObjectFieldToken).objectName,
        (self as SObjectFieldToken).fieldName
      ),
    tostring: (self) => (self as SObjectFieldToken).fieldName,
    equals: (self, args) => self === args[0],
    hashcode: (self) =>
      hashString(
        `${(self as SObjectFieldToken).objectName}.${(self as SObjectFieldToken).fieldName}`.toLowerCase()
      )
  },
  returnTypes: {
    getdescribe: DESCRIBE_FIELD,
    tostring: T.String,
    equals: T.Boolean,
    hashcode: T.Integer
  }
};

const describeSObjectClass: NativeClass = {
  name: 'Schema.DescribeSObjectResult',
  getProperty: (self, name, ctx) => (self as DescribeSObjectValue).apexProperty(name, ctx),
  instanceMethods: describeSObjectMethods,
  returnTypes: returnTypesFor(describeSObjectMethods, {
    getsobjecttype: SOBJECT_TYPE,
    fields: { name: 'Schema.SObjectTypeFields' },
    getchildrelationships: listOf(CHILD_RELATIONSHIP),
    getrecordtypeinfos: listOf(RECORD_TYPE_INFO),
    getrecordtypeinfosbydevelopername: mapOf(T.String, RECORD_TYPE_INFO),
    getrecordtypeinfosbyname: mapOf(T.String, RECORD_TYPE_INFO),
    getrecordtypeinfosbyid: mapOf(T.Id, RECORD_TYPE_INFO)
  })
};

const fieldsClass: NativeClass = {
  name: 'Schema.SObjectTypeFields',
  getProperty: (self, name, ctx) => (self as FieldsAccessor).apexProperty(name, ctx),
  instanceMethods: {
    getmap: (self, _a, ctx) => fieldsMap(ctx, (self as FieldsAccessor).objectName)
  },
  returnTypes: { getmap: mapOf(T.String, SOBJECT_FIELD) }
};

const describeFieldClass: NativeClass = {
  name: 'Schema.DescribeFieldResult',
  instanceMethods: describeFieldMethods,
  returnTypes: returnTypesFor(describeFieldMethods, {
    gettype: { name: 'Schema.DisplayType' },
    getsoaptype: { name: 'Schema.SoapType' },
    getlength: T.Integer,
    getbytelength: T.Integer,
    getprecision: T.Integer,
    getscale: T.Integer,
    getdigits: T.Integer,
    getsobjectfield: SOBJECT_FIELD,
    getdefaultvalue: T.Object,
    getreferenceto: listOf(SOBJECT_TYPE),
    getpicklistvalues: listOf(PICKLIST_ENTRY)
  })
};

const picklistEntryClass: NativeClass = {
  name: 'Schema.PicklistEntry',
  instanceMethods: {
    getvalue: (self) => (self as PicklistEntryValue).value,
    getlabel: (self) => (self as PicklistEntryValue).value,
    isactive: () => true,
    isdefaultvalue: (self) => (self as PicklistEntryValue).isDefault
  },
  returnTypes: {
    getvalue: T.String,
    getlabel: T.String,
    isactive: T.Boolean,
    isdefaultvalue: T.Boolean
  }
};

const childRelationshipClass: NativeClass = {
  name: 'Schema.ChildRelationship',
  instanceMethods: {
    getchildsobject: (self) => sobjectTypeToken((self as ChildRelationshipValue).childObject),
    getfield: (self) =>
      sobjectFieldToken(
        (self as ChildRelationshipValue).childObject,
        (self as ChildRelationshipValue).field
      ),
    getrelationshipname: (self) => (self as ChildRelationshipValue).relationshipName,
    iscascadedelete: (self) => (self as ChildRelationshipValue).cascadeDelete
  },
  returnTypes: {
    getchildsobject: SOBJECT_TYPE,
    getfield: SOBJECT_FIELD,
    getrelationshipname: T.String,
    iscascadedelete: T.Boolean
  }
};

const recordTypeInfoClass: NativeClass = {
  name: 'Schema.RecordTypeInfo',
  instanceMethods: {
    getname: () => 'Master',
    getdevelopername: () => 'Master',
    getrecordtypeid: () => MASTER_RECORD_TYPE_ID,
    isactive: () => true,
    isavailable: () => true,
    isdefaultrecordtypemapping: () => true,
    ismaster: () => true
  },
  returnTypes: {
    getname: T.String,
    getdevelopername: T.String,
    getrecordtypeid: T.Id,
    isactive: T.Boolean,
    isavailable: T.Boolean,
    isdefaultrecordtypemapping: T.Boolean,
    ismaster: T.Boolean
  }
};

const schemaClass: NativeClass = {
  name: 'Schema',
  /** `Account.SObjectType`, `Account.Name` (a field token). */
  sobjectTypeMember(objectName, member, ctx) {
    if (member.toLowerCase() === 'sobjecttype')
      return sobjectTypeToken(objectDef(ctx, objectName).name);
    const field = objectDef(ctx, objectName).getField(member);
    if (field) return sobjectFieldToken(objectDef(ctx, objectName).name, field.name);
    throw new Error(
      `unsupported: ${objectName}.${member} at ${ctx.location.file}:${ctx.location.line}`
    );
  },
  staticMethods: {
    getglobaldescribe: (_s, _a, ctx) =>
      describeMap(
        ctx,
        T.String,
        SOBJECT_TYPE,
        schemaOf(ctx)
          .objects()
          .map((o) => [o.name, sobjectTypeToken(o.name)])
      ),
    describesobjects(_s, args, ctx) {
      const names = args[0];
      if (!(names instanceof ApexList)) nullPointer();
      return new ApexList(
        DESCRIBE_SOBJECT,
        names.items.map((n) => new DescribeSObjectValue(objectDef(ctx, String(n)).name))
      );
    }
  },
  returnTypes: {
    getglobaldescribe: mapOf(T.String, SOBJECT_TYPE),
    describesobjects: listOf(DESCRIBE_SOBJECT)
  }
};

// ------------------------------------------------------------------------------------------------
// Security.stripInaccessible
// ------------------------------------------------------------------------------------------------

export class AccessDecisionValue {
  readonly nativeClassName = 'SObjectAccessDecision';
  constructor(
    readonly records: SObjectRecord[],
    readonly removed: Map<string, Set<string>>,
    readonly modifiedIndexes: Set<number>
  ) {}
}

interface MutableRecord {
  values?: Map<string, unknown>;
}

function stripRecord(
  record: SObjectRecord,
  access: string,
  user: UserContext,
  removed: Map<string, Set<string>>
): { copy: SObjectRecord; modified: boolean } {
  const object = record.objectDef.name;
  const copy = record.clone(true, false);
  const values = (copy as unknown as MutableRecord).values;
  const original = (record as unknown as MutableRecord).values;
  if (!values || !original)
    throw new Error('unsupported: Security.stripInaccessible on this record implementation');
  values.clear();
  for (const [k, v] of original) values.set(k, v);
  let modified = false;
  for (const fieldName of record.populatedFields()) {
    const field = record.objectDef.getField(fieldName);
    if (!field || field.name === 'Id') continue;
    const readable = user.canReadField(object, field.name);
    const editable = user.canEditField(object, field.name);
    let ok: boolean;
    switch (access) {
      case 'READABLE':
        ok = readable;
        break;
      case 'CREATABLE':
        ok = editable && field.createable;
        break;
      case 'UPDATABLE':
        ok = editable && field.updateable;
        break;
      default:
        ok = editable && field.createable && field.updateable;
    }
    if (!ok) {
      values.delete(field.name.toLowerCase());
      let set = removed.get(object);
      if (!set) removed.set(object, (set = new Set()));
      set.add(field.name);
      modified = true;
    }
  }
  return { copy, modified };
}

const securityClass: NativeClass = {
  name: 'Security',
  staticMethods: {
    stripinaccessible(_s, args, ctx) {
      const access = enumName(args[0]);
      if (access === null) nullPointer();
      const list = args[1];
      if (!(list instanceof ApexList)) nullPointer();
      const enforceRootCrud = args.length > 2 ? args[2] !== false : true;
      const user = ctx.tx.user;
      const records = list.items as SObjectRecord[];
      if (enforceRootCrud) {
        for (const r of records) {
          const o = r.objectDef.name;
          const allowed =
            access === 'READABLE'
              ? user.canReadObject(o)
              : access === 'CREATABLE'
                ? user.canCreateObject(o)
                : access === 'UPDATABLE'
                  ? user.canEditObject(o)
                  : user.canCreateObject(o) && user.canEditObject(o);
          if (!allowed) throwApex('System.NoAccessException', 'No access to entity');
        }
      }
      const removed = new Map<string, Set<string>>();
      const modified = new Set<number>();
      const copies = records.map((r, i) => {
        const { copy, modified: changed } = stripRecord(r, access.toUpperCase(), user, removed);
        if (changed) modified.add(i);
        return copy;
      });
      return new AccessDecisionValue(copies, removed, modified);
    }
  },
  returnTypes: { stripinaccessible: { name: 'SObjectAccessDecision' } }
};

const accessDecisionClass: NativeClass = {
  name: 'SObjectAccessDecision',
  instanceMethods: {
    getrecords: (self) => new ApexList(T.SObject, (self as AccessDecisionValue).records),
    getremovedfields(self, _a, ctx) {
      const map = new ApexMap(T.String, setOf(T.String));
      for (const [object, fields] of (self as AccessDecisionValue).removed) {
        const set = new ApexSet(T.String);
        for (const f of fields) set.entries.set(ctx.runtime.hashKey(f), f);
        map.entries.set(ctx.runtime.hashKey(object), { key: object, value: set });
      }
      return map;
    },
    getmodifiedindexes(self, _a, ctx) {
      const set = new ApexSet(T.Integer);
      for (const i of (self as AccessDecisionValue).modifiedIndexes)
        set.entries.set(ctx.runtime.hashKey(i), i);
      return set;
    }
  },
  returnTypes: {
    getrecords: listOf(T.SObject),
    getremovedfields: mapOf(T.String, setOf(T.String)),
    getmodifiedindexes: setOf(T.Integer)
  }
};

// ------------------------------------------------------------------------------------------------
// Custom settings and custom metadata: `X__c.getInstance()`, `X__mdt.getAll()`. The interpreter routes a
// static call on such an SObject type here (customObjectStatic), with the object's canonical name.
// ------------------------------------------------------------------------------------------------

interface SettingStore extends RecordStore {
  lookupHierarchySetting?(
    object: string,
    userId: string | null,
    profileId: string | null
  ): SObjectRecord | null;
  listSettingValues?(object: string): ReadonlyMap<string, SObjectRecord>;
  getRecord?(id: string): SObjectRecord | null;
}

function freeLimits(ctx: NativeCallContext) {
  const limits = ctx.tx.limits;
  return {
    async: limits.async,
    consume: () => undefined,
    used: (n: LimitName) => limits.used(n),
    limit: (n: LimitName) => limits.limit(n)
  };
}

/** Every record of an object through SOQL (every field), not counted: custom metadata and settings reads are free on the platform. */
function allRecords(
  ctx: NativeCallContext,
  def: ObjectDef,
  where = '',
  binds: unknown[] = []
): SObjectRecord[] {
  const fields = [...def.fields.values()].map((f) => f.name);
  const query = ctx.tx.soql.parse(`SELECT ${fields.join(', ')} FROM ${def.name}${where}`);
  const rows = ctx.tx.soql.execute(query, binds, {
    accessLevel: 'system',
    user: ctx.tx.user,
    limits: freeLimits(ctx),
    now: () => ctx.tx.now()
  });
  return Array.isArray(rows) ? rows : [];
}

function settingStore(ctx: NativeCallContext): SettingStore {
  return ctx.tx.store as SettingStore;
}

function hierarchy(
  ctx: NativeCallContext,
  def: ObjectDef,
  userId: string | null,
  profileId: string | null
): SObjectRecord {
  const store = settingStore(ctx);
  if (!store.lookupHierarchySetting)
    throw new Error(
      'unsupported: hierarchy custom settings: the record store has no lookupHierarchySetting'
    );
  return (
    store.lookupHierarchySetting(def.name, userId, profileId) ?? ctx.tx.store.newRecord(def.name)
  );
}

function profileOfUser(ctx: NativeCallContext, userId: string): string | null {
  const store = settingStore(ctx);
  const user = store.getRecord?.(userId) ?? null;
  return user ? (user.get('ProfileId') as string | null) : null;
}

function customSettingStatic(
  def: ObjectDef,
  method: string,
  args: readonly unknown[],
  ctx: NativeCallContext
): unknown {
  const isHierarchy = def.customSettingsType === 'Hierarchy';
  switch (method) {
    case 'getinstance': {
      if (!isHierarchy) {
        const name = str(args, 0);
        return listSettings(ctx, def).get(name) ?? null;
      }
      if (args.length === 0) return hierarchy(ctx, def, ctx.tx.user.userId, ctx.tx.user.profileId);
      const id = str(args, 0);
      if (id.startsWith('005')) return hierarchy(ctx, def, id, profileOfUser(ctx, id));
      return hierarchy(ctx, def, null, id);
    }
    case 'getorgdefaults':
      if (!isHierarchy) break;
      return hierarchy(ctx, def, null, null);
    case 'getvalues': {
      const key = str(args, 0);
      if (!isHierarchy) return listSettings(ctx, def).get(key) ?? null;
      const rows = allRecords(ctx, def, ' WHERE SetupOwnerId = :owner', [key]);
      return rows[0] ?? null;
    }
    case 'getall': {
      if (isHierarchy) break;
      const map = new ApexMap(T.String, { name: def.name });
      for (const [name, record] of listSettings(ctx, def))
        map.entries.set(ctx.runtime.hashKey(name), { key: name, value: record });
      return map;
    }
  }
  throw new Error(
    `unsupported: ${def.name}.${method}() (${isHierarchy ? 'hierarchy' : 'list'} custom setting) at ${ctx.location.file}:${ctx.location.line}`
  );
}

function listSettings(ctx: NativeCallContext, def: ObjectDef): ReadonlyMap<string, SObjectRecord> {
  const store = settingStore(ctx);
  if (!store.listSettingValues)
    throw new Error('unsupported: list custom settings: the record store has no listSettingValues');
  return store.listSettingValues(def.name);
}

function customMetadataStatic(
  def: ObjectDef,
  method: string,
  args: readonly unknown[],
  ctx: NativeCallContext
): unknown {
  switch (method) {
    case 'getall': {
      const map = new ApexMap(T.String, { name: def.name });
      for (const record of allRecords(ctx, def)) {
        const name = String(record.get('DeveloperName'));
        map.entries.set(ctx.runtime.hashKey(name), { key: name, value: record });
      }
      return map;
    }
    case 'getinstance': {
      const key = str(args, 0);
      // getInstance accepts the DeveloperName or the record Id.
      const byId = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(key) && key.startsWith(def.keyPrefix);
      const rows = allRecords(ctx, def, byId ? ' WHERE Id = :key' : ' WHERE DeveloperName = :key', [
        key
      ]);
      return rows[0] ?? null;
    }
  }
  throw new Error(
    `unsupported: ${def.name}.${method}() (custom metadata) at ${ctx.location.file}:${ctx.location.line}`
  );
}

/**
 * Static methods called on an SObject type: custom settings (getInstance, getOrgDefaults, getValues,
 * getAll) and custom metadata (getAll, getInstance). Returns the result type too, for the compiler.
 */
export function customObjectStatic(
  objectName: string,
  method: string,
  args: readonly unknown[],
  ctx: NativeCallContext
): unknown {
  const def = objectDef(ctx, objectName);
  const m = method.toLowerCase();
  if (def.kind === 'customSetting') return customSettingStatic(def, m, args, ctx);
  if (def.kind === 'customMetadata') return customMetadataStatic(def, m, args, ctx);
  throw new Error(
    `unsupported: static method ${objectName}.${method}() at ${ctx.location.file}:${ctx.location.line}`
  );
}

/** Result type of customObjectStatic for the compiler. */
export function customObjectStaticType(def: ObjectDef, method: string): TypeRef {
  const record: TypeRef = { name: def.name };
  return method.toLowerCase() === 'getall' ? mapOf(T.String, record) : record;
}

/** The same class under its name without the `Schema.` prefix (`SObjectType.Account.fields.Name`). */
function alias(cls: NativeClass): NativeClass {
  return { ...cls, name: cls.name.replace(/^Schema\./, '') };
}

export const schemaClasses: NativeClass[] = [
  alias(sobjectTypeClass),
  alias(sobjectFieldClass),
  alias(describeSObjectClass),
  alias(describeFieldClass),
  alias(picklistEntryClass),
  alias(childRelationshipClass),
  alias(recordTypeInfoClass),
  schemaClass,
  sobjectTypeClass,
  sobjectFieldClass,
  describeSObjectClass,
  fieldsClass,
  describeFieldClass,
  picklistEntryClass,
  childRelationshipClass,
  recordTypeInfoClass,
  securityClass,
  accessDecisionClass
];
