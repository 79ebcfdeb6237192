import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BulkJobReport, FieldFacts, OrgClient, Row } from '../lib/org-client.js';
import { formatChecks, runPreflight } from '../lib/preflight-checks.js';

/** An org client answering the preflight's queries from canned rows. */
function fakeOrg(
  answers: { pattern: RegExp; rows: Row[] | Error }[],
  indexed = true,
  isLocal = false
): OrgClient {
  const answer = async (soql: string): Promise<Row[]> => {
    const hit = answers.find((candidate) => candidate.pattern.test(soql));
    if (!hit) return [];
    if (hit.rows instanceof Error) throw hit.rows;
    return hit.rows;
  };
  return {
    description: 'fake org',
    isLocal,
    query: answer,
    toolingQuery: answer,
    importTreePlan: async () => {},
    bulkInsert: async (): Promise<BulkJobReport> => {
      throw new Error('not used');
    },
    runApex: async () => ({ success: true, message: '' }),
    describeFields: async (object: string): Promise<FieldFacts[]> => [
      { name: 'Unformatted_Phone__c', externalId: indexed, unique: false },
      { name: 'Sender_Key__c', externalId: true, unique: false },
      { name: 'Conversation_Key__c', externalId: true, unique: true },
      { name: `${object}Name`, externalId: false, unique: false }
    ],
    userId: async () => '005000000000001'
  };
}

const CLEAN = [
  {
    pattern: /FROM EntityDefinition/,
    rows: [{ QualifiedApiName: 'SMSMagic__c', DurableId: '01I000000000001' }]
  },
  { pattern: /FROM PermissionSetAssignment/, rows: [{ PermissionSetId: '0PS1' }] },
  {
    pattern: /FROM PermissionSet WHERE Id IN \('0PS1'\)/,
    rows: [{ Id: '0PS1', Name: 'Converse_Admin' }]
  }
];

test('a clean org passes every check', async () => {
  const checks = await runPreflight(fakeOrg(CLEAN), { ownTriggers: [] });
  assert.ok(
    checks.every((check) => check.result === 'pass'),
    formatChecks(checks)
  );
  assert.match(formatChecks(checks), /12 of 12 passed, 0 failed, 0 not checked/);
});

test('active validation rules, workflow rules, flows and foreign triggers fail with their names and what to do', async () => {
  const org = fakeOrg([
    ...CLEAN,
    {
      pattern: /FROM ValidationRule/,
      rows: [
        { ValidationName: 'Phone_Required', EntityDefinition: { QualifiedApiName: 'SMSMagic__c' } },
        { ValidationName: 'Other', EntityDefinition: { QualifiedApiName: 'Account' } }
      ]
    },
    {
      pattern: /SELECT Id, Name, TableEnumOrId FROM WorkflowRule/,
      rows: [{ Id: '01Q1', Name: 'Notify', TableEnumOrId: '01I000000000001' }]
    },
    { pattern: /SELECT Metadata FROM WorkflowRule/, rows: [{ Metadata: { active: true } }] },
    {
      pattern: /FROM FlowDefinitionView/,
      rows: [
        {
          ApiName: 'SMS_After_Save',
          ProcessType: 'AutoLaunchedFlow',
          TriggerType: 'RecordAfterSave',
          TriggerObjectOrEventId: '01I000000000001'
        }
      ]
    },
    {
      pattern: /FROM ApexTrigger/,
      rows: [
        { Name: 'LegacySmsTrigger', TableEnumOrId: '01I000000000001' },
        { Name: 'OwnTrigger', TableEnumOrId: 'SMSMagic__c' }
      ]
    }
  ]);
  const checks = await runPreflight(org, { ownTriggers: ['OwnTrigger'] });
  const byName = new Map(checks.map((check) => [check.name, check]));
  assert.equal(byName.get('no active validation rules')?.result, 'fail');
  assert.equal(byName.get('no active validation rules')?.details, 'SMSMagic__c.Phone_Required');
  assert.equal(byName.get('no active workflow rules')?.details, 'SMSMagic__c.Notify');
  assert.match(
    byName.get('no active flows or processes')?.details ?? '',
    /SMS_After_Save \(RecordAfterSave on SMSMagic__c\)/
  );
  assert.equal(
    byName.get('no active triggers besides the package')?.details,
    'LegacySmsTrigger on SMSMagic__c'
  );
  const table = formatChecks(checks);
  assert.match(table, /what to do: deactivate these rules while the migration runs/);
  assert.match(table, /4 failed/);
});

test('a missing index, a missing permission set and an unreadable setup object are reported, not hidden', async () => {
  const org = fakeOrg(
    [
      { pattern: /FROM PermissionSetAssignment/, rows: [{ PermissionSetId: '0PS2' }] },
      { pattern: /FROM PermissionSet WHERE Id IN/, rows: [{ Id: '0PS2', Name: 'Converse_Agent' }] },
      {
        pattern: /FROM ValidationRule/,
        rows: new Error("sObject type 'ValidationRule' is not supported")
      }
    ],
    false
  );
  const checks = await runPreflight(org);
  const byName = new Map(checks.map((check) => [check.name, check]));
  assert.equal(byName.get('index on SMSMagic__c.Unformatted_Phone__c')?.result, 'fail');
  assert.match(
    byName.get('index on SMSMagic__c.Unformatted_Phone__c')?.action ?? '',
    /External ID/
  );
  assert.equal(byName.get('running user has Converse_Admin')?.result, 'fail');
  assert.equal(byName.get('running user has Converse_Admin')?.details, 'assigned: Converse_Agent');
  assert.equal(byName.get('no active validation rules')?.result, 'skip');
  assert.match(
    byName.get('no active validation rules')?.details ?? '',
    /could not check: sObject type 'ValidationRule' is not supported/
  );
  assert.match(formatChecks(checks), /1 not checked/);
});

test('on the local org, setup objects it does not have are a plain SKIP, not the raw exception', async () => {
  const unsupported = (name: string): Error =>
    new Error(
      `System.QueryException: sObject type '${name}' is not supported. Please reference your WSDL or the describe call for the appropriate names.`
    );
  const answers = [
    ...CLEAN,
    { pattern: /FROM ValidationRule/, rows: unsupported('ValidationRule') },
    { pattern: /FROM WorkflowRule/, rows: unsupported('WorkflowRule') },
    { pattern: /FROM Flow/, rows: new Error('System.LimitException: boom') }
  ];
  const local = await runPreflight(fakeOrg(answers, true, true), { ownTriggers: [] });
  const byName = new Map(local.map((check) => [check.name, check]));
  for (const name of ['no active validation rules', 'no active workflow rules']) {
    assert.equal(byName.get(name)?.result, 'skip');
    assert.equal(
      byName.get(name)?.details,
      'not available in the local org (check against a real org with --target-org)'
    );
  }
  // any other error is still shown as it is
  assert.match(
    byName.get('no active flows or processes')?.details ?? '',
    /could not check: System.LimitException: boom/
  );
  const table = formatChecks(local);
  assert.doesNotMatch(table, /WSDL/);
  // a real org's unsupported object keeps the raw text (it means something is wrong there)
  const real = await runPreflight(fakeOrg(answers), { ownTriggers: [] });
  assert.match(
    real.find((check) => check.name === 'no active workflow rules')?.details ?? '',
    /could not check: .*WSDL/
  );
});
