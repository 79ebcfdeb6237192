/**
 * One Apex transaction: the TransactionContext the interpreter and the system library see.
 * Holds the limits (a fresh set between Test.startTest and Test.stopTest), the running user
 * (switched by System.runAs), and the async work queued during it, which starts only after
 * the transaction commits (or at Test.stopTest inside a test).
 */
import type {
  AsyncJobType,
  AsyncQueue,
  DebugSink,
  GovernorLimits,
  RecordStore,
  SoqlEngine,
  TransactionContext,
  UserContext
} from '../contracts.js';
import { ApexDatetime } from '../values.js';
import { createGovernorLimits, type GovernorLimitsOptions } from '../limits/index.js';
import type { PendingWork } from '../async/work.js';
import { ApexThrow } from '../apex/runtime-types.js';

export interface TransactionServices {
  readonly store: RecordStore;
  readonly soql: SoqlEngine;
  readonly async: AsyncQueue & {
    /** Runs what a test queued between startTest and stopTest (and delivers its events), to completion. */
    runTestWork(tx: Transaction, work: PendingWork[]): void;
  };
  readonly debug: DebugSink;
  userContext(userId: string): UserContext;
  /** CPU estimate scale (see GovernorLimitsOptions.cpuScale). */
  readonly cpuScale: number;
  /** Clock: the instant Apex sees as now (System.now()). */
  now(): ApexDatetime;
}

export interface TransactionOptions {
  readonly user: UserContext;
  readonly isTest: boolean;
  readonly limits: Omit<GovernorLimitsOptions, 'cpuScale'>;
  /** Running inside an async job that a test started at stopTest (no further chaining). */
  readonly inTestAsync?: boolean;
  /** The AsyncApexJob this transaction executes, if any. */
  readonly jobId?: string;
  /** Its JobType (System.isBatch / isQueueable / isFuture read it); undefined outside async jobs. */
  readonly jobType?: AsyncJobType;
}

export class Transaction implements TransactionContext {
  readonly store: RecordStore;
  readonly soql: SoqlEngine;
  readonly async: TransactionServices['async'];
  readonly debug: DebugSink;
  readonly isTest: boolean;
  readonly inTestAsync: boolean;
  readonly jobId: string | undefined;
  readonly jobType: AsyncJobType | undefined;
  fixedSearchResults: readonly string[] | null = null;

  /** Work that starts when this transaction commits (outside tests). */
  readonly afterCommit: PendingWork[] = [];
  /** Inside a test: work queued between startTest and stopTest, run at stopTest. */
  testWindow: PendingWork[] = [];
  /** Inside a test: platform events published and not yet delivered (stopTest / Test.getEventBus().deliver()). */
  testEvents: PendingWork[] = [];
  /** Inside a test: jobs queued outside startTest/stopTest. They never run, as on the platform. */
  readonly neverRun: PendingWork[] = [];

  private readonly limitStack: GovernorLimits[];
  private readonly userStack: UserContext[];
  private startStop: 'before' | 'inside' | 'after' = 'before';

  constructor(
    private readonly services: TransactionServices,
    private readonly options: TransactionOptions
  ) {
    this.store = services.store;
    this.soql = services.soql;
    this.async = services.async;
    this.debug = services.debug;
    this.isTest = options.isTest;
    this.inTestAsync = options.inTestAsync ?? false;
    this.jobId = options.jobId;
    this.jobType = options.jobType;
    this.limitStack = [createGovernorLimits({ ...options.limits, cpuScale: services.cpuScale })];
    this.userStack = [options.user];
  }

  get limits(): GovernorLimits {
    return this.limitStack[this.limitStack.length - 1];
  }

  get user(): UserContext {
    return this.userStack[this.userStack.length - 1];
  }

  get inStartStopTest(): boolean {
    return this.startStop === 'inside';
  }

  now(): ApexDatetime {
    return this.services.now();
  }

  startTest(): void {
    if (!this.isTest) throw new Error('Test.startTest() called outside a test');
    if (this.startStop !== 'before') {
      throw new ApexThrow('System.FinalException', 'Testing already started');
    }
    this.startStop = 'inside';
    this.limitStack.push(
      createGovernorLimits({ ...this.options.limits, cpuScale: this.services.cpuScale })
    );
  }

  stopTest(): void {
    if (!this.isTest) throw new Error('Test.stopTest() called outside a test');
    if (this.startStop === 'after')
      throw new ApexThrow('System.FinalException', 'Testing already stopped');
    if (this.startStop === 'inside') this.limitStack.pop();
    this.startStop = 'after';
    const work = [...this.testWindow, ...this.testEvents];
    this.testWindow = [];
    this.testEvents = [];
    this.async.runTestWork(this, work);
  }

  /** Test.getEventBus().deliver(): delivers the events published so far in this test. */
  deliverTestEvents(): void {
    const events = this.testEvents;
    this.testEvents = [];
    this.testWindow = this.testWindow.filter((w) => {
      if (w.kind === 'events') events.push(w);
      return w.kind !== 'events';
    });
    this.async.runTestWork(this, events);
  }

  runAs(userId: string, body: () => void): void {
    this.userStack.push(this.services.userContext(userId));
    try {
      body();
    } finally {
      this.userStack.pop();
    }
  }

  /** Where new async work goes, by the platform's rules for tests and ordinary transactions. */
  queueWork(work: PendingWork): void {
    if (!this.isTest) {
      this.afterCommit.push(work);
    } else if (work.kind === 'events') {
      (this.inStartStopTest ? this.testWindow : this.testEvents).push(work);
    } else if (this.inStartStopTest) {
      this.testWindow.push(work);
    } else {
      this.neverRun.push(work);
    }
  }
}
