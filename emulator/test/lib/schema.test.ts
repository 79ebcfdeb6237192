import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow, ApexList, ApexMap } from '../../src/apex/runtime-types.js';
import {
  sobjectTypeToken,
  sobjectFieldToken,
  customObjectStatic,
  DescribeSObjectValue,
  FieldsAccessor
} from '../../src/apex/lib/schema.js';
import { enumValue } from '../../src/apex/lib/enums.js';
import type { SObjectRecord } from '../../src/contracts.js';
import {
  call,
  nativeClass,
  callStatic,
  contextWithStore,
  fakeSchema,
  fakeStore,
  fakeUser,
  field,
  objectDef,
  FakeRecord,
  list
} from './helpers.js';

const account = objectDef(
  'Account',
  '001',
  [
    field('Name', 'Text', { length: 255, required: true }),
    field('Phone', 'Phone', { length: 40 }),
    field('Secret__c', 'Text', { length: 10 })
  ],
  {},
  [
    {
      relationshipName: 'Contacts',
      childObject: 'Contact',
      field: 'AccountId',
      cascadeDelete: false
    }
  ]
);
const message = objectDef('SMSMagic__c', 'a01', [
  field('Status__c', 'Picklist', {
    picklistValues: ['Sent', 'Delivered', 'Failed'],
    defaultValue: 'Sent'
  }),
  field('Unformatted_Phone__c', 'Text', {
    length: 40,
    externalId: true,
    inlineHelpText: 'Match key'
  }),
  field('Amount__c', 'Currency', { precision: 18, scale: 2 }),
  field('Conversation__c', 'Lookup', {
    referenceTo: ['Conversation__c'],
    relationshipName: 'Conversation__r'
  })
]);
const settings = objectDef(
  'Converse_Settings__c',
  'a02',
  [field('Max_Length__c', 'Number', { precision: 18, scale: 0 })],
  {
    kind: 'customSetting',
    customSettingsType: 'Hierarchy'
  }
);
const schema = fakeSchema([account, message, settings]);

function ctxFor(
  options: Parameters<typeof contextWithStore>[1] = {},
  extra: Record<string, unknown> = {}
) {
  return contextWithStore(fakeStore(schema, extra), options);
}

test('tokens are interned and describe the object', () => {
  const ctx = ctxFor();
  assert.equal(sobjectTypeToken('Account'), sobjectTypeToken('account'));
  const describe = call('Schema.SObjectType', sobjectTypeToken('Account'), 'getDescribe', [], ctx);
  assert.equal(call('Schema.DescribeSObjectResult', describe, 'getName', [], ctx), 'Account');
  assert.equal(call('Schema.DescribeSObjectResult', describe, 'getKeyPrefix', [], ctx), '001');
  assert.equal(
    call('Schema.DescribeSObjectResult', describe, 'getLabelPlural', [], ctx),
    'Accounts'
  );
  assert.equal(call('Schema.DescribeSObjectResult', describe, 'isAccessible', [], ctx), true);
  assert.equal(call('Schema.DescribeSObjectResult', describe, 'isCustom', [], ctx), false);
  const rels = call(
    'Schema.DescribeSObjectResult',
    describe,
    'getChildRelationships',
    [],
    ctx
  ) as ApexList;
  assert.equal(call('Schema.ChildRelationship', rels.items[0], 'getRelationshipName'), 'Contacts');
});

test('global describe and fields.getMap use lower-case keys', () => {
  const ctx = ctxFor();
  const global = callStatic('Schema', 'getGlobalDescribe', [], ctx) as ApexMap;
  assert.deepEqual([...global.entries.values()].map((e) => e.key).sort(), [
    'account',
    'converse_settings__c',
    'smsmagic__c'
  ]);
  assert.equal([...global.entries.values()][0].value, sobjectTypeToken('Account'));
  const fields = call(
    'Schema.SObjectTypeFields',
    new FieldsAccessor('SMSMagic__c', 'describe'),
    'getMap',
    [],
    ctx
  ) as ApexMap;
  assert.ok(
    [...fields.entries.values()].some(
      (e) =>
        e.key === 'unformatted_phone__c' &&
        e.value === sobjectFieldToken('SMSMagic__c', 'Unformatted_Phone__c')
    )
  );
  assert.equal((fields as unknown as { caseInsensitiveKeys: boolean }).caseInsensitiveKeys, true);
  assert.throws(
    () => callStatic('Schema', 'describeSObjects', [list(['Nope__c'])], ctx),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.InvalidParameterValueException'
  );
});

test('Schema.SObjectType.X.fields.Y is a DescribeFieldResult', () => {
  const ctx = ctxFor();
  const describe = new DescribeSObjectValue('SMSMagic__c');
  const fields = describe.apexProperty('fields', ctx) as FieldsAccessor;
  const dfr = fields.apexProperty('status__c', ctx);
  assert.equal(call('Schema.DescribeFieldResult', dfr, 'getName', [], ctx), 'Status__c');
  assert.equal(
    call('Schema.DescribeFieldResult', dfr, 'getType', [], ctx),
    enumValue('Schema.DisplayType', 'PICKLIST')
  );
  const entries = (
    call('Schema.DescribeFieldResult', dfr, 'getPicklistValues', [], ctx) as ApexList
  ).items;
  assert.deepEqual(
    entries.map((e) => call('Schema.PicklistEntry', e, 'getValue')),
    ['Sent', 'Delivered', 'Failed']
  );
  assert.equal(call('Schema.PicklistEntry', entries[0], 'isDefaultValue'), true);
  const viaSchema = nativeClass('Schema.SObjectType').getStaticProperty!('SMSMagic__c', ctx);
  assert.ok(
    viaSchema instanceof DescribeSObjectValue,
    'Schema.SObjectType.SMSMagic__c is a DescribeSObjectResult'
  );
  assert.equal((viaSchema as DescribeSObjectValue).objectName, 'SMSMagic__c');
  const viaAlias = nativeClass('SObjectType').getStaticProperty!('Account', ctx);
  const nameField = nativeClass('Schema.SObjectTypeFields').getProperty!(
    nativeClass('Schema.DescribeSObjectResult').getProperty!(viaAlias, 'fields', ctx),
    'Name',
    ctx
  );
  assert.equal(call('DescribeFieldResult', nameField, 'getLength', [], ctx), 255);
  const schemaNative = nativeClass('Schema');
  assert.equal(
    schemaNative.sobjectTypeMember!('account', 'SObjectType', ctx),
    sobjectTypeToken('Account')
  );
  assert.equal(
    schemaNative.sobjectTypeMember!('Account', 'name', ctx),
    sobjectFieldToken('Account', 'Name')
  );
});

