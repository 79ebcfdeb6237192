/**
 * The emulator's public TypeScript API.
 *
 *   const local = await loadProject('.', { persistDir: '.localorg' });
 *   local.runApex("insert new Account(Name='Acme'); System.debug([SELECT COUNT() FROM Account]);");
 *   local.drainAsync();
 *   const rows = local.query('SELECT Id, Name FROM Account');
 *   local.save();
 */
import type { ApexObjectRef, Diagnostic, SObjectRecord } from './contracts.js';
import { openOrg, type OpenedOrg, type PartsFactory } from './org/local-org.js';
import type { DebugLine, Org } from './org/org.js';
import { exportTree, importPlan, type ExportResult, type ImportResult } from './org/tree.js';
import {
  parseTestFilters,
  runTests,
  type TestResult,
  type TestRunReport
} from './runner/test-runner.js';
import type { SfdxProject } from './runner/project.js';

export interface LoadProjectOptions {
  /** Folder (relative to the project) where the org persists between runs; null/undefined: in memory only. */
  readonly persistDir?: string | null;
  /** Scale of the CPU-time estimate (default 1; Infinity disables the CPU limit). */
  readonly cpuScale?: number;
  /** Replaces the emulator's own schema/store/SOQL/Apex areas (tests of the runner use fakes). */
  readonly parts?: PartsFactory;
}

export interface ApexRunResult {
  readonly debug: readonly DebugLine[];
}

export class EmulatorProject {
  private constructor(
    private readonly opened: OpenedOrg,
    private readonly options: LoadProjectOptions
  ) {}

  static async load(dir: string, options: LoadProjectOptions = {}): Promise<EmulatorProject> {
    const opened = await openOrg({
      projectDir: dir,
      persistDir: options.persistDir ?? null,
      cpuScale: options.cpuScale,
      parts: options.parts
    });
    return new EmulatorProject(opened, options);
  }

  get org(): Org {
    return this.opened.org;
  }
  get project(): SfdxProject {
    return this.opened.project;
  }
  /** Parse and resolve errors of the project's Apex (file:line). */
  get diagnostics(): readonly Diagnostic[] {
    return this.opened.diagnostics;
  }

  /** Anonymous Apex in one transaction as the running user; an uncaught exception rolls it back and is thrown (ApexUncaughtError). */
  runApex(source: string): ApexRunResult {
    const debug: DebugLine[] = [];
    const previous = this.org.debugListener;
    this.org.debugListener = (line) => {
      debug.push(line);
      previous(line);
    };
    try {
      this.org.execute((tx) => this.org.runtime.runAnonymous(source, tx));
    } finally {
      this.org.debugListener = previous;
    }
    return { debug };
  }

  /** Calls a static method (an @AuraEnabled controller method) in its own transaction. */
  callStatic(className: string, method: string, args: readonly unknown[] = []): unknown {
    return this.org.execute((tx) => this.org.runtime.invokeStatic(className, method, args, tx));
  }

  /** Calls an instance method of an Apex object in its own transaction. */
  callMethod(target: ApexObjectRef, method: string, args: readonly unknown[] = []): unknown {
    return this.org.execute((tx) => this.org.runtime.callMethod(target, method, args, tx));
  }

  /** SOQL as the running user (system mode unless the query says WITH USER_MODE). COUNT() gives a number. */
  query(soql: string): SObjectRecord[] | number {
    return this.org.execute((tx) =>
      tx.soql.execute(tx.soql.parse(soql), [], {
        accessLevel: 'system',
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now()
      })
    );
  }

  /** Loads an `sf data tree` plan; triggers fire; the async work they queue waits for drainAsync(). */
  import(planPath: string, progress?: (line: string) => void): ImportResult {
    return importPlan(this.org, planPath, progress);
  }

  export(soql: string, outDir: string, prefix?: string): ExportResult {
    return exportTree(this.org, soql, outDir, prefix);
  }

  /**
   * Runs the project's Apex tests in a fresh in-memory org (tests never see this org's data).
   * filter: `Class`, `Class.method`, or several separated by commas.
   */
  async runTests(
    filter?: string | readonly string[],
    onResult?: (result: TestResult) => void
  ): Promise<TestRunReport> {
    const fresh = await openOrg({
      projectDir: this.project.dir,
      persistDir: null,
      cpuScale: this.options.cpuScale,
      parts: this.options.parts
    });
    const filters =
      filter === undefined ? [] : parseTestFilters(typeof filter === 'string' ? [filter] : filter);
    return runTests(fresh, { filters, onResult });
  }

  /** Runs the queued async work (batches, queueables, event triggers) to completion. Returns how many units ran. */
  drainAsync(progress?: (line: string) => void): number {
    const previous = this.org.async.progress;
    if (progress) this.org.async.progress = progress;
    try {
      return this.org.drainAsync();
    } finally {
      this.org.async.progress = previous;
    }
  }

  /** Writes the org to its persist folder (no-op in memory). */
  save(): void {
    this.opened.save();
  }
}

export function loadProject(
  dir: string,
  options: LoadProjectOptions = {}
): Promise<EmulatorProject> {
  return EmulatorProject.load(dir, options);
}

export {
  ApexUncaughtError,
  LimitExceededError,
  UnsupportedError,
  DmlFailure
} from './contracts.js';
export { formatApexError, type DebugLine } from './org/org.js';
export { formatReport, type TestRunReport, type TestResult } from './runner/test-runner.js';
