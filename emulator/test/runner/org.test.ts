import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOrg, resetLocalOrg } from '../../src/org/local-org.js';
import { RUNNING_USER_NAME } from '../../src/org/org.js';
import { FakeRuntime, fakeParts, FIXTURE_PROJECT } from './fakes.js';

async function open(persistDir: string | null = null, projectDir = FIXTURE_PROJECT) {
  return openOrg({ projectDir, persistDir, parts: fakeParts(new FakeRuntime()).factory });
}

test('a new org has the organization, the standard profiles and a System Administrator running user in America/Los_Angeles', async () => {
  const { org } = await open();
  assert.equal(org.systemQuery('SELECT Id FROM Organization').length, 1);
  const profiles = org.systemQuery('SELECT Id, Name FROM Profile').map((r) => r.get('Name'));
  for (const name of ['System Administrator', 'Standard User', 'Minimum Access - Salesforce'])
    assert.ok(profiles.includes(name), name);
  const user = org.userContext(org.runningUserId);
  assert.equal(user.profileName, 'System Administrator');
  assert.equal(user.modifyAllData, true);
  assert.equal(user.timeZoneSidKey, 'America/Los_Angeles');
  assert.equal(user.locale, 'en_US');
  assert.equal(user.userName, RUNNING_USER_NAME);
});

test('permission sets, custom permissions and their SetupEntityAccess rows come from the metadata', async () => {
  const { org } = await open();
  const ps = org
    .systemQuery('SELECT Id, Name FROM PermissionSet')
    .filter((r) => r.get('Name') === 'Widget_Access');
  assert.equal(ps.length, 1);
  const cp = org
    .systemQuery('SELECT Id, DeveloperName FROM CustomPermission')
    .filter((r) => r.get('DeveloperName') === 'Can_Widget');
  assert.equal(cp.length, 1);
  const access = org
    .systemQuery('SELECT ParentId, SetupEntityId, SetupEntityType FROM SetupEntityAccess')
    .filter((r) => r.get('ParentId') === ps[0].id && r.get('SetupEntityId') === cp[0].id);
  assert.equal(access.length, 1);
  assert.equal(access[0].get('SetupEntityType'), 'CustomPermission');
});

test('ApexClass and ApexTrigger rows describe the project Apex (trigger object, events, Active status)', async () => {
  const { org } = await open();
  const classes = org
    .systemQuery('SELECT Id, Name, Status FROM ApexClass')
    .map((r) => r.get('Name'));
  assert.deepEqual(classes.sort(), [
    'WidgetResizeBatch',
    'WidgetResizeBatchTest',
    'WidgetService',
    'WidgetServiceTest'
  ]);
  assert.ok(org.apexClassId('WidgetService'));
  const [trigger] = org.systemQuery(
    'SELECT Name, TableEnumOrId, Status, UsageBeforeInsert, UsageAfterUpdate, UsageAfterInsert FROM ApexTrigger'
  );
  assert.equal(trigger.get('Name'), 'WidgetTrigger');
  // A custom object's trigger names the object by its CustomObject id, as EntityDefinition.DurableId does.
  assert.equal(trigger.get('TableEnumOrId'), org.durableId('Widget__c'));
  assert.match(String(trigger.get('TableEnumOrId')), /^01I\w{15}$/);
  assert.equal(org.durableId('Account'), 'Account', 'a standard object is keyed by its name');
  assert.equal(trigger.get('Status'), 'Active');
  assert.equal(trigger.get('UsageBeforeInsert'), true);
  assert.equal(trigger.get('UsageAfterUpdate'), true);
  assert.equal(trigger.get('UsageAfterInsert'), false);
  assert.equal(org.systemQuery('SELECT Id FROM FlowDefinitionView').length, 0);
});

