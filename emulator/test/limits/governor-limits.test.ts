import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LimitExceededError } from '../../src/contracts.js';
import {
  createGovernorLimits,
  LIMIT_SPECS,
  BATCH_START_QUERY_LOCATOR_ROWS
} from '../../src/limits/index.js';

test('synchronous and asynchronous transactions get the platform numbers', () => {
  const sync = createGovernorLimits({ async: false });
  const asyncLimits = createGovernorLimits({ async: true });
  assert.equal(sync.limit('queries'), 100);
  assert.equal(asyncLimits.limit('queries'), 200);
  assert.equal(sync.limit('queryRows'), 50_000);
  assert.equal(sync.limit('dmlStatements'), 150);
  assert.equal(sync.limit('dmlRows'), 10_000);
  assert.equal(sync.limit('cpuTime'), 10_000);
  assert.equal(asyncLimits.limit('cpuTime'), 60_000);
  assert.equal(sync.limit('heapSize'), 6_000_000, 'Limits.getLimitHeapSize() is 6000000');
  assert.equal(asyncLimits.limit('heapSize'), 12_000_000);
  assert.equal(sync.limit('callouts'), 100);
  assert.equal(sync.limit('queueableJobs'), 50);
  assert.equal(asyncLimits.limit('queueableJobs'), 1);
  assert.equal(sync.limit('queryLocatorRows'), 10_000);
  assert.equal(sync.limit('publishImmediateDml'), 150);
  assert.equal(sync.limit('soslQueries'), 20);
  assert.equal(sync.limit('emailInvocations'), 10);
});

test('the 101st SOQL query throws "Too many SOQL queries: 101"', () => {
  const limits = createGovernorLimits({ async: false });
  for (let i = 0; i < 100; i++) limits.consume('queries');
  assert.equal(limits.used('queries'), 100);
  assert.throws(
    () => limits.consume('queries'),
    (e: unknown) =>
      e instanceof LimitExceededError &&
      e.message === 'Too many SOQL queries: 101' &&
      e.name === 'System.LimitException' &&
      e.limitName === 'queries'
  );
});

test('an async transaction allows 200 queries', () => {
  const limits = createGovernorLimits({ async: true });
  for (let i = 0; i < 200; i++) limits.consume('queries');
  assert.throws(() => limits.consume('queries'), /Too many SOQL queries: 201/);
});

test('row limits count rows, not calls', () => {
  const limits = createGovernorLimits({ async: false });
  limits.consume('dmlRows', 9_999);
  limits.consume('dmlRows', 1);
  assert.throws(() => limits.consume('dmlRows', 1), /Too many DML rows: 10001/);
  limits.consume('queryRows', 50_000);
  assert.throws(() => limits.consume('queryRows'), /Too many query rows: 50001/);
});

test('a batch start may return 50 million query-locator rows, other transactions 10,000', () => {
  const start = createGovernorLimits({ async: true, batchStart: true });
  assert.equal(start.limit('queryLocatorRows'), BATCH_START_QUERY_LOCATOR_ROWS);
  start.consume('queryLocatorRows', 100_000);
  const ordinary = createGovernorLimits({ async: false });
  assert.throws(
    () => ordinary.consume('queryLocatorRows', 10_001),
    /Too many query locator rows: 10001/
  );
});

test('future calls: 50 in sync and queueable transactions, none in batch or future', () => {
  assert.equal(createGovernorLimits({ async: false }).limit('futureCalls'), 50);
  assert.equal(createGovernorLimits({ async: true }).limit('futureCalls'), 0);
  assert.equal(createGovernorLimits({ async: true, futureAllowed: true }).limit('futureCalls'), 50);
});

test('CPU time is estimated from the clock and enforced on the next counted operation', () => {
  let now = 0;
  const limits = createGovernorLimits({ async: false, clock: () => now });
  now = 9_000;
  limits.consume('queries');
  assert.equal(limits.used('cpuTime'), 9_000);
  now = 10_001;
  assert.throws(() => limits.consume('dmlStatements'), /Apex CPU time limit exceeded/);
  assert.throws(() => limits.consume('cpuTime', 0), /Apex CPU time limit exceeded/);
});

test('cpuScale stretches enforcement but Limits.getLimitCpuTime stays the platform number', () => {
  let now = 0;
  const limits = createGovernorLimits({ async: false, clock: () => now, cpuScale: 3 });
  now = 25_000;
  limits.consume('queries');
  assert.equal(limits.limit('cpuTime'), 10_000);
  now = 30_001;
  assert.throws(() => limits.consume('queries'), LimitExceededError);
  const off = createGovernorLimits({ async: false, clock: () => now, cpuScale: Infinity });
  now = 1e9;
  off.consume('queries');
});

test('time spent paused (emulator work) does not count as CPU', () => {
  let now = 0;
  const limits = createGovernorLimits({ async: false, clock: () => now });
  limits.pause(() => {
    now = 50_000;
  });
  assert.equal(limits.used('cpuTime'), 0);
  limits.consume('queries');
});

test('every limit name has a message', () => {
  for (const [name, spec] of Object.entries(LIMIT_SPECS))
    assert.ok(spec.message(1).length > 0, name);
});
