/**
 * npm run preflight -- --target-org ALIAS | --local: what Apex cannot see before a migration
 * (validation rules, workflow rules, flows, triggers, field indexes, permission sets), as a
 * pass/fail table with what to do. Exit 1 when a check fails.
 */
import { helpText, parseOptions, runMain, type OptionSpec } from './lib/cli.js';
import { openOrg } from './lib/org-client.js';
import { formatChecks, packageTriggers, runPreflight } from './lib/preflight-checks.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'target-org',
    type: 'string',
    description: 'the org to check (an alias the sf CLI knows)'
  },
  { name: 'local', type: 'boolean', description: "check the emulator's local org" },
  {
    name: 'local-dir',
    type: 'string',
    default: '.localorg',
    description: 'folder of the local org (with --local)'
  },
  {
    name: 'namespace',
    type: 'string',
    description: 'package namespace of the objects, when installed from a package'
  }
];

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText(
        'preflight',
        'Checks an org for what blocks the migration and Apex cannot see (Tooling API).',
        OPTIONS,
        ['npm run preflight -- --target-org my-sandbox', 'npm run preflight -- --local']
      ) + '\n'
    );
    return 0;
  }
  const client = await openOrg({
    targetOrg: options['target-org'] as string | undefined,
    local: options.local === true,
    localDir: options['local-dir'] as string
  });
  process.stdout.write(`preflight of ${client.description}\n\n`);
  const checks = await runPreflight(client, {
    namespace: options.namespace as string | undefined,
    ownTriggers: packageTriggers(process.cwd())
  });
  process.stdout.write(formatChecks(checks) + '\n');
  return checks.some((check) => check.result === 'fail') ? 1 : 0;
}

runMain(main);
