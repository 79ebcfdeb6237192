/**
 * npm run seed -- [options]: generates legacy Interact 1.48 data (SPEC §2 before the
 * migration) and the expected post-migration result, and optionally loads it into an org
 * (Bulk API 2.0 or a tree import) or into the emulator's local org.
 */
import { applyMessageMode, type MessageMode } from './lib/org-settings.js';
import { resolve } from 'node:path';
import {
  CommandError,
  Progress,
  helpText,
  parseOptions,
  runMain,
  type OptionSpec
} from './lib/cli.js';
import { bulkLoad } from './lib/bulk-load.js';
import { openOrg } from './lib/org-client.js';
import { writeSeedFiles } from './lib/seed-run.js';

/** Up to this many messages, `--format auto` writes a tree plan; above it, CSV for the Bulk API. */
export const TREE_THRESHOLD = 10_000;

const OPTIONS: OptionSpec[] = [
  {
    name: 'messages',
    type: 'number',
    default: 1000,
    description: 'number of legacy messages (hundreds to millions)'
  },
  {
    name: 'seed',
    type: 'string',
    default: 'converse',
    description: 'generator seed: same seed, same bytes'
  },
  {
    name: 'mode',
    type: 'string',
    default: 'two-object',
    choices: ['two-object', 'single-object'],
    description: 'where legacy incoming messages live: Incoming_SMS__c (two-object) or SMS History'
  },
  {
    name: 'incoming-share',
    type: 'number',
    default: 0.3,
    description: 'share of incoming messages on two-way sender ids (0..1)'
  },
  {
    name: 'default-country',
    type: 'string',
    default: 'US',
    choices: ['US', 'GB'],
    description: 'country whose national phone formats are typed'
  },
  {
    name: 'out',
    type: 'string',
    default: 'seed-data',
    description: 'output folder (plan/CSV files and expected.json)'
  },
  {
    name: 'format',
    type: 'string',
    default: 'auto',
    choices: ['auto', 'tree', 'csv'],
    description: `auto: tree plan up to ${TREE_THRESHOLD.toLocaleString('en-US')} messages (and always for --local), CSV above`
  },
  {
    name: 'target-org',
    type: 'string',
    description: 'load into this org (an alias the sf CLI knows)'
  },
  { name: 'local', type: 'boolean', description: "load into the emulator's local org" },
  {
    name: 'local-dir',
    type: 'string',
    default: '.localorg',
    description: 'folder of the local org (with --local)'
  }
];

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText(
        'seed',
        'Generates legacy 1.48 SMS data and expected.json (what the migration must produce).',
        OPTIONS,
        [
          'npm run seed -- --messages 5000 --out seed-data',
          'npm run seed -- --messages 1000000 --seed s1 --target-org my-scratch',
          'npm run seed -- --messages 10000 --local'
        ]
      ) + '\n'
    );
    return 0;
  }
  const messages = options.messages as number;
  if (!Number.isInteger(messages) || messages < 1)
    throw new CommandError(`--messages must be a positive integer, got ${messages}`);
  const local = options.local === true;
  const targetOrg = options['target-org'] as string | undefined;
  if (local && targetOrg)
    throw new CommandError('give either --target-org ALIAS or --local, not both');
  let format = options.format as 'auto' | 'tree' | 'csv';
  if (format === 'auto') format = local || messages <= TREE_THRESHOLD ? 'tree' : 'csv';
  if (local && format === 'csv')
    throw new CommandError(
      'the local org loads tree plans only',
      'drop --format csv or use --format tree'
    );
  const outDir = resolve(options.out as string);

  // connect first so a wrong alias fails before minutes of generation
  const client =
    local || targetOrg
      ? await openOrg({ targetOrg, local, localDir: options['local-dir'] as string })
      : null;

  process.stdout.write(
    `seed: ${messages.toLocaleString('en-US')} messages, seed "${options.seed}", ${options.mode}, ${format} → ${outDir}\n`
  );
  const progress = new Progress('generate', messages);
  const started = Date.now();
  const result = await writeSeedFiles(
    {
      messages,
      seed: options.seed as string,
      mode: options.mode as 'two-object' | 'single-object',
      incomingShare: options['incoming-share'] as number,
      defaultCountry: options['default-country'] as string,
      outDir,
      format
    },
    (done) => progress.update(done)
  );
  const seconds = (Date.now() - started) / 1000;
  const summary = result.summary;
  process.stdout.write(
    `generated in ${seconds.toFixed(1)}s: ${Object.entries(summary.records)
      .map(([object, count]) => `${object} ${count}`)
      .join(', ')}\n` +
      `expected: ${summary.outgoing} outgoing, ${summary.incoming} incoming, ${summary.conversations} conversations, ${summary.errors} records for the error list → ${result.expectedPath}\n`
  );
  if (result.planPath) process.stdout.write(`tree plan: ${result.planPath}\n`);
  for (const file of result.csvFiles)
    process.stdout.write(`csv: ${file.path} (${file.rows} rows)\n`);

  if (!client) return 0;
  if (await applyMessageMode(client, options.mode as MessageMode)) {
    process.stdout.write(
      `single-object: Converse_Settings__c.Use_Single_Message_Object__c turned on in ${client.description}\n`
    );
  }
  process.stdout.write(`loading into ${client.description}\n`);
  if (result.planPath) {
    await client.importTreePlan(result.planPath);
    process.stdout.write('tree import done\n');
    return 0;
  }
  const reports = await bulkLoad(client, outDir, result.csvFiles);
  const failed = reports.reduce((sum, report) => sum + report.failed, 0);
  for (const report of reports) {
    process.stdout.write(
      `  ${report.object}: ${report.rows - report.failed}/${report.rows} loaded (jobs ${report.jobs.join(', ')})\n`
    );
  }
  if (failed > 0) {
    throw new CommandError(
      `${failed} rows failed to load (see the *.failed.csv files in ${outDir})`,
      'a CreatedDate error means the user lacks "Set Audit Fields upon Record Creation": enable it (config/project-scratch-def.json does for scratch orgs) and assign it through a permission set'
    );
  }
  return 0;
}

runMain(main);
