/**
 * npm start: the whole migration on
 * the emulator's local org, with no org at all. Reset → seed legacy messages → settings and
 * permission set → preflight → the nine steps in order, each with its report → verify.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CommandError,
  Progress,
  helpText,
  parseOptions,
  runMain,
  type OptionSpec
} from './lib/cli.js';
import type { MessageMode } from './lib/org-settings.js';
import { EmulatorOrgClient, DEFAULT_PERSIST_DIR } from './lib/org-client.js';
import { formatChecks, packageTriggers, runPreflight } from './lib/preflight-checks.js';
import { writeSeedFiles } from './lib/seed-run.js';
import {
  fetchSnapshot,
  formatVerify,
  verifySnapshot,
  type VerifyCheck
} from './lib/verify-checks.js';
import type { ExpectedFile } from './lib/expected.js';
import { readFileSync } from 'node:fs';

/** The checklist order: 5 before 4 (4 needs the sender keys of 3 and 5). */
export const STEP_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const OPTIONS: OptionSpec[] = [
  { name: 'messages', type: 'number', default: 10_000, description: 'legacy messages to seed' },
  { name: 'seed', type: 'string', default: 'converse', description: 'generator seed' },
  {
    name: 'mode',
    type: 'string',
    default: 'two-object',
    choices: ['two-object', 'single-object'],
    description:
      'where legacy incoming messages live: Incoming_SMS__c (two-object) or SMS History with Direction__c = IN (single-object)'
  },
  {
    name: 'local-dir',
    type: 'string',
    default: DEFAULT_PERSIST_DIR,
    description: 'folder of the local org (reset first)'
  },
  {
    name: 'out',
    type: 'string',
    default: 'seed-data',
    description: 'folder for the seed files and expected.json'
  }
];

/** Org-wide settings and the admin permission set for the running user (what an admin does by hand). */
// Use_Single_Message_Object__c is on in both modes: the migration's preflight requires it (in
// single-object mode it is also what makes SMS History rows with Direction__c = IN incoming).
function setupApex(): string {
  return `
insert new Converse_Settings__c(SetupOwnerId = UserInfo.getOrganizationId(), IsDataMigrationAccessible__c = true,
  Use_Single_Message_Object__c = true, Default_Country__c = 'US');
insert new PermissionSetAssignment(AssigneeId = UserInfo.getUserId(),
  PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Converse_Admin'].Id);
`;
}

/** The closing hint: the local CLI's query command, with --org-dir unless the org is in the default folder. */
export function queryHint(localDir: string): string {
  const orgDir =
    resolve(localDir) === resolve(DEFAULT_PERSIST_DIR)
      ? ''
      : ` --org-dir ${shellWord(resolve(localDir))}`;
  return `npm run local -- query "SELECT Conversation_Key__c, Message_Count__c, IsUnread__c FROM Conversation__c LIMIT 10"${orgDir}`;
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface LocalRunOptions {
  readonly messages: number;
  readonly seed: string;
  readonly mode?: MessageMode;
  readonly localDir: string;
  readonly outDir: string;
  readonly say: (line: string) => void;
  /** Called with a step's processed and selected record counts. */
  readonly progress?: (step: number, processed: number, selected: number, started: number) => void;
}

/** The whole local run; returns verify's checks. Throws CommandError at the first failure. */
export async function runLocalMigration(options: LocalRunOptions): Promise<VerifyCheck[]> {
  const { say, localDir } = options;
  const mode = options.mode ?? 'two-object';
  const outDir = resolve(options.outDir);

  say(`1. reset the local org in ${localDir}`);
  rmSync(resolve(localDir), { recursive: true, force: true });
  const client = await EmulatorOrgClient.open(process.cwd(), localDir);

  say(`2. seed ${options.messages.toLocaleString('en-US')} legacy messages (${mode})`);
  const seeded = await writeSeedFiles({
    messages: options.messages,
    seed: options.seed,
    mode,
    incomingShare: 0.3,
    defaultCountry: 'US',
    outDir,
    format: 'tree'
  });
  await client.importTreePlan(seeded.planPath as string);
  say(
    `   ${Object.entries(seeded.summary.records)
      .map(([object, count]) => `${object} ${count}`)
      .join(', ')}`
  );

  say(
    '3. settings (Use_Single_Message_Object__c on, IsDataMigrationAccessible__c) and the Converse_Admin permission set'
  );
  const setup = await client.runApex(setupApex());
  if (!setup.success) throw new CommandError(`setting up the local org failed: ${setup.message}`);

  say('4. preflight');
  const checks = await runPreflight(client, { ownTriggers: packageTriggers(process.cwd()) });
  say(formatChecks(checks));
  if (checks.some((check) => check.result === 'fail')) {
    throw new CommandError('the preflight failed', 'see the table above');
  }

  say('5. the migration');
  for (const step of STEP_ORDER) {
    const stepStarted = Date.now();
    // the emulator runs the job (and its batches) inside runApex: the bar shows the step
    // run's counts once the call returns
    const result = await client.runApex(`ConverseMigration.run(${step});`);
    if (!result.success) {
      throw new CommandError(
        `step ${step} failed: ${result.message}`,
        'see the Apex error above; the local org is kept for inspection'
      );
    }
    const runs = await client.query(
      `SELECT Status__c, Selected__c, Succeeded__c, Failed__c, Skipped__c, Duplicates__c, Message__c FROM Migration_Step_Run__c WHERE Step__c = ${step} ORDER BY CreatedDate DESC LIMIT 1`
    );
    const run = runs[0] ?? {};
    const count = (field: string): number => Number(run[field] ?? 0);
    const selected = count('Selected__c');
    const processed = count('Succeeded__c') + count('Failed__c') + count('Skipped__c');
    options.progress?.(step, processed, selected, stepStarted);
    say(
      `   step ${step}: ${run.Status__c ?? 'no step run'} — selected ${selected}, succeeded ${count('Succeeded__c')}, failed ${count('Failed__c')}, skipped ${count('Skipped__c')}, duplicates ${count('Duplicates__c')} (${((Date.now() - stepStarted) / 1000).toFixed(1)}s)`
    );
    if (run.Status__c !== 'Completed' && run.Status__c !== 'Completed With Errors') {
      throw new CommandError(
        `step ${step} ended ${String(run.Status__c ?? 'without a step run')}: ${String(run.Message__c ?? '')}`
      );
    }
  }

  say('6. verify');
  const expected = JSON.parse(readFileSync(seeded.expectedPath, 'utf8')) as ExpectedFile;
  const verified = verifySnapshot(await fetchSnapshot(client), expected);
  say(formatVerify(verified));
  return verified;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText(
        'start',
        'Runs the whole migration on the local org (no Salesforce org needed).',
        OPTIONS
      ) + '\n'
    );
    return 0;
  }
  const started = Date.now();
  const localDir = options['local-dir'] as string;
  const verified = await runLocalMigration({
    messages: options.messages as number,
    seed: options.seed as string,
    mode: options.mode as MessageMode,
    localDir,
    outDir: options.out as string,
    say: (line) => process.stdout.write(line + '\n'),
    progress: (step, processed, selected, stepStarted) =>
      new Progress(`   step ${step}`, selected, process.stdout, stepStarted).update(processed)
  });
  process.stdout.write(
    `\ndone in ${((Date.now() - started) / 1000).toFixed(0)}s. The local org lives in ${resolve(localDir)}; query it with:\n` +
      `  ${queryHint(localDir)}\n`
  );
  return verified.every((check) => check.passed) ? 0 : 1;
}

if (process.argv[1] && /start\.ts$/.test(process.argv[1])) runMain(main);
