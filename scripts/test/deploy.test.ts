import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  buildDeployPlan,
  commandText,
  executePlan,
  type CommandRunner
} from '../lib/deploy-plan.js';
import { CommandError } from '../lib/cli.js';
import { orgAuth, type SfResult } from '../lib/sf.js';

const texts = (options: Parameters<typeof buildDeployPlan>[0]) =>
  buildDeployPlan(options).map((step) => commandText(step.command));

test('plan for --org: check, deploy, permission sets, open', () => {
  assert.deepEqual(texts({ org: 'sbx' }), [
    'sf org display --target-org sbx --json',
    'sf project deploy start --source-dir force-app --target-org sbx --wait 30 --json',
    'sf org assign permset --name Converse_Admin --name Converse_Agent --target-org sbx --json',
    'sf org open --target-org sbx --path /lightning/n/Data_Migration --json'
  ]);
});

test('plan for --org --seed --no-open: the unpackaged seed loader permission set is deployed and assigned before the seed, nothing opens', () => {
  assert.deepEqual(texts({ org: 'sbx', seed: 5000, noOpen: true }).slice(2), [
    'sf org assign permset --name Converse_Admin --name Converse_Agent --target-org sbx --json',
    'sf project deploy start --source-dir unpackaged --target-org sbx --wait 10 --json',
    'sf org assign permset --name Converse_Seed_Loader --target-org sbx --json',
    'npm run seed -- --messages 5000 --target-org sbx'
  ]);
});

test('without --seed, the unpackaged seed loader permission set is neither deployed nor assigned', () => {
  for (const options of [{ org: 'sbx' }, { scratch: true }, { org: 'sbx', noOpen: true }]) {
    const plan = texts(options).join('\n');
    assert.doesNotMatch(plan, /unpackaged|Converse_Seed_Loader/);
  }
});

test('the unpackaged folder holds the seed loader permission set with CreateAuditFields, outside the package', () => {
  const xml = readFileSync(
    'unpackaged/main/default/permissionsets/Converse_Seed_Loader.permissionset-meta.xml',
    'utf8'
  );
  assert.match(xml, /<label>Converse Seed Loader<\/label>/);
  assert.match(
    xml,
    /<userPermissions>\s*<enabled>true<\/enabled>\s*<name>CreateAuditFields<\/name>\s*<\/userPermissions>/
  );
  const project = JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as {
    packageDirectories: { path: string; default?: boolean; package?: string }[];
  };
  const unpackaged = project.packageDirectories.find((dir) => dir.path === 'unpackaged');
  assert.ok(unpackaged, 'sfdx-project.json declares unpackaged');
  assert.equal(unpackaged.default, false);
  assert.equal(unpackaged.package, undefined, 'unpackaged must not be part of a package');
});

test('plan for --scratch: default Dev Hub check, then a scratch org from the definition file', () => {
  const plan = texts({ scratch: true });
  assert.equal(plan[0], 'sf config get target-dev-hub --json');
  assert.equal(
    plan[1],
    'sf org create scratch --definition-file config/project-scratch-def.json --alias converse-scratch --duration-days 7 --wait 15 --json'
  );
  assert.equal(
    plan[2],
    'sf project deploy start --source-dir force-app --target-org converse-scratch --wait 30 --json'
  );
  assert.equal(plan.length, 5);
});

test('plan for --scratch --devhub --alias --days --seed', () => {
  const plan = texts({ scratch: true, devhub: 'hub', alias: 'qa', days: 3, seed: 100 });
  assert.equal(plan[0], 'sf org display --target-org hub --json');
  assert.equal(
    plan[1],
    'sf org create scratch --definition-file config/project-scratch-def.json --alias qa --duration-days 3 --wait 15 --target-dev-hub hub --json'
  );
  assert.equal(
    plan[4],
    'sf project deploy start --source-dir unpackaged --target-org qa --wait 10 --json'
  );
  assert.equal(plan[5], 'sf org assign permset --name Converse_Seed_Loader --target-org qa --json');
  assert.equal(plan[6], 'npm run seed -- --messages 100 --target-org qa');
  assert.equal(plan[7], 'sf org open --target-org qa --path /lightning/n/Data_Migration --json');
});

test('contradictory or incomplete flags are refused with the cause', () => {
  assert.throws(
    () => buildDeployPlan({ org: 'a', scratch: true }),
    /either --org ALIAS or --scratch/
  );
  assert.throws(
    () => buildDeployPlan({}),
    (error: unknown) =>
      error instanceof CommandError &&
      /no target/.test(error.message) &&
      /--scratch/.test(error.hint ?? '')
  );
  assert.throws(() => buildDeployPlan({ org: 'a', devhub: 'h' }), /--devhub goes with --scratch/);
  assert.throws(
    () => buildDeployPlan({ scratch: true, days: 31 }),
    /--days must be a whole number from 1 to 30/
  );
  assert.throws(() => buildDeployPlan({ org: 'a', seed: 0 }), /--seed must be a positive number/);
});

