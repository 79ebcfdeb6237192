/**
 * The standard profiles a new org has, and what each grants on its own (before permission sets).
 * Profiles cannot be created from Apex, so the emulator knows them by name.
 */
import type { ObjectDef } from '../contracts.js';

export const SYSTEM_ADMINISTRATOR = 'System Administrator';
export const STANDARD_USER = 'Standard User';
export const MINIMUM_ACCESS = 'Minimum Access - Salesforce';

export interface ProfileGrant {
  readonly name: string;
  readonly modifyAllData: boolean;
  /** Object-level access the profile gives on an object (permission sets add to it). */
  objectAccess(object: ObjectDef): {
    read: boolean;
    create: boolean;
    edit: boolean;
    delete: boolean;
  };
}

const NONE = { read: false, create: false, edit: false, delete: false };
const ALL = { read: true, create: true, edit: true, delete: true };
const READ_ONLY = { read: true, create: false, edit: false, delete: false };

/** Standard CRM objects a Standard User may create, edit and delete. */
const STANDARD_USER_CRUD = new Set([
  'account',
  'contact',
  'lead',
  'task',
  'event',
  'opportunity',
  'case',
  'note',
  'attachment',
  'contentversion',
  'contentdocumentlink'
]);

/**
 * Setup-like standard objects every user can read (User, Profile, Organization,
 * PermissionSet…). Custom metadata and custom settings are readable by every profile here.
 */
function readableByEveryone(object: ObjectDef): boolean {
  if (object.kind === 'customMetadata' || object.kind === 'customSetting') return true;
  return [
    'user',
    'profile',
    'organization',
    'permissionset',
    'permissionsetassignment',
    'custompermission',
    'setupentityaccess',
    'asyncapexjob',
    'apexclass',
    'apextrigger',
    'flowdefinitionview',
    'recordtype',
    'group',
    'groupmember'
  ].includes(object.name.toLowerCase());
}

export const STANDARD_PROFILES: readonly ProfileGrant[] = [
  { name: SYSTEM_ADMINISTRATOR, modifyAllData: true, objectAccess: () => ALL },
  {
    name: STANDARD_USER,
    modifyAllData: false,
    objectAccess: (object) => {
      if (readableByEveryone(object)) return READ_ONLY;
      if (object.kind === 'standard')
        return STANDARD_USER_CRUD.has(object.name.toLowerCase()) ? ALL : READ_ONLY;
      // Custom objects and platform events: only what permission sets give.
      return NONE;
    }
  },
  {
    name: MINIMUM_ACCESS,
    modifyAllData: false,
    objectAccess: (object) => (readableByEveryone(object) ? READ_ONLY : NONE)
  }
];

export function profileGrant(name: string): ProfileGrant {
  const grant = STANDARD_PROFILES.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!grant) {
    throw new Error(
      `unsupported: profile '${name}' (the emulator knows ${STANDARD_PROFILES.map((p) => `'${p.name}'`).join(', ')})`
    );
  }
  return grant;
}
