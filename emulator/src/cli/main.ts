/**
 * The emulator CLI: `npm run local -- <command>` and `npm run test:apex`.
 * Every command takes --project DIR (default: the current directory) and --help.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProject, type EmulatorProject } from '../index.js';
import { formatApexError } from '../org/org.js';
import { DEFAULT_PERSIST_DIR, resetLocalOrg } from '../org/local-org.js';
import { describeImportError } from '../org/tree.js';
import { formatReport, parseTestFilters, runTests } from '../runner/test-runner.js';
import { openOrg, type PartsFactory } from '../org/local-org.js';
import { allowOnly, flag, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { formatQueryResult } from './output.js';

/** The conformance suite: emulator/test/apex/** loaded through a fixture project that names it. */
export const CONFORMANCE_PROJECT = 'emulator/test/fixtures/runner-conformance';

const HELP: Record<string, string> = {
  main: `Usage: npm run local -- <command> [options]     (npm run test:apex runs "test")

An offline org for this SFDX project: runs its Apex, SOQL and Apex tests.

Commands:
  test                       run the project's Apex tests (coverage, "N passed, N failed")
  apex <file.apex>           run anonymous Apex against the local org, then its async work
  query "<SOQL>" [--json]    query the local org
  import <plan.json>         load an "sf data tree" plan into the local org
  export --query "<SOQL>" --out DIR   write records as an "sf data tree" plan
  reset                      forget the local org (the next command starts a new one)

Every command takes --project DIR (default: the current directory) and --help.
The local org lives in DIR/${DEFAULT_PERSIST_DIR}/ (git-ignored); --org-dir changes it.`,
  test: `Usage: npm run test:apex [-- options]
       npm run local -- test [options]

Runs every @IsTest class of the project: each test method in a fresh org (the data of the
class's @TestSetup methods, nothing else), as a System Administrator, and prints failures
with the Apex stack, line coverage per class and in total, and "N passed, N failed".
Exits 1 on a failure, a parse error, or total coverage under 75% (when there is non-test code
and the whole suite ran: no --class).

Options:
  --class Name[.method]    only these tests (repeat or separate with commas)
  --conformance            run the emulator's conformance suite (emulator/test/apex) through
                           ${CONFORMANCE_PROJECT} instead of the project
  --no-coverage-gate       do not fail on coverage under 75%
  --cpu-scale N            multiply the CPU-time limit by N (the interpreter is slower than
                           the platform; default 1; 0 disables the CPU limit)
  --project DIR            the SFDX project (default: current directory)`,
  apex: `Usage: npm run local -- apex <file.apex> [--project DIR]

Executes the file as anonymous Apex in one transaction as the local org's System
Administrator, printing System.debug lines. When it succeeds the transaction commits and the
async work it queued (batches, queueables, platform-event triggers) runs to completion with
progress lines. An uncaught exception prints the Apex stack, rolls back, and exits 1.`,
  query: `Usage: npm run local -- query "<SOQL>" [--json] [--project DIR]

Runs the query against the local org and prints a table (or the records as JSON with --json).`,
  import: `Usage: npm run local -- import <plan.json> [--project DIR]

Loads an "sf data tree import --plan" plan: [{"sobject", "saveRefs", "resolveRefs", "files"}],
files holding {"records": [{"attributes": {"type", "referenceId"}, fields…, lookups as "@refId"}]}.
Triggers fire; audit fields (CreatedDate…) are accepted as with "Set Audit Fields upon Record
Creation". Async work the triggers queue runs afterwards.`,
  export: `Usage: npm run local -- export --query "<SOQL>" --out DIR [--prefix P] [--project DIR]

Writes the query's records (and the records of its child subqueries) as an "sf data tree"
plan: DIR/<Object>s.json files and DIR/<Object>-plan.json, with reference ids.`,
  reset: `Usage: npm run local -- reset [--project DIR]

Deletes the local org folder (DIR/${DEFAULT_PERSIST_DIR}); the next command starts from a new org.`
};

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`)
};

function projectDir(args: ParsedArgs): string {
  return resolve(flag(args, 'project') ?? process.cwd());
}

function cpuScale(args: ParsedArgs): number {
  const raw = flag(args, 'cpu-scale');
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--cpu-scale must be a number >= 0, not ${raw}`);
  return n === 0 ? Infinity : n;
}

async function openLocal(args: ParsedArgs, io: Io): Promise<EmulatorProject> {
  const local = await loadProject(projectDir(args), {
    persistDir: flag(args, 'org-dir') ?? DEFAULT_PERSIST_DIR,
    parts: deps.parts,
    cpuScale: cpuScale(args)
  });
  for (const w of local.org.warnings) io.err(`warning: ${w}`);
  return local;
}

function reportDiagnostics(local: EmulatorProject, io: Io): boolean {
  for (const d of local.diagnostics) io.err(`error: ${d.file}:${d.line}:${d.column} ${d.message}`);
  return local.diagnostics.length > 0;
}

/** Replaceable parts, for the CLI's own tests. */
export interface CliDeps {
  readonly parts?: PartsFactory;
}

let deps: CliDeps = {};

