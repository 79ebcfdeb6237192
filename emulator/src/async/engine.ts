/**
 * The async engine: AsyncQueue for Apex (Database.executeBatch, System.enqueueJob,
 * EventBus.publish, System.abortJob), AsyncApexJob rows that Apex can query, and the runs:
 *
 * - outside tests, work queued by a transaction starts after it commits; drain() runs the
 *   queue to completion, each start / chunk / finish / queueable / event delivery in its own
 *   transaction with async limits, rolled back alone when it throws;
 * - inside a test, the work queued between Test.startTest and Test.stopTest runs at stopTest
 *   (runTestWork), and an exception in it reaches the test method, as on the platform.
 */
import {
  ApexUncaughtError,
  LimitExceededError,
  type ApexObjectRef,
  type ApexRuntime,
  type AsyncQueue,
  type AsyncJobStatus,
  type AsyncJobType,
  type BatchJobRequest,
  type DmlRowResult,
  type ObjectDef,
  type OrgSchema,
  type RecordStore,
  type SObjectRecord,
  type TransactionContext,
  type UserContext
} from '../contracts.js';
import { ApexList, ApexThrow } from '../apex/runtime-types.js';
import type { ApexDatetime, ApexPrimitive } from '../values.js';
import { toFieldValue } from '../org/fields.js';
import { Transaction, type TransactionOptions } from '../org/transaction.js';
import {
  BatchableContextValue,
  QueryLocatorValue,
  QueueableContextValue,
  TEST_BATCH_MESSAGE,
  type PendingWork
} from './work.js';

/** What the engine needs from the org around it. */
export interface AsyncHost {
  readonly schema: OrgSchema;
  readonly store: RecordStore;
  readonly runtime: ApexRuntime;
  newTransaction(options: TransactionOptions): Transaction;
  userContext(userId: string): UserContext;
  /** Id of the ApexClass row of a (top-level) class, or null. */
  apexClassId(className: string): string | null;
  now(): ApexDatetime;
  /** Called after a job transaction outside tests commits. */
  committed?(): void;
}

export const DEFAULT_BATCH_SIZE = 200;
export const MAX_QUERY_LOCATOR_BATCH_SIZE = 2000;
/** Platform-event triggers receive up to 2,000 events per invocation. */
export const EVENT_TRIGGER_BATCH_SIZE = 2000;

type JobKind = 'batchStart' | 'batchExecute' | 'batchFinish' | 'queueable' | 'future' | 'events';

const JOB_TYPES: Record<JobKind, AsyncJobType | undefined> = {
  batchStart: 'BatchApex',
  batchExecute: 'BatchApex',
  batchFinish: 'BatchApex',
  queueable: 'Queueable',
  future: 'Future',
  events: undefined
};

interface RunResult<T> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: unknown;
}

export type ProgressListener = (line: string) => void;

export class AsyncEngine implements AsyncQueue {
  private hostRef: AsyncHost | null = null;
  private readonly queue: PendingWork[] = [];
  private readonly abortRequested = new Set<string>();
  private readonly jobKinds = new WeakMap<TransactionContext, JobKind>();
  private readonly warned = new Set<string>();
  progress: ProgressListener = () => {};
  warn: (message: string) => void = (m) => process.stderr.write(`warning: ${m}\n`);

  attach(host: AsyncHost): void {
    this.hostRef = host;
  }

  private get host(): AsyncHost {
    if (!this.hostRef) throw new Error('AsyncEngine used before attach(host)');
    return this.hostRef;
  }

  /** Work waiting to run (outside tests). */
  pending(): readonly PendingWork[] {
    return this.queue;
  }

  // -------------------------------------------------------------------------------------------
  // AsyncQueue (called by Apex through the system library)
  // -------------------------------------------------------------------------------------------

