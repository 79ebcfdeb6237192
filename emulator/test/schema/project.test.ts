import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSchema } from '../../src/schema/index.js';
import { createRecordStore } from '../../src/data/index.js';
import { createSoqlEngine } from '../../src/soql/index.js';
import { adminUser, FIXED_NOW, TestLimits } from '../data/helpers.js';

const PROJECT = join(__dirname, '../../..');

test("the package's own metadata loads: objects, keys, metadata records, permission sets", () => {
  const schema = loadSchema(PROJECT);
  for (const name of [
    'SMSMagic__c',
    'Incoming_SMS__c',
    'SMS_SenderId__c',
    'Conversation__c',
    'Converse_Settings__c'
  ]) {
    assert.ok(schema.getObject(name), name);
  }
  const key = schema.getObject('Conversation__c')!.getField('Conversation_Key__c')!;
  assert.ok(key.unique && key.externalId, 'conversation key is a unique external id');
  assert.equal(schema.getObject('SMSMagic__c')!.getField('Unformatted_Phone__c')!.externalId, true);
  assert.equal(schema.getObject('Converse_Settings__c')!.customSettingsType, 'Hierarchy');
  const moc = schema
    .customMetadataRecords('Message_Object_Configuration__mdt')
    .map((r) => r.developerName)
    .sort();
  assert.deepEqual(moc, ['Contact', 'Lead']);
  assert.ok(schema.customMetadataRecords('Delivery_Status_Mapping__mdt').length >= 10);
  assert.deepEqual(
    schema
      .permissionSets()
      .map((p) => p.name)
      .sort(),
    // every package directory of sfdx-project.json, the unpackaged seed loader included
    ['Converse_Admin', 'Converse_Agent', 'Converse_Seed_Loader']
  );

  const store = createRecordStore(schema);
  const soql = createSoqlEngine(store);
  const limits = new TestLimits();
  const rows = soql.execute(
    soql.parse(
      'SELECT DeveloperName FROM Message_Object_Configuration__mdt ORDER BY DeveloperName'
    ),
    [],
    {
      accessLevel: 'system',
      user: adminUser(store),
      limits,
      now: () => FIXED_NOW
    }
  );
  assert.deepEqual(
    (rows as { get(f: string): unknown }[]).map((r) => r.get('DeveloperName')),
    ['Contact', 'Lead']
  );
});
