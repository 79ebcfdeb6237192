/**
 * npm run deploy -- --org ALIAS | --scratch [--devhub ALIAS]: scratch org (or a given org) →
 * deploy force-app → permission sets → optional seed → the Data Migration page.
 * --dry-run prints the commands without running them.
 */
import { spawn } from 'node:child_process';
import { helpText, parseOptions, runMain, CommandError, type OptionSpec } from './lib/cli.js';
import {
  buildDeployPlan,
  commandText,
  executePlan,
  type CommandRunner
} from './lib/deploy-plan.js';
import { SF_ENV } from './lib/sf.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'org',
    type: 'string',
    description: 'deploy to this existing org (alias the sf CLI knows)'
  },
  {
    name: 'scratch',
    type: 'boolean',
    description: 'create a scratch org from config/project-scratch-def.json'
  },
  {
    name: 'devhub',
    type: 'string',
    description: 'Dev Hub for --scratch (default: the sf CLI default Dev Hub)'
  },
  {
    name: 'alias',
    type: 'string',
    description: 'alias of the new scratch org (default: converse-scratch)'
  },
  { name: 'days', type: 'number', description: 'scratch org duration in days (default: 7)' },
  { name: 'seed', type: 'number', description: 'seed this many legacy messages after the deploy' },
  {
    name: 'no-open',
    type: 'boolean',
    description: 'do not open the Data Migration page at the end'
  },
  { name: 'dry-run', type: 'boolean', description: 'print the commands, run nothing' }
];

/** Spawns a command with the sf environment, capturing its output. */
export const spawnCommand: CommandRunner = (command) =>
  new Promise((resolve, reject) => {
    const [program, ...args] = command as [string, ...string[]];
    const child = spawn(program, args, {
      env: { ...process.env, ...SF_ENV },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (program === 'npm') process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (program === 'npm') process.stderr.write(chunk);
    });
    child.on('error', (error) =>
      reject(
        new CommandError(
          `cannot run ${program}: ${error.message}`,
          `install ${program} or put it on PATH`
        )
      )
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText(
        'deploy',
        'Deploys Converse to a scratch org or a given org, assigns the permission sets, optionally seeds legacy data, and opens the Data Migration page.',
        OPTIONS,
        [
          'npm run deploy -- --scratch --devhub my-hub --seed 5000',
          'npm run deploy -- --org my-sandbox --no-open',
          'npm run deploy -- --scratch --dry-run'
        ]
      ) + '\n'
    );
    return 0;
  }
  const plan = buildDeployPlan({
    org: options.org as string | undefined,
    scratch: options.scratch === true,
    devhub: options.devhub as string | undefined,
    alias: options.alias as string | undefined,
    days: options.days as number | undefined,
    seed: options.seed as number | undefined,
    noOpen: options['no-open'] === true
  });
  if (options['dry-run']) {
    process.stdout.write('deploy plan (dry run, nothing runs):\n');
    plan.forEach((step, index) =>
      process.stdout.write(`  ${index + 1}. ${step.title}\n     ${commandText(step.command)}\n`)
    );
    return 0;
  }
  await executePlan(plan, spawnCommand, (line) => process.stdout.write(line + '\n'));
  process.stdout.write('deploy finished\n');
  return 0;
}

if (process.argv[1] && /deploy\.ts$/.test(process.argv[1])) runMain(main);