test('DescribeFieldResult properties', () => {
  const ctx = ctxFor();
  const d = (f: string) =>
    call('Schema.SObjectField', sobjectFieldToken('SMSMagic__c', f), 'getDescribe', [], ctx);
  const D = (f: string, m: string) => call('Schema.DescribeFieldResult', d(f), m, [], ctx);
  assert.equal(D('Unformatted_Phone__c', 'getLength'), 40);
  assert.equal(D('Unformatted_Phone__c', 'isExternalId'), true);
  assert.equal(D('Unformatted_Phone__c', 'getInlineHelpText'), 'Match key');
  assert.equal(D('Amount__c', 'getType'), enumValue('Schema.DisplayType', 'CURRENCY'));
  assert.equal(D('Amount__c', 'getSoapType'), enumValue('Schema.SoapType', 'DOUBLE'));
  assert.equal(D('Amount__c', 'getScale'), 2);
  assert.equal(D('Conversation__c', 'getRelationshipName'), 'Conversation__r');
  assert.deepEqual((D('Conversation__c', 'getReferenceTo') as ApexList).items, [
    sobjectTypeToken('Conversation__c')
  ]);
  assert.equal(D('Status__c', 'isNillable'), true);
  assert.equal(
    call(
      'Schema.DescribeFieldResult',
      call('Schema.SObjectField', sobjectFieldToken('Account', 'Name'), 'getDescribe'),
      'isNillable',
      [],
      ctx
    ),
    false
  );
  const restricted = ctxFor({
    user: fakeUser({
      modifyAllData: false,
      readableObjects: ['SMSMagic__c'],
      unreadableFields: ['smsmagic__c.amount__c']
    })
  });
  assert.equal(
    call('Schema.DescribeFieldResult', d('Amount__c'), 'isAccessible', [], restricted),
    false
  );
  assert.equal(
    call('Schema.DescribeFieldResult', d('Status__c'), 'isAccessible', [], restricted),
    true
  );
});

test('Security.stripInaccessible removes fields the user cannot read', () => {
  const user = fakeUser({
    modifyAllData: false,
    readableObjects: ['Account'],
    unreadableFields: ['account.secret__c']
  });
  const ctx = ctxFor({ user });
  const record = new FakeRecord(account);
  record.put('Id', '001000000000001AAA');
  record.put('Name', 'Acme');
  record.put('Secret__c', 'x');
  const decision = callStatic(
    'Security',
    'stripInaccessible',
    [enumValue('AccessType', 'READABLE'), list([record])],
    ctx
  );
  const [stripped] = (call('SObjectAccessDecision', decision, 'getRecords') as ApexList)
    .items as SObjectRecord[];
  assert.equal(stripped.get('Name'), 'Acme');
  assert.equal(stripped.isSet('Secret__c'), false);
  assert.equal(record.isSet('Secret__c'), true, 'the input record is untouched');
  const removed = call('SObjectAccessDecision', decision, 'getRemovedFields', [], ctx) as ApexMap;
  const [entry] = [...removed.entries.values()];
  assert.equal(entry.key, 'Account');
  assert.deepEqual(
    [...(entry.value as { entries: Map<unknown, unknown> }).entries.values()],
    ['Secret__c']
  );
  const noAccess = ctxFor({ user: fakeUser({ modifyAllData: false }) });
  assert.throws(
    () =>
      callStatic(
        'Security',
        'stripInaccessible',
        [enumValue('AccessType', 'READABLE'), list([record])],
        noAccess
      ),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.NoAccessException'
  );
});

test('hierarchy custom settings go through the store lookup', () => {
  const calls: unknown[][] = [];
  const stored = new FakeRecord(settings);
  stored.put('Max_Length__c', 160);
  const ctx = ctxFor(
    {},
    {
      lookupHierarchySetting: (...args: unknown[]) => {
        calls.push(args);
        return args[1] === null && args[2] === null ? null : stored;
      }
    }
  );
  assert.equal(customObjectStatic('Converse_Settings__c', 'getInstance', [], ctx), stored);
  assert.deepEqual(calls[0], ['Converse_Settings__c', '005000000000001AAA', '00e000000000001AAA']);
  const orgDefaults = customObjectStatic(
    'Converse_Settings__c',
    'getOrgDefaults',
    [],
    ctx
  ) as SObjectRecord;
  assert.equal(orgDefaults.get('Max_Length__c'), null, 'no org default: an empty record');
  assert.throws(
    () => customObjectStatic('Converse_Settings__c', 'getAll', [], ctx),
    /unsupported: Converse_Settings__c.getall/
  );
  assert.throws(
    () => customObjectStatic('Account', 'getInstance', [], ctx),
    /unsupported: static method Account.getInstance/
  );
});
