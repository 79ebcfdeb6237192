import { CommandError } from './cli.js';
import { sfErrorMessage, type SfResult } from './sf.js';

/** Options of `npm run deploy`. */
export interface DeployOptions {
  /** Use this existing org. */
  readonly org?: string;
  /** Create a scratch org. */
  readonly scratch?: boolean;
  /** Dev Hub for the scratch org (default: the sf CLI's target-dev-hub). */
  readonly devhub?: string;
  /** Alias of the new scratch org. */
  readonly alias?: string;
  /** Days the scratch org lives. */
  readonly days?: number;
  /** Seed this many legacy messages after the deploy. */
  readonly seed?: number;
  /** Skip opening the Data Migration page. */
  readonly noOpen?: boolean;
}

export interface PlanStep {
  readonly title: string;
  /** Program and arguments. */
  readonly command: readonly string[];
  /** What to do when this step fails. */
  readonly hint: string;
}

export const SCRATCH_DEF = 'config/project-scratch-def.json';
export const DEFAULT_SCRATCH_ALIAS = 'converse-scratch';
export const PERMISSION_SETS = ['Converse_Admin', 'Converse_Agent'];
/**
 * Unpackaged permission set (unpackaged/main/default/permissionsets) with the
 * CreateAuditFields user permission: the seed loads legacy rows with their CreatedDate.
 */
export const SEED_LOADER_PERMISSION_SET = 'Converse_Seed_Loader';
export const UNPACKAGED_DIR = 'unpackaged';
/** The Data Migration app page (force-app/main/default/tabs/Data_Migration.tab-meta.xml). */
export const MIGRATION_PAGE_PATH = '/lightning/n/Data_Migration';

export function validateDeployOptions(options: DeployOptions): void {
  if (options.org && options.scratch) {
    throw new CommandError('give either --org ALIAS or --scratch, not both');
  }
  if (!options.org && !options.scratch) {
    throw new CommandError(
      'no target',
      'add --org ALIAS (an org the sf CLI knows) or --scratch [--devhub ALIAS]'
    );
  }
  if (options.devhub && !options.scratch) throw new CommandError('--devhub goes with --scratch');
  if (options.alias && !options.scratch)
    throw new CommandError('--alias names a new scratch org: it goes with --scratch');
  if (
    options.days !== undefined &&
    (!Number.isInteger(options.days) || options.days < 1 || options.days > 30)
  ) {
    throw new CommandError(`--days must be a whole number from 1 to 30, got ${options.days}`);
  }
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 1)) {
    throw new CommandError(`--seed must be a positive number of messages, got ${options.seed}`);
  }
}

