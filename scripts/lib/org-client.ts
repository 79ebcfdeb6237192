import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommandError } from './cli.js';
import { orgAuth, spawnSf, type SfRunner } from './sf.js';

export type Row = Record<string, unknown>;

export interface BulkJobReport {
  readonly object: string;
  readonly jobId: string;
  readonly processed: number;
  readonly failed: number;
  /** Successful rows, with the record id under `sf__Id` and the uploaded columns. */
  readonly successes: Row[];
  /** Failed rows, with the API's message under `sf__Error`. */
  readonly failures: Row[];
}

export interface FieldFacts {
  readonly name: string;
  readonly externalId: boolean;
  readonly unique: boolean;
}

export interface ApexResult {
  readonly success: boolean;
  /** Compile problem or uncaught exception, with line and stack when the API gives them. */
  readonly message: string;
}

/**
 * What the scripts need from an org. Two implementations: a real org through jsforce (auth
 * from the `sf` CLI) and the local org of the emulator. Scripts do not know which one they use.
 */
export interface OrgClient {
  /** `org ALIAS (user@x)` or `local org (dir)`. */
  readonly description: string;
  readonly isLocal: boolean;
  /** Every row of a SOQL query (follows nextRecordsUrl). */
  query(soql: string): Promise<Row[]>;
  /** Tooling API query. */
  toolingQuery(soql: string): Promise<Row[]>;
  /** Loads an `sf data tree import` plan. */
  importTreePlan(planPath: string): Promise<void>;
  /** Bulk API 2.0 insert of a CSV body (header + rows, CRLF). */
  bulkInsert(object: string, csv: string): Promise<BulkJobReport>;
  runApex(source: string): Promise<ApexResult>;
  /** Field facts of an object's describe: which fields exist and which are indexed (external id or unique). */
  describeFields(object: string): Promise<FieldFacts[]>;
  /** The running user's id. */
  userId(): Promise<string>;
}

// -------------------------------------------------------------------------------------------
// jsforce: a real org

interface JsforceConnection {
  query(soql: string): {
    execute(options: { autoFetch: boolean; maxFetch: number }): Promise<{ records: Row[] }>;
  };
  tooling: {
    query(soql: string): {
      execute(options: { autoFetch: boolean; maxFetch: number }): Promise<{ records: Row[] }>;
    };
    executeAnonymous(body: string): Promise<{
      compiled: boolean;
      success: boolean;
      compileProblem?: string | null;
      exceptionMessage?: string | null;
      exceptionStackTrace?: string | null;
      line?: number;
      column?: number;
    }>;
  };
  identity(): Promise<{ user_id: string }>;
  describe(
    object: string
  ): Promise<{ fields: { name: string; externalId: boolean; unique: boolean }[] }>;
  bulk2: {
    pollInterval: number;
    pollTimeout: number;
    createJob(options: { object: string; operation: 'insert'; lineEnding: 'CRLF' }): {
      id: string;
      open(): Promise<unknown>;
      uploadData(input: string): Promise<void>;
      close(): Promise<void>;
      poll(interval?: number, timeout?: number): Promise<void>;
      on(event: 'failed', listener: (error: Error) => void): void;
      getAllResults(): Promise<{
        successfulResults: Row[];
        failedResults: Row[];
        unprocessedRecords: Row[] | string;
      }>;
    };
  };
}

export class JsforceOrgClient implements OrgClient {
  readonly isLocal = false;

  private constructor(
    private readonly connection: JsforceConnection,
    readonly description: string
  ) {}

  static async connect(alias: string, run: SfRunner = spawnSf): Promise<JsforceOrgClient> {
    const auth = await orgAuth(alias, run);
    const jsforce = (await import('jsforce')) as unknown as {
      Connection: new (options: {
        instanceUrl: string;
        accessToken: string;
        version: string;
      }) => JsforceConnection;
    };
    const connection = new jsforce.Connection({
      instanceUrl: auth.instanceUrl,
      accessToken: auth.accessToken,
      version: auth.apiVersion
    });
    return new JsforceOrgClient(connection, `org ${alias} (${auth.username})`);
  }

  async query(soql: string): Promise<Row[]> {
    const result = await this.connection
      .query(soql)
      .execute({ autoFetch: true, maxFetch: Number.MAX_SAFE_INTEGER });
    return result.records;
  }

