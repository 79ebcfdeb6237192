/**
 * npm run bench:seed [-- --messages N]: rows per second and peak memory of the seed
 * generator writing N messages (default 1,000,000) to CSV, with expected.json.
 * Goals (issue 6): over 200,000 rows/s and under 300 MB peak RSS.
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { helpText, parseOptions, runMain, type OptionSpec } from '../lib/cli.js';
import { defaultExpectedWriter, writeSeedFiles } from '../lib/seed-run.js';

const OPTIONS: OptionSpec[] = [
  { name: 'messages', type: 'number', default: 1_000_000, description: 'messages to generate' },
  { name: 'keep', type: 'boolean', description: 'keep the output folder and print its path' },
  {
    name: 'expected-writer',
    type: 'string',
    choices: ['worker', 'thread'],
    description: 'where expected.json is written (default: as npm run seed does)'
  }
];
const GOAL_ROWS_PER_SECOND = 200_000;
const GOAL_PEAK_MB = 300;

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, OPTIONS);
  if (options.help) {
    process.stdout.write(
      helpText('bench:seed', 'Benchmarks the seed generator (CSV output).', OPTIONS) + '\n'
    );
    return 0;
  }
  const messages = options.messages as number;
  const expectedWriter =
    (options['expected-writer'] as 'worker' | 'thread' | undefined) ??
    defaultExpectedWriter({ format: 'csv', messages });
  const outDir = mkdtempSync(join(tmpdir(), 'converse-seed-bench-'));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let result;
  try {
    result = await writeSeedFiles({
      messages,
      seed: 'bench',
      mode: 'two-object',
      incomingShare: 0.3,
      defaultCountry: 'US',
      outDir,
      format: 'csv',
      expectedWriter
    });
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const rows = result.csvFiles.reduce((sum, file) => sum + file.rows, 0);
  const bytes = readdirSync(outDir).reduce(
    (sum, name) => sum + statSync(join(outDir, name)).size,
    0
  );
  const messagesPerSecond = messages / seconds;
  const rowsPerSecond = rows / seconds;
  const peakMb = peakRss / (1024 * 1024);
  process.stdout.write(
    [
      `seed bench: ${messages.toLocaleString('en-US')} messages (${rows.toLocaleString('en-US')} CSV rows, ${(bytes / 1048576).toFixed(0)} MB incl. expected.json) in ${seconds.toFixed(2)}s`,
      `  messages/s: ${Math.round(messagesPerSecond).toLocaleString('en-US')}   rows/s: ${Math.round(rowsPerSecond).toLocaleString('en-US')} (goal > ${GOAL_ROWS_PER_SECOND.toLocaleString('en-US')})`,
      `  CPU time:   ${cpuSeconds.toFixed(2)}s → ${Math.round(messages / cpuSeconds).toLocaleString('en-US')} messages per CPU-second (wall time depends on the machine's load: ${loadavg()[0]?.toFixed(1)} now)`,
      `  peak RSS:   ${peakMb.toFixed(0)} MB (goal < ${GOAL_PEAK_MB} MB)`,
      `  expected.json written ${expectedWriter === 'worker' ? 'by a worker thread' : 'in the generating thread'}`
    ].join('\n') + '\n'
  );
  if (options.keep) process.stdout.write(`  output kept in ${outDir}\n`);
  else rmSync(outDir, { recursive: true, force: true });
  const ok = rowsPerSecond > GOAL_ROWS_PER_SECOND && peakMb < GOAL_PEAK_MB;
  process.stdout.write(ok ? '  goals met\n' : '  GOAL MISSED\n');
  return ok ? 0 : 1;
}

runMain(main);
