import type { OrgClient } from './org-client.js';

export type MessageMode = 'two-object' | 'single-object';

/**
 * Anonymous Apex that turns on the org-wide `Converse_Settings__c.Use_Single_Message_Object__c`
 * (creating the org default record when there is none, other fields left as they are). With it
 * the migration reads SMS History rows with `Direction__c = 'IN'` as incoming: the
 * single-object legacy layout. The migration's preflight requires it in both modes, so
 * two-object data does not turn it off.
 */
export const SINGLE_OBJECT_APEX = [
  'Converse_Settings__c settings = Converse_Settings__c.getOrgDefaults();',
  'if (settings.Id == null) settings.SetupOwnerId = UserInfo.getOrganizationId();',
  'settings.Use_Single_Message_Object__c = true;',
  'upsert settings;'
].join('\n');

/**
 * Makes the org read seeded data of this mode: single-object turns the setting on; two-object
 * needs nothing (returns false, nothing changed). Fails loudly with the Apex error.
 */
export async function applyMessageMode(client: OrgClient, mode: MessageMode): Promise<boolean> {
  if (mode !== 'single-object') return false;
  const result = await client.runApex(SINGLE_OBJECT_APEX);
  if (!result.success) {
    throw new Error(
      `turning on Converse_Settings__c.Use_Single_Message_Object__c in ${client.description} failed: ${result.message}`
    );
  }
  return true;
}
