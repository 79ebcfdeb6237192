import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CommandError } from './cli.js';
import { ExpectedWriter } from './expected.js';
import { ExpectedWorkerWriter } from './seed-expected-worker.js';
import { LegacyDataGenerator, type Mode } from './generator.js';
import { CsvSink, TreeSink, objectsFor } from './sinks.js';
import type { ExpectedSummary } from './expected.js';

export interface SeedFilesOptions {
  readonly messages: number;
  readonly seed: string;
  readonly mode: Mode;
  readonly incomingShare: number;
  readonly defaultCountry: string;
  readonly outDir: string;
  readonly format: 'tree' | 'csv';
  /**
   * Where expected.json is written: in a worker thread (both cores busy: the CSV files here,
   * expected.json there) or in this thread. Default: the worker for CSV output from
   * WORKER_FROM messages, where its start-up time pays off.
   */
  readonly expectedWriter?: 'worker' | 'thread';
}

/** From this many messages, CSV runs write expected.json in a worker thread by default. */
export const WORKER_FROM = 50_000;

/** The worker pays off for large CSV runs on a machine with more than one core. */
export function defaultExpectedWriter(
  options: Pick<SeedFilesOptions, 'format' | 'messages'>
): 'worker' | 'thread' {
  return options.format === 'csv' && options.messages >= WORKER_FROM && availableParallelism() > 1
    ? 'worker'
    : 'thread';
}

export interface SeedFilesResult {
  readonly format: 'tree' | 'csv';
  /** plan.json for tree output. */
  readonly planPath: string | null;
  /** per object CSV files, parents first. */
  readonly csvFiles: { object: string; path: string; rows: number }[];
  readonly expectedPath: string;
  readonly summary: ExpectedSummary;
}

/** Files a previous seed run may have left in the output folder (and nothing else). */
const OWN_FILE =
  /^(plan\.json|expected\.json(\.conversations\.tmp)?|(Account|Contact|Lead|SMS_SenderId__c|SMSMagic__c|Incoming_SMS__c)(-\d{4}\.json|\.csv|\.failed\.csv))$/;

/** Generates the legacy data files and expected.json into outDir; deterministic for a seed. */
export async function writeSeedFiles(
  options: SeedFilesOptions,
  onProgress: (messagesDone: number) => void = () => {}
): Promise<SeedFilesResult> {
  mkdirSync(options.outDir, { recursive: true });
  for (const name of readdirSync(options.outDir)) {
    if (OWN_FILE.test(name)) rmSync(join(options.outDir, name));
  }
  const objects = objectsFor(options.mode);
  const expectedPath = join(options.outDir, 'expected.json');
  const inWorker = (options.expectedWriter ?? defaultExpectedWriter(options)) === 'worker';
  const expected = inWorker
    ? new ExpectedWorkerWriter(expectedPath)
    : new ExpectedWriter(expectedPath);
  const generatorOptions = {
    messages: options.messages,
    seed: options.seed,
    mode: options.mode,
    incomingShare: options.incomingShare,
    defaultCountry: options.defaultCountry
  };
  let csv: CsvSink | null = null;
  try {
    if (options.format === 'tree') {
      const sink = new TreeSink(options.outDir, objects);
      const result = await runGenerator(
        new LegacyDataGenerator(generatorOptions, sink, expected, onProgress)
      );
      const planPath = sink.close();
      await expected.close(result.senders, result.errors, result.summary);
      return { format: 'tree', planPath, csvFiles: [], expectedPath, summary: result.summary };
    }
    csv = new CsvSink(options.outDir, objects);
    const result = await runGenerator(
      new LegacyDataGenerator(generatorOptions, csv, expected, onProgress)
    );
    // the CSV files and expected.json finish together (the worker may still be writing)
    await Promise.all([csv.close(), expected.close(result.senders, result.errors, result.summary)]);
    return {
      format: 'csv',
      planPath: null,
      csvFiles: csv.files(),
      expectedPath,
      summary: result.summary
    };
  } catch (error) {
    // stop the writers (and the worker thread, which would keep the process alive)
    csv?.abort();
    await expected.abort();
    throw error;
  }
}

async function runGenerator(generator: LegacyDataGenerator) {
  try {
    return await generator.run();
  } catch (error) {
    if (error instanceof Error && /^--|--default-country/.test(error.message))
      throw new CommandError(error.message);
    throw error;
  }
}