export async function main(
  argv: readonly string[],
  io: Io = stdio,
  dependencies: CliDeps = {}
): Promise<number> {
  deps = dependencies;
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    return 2;
  }
  const command = args.command;
  if (command === null || command === 'help') {
    io.out(HELP.main);
    return command === null && !args.switches.has('help') ? 2 : 0;
  }
  if (!(command in HELP) || command === 'main') {
    io.err(`error: unknown command '${command}'\n\n${HELP.main}`);
    return 2;
  }
  if (args.switches.has('help')) {
    io.out(HELP[command]);
    return 0;
  }
  try {
    switch (command) {
      case 'test':
        return await testCommand(args, io);
      case 'apex':
        return await apexCommand(args, io);
      case 'query':
        return await queryCommand(args, io);
      case 'import':
        return await importCommand(args, io);
      case 'export':
        return await exportCommand(args, io);
      case 'reset':
        return resetCommand(args, io);
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`error: ${formatApexError(error)}`);
    if (process.env.EMULATOR_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

async function testCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, 'test', ['class', 'conformance', 'no-coverage-gate', 'cpu-scale']);
  if (args.positionals.length > 0)
    throw new UsageError(`test: unexpected argument ${args.positionals[0]} (use --class Name)`);
  const conformance = args.switches.has('conformance');
  const dir =
    conformance && !args.flags.has('project') ? resolve(CONFORMANCE_PROJECT) : projectDir(args);
  const opened = await openOrg({
    projectDir: dir,
    persistDir: null,
    cpuScale: cpuScale(args),
    parts: deps.parts
  });
  for (const w of opened.org.warnings) io.err(`warning: ${w}`);
  const filters = parseTestFilters(args.flags.get('class') ?? []);
  io.out(`Apex tests of ${opened.project.dir}${conformance ? ' (conformance suite)' : ''}`);
  const report = runTests(opened, {
    filters,
    onResult: (r) =>
      io.out(
        `  ${r.outcome === 'Pass' ? 'PASS' : 'FAIL'}  ${r.className}.${r.methodName}  (${Math.round(r.durationMs)} ms)`
      )
  });
  const { text, exitCode } = formatReport(report, {
    // Coverage of a subset of the tests says little: the gate applies to a whole-suite run.
    coverageGate: !conformance && filters.length === 0 && !args.switches.has('no-coverage-gate')
  });
  io.out(text);
  return exitCode;
}

async function apexCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, 'apex', ['org-dir', 'cpu-scale']);
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1)
    throw new UsageError('apex: give one file of anonymous Apex (apex --help)');
  const path = resolve(process.cwd(), file);
  if (!existsSync(path)) throw new UsageError(`apex: ${file} does not exist`);
  const source = readFileSync(path, 'utf8');
  const local = await openLocal(args, io);
  if (reportDiagnostics(local, io)) return 1;
  local.org.debugListener = (d) => io.out(`${d.file}:${d.line} ${d.level}|${d.message}`);
  try {
    local.runApex(source);
  } catch (error) {
    io.err(formatApexError(error));
    io.err('Rolled back: nothing was saved.');
    return 1;
  }
  local.save();
  io.out('Executed; the transaction committed.');
  const ran = local.drainAsync((line) => io.out(`async: ${line}`));
  if (ran > 0) {
    local.save();
    io.out(`async: ${ran} unit(s) of work done.`);
  }
  return 0;
}

async function queryCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, 'query', ['json', 'org-dir']);
  const soql = args.positionals[0];
  if (!soql || args.positionals.length > 1)
    throw new UsageError('query: give the SOQL as one quoted argument (query --help)');
  const local = await openLocal(args, io);
  const result = local.query(soql);
  io.out(formatQueryResult(soql, result, args.switches.has('json')));
  return 0;
}

async function importCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, 'import', ['org-dir']);
  const plan = args.positionals[0];
  if (!plan || args.positionals.length > 1)
    throw new UsageError('import: give one plan file (import --help)');
  const local = await openLocal(args, io);
  try {
    const result = local.import(resolve(process.cwd(), plan), (line) => io.out(line));
    local.save();
    io.out(
      `Imported ${result.inserted} record(s): ${[...result.byObject].map(([o, n]) => `${o} ${n}`).join(', ')}`
    );
  } catch (error) {
    // Chunks that were inserted before the failure stay, as with sf data tree import.
    local.save();
    io.err(`import failed: ${describeImportError(error)}`);
    return 1;
  }
  const ran = local.drainAsync((line) => io.out(`async: ${line}`));
  if (ran > 0) local.save();
  return 0;
}

async function exportCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, 'export', ['query', 'out', 'prefix', 'org-dir']);
  const soql = flag(args, 'query');
  const out = flag(args, 'out');
  if (!soql || !out)
    throw new UsageError('export: --query "<SOQL>" and --out DIR are required (export --help)');
  const local = await openLocal(args, io);
  const result = local.export(soql, resolve(process.cwd(), out), flag(args, 'prefix'));
  io.out(
    `Exported ${result.records} record(s) to ${result.files.join(', ')}; plan ${result.planPath}`
  );
  return 0;
}

function resetCommand(args: ParsedArgs, io: Io): number {
  allowOnly(args, 'reset', ['org-dir']);
  const dir = resetLocalOrg(projectDir(args), flag(args, 'org-dir') ?? DEFAULT_PERSIST_DIR);
  io.out(`Removed ${dir}; the next command starts from a new org.`);
  return 0;
}

const invokedDirectly = process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`error: ${formatApexError(error)}\n`);
      process.exit(1);
    }
  );
}
