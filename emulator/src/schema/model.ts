/**
 * Concrete schema classes and the helpers that build field definitions, shared by the
 * standard-object table and the metadata loader.
 */
import type {
  ChildRelationshipDef,
  CustomMetadataRecordDef,
  FieldDef,
  FieldType,
  ObjectDef,
  ObjectKind,
  OrgSchema,
  PermissionSetDef
} from '../contracts.js';

export type FieldSpec = Partial<Omit<FieldDef, 'name' | 'type'>>;

/** A field definition with the platform's defaults for what the spec leaves out. */
export function field(name: string, type: FieldType, spec: FieldSpec = {}): FieldDef {
  const system = spec.system ?? false;
  const computed =
    type === 'Formula' ||
    type === 'Summary' ||
    type === 'AutoNumber' ||
    spec.computedFrom !== undefined;
  return {
    label: spec.label ?? name.replace(/__c$/i, '').replace(/_/g, ' '),
    required: false,
    unique: false,
    caseSensitive: false,
    externalId: false,
    createable: !system && !computed,
    updateable: !system && !computed,
    system,
    filterable: type !== 'LongTextArea' && type !== 'Html' && type !== 'EncryptedText',
    ...spec,
    name,
    type
  };
}

/** Field types SOQL cannot group by (describe's `groupable` is false for them). */
const UNGROUPABLE_TYPES: readonly FieldType[] = [
  'LongTextArea',
  'Html',
  'EncryptedText',
  'MultiselectPicklist',
  'Number',
  'Currency',
  'Percent',
  'DateTime',
  'TextArea'
];

/**
 * Whether SOQL may GROUP BY this field (the describe's `groupable`): not for the types above,
 * and never for a formula field ("Formula fields can't be grouped", SOQL reference,
 * "Considerations for GROUP BY").
 */
export function isGroupable(def: FieldDef): boolean {
  return (
    !UNGROUPABLE_TYPES.includes(def.type) && def.type !== 'Formula' && def.formula === undefined
  );
}

export class ObjectDefImpl implements ObjectDef {
  readonly fields = new Map<string, FieldDef>();
  readonly childRelationships = new Map<string, ChildRelationshipDef>();
  /** Parent relationship name (lower-cased) → the lookup field. */
  readonly parentRelationships = new Map<string, FieldDef>();
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  nameField?: string;
  customSettingsType?: 'Hierarchy' | 'List';

  constructor(
    readonly name: string,
    readonly label: string,
    readonly labelPlural: string,
    readonly kind: ObjectKind,
    public keyPrefix: string,
    options: {
      createable?: boolean;
      updateable?: boolean;
      deletable?: boolean;
      customSettingsType?: 'Hierarchy' | 'List';
    } = {}
  ) {
    this.createable = options.createable ?? true;
    this.updateable = options.updateable ?? true;
    this.deletable = options.deletable ?? true;
    this.customSettingsType = options.customSettingsType;
  }

  addField(def: FieldDef): void {
    const key = def.name.toLowerCase();
    this.fields.set(key, def);
    if (def.relationshipName) this.parentRelationships.set(def.relationshipName.toLowerCase(), def);
    if (key === 'name' && this.nameField === undefined) this.nameField = def.name;
  }

  getField(name: string): FieldDef | undefined {
    return this.fields.get(name.toLowerCase());
  }

  /** The lookup field behind a parent relationship name (`Account` → AccountId), case-insensitive. */
  getParentRelationship(relationshipName: string): FieldDef | undefined {
    return this.parentRelationships.get(relationshipName.toLowerCase());
  }

  getChildRelationship(relationshipName: string): ChildRelationshipDef | undefined {
    return this.childRelationships.get(relationshipName.toLowerCase());
  }
}

export class OrgSchemaImpl implements OrgSchema {
  private readonly byName = new Map<string, ObjectDefImpl>();
  private readonly byPrefix = new Map<string, ObjectDefImpl>();
  private readonly cmdtRecords = new Map<string, CustomMetadataRecordDef[]>();
  private readonly permSets: PermissionSetDef[] = [];
  private readonly customPerms: string[] = [];

  addObject(def: ObjectDefImpl): void {
    const key = def.name.toLowerCase();
    if (this.byName.has(key)) throw new Error(`schema: object ${def.name} defined twice`);
    this.byName.set(key, def);
  }

  /** Call once every object is added: indexes key prefixes and builds child relationships. */
  finish(): void {
    this.byPrefix.clear();
    for (const def of this.byName.values()) {
      const clash = this.byPrefix.get(def.keyPrefix);
      if (clash)
        throw new Error(
          `schema: key prefix ${def.keyPrefix} used by ${clash.name} and ${def.name}`
        );
      this.byPrefix.set(def.keyPrefix, def);
    }
    for (const child of this.byName.values()) {
      for (const f of child.fields.values()) {
        if ((f.type !== 'Lookup' && f.type !== 'MasterDetail') || !f.referenceTo) continue;
        for (const parentName of f.referenceTo) {
          const parent = this.byName.get(parentName.toLowerCase());
          if (!parent) continue;
          const relName = childRelationshipNameFor(child, f, parent);
          if (!relName) continue;
          const key = relName.toLowerCase();
          if (parent.childRelationships.has(key)) continue;
          parent.childRelationships.set(key, {
            relationshipName: relName,
            childObject: child.name,
            field: f.name,
            cascadeDelete: f.type === 'MasterDetail' || f.deleteConstraint === 'Cascade'
          });
        }
      }
    }
  }

  /** Child relationship names of standard lookups (`Contacts`), set by the standard table. */
  static readonly standardChildNames = new Map<string, string>();

  getObject(name: string): ObjectDefImpl | undefined {
    return this.byName.get(name.toLowerCase());
  }
  objects(): readonly ObjectDefImpl[] {
    return [...this.byName.values()];
  }
  objectByKeyPrefix(prefix: string): ObjectDefImpl | undefined {
    return this.byPrefix.get(prefix);
  }
  addCustomMetadataRecord(record: CustomMetadataRecordDef): void {
    const key = record.type.toLowerCase();
    const list = this.cmdtRecords.get(key) ?? [];
    list.push(record);
    this.cmdtRecords.set(key, list);
  }
  customMetadataRecords(type: string): readonly CustomMetadataRecordDef[] {
    return this.cmdtRecords.get(type.toLowerCase()) ?? [];
  }
  addPermissionSet(def: PermissionSetDef): void {
    this.permSets.push(def);
  }
  permissionSets(): readonly PermissionSetDef[] {
    return this.permSets;
  }
  addCustomPermission(name: string): void {
    this.customPerms.push(name);
  }
  customPermissions(): readonly string[] {
    return this.customPerms;
  }
}

/**
 * The child relationship name: the standard table's (`Contacts` for Contact.AccountId), or for
 * a custom field its relationshipName + `__r` when the field is custom (the metadata's
 * relationshipName is the child relationship name of a custom lookup).
 */
function childRelationshipNameFor(
  child: ObjectDefImpl,
  f: FieldDef & { childRelationshipName?: string },
  parent: ObjectDefImpl
): string | undefined {
  if (f.childRelationshipName) return f.childRelationshipName;
  const standard = OrgSchemaImpl.standardChildNames.get(
    `${child.name}.${f.name}.${parent.name}`.toLowerCase()
  );
  if (standard) return standard;
  return undefined;
}

/** A field that may carry the name of its child relationship (custom lookups: `<relationshipName>` of the metadata + `__r`). */
export type FieldDefWithChild = FieldDef & { readonly childRelationshipName?: string };