  async toolingQuery(soql: string): Promise<Row[]> {
    const result = await this.connection.tooling
      .query(soql)
      .execute({ autoFetch: true, maxFetch: Number.MAX_SAFE_INTEGER });
    return result.records;
  }

  async importTreePlan(planPath: string): Promise<void> {
    const alias = this.description.replace(/^org (\S+).*$/, '$1');
    const result = await spawnSf([
      'data',
      'import',
      'tree',
      '--plan',
      planPath,
      '--target-org',
      alias,
      '--json'
    ]);
    if (result.code !== 0) {
      const { sfErrorMessage } = await import('./sf.js');
      throw new CommandError(
        `sf data import tree failed: ${sfErrorMessage(result)}`,
        'check the plan files and the field permissions of the running user'
      );
    }
  }

  async bulkInsert(object: string, csv: string): Promise<BulkJobReport> {
    const job = this.connection.bulk2.createJob({
      object,
      operation: 'insert',
      lineEnding: 'CRLF'
    });
    let failure: Error | null = null;
    job.on('failed', (error) => (failure = error));
    await job.open();
    await job.uploadData(csv);
    await job.close();
    try {
      await job.poll(2000, 60 * 60 * 1000);
    } catch (error) {
      throw new CommandError(
        `Bulk API job ${job.id} on ${object} did not finish: ${(failure ?? error) instanceof Error ? ((failure ?? error) as Error).message : String(error)}`,
        'look at the job in Setup > Bulk Data Load Jobs'
      );
    }
    const results = await job.getAllResults();
    return {
      object,
      jobId: job.id,
      processed: results.successfulResults.length + results.failedResults.length,
      failed: results.failedResults.length,
      successes: results.successfulResults,
      failures: results.failedResults
    };
  }

  async runApex(source: string): Promise<ApexResult> {
    const result = await this.connection.tooling.executeAnonymous(source);
    if (!result.compiled) {
      return {
        success: false,
        message: `compile error at line ${result.line}:${result.column}: ${result.compileProblem}`
      };
    }
    if (!result.success) {
      return {
        success: false,
        message: `${result.exceptionMessage}\n${result.exceptionStackTrace ?? ''}`.trim()
      };
    }
    return { success: true, message: '' };
  }

  async userId(): Promise<string> {
    return (await this.connection.identity()).user_id;
  }

  async describeFields(object: string): Promise<FieldFacts[]> {
    const result = await this.connection.describe(object);
    return result.fields.map((field) => ({
      name: field.name,
      externalId: field.externalId === true,
      unique: field.unique === true
    }));
  }
}

// -------------------------------------------------------------------------------------------
// the emulator's local org

/** The part of the emulator's TypeScript API (emulator/src/index.ts) the scripts use. */
export interface EmulatorProject {
  query(soql: string): unknown;
  import(planPath: string): unknown;
  runApex(source: string): unknown;
  drainAsync?(): unknown;
  save?(): unknown;
  /** The emulator's org; its schema answers describes. */
  readonly org?: {
    readonly runningUserId?: string;
    schema?: {
      getObject(
        name: string
      ):
        | { fields: ReadonlyMap<string, { name: string; externalId: boolean; unique: boolean }> }
        | undefined;
    };
  };
}

export interface EmulatorModule {
  loadProject(
    dir: string,
    options: { persistDir?: string }
  ): EmulatorProject | Promise<EmulatorProject>;
}

export const EMULATOR_ENTRY = 'emulator/src/index.ts';
export const DEFAULT_PERSIST_DIR = '.localorg';

/** Plain rows from whatever the emulator's query returns (an array, or `{records}`). */
export function toRows(result: unknown): Row[] {
  const list = Array.isArray(result)
    ? result
    : result &&
        typeof result === 'object' &&
        Array.isArray((result as { records?: unknown }).records)
      ? (result as { records: unknown[] }).records
      : null;
  if (list === null) throw new Error(`the emulator's query returned ${typeof result}, not rows`);
  return list.map((row) => {
    if (
      row &&
      typeof row === 'object' &&
      typeof (row as { toJSON?: unknown }).toJSON === 'function'
    ) {
      return (row as { toJSON(): Row }).toJSON();
    }
    if (
      row &&
      typeof row === 'object' &&
      typeof (row as { populatedFields?: unknown }).populatedFields === 'function'
    ) {
      const record = row as { populatedFields(): string[]; get(field: string): unknown };
      const plain: Row = {};
      for (const field of record.populatedFields()) plain[field] = plainValue(record.get(field));
      return plain;
    }
    return row as Row;
  });
}