  enqueueBatch(request: BatchJobRequest, tx: TransactionContext): string {
    const t = asTransaction(tx);
    const kind = this.jobKinds.get(tx);
    if (kind === 'batchStart' || kind === 'batchExecute') {
      throw new ApexThrow(
        'System.AsyncException',
        'Database.executeBatch cannot be called from a batch start, batch execute, or future method.'
      );
    }
    if (!Number.isInteger(request.scopeSize) || request.scopeSize < 1) {
      throw new ApexThrow(
        'System.InvalidParameterValueException',
        `Invalid batch size: ${request.scopeSize}. The scope must be greater than 0.`
      );
    }
    const jobId = this.insertJob('BatchApex', request.batch.className, t.user.userId);
    // The platform serializes the batch instance when it is queued.
    const batch = this.host.runtime.cloneObject(request.batch);
    t.queueWork({
      kind: 'batch',
      jobId,
      batch,
      scopeSize: request.scopeSize,
      userId: t.user.userId
    });
    return jobId;
  }

  enqueueQueueable(job: ApexObjectRef, tx: TransactionContext): string {
    const t = asTransaction(tx);
    const future = futureCallOf(job);
    if (future) {
      // The interpreter queues an @future call as an object whose execute() runs the method; it
      // has already checked the future context and counted futureCalls.
      const jobId = this.insertJob('Future', future.className, t.user.userId, future.method);
      t.queueWork({
        kind: 'future',
        jobId,
        className: future.className,
        method: future.method,
        args: [],
        userId: t.user.userId,
        call: job
      });
      return jobId;
    }
    if (t.inTestAsync) {
      // "You can't chain queueable jobs in an Apex test." (Queueable Apex, Apex Developer Guide)
      throw new ApexThrow('System.AsyncException', 'Maximum stack depth has been reached.');
    }
    t.limits.consume('queueableJobs');
    const jobId = this.insertJob('Queueable', job.className, t.user.userId);
    t.queueWork({
      kind: 'queueable',
      jobId,
      job: this.host.runtime.cloneObject(job),
      userId: t.user.userId
    });
    return jobId;
  }

  /**
   * An @future method call: runs after commit in its own transaction with async limits (not
   * part of the AsyncQueue contract; the interpreter calls it for methods annotated @future).
   * Arguments must already be copies (the platform passes primitives and collections of them).
   */
  enqueueFuture(
    className: string,
    method: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): string {
    const t = asTransaction(tx);
    const kind = this.jobKinds.get(tx);
    if (
      kind === 'future' ||
      kind === 'batchStart' ||
      kind === 'batchExecute' ||
      kind === 'batchFinish'
    ) {
      throw new ApexThrow(
        'System.AsyncException',
        'Future method cannot be called from a future or batch method: ' + `${className}.${method}`
      );
    }
    t.limits.consume('futureCalls');
    const jobId = this.insertJob('Future', className, t.user.userId, method);
    t.queueWork({ kind: 'future', jobId, className, method, args, userId: t.user.userId });
    return jobId;
  }

  publishEvents(events: SObjectRecord[], tx: TransactionContext): DmlRowResult[] {
    const t = asTransaction(tx);
    // EventBus.publish counts as one DML statement; each event as a DML row.
    t.limits.consume('dmlStatements');
    t.limits.consume('dmlRows', events.length);
    const byObject = new Map<ObjectDef, SObjectRecord[]>();
    const results: DmlRowResult[] = [];
    for (const event of events) {
      if (event.objectDef.kind !== 'platformEvent') {
        throw new ApexThrow(
          'System.InvalidParameterValueException',
          `EventBus.publish: ${event.objectDef.name} is not a platform event`
        );
      }
      const copy = event.clone(false, false);
      const id = this.host.store.newId(event.objectDef.name);
      copy.put('Id', id);
      const list = byObject.get(event.objectDef) ?? [];
      list.push(copy);
      byObject.set(event.objectDef, list);
      results.push({ id, success: true, created: true, errors: [] });
    }
    for (const [object, list] of byObject) {
      t.queueWork({ kind: 'events', object, events: list, userId: t.user.userId });
    }
    return results;
  }