function insertUser(
  org: Awaited<ReturnType<typeof open>>['org'],
  profile: string,
  userName: string
): string {
  const profileId = org
    .systemQuery('SELECT Id, Name FROM Profile')
    .find((r) => r.get('Name') === profile)!.id!;
  return org.execute((tx) => {
    const user = org.store.newRecord('User', {
      LastName: 'Tester',
      Username: userName,
      Alias: 'tester',
      Email: userName,
      ProfileId: profileId,
      TimeZoneSidKey: 'Europe/London',
      LocaleSidKey: 'en_GB',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US'
    });
    const [result] = org.store.dml('insert', [user], {
      allOrNone: true,
      accessLevel: 'system',
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
    return result.id!;
  });
}

test('a Standard User reads standard objects but a custom object only through a permission set', async () => {
  const { org } = await open();
  const userId = insertUser(org, 'Standard User', 'std@example.com');
  const before = org.userContext(userId);
  assert.equal(before.modifyAllData, false);
  assert.equal(before.timeZoneSidKey, 'Europe/London');
  assert.equal(before.canReadObject('Account'), true);
  assert.equal(before.canCreateObject('Contact'), true);
  assert.equal(before.canReadObject('Widget__c'), false);
  assert.equal(before.canReadField('Widget__c', 'Size__c'), false);
  assert.equal(before.hasCustomPermission('Can_Widget'), false);

  const psId = org
    .systemQuery('SELECT Id, Name FROM PermissionSet')
    .find((r) => r.get('Name') === 'Widget_Access')!.id!;
  org.execute((tx) => {
    const psa = org.store.newRecord('PermissionSetAssignment', {
      AssigneeId: userId,
      PermissionSetId: psId
    });
    org.store.dml('insert', [psa], {
      allOrNone: true,
      accessLevel: 'system',
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
  });
  const after = org.userContext(userId);
  assert.equal(after.canReadObject('Widget__c'), true);
  assert.equal(after.canCreateObject('Widget__c'), true);
  assert.equal(after.canDeleteObject('Widget__c'), false);
  assert.equal(after.canReadField('Widget__c', 'Size__c'), true);
  assert.equal(
    after.canEditField('Widget__c', 'size__c'),
    true,
    'field names are case-insensitive'
  );
  assert.equal(
    after.canReadField('Widget__c', 'Secret__c'),
    false,
    'a custom field without field permission is hidden'
  );
  assert.equal(after.canReadField('Widget__c', 'Name'), true, 'standard fields follow the object');
  assert.equal(after.hasCustomPermission('can_widget'), true);
});

test('Minimum Access reads no CRM object; the System Administrator reads and edits every field', async () => {
  const { org } = await open();
  const minimal = org.userContext(
    insertUser(org, 'Minimum Access - Salesforce', 'min@example.com')
  );
  assert.equal(minimal.canReadObject('Account'), false);
  assert.equal(minimal.canReadObject('User'), true);
  const admin = org.userContext(org.runningUserId);
  assert.equal(admin.canEditField('Widget__c', 'Secret__c'), true);
  assert.equal(
    admin.hasCustomPermission('Can_Widget'),
    false,
    'custom permissions come only from permission sets'
  );
});

test('System.runAs switches the user and restores it, even when the body throws', async () => {
  const { org } = await open();
  const userId = insertUser(org, 'Standard User', 'runas@example.com');
  const tx = org.transaction({ isTest: true });
  assert.equal(tx.user.userId, org.runningUserId);
  tx.runAs(userId, () => assert.equal(tx.user.userId, userId));
  assert.throws(() =>
    tx.runAs(userId, () => {
      throw new Error('inside');
    })
  );
  assert.equal(tx.user.userId, org.runningUserId);
});

test('the local org persists between opens and reset forgets it', async () => {
  const work = mkdtempSync(join(tmpdir(), 'emu-org-'));
  const project = join(work, 'project');
  cpSync(FIXTURE_PROJECT, project, { recursive: true });
  try {
    const first = await open('.localorg', project);
    first.org.execute((tx) => {
      const w = first.org.store.newRecord('Widget__c', { Name: 'kept' });
      first.org.store.dml('insert', [w], {
        allOrNone: true,
        accessLevel: 'system',
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now()
      });
    });
    first.save();
    assert.ok(existsSync(join(project, '.localorg', 'store.json')));
    const second = await open('.localorg', project);
    assert.deepEqual(
      second.org.systemQuery('SELECT Name FROM Widget__c').map((r) => r.get('Name')),
      ['kept']
    );
    assert.equal(second.org.runningUserId, first.org.runningUserId);
    assert.ok(second.org.apexClassId('WidgetService'), 'ApexClass ids are found again');
    // Classes added to or removed from the project since the save show in ApexClass.
    second.save();
    writeFileSync(
      join(project, 'force-app/main/default/classes/Added.cls'),
      'public class Added {}'
    );
    rmSync(join(project, 'force-app/main/default/classes/WidgetService.cls'));
    const changed = await open('.localorg', project);
    const status = Object.fromEntries(
      changed.org
        .systemQuery('SELECT Name, Status FROM ApexClass')
        .map((r) => [r.get('Name'), r.get('Status')])
    );
    assert.equal(status.Added, 'Active');
    assert.equal(status.WidgetService, 'Deleted');
    assert.ok(changed.org.apexClassId('Added'));
    resetLocalOrg(project);
    assert.equal(existsSync(join(project, '.localorg')), false);
    const third = await open('.localorg', project);
    assert.equal(third.org.systemQuery('SELECT Name FROM Widget__c').length, 0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
