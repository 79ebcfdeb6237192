/**
 * The setup records every org has and that tests see without SeeAllData: the organization,
 * the standard profiles, one System Administrator user (the default running user), and one
 * PermissionSet / CustomPermission / SetupEntityAccess row per item of the project's metadata.
 * Created in a fixed order, so their ids are the same in every run.
 */
import { STANDARD_PROFILES } from '../schema/standard-objects.js';
import { ApexDatetime } from '../values.js';
import type { RecordStoreImpl } from './store.js';

export const EMULATOR_ORG_NAME = 'Converse Emulator';
export const DEFAULT_ADMIN_USERNAME = 'admin@emulator.local';

export function seedStandardRecords(store: RecordStoreImpl): void {
  const created = ApexDatetime.ofGmt(2024, 1, 1);
  const audit = { CreatedDate: created, LastModifiedDate: created, SystemModstamp: created };
  store.insertSystem('Organization', {
    ...audit,
    Name: EMULATOR_ORG_NAME,
    OrganizationType: 'Developer Edition',
    IsSandbox: false,
    TimeZoneSidKey: 'America/Los_Angeles',
    DefaultLocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    InstanceName: 'EMU1'
  });
  const profileIds = new Map<string, string>();
  for (const p of STANDARD_PROFILES) {
    profileIds.set(
      p.name,
      store.insertSystem('Profile', {
        ...audit,
        Name: p.name,
        UserType: 'Standard',
        PermissionsModifyAllData: p.modifyAllData,
        PermissionsViewAllData: p.modifyAllData
      })
    );
  }
  store.insertSystem('User', {
    ...audit,
    FirstName: 'Emulator',
    LastName: 'Admin',
    Username: DEFAULT_ADMIN_USERNAME,
    Alias: 'eadmin',
    Email: DEFAULT_ADMIN_USERNAME,
    ProfileId: profileIds.get('System Administrator')!,
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    IsActive: true
  });
  const customPermissionIds = new Map<string, string>();
  for (const name of store.schema.customPermissions()) {
    customPermissionIds.set(
      name.toLowerCase(),
      store.insertSystem('CustomPermission', { ...audit, DeveloperName: name, MasterLabel: name })
    );
  }
  for (const ps of store.schema.permissionSets()) {
    const psId = store.insertSystem('PermissionSet', {
      ...audit,
      Name: ps.name,
      Label: ps.label,
      IsOwnedByProfile: false
    });
    for (const cp of ps.customPermissions) {
      const cpId = customPermissionIds.get(cp.toLowerCase());
      if (cpId)
        store.insertSystem('SetupEntityAccess', {
          ...audit,
          ParentId: psId,
          SetupEntityId: cpId,
          SetupEntityType: 'CustomPermission'
        });
    }
  }
  for (const type of store.schema.objects().filter((o) => o.kind === 'customMetadata')) {
    for (const record of store.schema.customMetadataRecords(type.name)) {
      store.insertSystem(type.name, {
        ...record.values,
        DeveloperName: record.developerName,
        MasterLabel: record.label,
        Label: record.label,
        QualifiedApiName: record.developerName,
        NamespacePrefix: null,
        Language: 'en_US'
      });
    }
  }
}