  abortJob(jobId: string, tx: TransactionContext): void {
    const t = asTransaction(tx);
    const id18 = jobId.length === 15 ? null : jobId;
    const matches = (w: PendingWork) =>
      w.kind !== 'events' && (w.jobId === jobId || (!id18 && w.jobId.startsWith(jobId)));
    const removeFrom = (list: PendingWork[]) => {
      for (let i = list.length - 1; i >= 0; i--) {
        const w = list[i];
        if (matches(w)) {
          list.splice(i, 1);
          if (w.kind !== 'events')
            this.updateJob(w.jobId, { Status: 'Aborted', CompletedDate: this.host.now() });
        }
      }
    };
    removeFrom(this.queue);
    removeFrom(t.afterCommit);
    removeFrom(t.testWindow);
    removeFrom(t.neverRun);
    // A running batch stops before its next chunk.
    this.abortRequested.add(jobId);
  }

  // -------------------------------------------------------------------------------------------
  // Committing and running
  // -------------------------------------------------------------------------------------------

  /** The transaction committed: its queued work may start. */
  commit(tx: Transaction): void {
    this.queue.push(...tx.afterCommit);
    tx.afterCommit.length = 0;
  }

  /** Runs every queued job (and what they queue) to completion, in order. Returns how many ran. */
  drain(): number {
    let ran = 0;
    while (this.queue.length > 0) {
      const work = this.queue.shift()!;
      this.run(work, null);
      ran++;
    }
    return ran;
  }

  /** Test.stopTest / Test.getEventBus().deliver(): runs the work now, inside the test's store. */
  runTestWork(testTx: Transaction, work: PendingWork[]): void {
    const todo = [...work];
    while (todo.length > 0) {
      const next = todo.shift()!;
      const produced = this.run(next, testTx);
      // Events published by the jobs are delivered before stopTest returns; other work they
      // queue stays queued (a test runs one level of async work).
      todo.push(...produced.filter((w) => w.kind === 'events'));
    }
  }

  /** Runs one unit of work; returns the events it published in test mode. */
  private run(work: PendingWork, testTx: Transaction | null): PendingWork[] {
    switch (work.kind) {
      case 'batch':
        return this.runBatch(work, testTx);
      case 'queueable':
        return this.runQueueable(work, testTx);
      case 'future':
        return this.runFuture(work, testTx);
      case 'events':
        return this.deliverEvents(work, testTx);
    }
  }

  private newJobTransaction(
    work: PendingWork,
    testTx: Transaction | null,
    kind: JobKind
  ): Transaction {
    const tx = this.host.newTransaction({
      user: this.host.userContext(work.userId),
      isTest: testTx !== null,
      inTestAsync: testTx !== null,
      jobId: work.kind === 'events' ? undefined : work.jobId,
      jobType: JOB_TYPES[kind],
      limits: {
        async: true,
        batchStart: kind === 'batchStart',
        futureAllowed: kind === 'queueable'
      }
    });
    // Test.setFixedSearchResults applies to every later SOSL query of the test method,
    // including those of the async work the test runs at stopTest.
    if (testTx) tx.fixedSearchResults = testTx.fixedSearchResults;
    this.jobKinds.set(tx, kind);
    return tx;
  }

  /** Runs body in its own transaction: committed when it returns, rolled back when it throws. */
  private inTransaction<T>(
    work: PendingWork,
    testTx: Transaction | null,
    kind: JobKind,
    produced: PendingWork[],
    body: (tx: Transaction) => T
  ): RunResult<T> {
    const tx = this.newJobTransaction(work, testTx, kind);
    const snapshot = this.host.store.snapshot();
    try {
      const value = body(tx);
      if (testTx) produced.push(...tx.testEvents, ...tx.testWindow);
      else {
        this.commit(tx);
        this.host.committed?.();
      }
      return { ok: true, value };
    } catch (error) {
      this.host.store.restore(snapshot);
      return { ok: false, error };
    }
  }