/** Emulator values as the REST API would give them: datetimes as ISO text, numbers as numbers. */
export function plainValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object')
    return typeof value === 'bigint' ? Number(value) : value;
  const candidate = value as { toIsoString?: () => string; toNumber?: () => number };
  if (typeof candidate.toIsoString === 'function') return candidate.toIsoString();
  if (typeof candidate.toNumber === 'function') return candidate.toNumber();
  return String(value);
}

export class EmulatorOrgClient implements OrgClient {
  readonly isLocal = true;
  readonly description: string;

  private constructor(
    private readonly project: EmulatorProject,
    persistDir: string
  ) {
    this.description = `local org (${persistDir})`;
  }

  static async open(
    projectDir: string,
    persistDir = join(projectDir, DEFAULT_PERSIST_DIR)
  ): Promise<EmulatorOrgClient> {
    const entry = resolve(projectDir, EMULATOR_ENTRY);
    if (!existsSync(entry)) {
      throw new CommandError(
        `the local org emulator is not available: ${EMULATOR_ENTRY} does not exist yet`,
        'use --target-org ALIAS with a real org, or wait for the emulator (issue 3)'
      );
    }
    const module = (await import(pathToFileURL(entry).href)) as Partial<EmulatorModule>;
    if (typeof module.loadProject !== 'function') {
      throw new CommandError(`${EMULATOR_ENTRY} does not export loadProject(dir, { persistDir })`);
    }
    const project = await module.loadProject(projectDir, { persistDir });
    return new EmulatorOrgClient(project, persistDir);
  }

  async query(soql: string): Promise<Row[]> {
    return toRows(await this.project.query(soql));
  }

  async toolingQuery(soql: string): Promise<Row[]> {
    // the local org keeps the setup rows the Tooling API would show (ApexTrigger, FlowDefinitionView…)
    return toRows(await this.project.query(soql));
  }

  async importTreePlan(planPath: string): Promise<void> {
    await this.project.import(planPath);
    if (this.project.drainAsync) await this.project.drainAsync();
    if (this.project.save) await this.project.save();
  }

  async bulkInsert(object: string): Promise<BulkJobReport> {
    throw new CommandError(
      `the local org has no Bulk API (asked to load ${object})`,
      'seed the local org with --format tree (the default for --local)'
    );
  }

  async runApex(source: string): Promise<ApexResult> {
    try {
      await this.project.runApex(source);
      if (this.project.drainAsync) await this.project.drainAsync();
      if (this.project.save) await this.project.save();
      return { success: true, message: '' };
    } catch (error) {
      return { success: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  async describeFields(object: string): Promise<FieldFacts[]> {
    const definition = this.project.org?.schema?.getObject(object);
    if (!definition) throw new Error(`the local org has no object ${object}`);
    return [...definition.fields.values()].map((field) => ({
      name: field.name,
      externalId: field.externalId,
      unique: field.unique
    }));
  }

  async userId(): Promise<string> {
    const id = this.project.org?.runningUserId;
    if (typeof id !== 'string') throw new Error('the local org has no running user');
    return id;
  }
}

/** The client for `--target-org ALIAS` or `--local`; exactly one of them. */
export async function openOrg(
  options: { targetOrg?: string; local?: boolean; localDir?: string; projectDir?: string },
  run: SfRunner = spawnSf
): Promise<OrgClient> {
  if (options.targetOrg && options.local) {
    throw new CommandError('give either --target-org ALIAS or --local, not both');
  }
  if (options.local)
    return EmulatorOrgClient.open(options.projectDir ?? process.cwd(), options.localDir);
  if (options.targetOrg) return JsforceOrgClient.connect(options.targetOrg, run);
  throw new CommandError(
    'no org given',
    'add --target-org ALIAS (an org the sf CLI knows) or --local (the emulator)'
  );
}
