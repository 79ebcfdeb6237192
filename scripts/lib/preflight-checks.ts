import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgClient, Row } from './org-client.js';

/**
 * The preflight of SPEC §3 for what Apex cannot see: active validation rules, workflow
 * rules, flows and processes, and triggers on the message objects; the field indexes the
 * migration's selective queries need; the running user's permission sets.
 */
export type CheckResult = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  readonly name: string;
  readonly result: CheckResult;
  readonly details: string;
  /** What to do when it does not pass. */
  readonly action: string;
}

export const MESSAGE_OBJECTS = [
  'SMSMagic__c',
  'Incoming_SMS__c',
  'Conversation__c',
  'SMS_SenderId__c'
];

/** Fields the migration filters or upserts on: they must be indexed (external id or unique). */
export const INDEXED_FIELDS: readonly [string, string][] = [
  ['SMSMagic__c', 'Unformatted_Phone__c'],
  ['SMSMagic__c', 'Sender_Key__c'],
  ['Incoming_SMS__c', 'Unformatted_Phone__c'],
  ['Incoming_SMS__c', 'Sender_Key__c'],
  ['SMS_SenderId__c', 'Sender_Key__c'],
  ['Conversation__c', 'Conversation_Key__c']
];

export const ADMIN_PERMISSION_SET = 'Converse_Admin';

export interface PreflightOptions {
  /** Package namespace of the objects (none in a scratch org). */
  readonly namespace?: string;
  /** Trigger names the package ships (they stay out of the migration's way). */
  readonly ownTriggers?: readonly string[];
}

/** The package's own trigger names, from force-app/main/default/triggers. */
export function packageTriggers(projectDir: string): string[] {
  const dir = join(projectDir, 'force-app/main/default/triggers');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.trigger'))
    .map((name) => name.replace(/\.trigger$/, ''));
}

function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "\\'")}'`).join(', ');
}