  private runBatch(
    work: Extract<PendingWork, { kind: 'batch' }>,
    testTx: Transaction | null
  ): PendingWork[] {
    const { runtime } = this.host;
    const produced: PendingWork[] = [];
    const name = `${work.batch.className} ${work.jobId}`;
    if (this.abortRequested.has(work.jobId)) return produced;
    this.updateJob(work.jobId, { Status: 'Preparing' });
    this.progress(`batch ${name}: start`);
    const context = new BatchableContextValue(work.jobId, null);

    const started = this.inTransaction(work, testTx, 'batchStart', produced, (tx) => {
      const result = runtime.callMethod(work.batch, 'start', [context], tx);
      return this.recordsOf(result, tx);
    });
    if (!started.ok) {
      this.finishJob(work.jobId, 'Failed', describeError(started.error));
      this.progress(`batch ${name}: failed in start: ${describeError(started.error)}`);
      if (testTx) rethrowIntoTest(started.error);
      return produced;
    }
    const records = started.value!;
    const stateful = runtime.implementsInterface(work.batch, 'Database.Stateful');
    // A non-Stateful batch starts each chunk from the instance as serialized after start.
    const afterStart = stateful ? work.batch : runtime.cloneObject(work.batch);
    const instance = () => (stateful ? work.batch : runtime.cloneObject(afterStart));
    const size = Math.min(work.scopeSize, MAX_QUERY_LOCATOR_BATCH_SIZE);
    const chunks: unknown[][] = [];
    for (let i = 0; i < records.length; i += size) chunks.push(records.slice(i, i + size));

    if (testTx && chunks.length > 1) {
      this.finishJob(work.jobId, 'Failed', `System.UnexpectedException: ${TEST_BATCH_MESSAGE}`);
      throw new ApexThrow('System.UnexpectedException', TEST_BATCH_MESSAGE);
    }
    this.updateJob(work.jobId, { Status: 'Processing', TotalJobItems: chunks.length });
    let errors = 0;
    let firstError: string | null = null;
    let processed = 0;
    for (const chunk of chunks) {
      if (this.abortRequested.has(work.jobId)) break;
      const done = this.inTransaction(work, testTx, 'batchExecute', produced, (tx) => {
        runtime.callMethod(
          instance(),
          'execute',
          [context, new ApexList({ name: 'SObject' }, chunk)],
          tx
        );
      });
      processed++;
      if (!done.ok) {
        errors++;
        firstError ??= describeError(done.error);
        this.updateJob(work.jobId, {
          JobItemsProcessed: processed,
          NumberOfErrors: errors,
          ExtendedStatus: `First error: ${firstError}`
        });
        if (testTx) rethrowIntoTest(done.error);
      } else {
        this.updateJob(work.jobId, { JobItemsProcessed: processed, NumberOfErrors: errors });
      }
      this.progress(
        `batch ${name}: chunk ${processed}/${chunks.length}${errors ? `, ${errors} failed` : ''}`
      );
    }
    if (this.abortRequested.has(work.jobId)) {
      this.finishJob(work.jobId, 'Aborted', null);
      this.progress(`batch ${name}: aborted`);
      return produced;
    }
    const finished = this.inTransaction(work, testTx, 'batchFinish', produced, (tx) => {
      runtime.callMethod(instance(), 'finish', [context], tx);
    });
    if (!finished.ok) {
      firstError ??= describeError(finished.error);
      this.finishJob(work.jobId, 'Failed', firstError);
      this.progress(`batch ${name}: failed in finish: ${describeError(finished.error)}`);
      if (testTx) rethrowIntoTest(finished.error);
      return produced;
    }
    this.finishJob(work.jobId, 'Completed', firstError ? `First error: ${firstError}` : null);
    this.progress(
      `batch ${name}: completed, ${records.length} records in ${chunks.length} chunk(s), ${errors} chunk error(s)`
    );
    return produced;
  }

  private runQueueable(
    work: Extract<PendingWork, { kind: 'queueable' }>,
    testTx: Transaction | null
  ): PendingWork[] {
    const produced: PendingWork[] = [];
    const name = `${work.job.className} ${work.jobId}`;
    if (this.abortRequested.has(work.jobId)) return produced;
    this.updateJob(work.jobId, { Status: 'Processing' });
    const done = this.inTransaction(work, testTx, 'queueable', produced, (tx) => {
      this.host.runtime.callMethod(
        work.job,
        'execute',
        [new QueueableContextValue(work.jobId)],
        tx
      );
    });
    if (!done.ok) {
      this.finishJob(work.jobId, 'Failed', describeError(done.error), 1);
      this.progress(`queueable ${name}: failed: ${describeError(done.error)}`);
      if (testTx) rethrowIntoTest(done.error);
    } else {
      this.finishJob(work.jobId, 'Completed', null, 0);
      this.progress(`queueable ${name}: completed`);
    }
    return produced;
  }

