/**
 * Async work waiting to run, and the values the async engine hands to Apex
 * (Database.BatchableContext, QueueableContext) or takes from it (Database.QueryLocator).
 */
import type { ApexObjectRef, ObjectDef, ParsedSoql, SObjectRecord } from '../contracts.js';

export type PendingWork =
  | {
      readonly kind: 'batch';
      readonly jobId: string;
      readonly batch: ApexObjectRef;
      readonly scopeSize: number;
      readonly userId: string;
    }
  | {
      readonly kind: 'queueable';
      readonly jobId: string;
      readonly job: ApexObjectRef;
      readonly userId: string;
    }
  | {
      readonly kind: 'future';
      readonly jobId: string;
      readonly className: string;
      readonly method: string;
      readonly args: readonly unknown[];
      readonly userId: string;
      /** The interpreter's queued call object (run with callMethod(call, 'execute')), when it made one. */
      readonly call?: ApexObjectRef;
    }
  | {
      readonly kind: 'events';
      readonly object: ObjectDef;
      readonly events: SObjectRecord[];
      readonly userId: string;
    };

/**
 * The Database.BatchableContext passed to start, execute and finish. The system library's
 * `Database.BatchableContext` methods read it: getJobId() → jobId, getChildJobId() → childJobId.
 */
export class BatchableContextValue {
  /** The interpreter dispatches native instances by this name (apex/runtime-types.ts NativeInstance). */
  readonly apexTypeName = 'Database.BatchableContext';
  constructor(
    readonly jobId: string,
    readonly childJobId: string | null
  ) {}
  getJobId(): string {
    return this.jobId;
  }
  getChildJobId(): string | null {
    return this.childJobId;
  }
}

/** The QueueableContext passed to Queueable.execute: getJobId() → jobId. */
export class QueueableContextValue {
  readonly apexTypeName = 'QueueableContext';
  constructor(readonly jobId: string) {}
  getJobId(): string {
    return this.jobId;
  }
}

/**
 * What Database.getQueryLocator returns: the query, run by the async engine when a batch's
 * start returns it (in the start transaction, counting query-locator rows up to 50 million).
 */
export class QueryLocatorValue {
  readonly apexTypeName = 'Database.QueryLocator';
  constructor(
    readonly query: ParsedSoql,
    readonly bindValues: readonly unknown[],
    readonly accessLevel: 'system' | 'user' = 'system'
  ) {}
}

export const TEST_BATCH_MESSAGE =
  'No more than one executeBatch can be called from within a testmethod. Please make sure the iterable returned from your start method matches the batch size, resulting in one executeBatch invocation.';
