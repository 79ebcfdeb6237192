/**
 * `npm run bench:emulator`: the emulator's speed on this machine.
 *
 *   1. The package's Apex test suite (this repository), wall time from loading to report.
 *   2. A batch over 100,000 records (query, transform, update) in chunks of 200 and of 2,000,
 *      in records per second: BenchTransformBatch in emulator/bench/fixture.
 *
 * Goals (issue 3): the suite under 30 s, 100,000 records through a batch under 20 s.
 * Options: --records N (default 100000), --skip-suite, --json.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { openOrg } from '../src/org/local-org.js';
import { runTests } from '../src/runner/test-runner.js';
import { Decimal } from '../src/values.js';

const FIXTURE = resolve('emulator/bench/fixture');
const SUITE_GOAL_S = 30;
const BATCH_GOAL_S = 20;

interface Args {
  records: number;
  skipSuite: boolean;
  json: boolean;
}

function parse(argv: string[]): Args {
  const args: Args = { records: 100_000, skipSuite: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--records') args.records = Number(argv[++i]);
    else if (argv[i] === '--skip-suite') args.skipSuite = true;
    else if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--help') {
      process.stdout.write(
        'Usage: npm run bench:emulator [-- --records N] [--skip-suite] [--json]\n'
      );
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(args.records) || args.records < 1)
    throw new Error('--records must be a positive integer');
  return args;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** CPU seconds of this process (user + system): unlike wall time, not inflated by a busy machine. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function suite(): Promise<{
  seconds: number;
  cpuSeconds: number;
  passed: number;
  failed: number;
}> {
  log('suite: loading this repository and running its Apex tests…');
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const opened = await openOrg({ projectDir: '.', persistDir: null });
  const report = runTests(opened);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  log(
    `suite: ${report.passed} passed, ${report.failed} failed in ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (goal < ${SUITE_GOAL_S} s)`
  );
  return { seconds, cpuSeconds: cpu, passed: report.passed, failed: report.failed };
}

async function batch(
  records: number,
  scope: number
): Promise<{
  scope: number;
  seconds: number;
  cpuSeconds: number;
  recordsPerSecond: number;
  chunks: number;
}> {
  const opened = await openOrg({ projectDir: FIXTURE, persistDir: null });
  if (opened.diagnostics.length > 0)
    throw new Error(
      `bench fixture: ${opened.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('; ')}`
    );
  const { org } = opened;
  const insertStart = performance.now();
  for (let start = 0; start < records; start += 10_000) {
    const n = Math.min(10_000, records - start);
    org.execute((tx) => {
      const rows = Array.from({ length: n }, (_, i) =>
        org.store.newRecord('Bench_Record__c', {
          Name: `R${start + i}`,
          Value__c: new Decimal(start + i),
          Phone__c: `(415) 555-${String((start + i) % 10_000).padStart(4, '0')}`
        })
      );
      org.store.dml('insert', rows, {
        allOrNone: true,
        accessLevel: 'system',
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now()
      });
    });
  }
  log(
    `batch ${scope}: ${records} records inserted in ${((performance.now() - insertStart) / 1000).toFixed(2)} s`
  );
  let chunks = 0;
  org.async.progress = (line) => {
    if (/: chunk \d+\//.test(line)) chunks++;
  };
  const t0 = performance.now();
  const c0 = cpuSeconds();
  org.execute((tx) =>
    org.runtime.runAnonymous(`Database.executeBatch(new BenchTransformBatch(), ${scope});`, tx)
  );
  org.drainAsync();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  const job = org.systemQuery(
    'SELECT Status, NumberOfErrors, JobItemsProcessed, ExtendedStatus FROM AsyncApexJob'
  )[0];
  if (job.get('Status') !== 'Completed' || Number(job.get('NumberOfErrors')) !== 0) {
    throw new Error(
      `batch ${scope}: job ${job.get('Status')}, ${job.get('NumberOfErrors')} errors: ${job.get('ExtendedStatus')}`
    );
  }
  const processed = org.systemQuery(
    'SELECT Id FROM Bench_Record__c WHERE Processed__c = true'
  ).length;
  if (processed !== records)
    throw new Error(`batch ${scope}: ${processed} of ${records} records processed`);
  const recordsPerSecond = Math.round(records / seconds);
  log(
    `batch ${scope}: ${records} records in ${chunks} chunks, ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${recordsPerSecond} records/s (goal < ${BATCH_GOAL_S} s)`
  );
  return { scope, seconds, cpuSeconds: cpu, recordsPerSecond, chunks };
}

async function mainBench(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const result = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    suite: args.skipSuite ? null : await suite(),
    batches: [await batch(args.records, 200), await batch(args.records, 2000)]
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write('\nEmulator benchmark\n');
    if (result.suite)
      process.stdout.write(
        `  Apex test suite: ${result.suite.seconds.toFixed(2)} s wall, ${result.suite.cpuSeconds.toFixed(2)} s CPU (${result.suite.passed} passed, ${result.suite.failed} failed; goal < ${SUITE_GOAL_S} s)\n`
      );
    for (const b of result.batches) {
      process.stdout.write(
        `  batch of ${args.records} records, scope ${b.scope}: ${b.seconds.toFixed(2)} s wall, ${b.cpuSeconds.toFixed(2)} s CPU, ${b.recordsPerSecond} records/s (goal < ${BATCH_GOAL_S} s)\n`
      );
    }
  }
  return 0;
}

mainBench().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
);
