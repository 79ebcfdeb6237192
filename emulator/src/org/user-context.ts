/**
 * UserContext: what a user may see and do, from the profile plus the permission sets assigned
 * to them (PermissionSetAssignment rows, read when the context is built: a System.runAs block
 * sees the assignments inserted before it).
 */
import type { OrgSchema, PermissionSetDef, UserContext } from '../contracts.js';
import { profileGrant, SYSTEM_ADMINISTRATOR } from './profiles.js';

export interface UserRow {
  readonly id: string;
  readonly userName: string;
  readonly profileId: string;
  readonly timeZoneSidKey: string;
  readonly locale: string;
}

/** How a UserContext reads the org's users, profiles and assignments (implemented by Org). */
export interface UserDirectory {
  user(userId: string): UserRow | null;
  profileName(profileId: string): string | null;
  /** API names of the permission sets assigned to the user. */
  permissionSetNames(userId: string): readonly string[];
}

interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

class ProfileAndPermissionSetsUser implements UserContext {
  readonly modifyAllData: boolean;
  private readonly objectAccessCache = new Map<string, ObjectAccess>();
  private readonly objectGrants = new Map<string, ObjectAccess>();
  private readonly fieldGrants = new Map<string, { readable: boolean; editable: boolean }>();
  private readonly customPermissions = new Set<string>();

  constructor(
    private readonly schema: OrgSchema,
    private readonly row: UserRow,
    readonly profileName: string,
    permissionSets: readonly PermissionSetDef[]
  ) {
    this.modifyAllData = profileGrant(profileName).modifyAllData;
    for (const ps of permissionSets) {
      for (const [object, p] of ps.objectPermissions) {
        const key = object.toLowerCase();
        const prev = this.objectGrants.get(key) ?? {
          read: false,
          create: false,
          edit: false,
          delete: false
        };
        this.objectGrants.set(key, {
          read: prev.read || p.read || p.viewAll || p.modifyAll,
          create: prev.create || p.create,
          edit: prev.edit || p.edit || p.modifyAll,
          delete: prev.delete || p.delete || p.modifyAll
        });
      }
      for (const [field, p] of ps.fieldPermissions) {
        const key = field.toLowerCase();
        const prev = this.fieldGrants.get(key) ?? { readable: false, editable: false };
        this.fieldGrants.set(key, {
          readable: prev.readable || p.readable || p.editable,
          editable: prev.editable || p.editable
        });
      }
      for (const cp of ps.customPermissions) this.customPermissions.add(cp.toLowerCase());
    }
  }

  get userId(): string {
    return this.row.id;
  }
  get profileId(): string {
    return this.row.profileId;
  }
  get userName(): string {
    return this.row.userName;
  }
  get timeZoneSidKey(): string {
    return this.row.timeZoneSidKey;
  }
  get locale(): string {
    return this.row.locale;
  }

  private access(object: string): ObjectAccess {
    const key = object.toLowerCase();
    const cached = this.objectAccessCache.get(key);
    if (cached) return cached;
    const def = this.schema.getObject(object);
    let result: ObjectAccess;
    if (!def) {
      result = { read: false, create: false, edit: false, delete: false };
    } else if (this.modifyAllData) {
      result = { read: true, create: true, edit: true, delete: true };
    } else {
      const fromProfile = profileGrant(this.profileName).objectAccess(def);
      const fromSets = this.objectGrants.get(def.name.toLowerCase());
      result = {
        read: fromProfile.read || !!fromSets?.read,
        create: fromProfile.create || !!fromSets?.create,
        edit: fromProfile.edit || !!fromSets?.edit,
        delete: fromProfile.delete || !!fromSets?.delete
      };
    }
    this.objectAccessCache.set(key, result);
    return result;
  }

  canReadObject(object: string): boolean {
    return this.access(object).read;
  }
  canCreateObject(object: string): boolean {
    return this.access(object).create;
  }
  canEditObject(object: string): boolean {
    return this.access(object).edit;
  }
  canDeleteObject(object: string): boolean {
    return this.access(object).delete;
  }

  private fieldAccess(object: string, field: string): { readable: boolean; editable: boolean } {
    const def = this.schema.getObject(object);
    const fieldDef = def?.getField(field);
    if (!def || !fieldDef) return { readable: false, editable: false };
    const objectAccess = this.access(def.name);
    if (!objectAccess.read) return { readable: false, editable: false };
    const writable = fieldDef.createable || fieldDef.updateable;
    if (this.modifyAllData) return { readable: true, editable: writable };
    // Field-level security is set on custom fields; standard fields, system fields and
    // required fields follow the object (the platform does not let an admin hide them).
    const isCustomField = fieldDef.name.toLowerCase().endsWith('__c');
    if (
      !isCustomField ||
      fieldDef.required ||
      fieldDef.type === 'MasterDetail' ||
      def.kind === 'customMetadata' ||
      def.kind === 'customSetting'
    ) {
      return { readable: true, editable: writable && (objectAccess.edit || objectAccess.create) };
    }
    const grant = this.fieldGrants.get(`${def.name}.${fieldDef.name}`.toLowerCase());
    return { readable: !!grant?.readable, editable: !!grant?.editable && writable };
  }

  canReadField(object: string, field: string): boolean {
    return this.fieldAccess(object, field).readable;
  }
  canEditField(object: string, field: string): boolean {
    return this.fieldAccess(object, field).editable;
  }
  hasCustomPermission(name: string): boolean {
    return this.customPermissions.has(name.toLowerCase());
  }
}

/** Builds the access of one user from the org's rows. Throws when the user does not exist. */
export function createUserContext(
  schema: OrgSchema,
  directory: UserDirectory,
  userId: string
): UserContext {
  const row = directory.user(userId);
  if (!row) throw new Error(`No User with Id ${userId}`);
  const profileName = directory.profileName(row.profileId);
  if (!profileName)
    throw new Error(
      `User ${row.userName} has a ProfileId (${row.profileId}) that matches no Profile`
    );
  const byName = new Map(schema.permissionSets().map((ps) => [ps.name.toLowerCase(), ps]));
  const sets: PermissionSetDef[] = [];
  for (const name of directory.permissionSetNames(userId)) {
    const def = byName.get(name.toLowerCase());
    if (def) sets.push(def);
  }
  return new ProfileAndPermissionSetsUser(schema, row, profileName, sets);
}

/** A context with every access: the emulator's own work (seeding, job bookkeeping). */
export function systemUserContext(userId: string, profileId: string): UserContext {
  return {
    userId,
    profileId,
    profileName: SYSTEM_ADMINISTRATOR,
    userName: 'system@emulator.local',
    timeZoneSidKey: 'America/Los_Angeles',
    locale: 'en_US',
    modifyAllData: true,
    canReadObject: () => true,
    canCreateObject: () => true,
    canEditObject: () => true,
    canDeleteObject: () => true,
    canReadField: () => true,
    canEditField: () => true,
    hasCustomPermission: () => false
  };
}