  private runFuture(
    work: Extract<PendingWork, { kind: 'future' }>,
    testTx: Transaction | null
  ): PendingWork[] {
    const produced: PendingWork[] = [];
    const name = `${work.className}.${work.method} ${work.jobId}`;
    if (this.abortRequested.has(work.jobId)) return produced;
    this.updateJob(work.jobId, { Status: 'Processing' });
    const done = this.inTransaction(work, testTx, 'future', produced, (tx) => {
      if (work.call) this.host.runtime.callMethod(work.call, 'execute', [], tx);
      else this.host.runtime.invokeStatic(work.className, work.method, work.args, tx);
    });
    if (!done.ok) {
      this.finishJob(work.jobId, 'Failed', describeError(done.error), 1);
      this.progress(`future ${name}: failed: ${describeError(done.error)}`);
      if (testTx) rethrowIntoTest(done.error);
    } else {
      this.finishJob(work.jobId, 'Completed', null, 0);
      this.progress(`future ${name}: completed`);
    }
    return produced;
  }

  private deliverEvents(
    work: Extract<PendingWork, { kind: 'events' }>,
    testTx: Transaction | null
  ): PendingWork[] {
    const produced: PendingWork[] = [];
    for (let i = 0; i < work.events.length; i += EVENT_TRIGGER_BATCH_SIZE) {
      const chunk = work.events.slice(i, i + EVENT_TRIGGER_BATCH_SIZE);
      const done = this.inTransaction(work, testTx, 'events', produced, (tx) => {
        this.host.runtime.fireTriggers(work.object, 'after insert', chunk, null, tx);
      });
      if (!done.ok) {
        this.progress(`event ${work.object.name}: trigger failed: ${describeError(done.error)}`);
        if (testTx) rethrowIntoTest(done.error);
      } else {
        this.progress(`event ${work.object.name}: ${chunk.length} delivered`);
      }
    }
    return produced;
  }

  /** The rows a batch start returned: a QueryLocator, a list, or an Apex Iterable. */
  private recordsOf(result: unknown, tx: Transaction): unknown[] {
    if (result instanceof QueryLocatorValue || isQueryLocatorShape(result)) {
      const locator = result as QueryLocatorValue;
      const rows = tx.soql.execute(locator.query, locator.bindValues, {
        accessLevel: locator.accessLevel ?? 'system',
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now(),
        forQueryLocator: true
      });
      if (!Array.isArray(rows))
        throw new Error('unsupported: a COUNT() query as a batch QueryLocator');
      return rows;
    }
    if (result instanceof ApexList) return [...result.items];
    if (
      result &&
      typeof result === 'object' &&
      Array.isArray((result as { records?: unknown }).records)
    ) {
      return [...(result as { records: unknown[] }).records];
    }
    if (
      result &&
      typeof result === 'object' &&
      typeof (result as ApexObjectRef).className === 'string'
    ) {
      // An Apex class implementing Iterable<T>: iterate its Iterator through the runtime.
      const { runtime } = this.host;
      const iterator = runtime.callMethod(
        result as ApexObjectRef,
        'iterator',
        [],
        tx
      ) as ApexObjectRef;
      const items: unknown[] = [];
      while (runtime.callMethod(iterator, 'hasNext', [], tx) === true)
        items.push(runtime.callMethod(iterator, 'next', [], tx));
      return items;
    }
    if (result === null)
      throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
    throw new Error(
      `unsupported: batch start returned ${describeValue(result)} (expected a Database.QueryLocator, a List or an Iterable)`
    );
  }

  // -------------------------------------------------------------------------------------------
  // AsyncApexJob rows
  // -------------------------------------------------------------------------------------------