function text(row: Row, path: string): string {
  let value: unknown = row;
  for (const part of path.split('.')) {
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value === null || value === undefined ? '' : String(value);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runPreflight(
  client: OrgClient,
  options: PreflightOptions = {}
): Promise<Check[]> {
  const ns = options.namespace ? `${options.namespace}__` : '';
  const objects = MESSAGE_OBJECTS.map((name) => ns + name);
  const checks: Check[] = [];
  const guarded = (
    name: string,
    where: string,
    body: () => Promise<{ result: CheckResult; details: string; action?: string }>
  ): Promise<Check> => guardedCheck(client.isLocal, name, where, body);

  // object name ↔ durable id (custom objects appear by id in TableEnumOrId and flow triggers)
  const objectById = new Map<string, string>();
  const missing: string[] = [];
  for (const object of objects) {
    try {
      await client.describeFields(object);
    } catch (error) {
      missing.push(`${object} (${errorText(error)})`);
    }
  }
  checks.push(
    missing.length === 0
      ? {
          name: 'message objects deployed',
          result: 'pass',
          details: objects.join(', '),
          action: ''
        }
      : {
          name: 'message objects deployed',
          result: 'fail',
          details: `missing: ${missing.join('; ')}`,
          action: 'deploy the package first (npm run deploy -- --org ALIAS)'
        }
  );
  try {
    const rows = await client.toolingQuery(
      `SELECT QualifiedApiName, DurableId FROM EntityDefinition WHERE QualifiedApiName IN (${quoteList(objects)})`
    );
    for (const row of rows) objectById.set(text(row, 'DurableId'), text(row, 'QualifiedApiName'));
  } catch {
    // without durable ids, triggers and flows are matched by object name only
  }
  const objectOf = (tableEnumOrId: string): string | null => {
    if (objects.includes(tableEnumOrId)) return tableEnumOrId;
    return objectById.get(tableEnumOrId) ?? objectById.get(tableEnumOrId.slice(0, 15)) ?? null;
  };

  checks.push(
    await guarded(
      'no active validation rules',
      'Setup > Object Manager > <object> > Validation Rules',
      async () => {
        const rows = await client.toolingQuery(
          'SELECT Id, ValidationName, Active, EntityDefinition.QualifiedApiName FROM ValidationRule WHERE Active = true'
        );
        const hits = rows.filter((row) =>
          objects.includes(text(row, 'EntityDefinition.QualifiedApiName'))
        );
        return hits.length === 0
          ? { result: 'pass', details: 'none active on the message objects' }
          : {
              result: 'fail',
              details: hits
                .map(
                  (row) =>
                    `${text(row, 'EntityDefinition.QualifiedApiName')}.${text(row, 'ValidationName')}`
                )
                .join(', '),
              action:
                'deactivate these rules while the migration runs (Setup > Object Manager > <object> > Validation Rules), reactivate after'
            };
      }
    )
  );

  checks.push(
    await guarded('no active workflow rules', 'Setup > Workflow Rules', async () => {
      const rows = await client.toolingQuery('SELECT Id, Name, TableEnumOrId FROM WorkflowRule');
      const onObjects = rows.filter((row) => objectOf(text(row, 'TableEnumOrId')) !== null);
      const active: string[] = [];
      for (const row of onObjects) {
        // Active is only in the rule's Metadata, which the Tooling API returns one rule at a time
        const detail = await client.toolingQuery(
          `SELECT Metadata FROM WorkflowRule WHERE Id = '${text(row, 'Id')}'`
        );
        if (text(detail[0] ?? {}, 'Metadata.active') === 'true')
          active.push(`${objectOf(text(row, 'TableEnumOrId'))}.${text(row, 'Name')}`);
      }
      return active.length === 0
        ? {
            result: 'pass',
            details: `none active (${onObjects.length} inactive on the message objects)`
          }
        : {
            result: 'fail',
            details: active.join(', '),
            action:
              'deactivate these workflow rules while the migration runs (Setup > Workflow Rules)'
          };
    })
  );

  checks.push(
    await guarded('no active flows or processes', 'Setup > Flows', async () => {
      const rows = await client.query(
        'SELECT ApiName, Label, ProcessType, TriggerType, TriggerObjectOrEventId, TriggerObjectOrEventLabel FROM FlowDefinitionView WHERE IsActive = true'
      );
      const onObjects = rows.filter(
        (row) => objectOf(text(row, 'TriggerObjectOrEventId')) !== null
      );
      const processes = rows.filter((row) => text(row, 'ProcessType') === 'Workflow');
      if (onObjects.length > 0) {
        return {
          result: 'fail',
          details: onObjects
            .map(
              (row) =>
                `${text(row, 'ApiName')} (${text(row, 'TriggerType') || text(row, 'ProcessType')} on ${objectOf(text(row, 'TriggerObjectOrEventId'))})`
            )
            .join(', '),
          action:
            'deactivate these record-triggered flows while the migration runs (Setup > Flows), reactivate after'
        };
      }
      if (processes.length > 0) {
        return {
          result: 'warn',
          details: `active Process Builder processes (their object is not visible through the API): ${processes.map((row) => text(row, 'ApiName')).join(', ')}`,
          action:
            'open each process in Setup > Process Builder and deactivate those on the message objects'
        };
      }
      return {
        result: 'pass',
        details: `none on the message objects (${rows.length} active flows elsewhere)`
      };
    })
  );

  checks.push(
    await guarded('no active triggers besides the package', 'Setup > Apex Triggers', async () => {
      const rows = await client.toolingQuery(
        "SELECT Name, TableEnumOrId, Status, NamespacePrefix FROM ApexTrigger WHERE Status = 'Active'"
      );
      const own = new Set(options.ownTriggers ?? []);
      const foreign = rows.filter(
        (row) => objectOf(text(row, 'TableEnumOrId')) !== null && !own.has(text(row, 'Name'))
      );
      return foreign.length === 0
        ? { result: 'pass', details: 'none besides the package’s own' }
        : {
            result: 'fail',
            details: foreign
              .map((row) => `${text(row, 'Name')} on ${objectOf(text(row, 'TableEnumOrId'))}`)
              .join(', '),
            action:
              'deactivate these triggers while the migration runs (deploy them with <status>Inactive</status>; production needs a deployment)'
          };
    })
  );

  for (const [object, field] of INDEXED_FIELDS) {
    checks.push(
      await guarded(`index on ${object}.${field}`, 'the object manager', async () => {
        const fields = await client.describeFields(ns + object);
        const found = fields.find(
          (candidate) => candidate.name.toLowerCase() === (ns + field).toLowerCase()
        );
        if (!found)
          return {
            result: 'fail',
            details: 'field missing',
            action: 'deploy the current package version'
          };
        return found.externalId || found.unique
          ? {
              result: 'pass',
              details: found.externalId ? 'external id (indexed)' : 'unique (indexed)'
            }
          : {
              result: 'fail',
              details: 'neither external id nor unique: no custom index',
              action: `mark ${field} as External ID, or ask Salesforce Support for a custom index, before migrating millions of messages`
            };
      })
    );
  }

  checks.push(
    await guarded(`running user has ${ADMIN_PERMISSION_SET}`, 'Setup > Users', async () => {
      const userId = await client.userId();
      // two flat queries: the local org's rows carry no parent relationships
      const assignments = await client.query(
        `SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`
      );
      const ids = assignments.map((row) => text(row, 'PermissionSetId')).filter((id) => id !== '');
      const sets =
        ids.length === 0
          ? []
          : await client.query(
              `SELECT Id, Name FROM PermissionSet WHERE Id IN (${quoteList(ids)})`
            );
      const names = sets.map((row) => text(row, 'Name')).filter((name) => name !== '');
      return names.includes(ns + ADMIN_PERMISSION_SET)
        ? {
            result: 'pass',
            details: `assigned: ${names.filter((name) => name.includes('Converse')).join(', ')}`
          }
        : {
            result: 'fail',
            details: `assigned: ${names.join(', ') || 'none'}`,
            action: `sf org assign permset --name ${ADMIN_PERMISSION_SET} --target-org ALIAS`
          };
    })
  );
  return checks;
}

/** The local org answers only part of the Tooling API: an unknown tooling object is not an error to show raw. */
export const LOCAL_UNAVAILABLE =
  'not available in the local org (check against a real org with --target-org)';

function isUnsupportedObject(error: unknown): boolean {
  return /sObject type '[^']+' is not supported/.test(errorText(error));
}

async function guardedCheck(
  isLocal: boolean,
  name: string,
  where: string,
  body: () => Promise<{ result: CheckResult; details: string; action?: string }>
): Promise<Check> {
  try {
    const outcome = await body();
    return { name, result: outcome.result, details: outcome.details, action: outcome.action ?? '' };
  } catch (error) {
    if (isLocal && isUnsupportedObject(error))
      return { name, result: 'skip', details: LOCAL_UNAVAILABLE, action: '' };
    return {
      name,
      result: 'skip',
      details: `could not check: ${errorText(error)}`,
      action: `check by hand in ${where}`
    };
  }
}

/** The pass/fail table. */
export function formatChecks(checks: readonly Check[]): string {
  const mark: Record<CheckResult, string> = {
    pass: 'PASS',
    fail: 'FAIL',
    warn: 'WARN',
    skip: 'SKIP'
  };
  const width = Math.max(...checks.map((check) => check.name.length), 5);
  const lines = [
    `${'check'.padEnd(width)}  result  details`,
    `${'-'.repeat(width)}  ------  -------`
  ];
  for (const check of checks) {
    lines.push(`${check.name.padEnd(width)}  ${mark[check.result].padEnd(6)}  ${check.details}`);
    if (check.result !== 'pass' && check.action)
      lines.push(`${' '.repeat(width)}          what to do: ${check.action}`);
  }
  const failed = checks.filter((check) => check.result === 'fail').length;
  const skipped = checks.filter((check) => check.result === 'skip').length;
  lines.push(
    '',
    `${checks.length - failed - skipped} of ${checks.length} passed, ${failed} failed, ${skipped} not checked`
  );
  return lines.join('\n');
}
