import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchema, SchemaLoadError } from '../../src/schema/index.js';
import { Decimal } from '../../src/values.js';
import { FIXTURE } from '../data/helpers.js';

const schema = loadSchema(FIXTURE);

test('standard objects carry the platform key prefixes', () => {
  const expected: Record<string, string> = {
    Account: '001',
    Contact: '003',
    Lead: '00Q',
    User: '005',
    Profile: '00e',
    Organization: '00D',
    Task: '00T',
    AsyncApexJob: '707',
    ApexTrigger: '01q',
    ApexClass: '01p',
    PermissionSet: '0PS',
    PermissionSetAssignment: '0Pa',
    CustomPermission: '0CP',
    SetupEntityAccess: '0J0',
    FlowDefinitionView: '300',
    RecordType: '012',
    EntityDefinition: '4ie',
    Group: '00G'
  };
  for (const [name, prefix] of Object.entries(expected))
    assert.equal(schema.getObject(name)?.keyPrefix, prefix, name);
  assert.equal(schema.objectByKeyPrefix('00Q')?.name, 'Lead');
});

test('custom objects get deterministic prefixes by sorted name, per kind', () => {
  const customs = schema.objects().filter((o) => o.kind === 'custom' || o.kind === 'customSetting');
  const sorted = [...customs].sort((a, b) =>
    a.name.toLowerCase().localeCompare(b.name.toLowerCase())
  );
  assert.deepEqual(
    sorted.map((o) => o.keyPrefix),
    sorted.map((_, i) => `a0${i}`)
  );
  assert.equal(schema.getObject('status_map__mdt')?.keyPrefix, 'm00');
  assert.equal(schema.getObject('Incoming_Message__e')?.keyPrefix, 'e00');
});

test('lookups are case-insensitive and fields keep their canonical names', () => {
  const f = schema.getObject('smsmagic__C')!.getField('UNFORMATTED_PHONE__C')!;
  assert.equal(f.name, 'Unformatted_Phone__c');
  assert.equal(f.externalId, true);
});

test('custom objects get the standard system fields; detail objects have no owner', () => {
  const conv = schema.getObject('Conversation__c')!;
  for (const name of [
    'Id',
    'Name',
    'OwnerId',
    'CreatedDate',
    'CreatedById',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
    'IsDeleted'
  ]) {
    assert.ok(conv.getField(name), name);
  }
  assert.equal(conv.getField('Name')!.length, 80);
  assert.equal(schema.getObject('Message_Part__c')!.getField('OwnerId'), undefined);
  assert.equal(schema.getObject('SMSMagic__c')!.getField('Name')!.type, 'AutoNumber');
});

test('settings, metadata types and events get their own system fields', () => {
  const settings = schema.getObject('Converse_Settings__c')!;
  assert.equal(settings.customSettingsType, 'Hierarchy');
  assert.ok(settings.getField('SetupOwnerId'));
  assert.equal(settings.getField('OwnerId'), undefined);
  const mdt = schema.getObject('Status_Map__mdt')!;
  for (const name of [
    'DeveloperName',
    'MasterLabel',
    'Label',
    'QualifiedApiName',
    'NamespacePrefix'
  ])
    assert.ok(mdt.getField(name), name);
  const event = schema.getObject('Incoming_Message__e')!;
  for (const name of ['ReplayId', 'CreatedDate', 'CreatedById', 'EventUuid'])
    assert.ok(event.getField(name), name);
});

test('field metadata: lengths, uniqueness, defaults, picklists, relationships', () => {
  const conv = schema.getObject('Conversation__c')!;
  const key = conv.getField('Conversation_Key__c')!;
  assert.equal(key.unique, true);
  assert.equal(key.caseSensitive, false);
  assert.equal(key.length, 120);
  assert.ok((conv.getField('NewCount__c')!.defaultValue as Decimal).eq(0));
  assert.equal(conv.getField('IsUnread__c')!.defaultValue, false);
  const channel = conv.getField('Channel__c')!;
  assert.deepEqual(channel.picklistValues, ['SMS', 'WhatsApp']);
  assert.equal(channel.defaultValue, 'SMS');
  assert.equal(channel.restrictedPicklist, true);
  assert.equal(schema.getObject('SMSMagic__c')!.getField('Status__c')!.defaultValue, 'Unknown');
  const lookup = schema.getObject('SMSMagic__c')!.getField('Conversation__c')!;
  assert.equal(lookup.relationshipName, 'Conversation__r');
  assert.deepEqual(lookup.referenceTo, ['Conversation__c']);
  const children = conv.childRelationships.get('messages__r')!;
  assert.equal(children.childObject, 'SMSMagic__c');
  assert.equal(children.cascadeDelete, false);
  assert.equal(
    schema.getObject('SMSMagic__c')!.childRelationships.get('parts__r')!.cascadeDelete,
    true
  );
});

test('standard relationships: Contact.Account / Account.Contacts, Task.What / Who, Lead defaults', () => {
  const contact = schema.getObject('Contact')!;
  assert.equal(contact.getField('AccountId')!.relationshipName, 'Account');
  assert.equal(schema.getObject('Account')!.childRelationships.get('contacts')!.field, 'AccountId');
  const task = schema.getObject('Task')!;
  assert.deepEqual(task.getField('WhoId')!.referenceTo, ['Contact', 'Lead']);
  assert.ok(task.getField('WhatId')!.referenceTo!.includes('Conversation__c'));
  assert.equal(
    schema.getObject('Conversation__c')!.childRelationships.get('tasks')!.childObject,
    'Task'
  );
  const lead = schema.getObject('Lead')!;
  assert.equal(lead.getField('Status')!.defaultValue, 'Open - Not Contacted');
  assert.equal(lead.getField('Company')!.required, true);
  assert.equal(lead.getField('LastName')!.required, true);
});

test('custom metadata records, permission sets and custom permissions load', () => {
  const records = schema.customMetadataRecords('Status_Map__mdt');
  assert.equal(records.length, 3);
  const delivered = records.find((r) => r.developerName === 'Delivered')!;
  assert.equal(delivered.values.Raw__c, 'DELIVRD');
  assert.ok((delivered.values.Priority__c as Decimal).eq(1));
  assert.equal(records.find((r) => r.developerName === 'Unknown')!.values.Raw__c, null);
  const agent = schema.permissionSets().find((p) => p.name === 'Converse_Agent')!;
  assert.equal(agent.objectPermissions.get('conversation__c')!.edit, true);
  assert.equal(agent.fieldPermissions.get('conversation__c.newcount__c')!.editable, false);
  assert.ok(agent.customPermissions.has('AllowToTakeActionOnConversation'));
  assert.deepEqual(schema.customPermissions(), ['AllowToTakeActionOnConversation']);
});

test('a project without sfdx-project.json, or with a formula default, fails loudly with the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  assert.throws(() => loadSchema(dir), SchemaLoadError);
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'src' }] })
  );
  const fields = join(dir, 'src/objects/Thing__c/fields');
  mkdirSync(fields, { recursive: true });
  writeFileSync(
    join(fields, 'When__c.field-meta.xml'),
    '<?xml version="1.0"?><CustomField><fullName>When__c</fullName><type>Date</type><defaultValue>TODAY()</defaultValue></CustomField>'
  );
  assert.throws(
    () => loadSchema(dir),
    /When__c\.field-meta\.xml: unsupported: default value formula "TODAY\(\)"/
  );
});