  private insertJob(
    type: AsyncJobType,
    className: string,
    userId: string,
    methodName?: string
  ): string {
    const { store } = this.host;
    if (!store.insertSystem)
      throw new Error('the record store lacks insertSystem (needed for AsyncApexJob rows)');
    const topLevel = className.split('.')[0];
    return store.insertSystem(
      'AsyncApexJob',
      this.jobFields({
        JobType: type,
        Status: 'Queued',
        ApexClassId: this.host.apexClassId(topLevel),
        MethodName: methodName ?? null,
        JobItemsProcessed: 0,
        TotalJobItems: 0,
        NumberOfErrors: 0,
        CreatedById: userId,
        CreatedDate: this.host.now()
      })
    );
  }

  private updateJob(jobId: string, fields: Record<string, ApexPrimitive | number>): void {
    const { store } = this.host;
    if (!store.updateSystem)
      throw new Error('the record store lacks updateSystem (needed for AsyncApexJob rows)');
    store.updateSystem(jobId, this.jobFields(fields));
  }

  private finishJob(
    jobId: string,
    status: AsyncJobStatus,
    extendedStatus: string | null,
    errors?: number
  ): void {
    const fields: Record<string, ApexPrimitive | number> = {
      Status: status,
      CompletedDate: this.host.now()
    };
    if (extendedStatus !== null) fields.ExtendedStatus = extendedStatus.slice(0, 255);
    if (errors !== undefined) {
      fields.NumberOfErrors = errors;
      fields.TotalJobItems = 1;
      fields.JobItemsProcessed = 1;
    }
    this.updateJob(jobId, fields);
  }

  /** Converts numbers to the field's representation and leaves out fields the schema lacks (warned once). */
  private jobFields(fields: Record<string, ApexPrimitive | number>): Record<string, ApexPrimitive> {
    const def = this.host.schema.getObject('AsyncApexJob');
    if (!def) throw new Error('the schema has no AsyncApexJob object');
    const out: Record<string, ApexPrimitive> = {};
    for (const [name, value] of Object.entries(fields)) {
      const field = def.getField(name);
      if (!field) {
        if (!this.warned.has(name)) {
          this.warned.add(name);
          this.warn(`AsyncApexJob.${name} is not in the schema; the emulator cannot record it`);
        }
        continue;
      }
      out[field.name] = toFieldValue(field, value);
    }
    return out;
  }
}

function asTransaction(tx: TransactionContext): Transaction {
  if (!(tx instanceof Transaction))
    throw new Error('AsyncEngine: the transaction was not created by the emulator org');
  return tx;
}

/** The interpreter's queued @future call: `Owner.method` with the method's info and copied args. */
function futureCallOf(job: ApexObjectRef): { className: string; method: string } | null {
  const candidate = job as ApexObjectRef & {
    method?: { name?: unknown; owner?: unknown };
    args?: unknown;
  };
  if (
    !candidate.method ||
    !Array.isArray(candidate.args) ||
    typeof candidate.method.name !== 'string'
  )
    return null;
  const owner =
    typeof candidate.method.owner === 'string'
      ? candidate.method.owner
      : job.className.split('.')[0];
  return { className: owner, method: candidate.method.name };
}

function isQueryLocatorShape(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    'query' in value &&
    'bindValues' in value &&
    typeof (value as { query: unknown }).query === 'object'
  );
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object')
    return (value as { constructor?: { name?: string } }).constructor?.name ?? 'an object';
  return typeof value;
}

/** The platform's wording in AsyncApexJob.ExtendedStatus: `System.DmlException: Insert failed…`. */
export function describeError(error: unknown): string {
  if (error instanceof ApexUncaughtError) return `${error.apexType}: ${error.apexMessage}`;
  if (error instanceof ApexThrow) return `${error.apexType}: ${error.apexMessage}`;
  if (error instanceof LimitExceededError) return `System.LimitException: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An async failure inside a test surfaces in the test method (at Test.stopTest). */
function rethrowIntoTest(error: unknown): never {
  if (error instanceof ApexUncaughtError) throw new ApexThrow(error.apexType, error.apexMessage);
  throw error;
}