function fakeRunner(responses: Record<string, SfResult>): { run: CommandRunner; calls: string[] } {
  const calls: string[] = [];
  const run: CommandRunner = async (command) => {
    const text = commandText(command);
    calls.push(text);
    const hit = Object.entries(responses).find(([prefix]) => text.startsWith(prefix));
    return hit ? hit[1] : { code: 0, stdout: '{"status":0,"result":{}}', stderr: '' };
  };
  return { run, calls };
}

test('unknown org alias: stops at the first step with the sf message and the login hint', async () => {
  const { run, calls } = fakeRunner({
    'sf org display': {
      code: 1,
      stdout: JSON.stringify({
        status: 1,
        name: 'NamedOrgNotFoundError',
        message: 'No authorization information found for nope.'
      }),
      stderr: ''
    }
  });
  const log: string[] = [];
  await assert.rejects(
    executePlan(buildDeployPlan({ org: 'nope' }), run, (line) => log.push(line)),
    (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(
        error.message,
        /step 1 \(check the org nope\) failed: NamedOrgNotFoundError: No authorization information found for nope\./
      );
      assert.match(error.hint ?? '', /sf org login web --alias nope/);
      return true;
    }
  );
  assert.equal(calls.length, 1, 'nothing runs after the failure');
  assert.match(log[0] ?? '', /^\[1\/4\] check the org nope: sf org display/);
});

test('missing Dev Hub: an empty target-dev-hub is a failure with what to do', async () => {
  const { run, calls } = fakeRunner({
    'sf config get target-dev-hub': {
      code: 0,
      stdout: JSON.stringify({ status: 0, result: [{ name: 'target-dev-hub', success: true }] }),
      stderr: ''
    }
  });
  await assert.rejects(
    executePlan(buildDeployPlan({ scratch: true }), run, () => {}),
    (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(error.message, /no default Dev Hub is set/);
      assert.match(error.hint ?? '', /--set-default-dev-hub/);
      return true;
    }
  );
  assert.deepEqual(calls, ['sf config get target-dev-hub --json']);
});

test('a failing deploy shows the sf error and the hint, and the later steps do not run', async () => {
  const { run, calls } = fakeRunner({
    'sf project deploy start': {
      code: 1,
      stdout: JSON.stringify({
        status: 1,
        name: 'DeployFailed',
        message: 'Deploy failed. Conversation__c.Sender__c: invalid reference'
      }),
      stderr: ''
    }
  });
  await assert.rejects(
    executePlan(buildDeployPlan({ org: 'sbx', seed: 10 }), run, () => {}),
    /step 2 \(deploy force-app\) failed: DeployFailed: Deploy failed\. Conversation__c\.Sender__c: invalid reference/
  );
  assert.equal(calls.length, 2);
});

test('the whole plan runs in order when every command succeeds', async () => {
  const { run, calls } = fakeRunner({
    'sf config get target-dev-hub': {
      code: 0,
      stdout: JSON.stringify({ status: 0, result: [{ name: 'target-dev-hub', value: 'hub' }] }),
      stderr: ''
    }
  });
  await executePlan(buildDeployPlan({ scratch: true, seed: 50 }), run, () => {});
  assert.deepEqual(
    calls.map((call) => call.split(' --')[0]),
    [
      'sf config get target-dev-hub',
      'sf org create scratch',
      'sf project deploy start',
      'sf org assign permset',
      'sf project deploy start',
      'sf org assign permset',
      'npm run seed',
      'sf org open'
    ]
  );
});

test('orgAuth with a fake sf on PATH: unknown alias gives the message and the login hint', async () => {
  const bin = mkdtempSync(join(tmpdir(), 'fake-sf-'));
  const fake = join(bin, 'sf');
  writeFileSync(
    fake,
    '#!/bin/sh\necho \'{"status":1,"name":"NamedOrgNotFoundError","message":"No authorization information found for ghost."}\'\nexit 1\n'
  );
  chmodSync(fake, 0o755);
  const previous = process.env.PATH;
  process.env.PATH = `${bin}:${previous}`;
  try {
    await assert.rejects(orgAuth('ghost'), (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(
        error.message,
        /the sf CLI has no usable org "ghost": NamedOrgNotFoundError: No authorization information found for ghost\./
      );
      assert.match(error.hint ?? '', /sf org login web --alias ghost/);
      return true;
    });
  } finally {
    process.env.PATH = previous;
  }
});

test('npm run deploy --dry-run prints the commands and exits 0; a bad flag exits 1 with the cause', () => {
  const dry = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/deploy.ts', '--org', 'x', '--dry-run'],
    { encoding: 'utf8' }
  );
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /sf project deploy start --source-dir force-app --target-org x/);
  const bad = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/deploy.ts', '--org', 'x', '--scratch'],
    { encoding: 'utf8' }
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /error: give either --org ALIAS or --scratch, not both/);
});