/** The commands `npm run deploy` runs, in order. Pure: the tests check it for every flag combination. */
export function buildDeployPlan(options: DeployOptions): PlanStep[] {
  validateDeployOptions(options);
  const target = options.scratch
    ? (options.alias ?? DEFAULT_SCRATCH_ALIAS)
    : (options.org as string);
  const steps: PlanStep[] = [];
  if (options.scratch) {
    steps.push({
      title: options.devhub ? `check the Dev Hub ${options.devhub}` : 'check the default Dev Hub',
      command: options.devhub
        ? ['sf', 'org', 'display', '--target-org', options.devhub, '--json']
        : ['sf', 'config', 'get', 'target-dev-hub', '--json'],
      hint: 'log in to a Dev Hub: sf org login web --set-default-dev-hub --alias devhub (then --devhub devhub)'
    });
    steps.push({
      title: `create the scratch org ${target}`,
      command: [
        'sf',
        'org',
        'create',
        'scratch',
        '--definition-file',
        SCRATCH_DEF,
        '--alias',
        target,
        '--duration-days',
        String(options.days ?? 7),
        '--wait',
        '15',
        ...(options.devhub ? ['--target-dev-hub', options.devhub] : []),
        '--json'
      ],
      hint: 'check the Dev Hub has scratch org capacity (sf limits api display) and that the definition file is valid'
    });
  } else {
    steps.push({
      title: `check the org ${target}`,
      command: ['sf', 'org', 'display', '--target-org', target, '--json'],
      hint: `log in first: sf org login web --alias ${target} (sf org list shows the orgs the CLI knows)`
    });
  }
  steps.push({
    title: 'deploy force-app',
    command: [
      'sf',
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      target,
      '--wait',
      '30',
      '--json'
    ],
    hint: 'fix the component errors listed above, then run the deploy again'
  });
  steps.push({
    title: `assign the permission sets ${PERMISSION_SETS.join(', ')}`,
    command: [
      'sf',
      'org',
      'assign',
      'permset',
      ...PERMISSION_SETS.flatMap((name) => ['--name', name]),
      '--target-org',
      target,
      '--json'
    ],
    hint: 'the deploy must have created the permission sets; an already assigned one is not an error to fix'
  });
  if (options.seed !== undefined) {
    steps.push({
      title: `deploy ${UNPACKAGED_DIR} (the ${SEED_LOADER_PERMISSION_SET} permission set)`,
      command: [
        'sf',
        'project',
        'deploy',
        'start',
        '--source-dir',
        UNPACKAGED_DIR,
        '--target-org',
        target,
        '--wait',
        '10',
        '--json'
      ],
      hint: 'the org must allow Set Audit Fields upon Record Creation (Setup > User Interface; scratch orgs get it from the definition file)'
    });
    steps.push({
      title: `assign ${SEED_LOADER_PERMISSION_SET} (CreatedDate of legacy rows)`,
      command: [
        'sf',
        'org',
        'assign',
        'permset',
        '--name',
        SEED_LOADER_PERMISSION_SET,
        '--target-org',
        target,
        '--json'
      ],
      hint: `without it the org rejects the seeded CreatedDate; assign it by hand: sf org assign permset --name ${SEED_LOADER_PERMISSION_SET} --target-org ${target}`
    });
    steps.push({
      title: `seed ${options.seed.toLocaleString('en-US')} legacy messages`,
      command: [
        'npm',
        'run',
        'seed',
        '--',
        '--messages',
        String(options.seed),
        '--target-org',
        target
      ],
      hint: 'see the seed output; rows that failed are in seed-data/*.failed.csv with the API error'
    });
  }
  if (!options.noOpen) {
    steps.push({
      title: 'open the Data Migration page',
      command: [
        'sf',
        'org',
        'open',
        '--target-org',
        target,
        '--path',
        MIGRATION_PAGE_PATH,
        '--json'
      ],
      hint: `open it by hand: sf org open --target-org ${target} --path ${MIGRATION_PAGE_PATH}`
    });
  }
  return steps;
}

/** Shell-quoted text of a command, for --dry-run and the step log. */
export function commandText(command: readonly string[]): string {
  return command
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export type CommandRunner = (command: readonly string[]) => Promise<SfResult>;

/**
 * Runs the plan step by step; stops at the first failure with the command's error and the
 * step's hint. A Dev Hub check that succeeds but names no Dev Hub is a failure too.
 */
export async function executePlan(
  steps: readonly PlanStep[],
  run: CommandRunner,
  log: (line: string) => void
): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PlanStep;
    log(`[${i + 1}/${steps.length}] ${step.title}: ${commandText(step.command)}`);
    const started = Date.now();
    const result = await run(step.command);
    let failure = result.code !== 0 ? sfErrorMessage(result) : null;
    if (failure === null && step.command.join(' ') === 'sf config get target-dev-hub --json') {
      failure = devHubMissing(result.stdout);
    }
    if (failure !== null) {
      throw new CommandError(`step ${i + 1} (${step.title}) failed: ${failure}`, step.hint);
    }
    log(`      done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

function devHubMissing(stdout: string): string | null {
  try {
    const parsed = JSON.parse(stdout) as { result?: { value?: string }[] };
    const value = parsed.result?.[0]?.value;
    return value ? null : 'no default Dev Hub is set';
  } catch {
    return `unexpected output of sf config get: ${stdout.slice(0, 200)}`;
  }
}
