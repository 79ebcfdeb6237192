/**
 * `npm test`: every offline check of the project, in order, one line per stage and a total.
 *
 *   npm test                      all stages
 *   npm test -- --only <stage>    one stage (repeatable): prettier, eslint, apex, pmd, metadata,
 *                                 lwc, scripts-tests, emulator-tests, apex-tests
 *   npm test -- --fix             let Prettier and ESLint rewrite what they can, then check
 *   npm test -- --root <dir>      check another SFDX project folder (the checker tests use it)
 *
 * Exit status: 1 when a stage failed, else 0. The last line is `N passed, N failed, N skipped`
 * (skipped counts the stages that were not run and those with nothing to check).
 */
import path from 'node:path';
import { runApexLs } from './apex-ls-check.js';
import { lint } from './eslint-check.js';
import { errorsIn, formatFinding, type Finding, type StageOutcome } from './lib.js';
import { checkMetadata } from './metadata-check.js';
import { runPmd } from './pmd-check.js';
import { checkFormatting } from './prettier-check.js';
import { loadSchema } from './schema.js';
import { checkSoql } from './soql-check.js';
import { planTestSuites, runTestSuite } from './test-runs.js';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Stage {
  id: string;
  title: string;
  run: () => Promise<StageOutcome>;
}

export interface Options {
  only: string[];
  fix: boolean;
  help: boolean;
  root: string;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { only: [], fix: false, help: false, root: ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--fix') options.fix = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--only') {
      const value = argv[++i];
      if (!value) throw new Error('--only needs a stage name');
      options.only.push(...value.split(','));
    } else if (arg.startsWith('--only=')) options.only.push(...arg.slice(7).split(','));
    else if (arg === '--root') {
      const value = argv[++i];
      if (!value) throw new Error('--root needs a folder');
      options.root = path.resolve(value);
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  return options;
}

export function stagesFor(root: string, options: Pick<Options, 'fix'>): Stage[] {
  const stages: Stage[] = [
    {
      id: 'prettier',
      title: 'Prettier',
      run: async () => ({ findings: await checkFormatting(root, { fix: options.fix }) })
    },
    {
      id: 'eslint',
      title: 'ESLint',
      run: async () => ({ findings: await lint(root, { fix: options.fix }) })
    },
    {
      id: 'apex',
      title: 'Apex (apex-ls + SOQL)',
      run: async () => {
        const apexLs = runApexLs(root); // the JVM works while this process checks the SOQL
        const soql = checkSoql(root, loadSchema(root));
        const findings: Finding[] = [...(await apexLs), ...soql.findings];
        return { findings, summary: `${soql.checked} queries checked` };
      }
    },
    { id: 'pmd', title: 'PMD', run: async () => ({ findings: await runPmd(root) }) },
    { id: 'metadata', title: 'Metadata', run: async () => ({ findings: checkMetadata(root) }) }
  ];
  for (const suite of planTestSuites(root)) {
    stages.push({ id: suite.id, title: suite.title, run: () => runTestSuite(root, suite) });
  }
  return stages;
}

type Status = 'PASS' | 'FAIL' | 'NOT RUN' | 'SKIPPED';

export interface StageReport {
  stage: Stage;
  status: Status;
  errors: number;
  warnings: number;
  notes: number;
  seconds: number;
  reason?: string;
  summary?: string;
}

function statusOf(outcome: StageOutcome): Status {
  if (outcome.notRun) return 'NOT RUN';
  if (errorsIn(outcome.findings).length > 0) return 'FAIL';
  if (outcome.skipped) return 'SKIPPED';
  return 'PASS';
}

export async function runStage(
  stage: Stage,
  print: (line: string) => void = console.log
): Promise<StageReport> {
  const started = Date.now();
  let outcome: StageOutcome;
  try {
    outcome = await stage.run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    outcome = {
      findings: [
        { file: '.', line: 0, message: `the stage crashed: ${message}`, severity: 'error' }
      ]
    };
  }
  const seconds = (Date.now() - started) / 1000;
  const sorted = [...outcome.findings].sort(
    (a, b) => severityRank(a) - severityRank(b) || a.file.localeCompare(b.file) || a.line - b.line
  );
  if (outcome.output) print(outcome.output);
  for (const f of sorted) print(formatFinding(f));
  const count = (s: Finding['severity']) => outcome.findings.filter((f) => f.severity === s).length;
  return {
    stage,
    status: statusOf(outcome),
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    seconds,
    reason: outcome.notRun ?? outcome.skipped,
    summary: outcome.summary
  };
}

function severityRank(f: Finding): number {
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2;
}

export function stageLine(report: StageReport, index: number, total: number): string {
  const counts = `${report.errors} errors, ${report.warnings} warnings, ${report.notes} notes`;
  const extra = [report.reason, report.summary].filter(Boolean).join('; ');
  return [
    `[${index + 1}/${total}]`,
    report.stage.title.padEnd(24),
    report.status.padEnd(8),
    counts.padEnd(36),
    `${report.seconds.toFixed(1)}s`.padStart(7),
    extra ? ` ${extra}` : ''
  ].join(' ');
}

export function totalLine(reports: readonly StageReport[]): string {
  const passed = reports.filter((r) => r.status === 'PASS').length;
  const failed = reports.filter((r) => r.status === 'FAIL').length;
  const skipped = reports.length - passed - failed;
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const all = stagesFor(options.root, options);
  if (options.help) {
    console.log(
      `npm test [-- --only <stage>] [-- --fix] [-- --root <dir>]\nstages: ${all.map((s) => s.id).join(', ')}`
    );
    return 0;
  }
  const unknown = options.only.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length > 0) {
    console.error(
      `unknown stage ${unknown.join(', ')}; stages: ${all.map((s) => s.id).join(', ')}`
    );
    return 2;
  }
  const stages = options.only.length > 0 ? all.filter((s) => options.only.includes(s.id)) : all;
  const started = Date.now();
  const reports: StageReport[] = [];
  for (const [index, stage] of stages.entries()) {
    console.log(`\n== ${stage.title}`);
    const report = await runStage(stage);
    reports.push(report);
    console.log(stageLine(report, index, stages.length));
  }
  console.log('\n== Summary');
  reports.forEach((r, i) => console.log(stageLine(r, i, reports.length)));
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(totalLine(reports));
  return reports.some((r) => r.status === 'FAIL') ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    }
  );
}
