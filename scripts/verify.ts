/**
 * npm run verify -- --target-org ALIAS | --local [--expected FILE]: compares the org after
 * the migration with expected.json and with invariants that need no expectation; prints a
 * table of checks and the first differences; exit 1 on any difference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CommandError, helpText, parseOptions, runMain, type OptionSpec } from './lib/cli.js';
import type { ExpectedFile } from './lib/expected.js';
import { openOrg } from './lib/org-client.js';
import { fetchSnapshot, formatVerify, verifySnapshot } from './lib/verify-checks.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'target-org',
    type: 'string',
    description: 'the migrated org (an alias the sf CLI knows)'
  },
  { name: 'local', type: 'boolean', description: "the emulator's local org" },
  {
    name: 'local-dir',
    type: 'string',
    default: '.localorg',
    description: 'folder of the local org (with --local)'
  },
  {
    name: 'expected',
    type: 'string',
    default: 'seed-data/expected.json',
    description: 'expected.json written by npm run seed'
  },
  {
    name: 'no-expected',
    type: 'boolean',
    description: 'check only the invariants (an org not seeded by npm run seed)'
  },
  {
    name: 'all-incoming-unread',
    type: 'boolean',
    description: 'the org runs with Mark_All_Migrated_Incoming_Unread__c (the seed behaviour)'
  }
];

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText(
        'verify',
        'Checks a migrated org against expected.json and the migration invariants.',
        OPTIONS,
        [
          'npm run verify -- --local',
          'npm run verify -- --target-org my-scratch --expected seed-data/expected.json'
        ]
      ) + '\n'
    );
    return 0;
  }
  let expected: ExpectedFile | null = null;
  if (!options['no-expected']) {
    const path = options.expected as string;
    if (!existsSync(path)) {
      throw new CommandError(
        `no expected result at ${path}`,
        'run npm run seed first, pass --expected FILE, or --no-expected for the invariants only'
      );
    }
    expected = JSON.parse(readFileSync(path, 'utf8')) as ExpectedFile;
  }
  const client = await openOrg({
    targetOrg: options['target-org'] as string | undefined,
    local: options.local === true,
    localDir: options['local-dir'] as string
  });
  process.stdout.write(
    `verify ${client.description}${expected ? ` against ${options.expected}` : ' (invariants only)'}\n`
  );
  const snapshot = await fetchSnapshot(client, (line) => process.stdout.write(line + '\n'));
  const checks = verifySnapshot(snapshot, expected, {
    allIncomingUnread: options['all-incoming-unread'] === true
  });
  process.stdout.write('\n' + formatVerify(checks) + '\n');
  return checks.every((check) => check.passed) ? 0 : 1;
}

runMain(main);
