/**
 * Per-transaction governor limits with the platform's numbers (Apex Developer Guide,
 * "Execution Governors and Limits", Per-Transaction Apex Limits). A limit that is passed throws
 * LimitExceededError, which Apex code cannot catch (the interpreter lets it through).
 */
import { LimitExceededError, type GovernorLimits, type LimitName } from '../contracts.js';

interface LimitSpec {
  readonly sync: number;
  readonly async: number;
  /** The platform's message, given the count that broke the limit. */
  readonly message: (count: number) => string;
}

/**
 * The platform's numbers. queryLocatorRows is 10,000 in an ordinary transaction; the start of a
 * batch job may return up to 50 million (GovernorLimitsOptions.batchStart).
 */
export const LIMIT_SPECS: Readonly<Record<LimitName, LimitSpec>> = {
  queries: { sync: 100, async: 200, message: (n) => `Too many SOQL queries: ${n}` },
  queryRows: { sync: 50_000, async: 50_000, message: (n) => `Too many query rows: ${n}` },
  queryLocatorRows: {
    sync: 10_000,
    async: 10_000,
    message: (n) => `Too many query locator rows: ${n}`
  },
  soslQueries: { sync: 20, async: 20, message: (n) => `Too many SOSL queries: ${n}` },
  dmlStatements: { sync: 150, async: 150, message: (n) => `Too many DML statements: ${n}` },
  dmlRows: { sync: 10_000, async: 10_000, message: (n) => `Too many DML rows: ${n}` },
  cpuTime: { sync: 10_000, async: 60_000, message: () => 'Apex CPU time limit exceeded' },
  heapSize: {
    sync: 6_000_000,
    async: 12_000_000,
    message: (n) => `Apex heap size too large: ${n}`
  },
  callouts: { sync: 100, async: 100, message: (n) => `Too many callouts: ${n}` },
  queueableJobs: {
    sync: 50,
    async: 1,
    message: (n) => `Too many queueable jobs added to the queue: ${n}`
  },
  futureCalls: { sync: 50, async: 0, message: (n) => `Too many future calls: ${n}` },
  publishImmediateDml: {
    sync: 150,
    async: 150,
    message: (n) => `Too many EventBus.publish calls: ${n}`
  },
  emailInvocations: { sync: 10, async: 10, message: (n) => `Too many Email Invocations: ${n}` },
  aggregateQueries: { sync: 300, async: 300, message: (n) => `Too many aggregate queries: ${n}` }
};

export const LIMIT_NAMES = Object.keys(LIMIT_SPECS) as LimitName[];

/** Batch start may return this many rows through a QueryLocator. */
export const BATCH_START_QUERY_LOCATOR_ROWS = 50_000_000;

export interface GovernorLimitsOptions {
  readonly async: boolean;
  /** The start method of a batch job: a QueryLocator may return up to 50 million rows. */
  readonly batchStart?: boolean;
  /** Future methods and batch jobs may not call @future (limit 0); a Queueable may (50). */
  readonly futureAllowed?: boolean;
  /**
   * CPU time is estimated from the process's CPU time since the transaction started (the
   * interpreter is slower than the platform). Multiply the platform's CPU limit by this factor; Infinity disables it.
   */
  readonly cpuScale?: number;
  /** Clock, for tests. */
  readonly clock?: () => number;
}

/** CPU time of this process in ms (user + system): not wall time, so a busy machine does not count. */
function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export class TransactionLimits implements GovernorLimits {
  readonly async: boolean;
  private readonly counts = new Map<LimitName, number>();
  private readonly limits = new Map<LimitName, number>();
  private readonly startedAt: number;
  private readonly clock: () => number;
  /** CPU time spent outside Apex (pauses), subtracted from the estimate. */
  private pausedMs = 0;

  constructor(options: GovernorLimitsOptions) {
    this.async = options.async;
    this.clock = options.clock ?? processCpuMs;
    this.startedAt = this.clock();
    for (const name of LIMIT_NAMES) {
      const spec = LIMIT_SPECS[name];
      this.limits.set(name, options.async ? spec.async : spec.sync);
      this.counts.set(name, 0);
    }
    if (options.batchStart) this.limits.set('queryLocatorRows', BATCH_START_QUERY_LOCATOR_ROWS);
    if (options.futureAllowed !== undefined) {
      this.limits.set('futureCalls', options.futureAllowed ? LIMIT_SPECS.futureCalls.sync : 0);
    }
    this.cpuEnforcedMs = this.limits.get('cpuTime')! * (options.cpuScale ?? 1);
  }

  /** The CPU estimate that makes consume() throw: the platform's limit times cpuScale. */
  private readonly cpuEnforcedMs: number;

  consume(name: LimitName, n = 1): void {
    if (name === 'cpuTime') {
      this.checkCpu();
      return;
    }
    const limit = this.limit(name);
    const next = this.used(name) + n;
    this.counts.set(name, next);
    if (next > limit) {
      throw new LimitExceededError(name, LIMIT_SPECS[name].message(next));
    }
    // Every counted operation also checks the CPU estimate, so long loops that query or write stop.
    this.checkCpu();
  }

  used(name: LimitName): number {
    if (name === 'cpuTime')
      return Math.max(0, Math.round(this.clock() - this.startedAt - this.pausedMs));
    return this.counts.get(name) ?? 0;
  }

  limit(name: LimitName): number {
    // cpuTime: Limits.getLimitCpuTime() reports the platform's number even when enforcement is scaled.
    return this.limits.get(name) ?? 0;
  }

  /** Time spent in the emulator's own work (not Apex) that must not count as CPU. */
  pause<T>(body: () => T): T {
    const start = this.clock();
    try {
      return body();
    } finally {
      this.pausedMs += this.clock() - start;
    }
  }

  private checkCpu(): void {
    if (!Number.isFinite(this.cpuEnforcedMs)) return;
    const used = this.used('cpuTime');
    if (used > this.cpuEnforcedMs)
      throw new LimitExceededError('cpuTime', LIMIT_SPECS.cpuTime.message(used));
  }

  /** name → used / limit, for debug logs and the CLI. */
  summary(): Record<string, { used: number; limit: number }> {
    const out: Record<string, { used: number; limit: number }> = {};
    for (const name of LIMIT_NAMES) out[name] = { used: this.used(name), limit: this.limit(name) };
    return out;
  }
}

/** Limits for emulator-internal work (seeding, job bookkeeping): counts but never throws. */
export class UnlimitedLimits implements GovernorLimits {
  readonly async = false;
  private readonly counts = new Map<LimitName, number>();
  consume(name: LimitName, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  used(name: LimitName): number {
    return this.counts.get(name) ?? 0;
  }
  limit(): number {
    return Infinity;
  }
}

export function createGovernorLimits(options: GovernorLimitsOptions): TransactionLimits {
  return new TransactionLimits(options);
}
