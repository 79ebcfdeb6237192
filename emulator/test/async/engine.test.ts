import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApexUncaughtError,
  LimitExceededError,
  type SObjectRecord,
  type TransactionContext
} from '../../src/contracts.js';
import { ApexList, ApexThrow } from '../../src/apex/runtime-types.js';
import { Decimal } from '../../src/values.js';
import { openOrg, type OpenedOrg } from '../../src/org/local-org.js';
import {
  AsyncEngine,
  BatchableContextValue,
  QueryLocatorValue,
  TEST_BATCH_MESSAGE
} from '../../src/async/index.js';
import type { RecordStoreImpl } from '../../src/data/index.js';
import { FakeObject, FakeRuntime, fakeParts, FIXTURE_PROJECT } from '../runner/fakes.js';

async function orgWith(runtime: FakeRuntime): Promise<OpenedOrg> {
  return openOrg({
    projectDir: FIXTURE_PROJECT,
    persistDir: null,
    parts: fakeParts(runtime).factory
  });
}

function insertWidgets(opened: OpenedOrg, n: number): void {
  const { org } = opened;
  org.execute((tx) => {
    const records = Array.from({ length: n }, (_, i) =>
      org.store.newRecord('Widget__c', { Name: `w${i}`, Size__c: new Decimal(i) })
    );
    org.store.dml('insert', records, {
      allOrNone: true,
      accessLevel: 'system',
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
  });
}

function job(opened: OpenedOrg, id: string): SObjectRecord {
  const row = opened.org.store.getRecord!(id);
  assert.ok(row, `AsyncApexJob ${id} exists`);
  return row;
}

/** A batch over every Widget__c: execute records sizes seen; chunk 2 fails when failChunk is set. */
function widgetBatch(
  runtime: FakeRuntime,
  name: string,
  options: { stateful?: boolean; failChunk?: number } = {}
) {
  const seen: {
    chunk: number;
    size: number;
    countInState: number;
    limitsQueries: number;
    async: boolean;
  }[] = [];
  const finished: number[] = [];
  runtime.define({
    name,
    interfaces: ['Database.Batchable', ...(options.stateful ? ['Database.Stateful'] : [])],
    methods: {
      start: (self, args, tx) => {
        assert.ok(args[0] instanceof BatchableContextValue);
        self.state.afterStart = true;
        return new QueryLocatorValue(tx.soql.parse('SELECT Id, Size__c FROM Widget__c'), []);
      },
      execute: (self, args, tx) => {
        const scope = args[1] as ApexList;
        self.state.count = ((self.state.count as number) ?? 0) + scope.items.length;
        self.state.chunks = ((self.state.chunks as number) ?? 0) + 1;
        seen.push({
          chunk: seen.length + 1,
          size: scope.items.length,
          countInState: self.state.count as number,
          limitsQueries: tx.limits.used('queries'),
          async: tx.limits.async
        });
        const records = scope.items as SObjectRecord[];
        for (const r of records) r.put('Secret__c', 'done');
        tx.store.dml('update', records, {
          allOrNone: true,
          accessLevel: 'system',
          user: tx.user,
          limits: tx.limits,
          now: () => tx.now()
        });
        if (options.failChunk === seen.length)
          throw new ApexThrow('System.DmlException', 'chunk failed on purpose');
      },
      finish: (self) => {
        assert.equal(self.state.afterStart, true, 'finish sees the state set in start');
        finished.push((self.state.count as number) ?? 0);
      }
    }
  });
  return { seen, finished };
}

test('a batch runs start, one execute per chunk of the scope size in its own transaction, and finish; the job row tracks it', async () => {
  const runtime = new FakeRuntime();
  const { seen, finished } = widgetBatch(runtime, 'WidgetBatch');
  const opened = await orgWith(runtime);
  insertWidgets(opened, 450);
  const { org } = opened;
  const jobId = org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('WidgetBatch'), scopeSize: 200 }, tx)
  );
  assert.equal(job(opened, jobId).get('Status'), 'Queued');
  assert.equal(job(opened, jobId).get('JobType'), 'BatchApex');
  assert.equal(job(opened, jobId).get('ApexClassId'), null, 'no ApexClass row for a fake class');
  assert.equal(org.drainAsync(), 1);
  assert.deepEqual(
    seen.map((s) => s.size),
    [200, 200, 50]
  );
  assert.ok(
    seen.every((s) => s.async && s.limitsQueries === 0),
    'each chunk has fresh async limits'
  );
  const row = job(opened, jobId);
  assert.equal(row.get('Status'), 'Completed');
  assert.equal(Number(row.get('TotalJobItems')), 3);
  assert.equal(Number(row.get('JobItemsProcessed')), 3);
  assert.equal(Number(row.get('NumberOfErrors')), 0);
  assert.ok(row.get('CompletedDate'));
  assert.deepEqual(
    finished,
    [0],
    'a non-Stateful batch finishes with the state as it was after start'
  );
  assert.deepEqual(
    seen.map((s) => s.countInState),
    [200, 200, 50],
    'a non-Stateful batch loses member state between chunks'
  );
});

test('a Database.Stateful batch keeps its member state across chunks and into finish', async () => {
  const runtime = new FakeRuntime();
  const { seen, finished } = widgetBatch(runtime, 'StatefulBatch', { stateful: true });
  const opened = await orgWith(runtime);
  insertWidgets(opened, 450);
  opened.org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('StatefulBatch'), scopeSize: 200 }, tx)
  );
  opened.org.drainAsync();
  assert.deepEqual(
    seen.map((s) => s.countInState),
    [200, 400, 450]
  );
  assert.deepEqual(finished, [450]);
});

test('an uncaught exception in one chunk rolls back that chunk only; the job goes on and counts the error', async () => {
  const runtime = new FakeRuntime();
  widgetBatch(runtime, 'FailingBatch', { failChunk: 2 });
  const opened = await orgWith(runtime);
  insertWidgets(opened, 450);
  const { org } = opened;
  const jobId = org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('FailingBatch'), scopeSize: 200 }, tx)
  );
  org.drainAsync();
  const row = job(opened, jobId);
  assert.equal(row.get('Status'), 'Completed');
  assert.equal(Number(row.get('NumberOfErrors')), 1);
  assert.equal(Number(row.get('JobItemsProcessed')), 3);
  assert.equal(
    row.get('ExtendedStatus'),
    'First error: System.DmlException: chunk failed on purpose'
  );
  const rows = [...(opened.org.store as RecordStoreImpl).table('Widget__c').rows.values()];
  assert.equal(
    rows.filter((r) => r.get('secret__c') === 'done').length,
    250,
    'chunks 1 and 3 committed, chunk 2 rolled back'
  );
});

test('the scope size is capped at 2,000 and must be positive', async () => {
  const runtime = new FakeRuntime();
  const { seen } = widgetBatch(runtime, 'BigBatch');
  const opened = await orgWith(runtime);
  insertWidgets(opened, 2500);
  opened.org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('BigBatch'), scopeSize: 5000 }, tx)
  );
  opened.org.drainAsync();
  assert.deepEqual(
    seen.map((s) => s.size),
    [2000, 500]
  );
  assert.throws(
    () =>
      opened.org.execute((tx) =>
        tx.async.enqueueBatch({ batch: new FakeObject('BigBatch'), scopeSize: 0 }, tx)
      ),
    /must be greater than 0/
  );
});

test('work queued by a transaction that rolls back never runs', async () => {
  const runtime = new FakeRuntime();
  const { seen } = widgetBatch(runtime, 'RolledBack');
  const opened = await orgWith(runtime);
  insertWidgets(opened, 3);
  assert.throws(() =>
    opened.org.execute((tx) => {
      tx.async.enqueueBatch({ batch: new FakeObject('RolledBack'), scopeSize: 200 }, tx);
      throw new Error('boom');
    })
  );
  assert.equal(opened.org.drainAsync(), 0);
  assert.equal(seen.length, 0);
  assert.equal(
    opened.org.systemQuery('SELECT Id FROM AsyncApexJob').length,
    0,
    'the job row rolled back too'
  );
});

test('a batch whose start fails is Failed and finish does not run', async () => {
  const runtime = new FakeRuntime();
  let finished = false;
  runtime.define({
    name: 'BadStart',
    methods: {
      start: () => {
        throw new ApexThrow('System.QueryException', 'bad query');
      },
      finish: () => {
        finished = true;
      }
    }
  });
  const opened = await orgWith(runtime);
  const jobId = opened.org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('BadStart'), scopeSize: 10 }, tx)
  );
  opened.org.drainAsync();
  assert.equal(job(opened, jobId).get('Status'), 'Failed');
  assert.match(
    String(job(opened, jobId).get('ExtendedStatus')),
    /System.QueryException: bad query/
  );
  assert.equal(finished, false);
});

test('start may return a list (Iterable) instead of a QueryLocator', async () => {
  const runtime = new FakeRuntime();
  const sizes: number[] = [];
  runtime.define({
    name: 'ListBatch',
    methods: {
      start: () => new ApexList({ name: 'Integer' }, [1, 2, 3, 4, 5]),
      execute: (_s, args) => {
        sizes.push((args[1] as ApexList).items.length);
      },
      finish: () => undefined
    }
  });
  const opened = await orgWith(runtime);
  opened.org.execute((tx) =>
    tx.async.enqueueBatch({ batch: new FakeObject('ListBatch'), scopeSize: 2 }, tx)
  );
  opened.org.drainAsync();
  assert.deepEqual(sizes, [2, 2, 1]);
});

test('a queueable runs after commit with async limits; it may chain one job, not two', async () => {
  const runtime = new FakeRuntime();
  const ran: string[] = [];
  runtime.define({
    name: 'Step',
    interfaces: ['Queueable'],
    methods: {
      execute: (self, _args, tx) => {
        ran.push(`${self.state.n}:${tx.limits.limit('queueableJobs')}`);
        const n = self.state.n as number;
        if (n < 3) tx.async.enqueueQueueable(new FakeObject('Step', { n: n + 1 }), tx);
        if (n === 3) {
          tx.async.enqueueQueueable(new FakeObject('Step', { n: 10 }), tx);
          tx.async.enqueueQueueable(new FakeObject('Step', { n: 11 }), tx);
        }
      }
    }
  });
  const opened = await orgWith(runtime);
  const first = opened.org.execute((tx) =>
    tx.async.enqueueQueueable(new FakeObject('Step', { n: 1 }), tx)
  );
  opened.org.drainAsync();
  assert.deepEqual(ran, ['1:1', '2:1', '3:1']);
  assert.equal(job(opened, first).get('Status'), 'Completed');
  assert.equal(job(opened, first).get('JobType'), 'Queueable');
  const failed = opened.org
    .systemQuery('SELECT Id, Status, ExtendedStatus FROM AsyncApexJob')
    .filter((r) => r.get('Status') === 'Failed');
  assert.equal(failed.length, 1, 'the third job failed on its second enqueueJob');
  assert.match(
    String(failed[0].get('ExtendedStatus')),
    /Too many queueable jobs added to the queue: 2/
  );
});

test('the queueable is copied when queued: later changes in the enqueuing transaction do not reach it', async () => {
  const runtime = new FakeRuntime();
  const seen: unknown[] = [];
  runtime.define({
    name: 'Copy',
    methods: { execute: (self) => void seen.push(self.state.value) }
  });
  const opened = await orgWith(runtime);
  opened.org.execute((tx) => {
    const q = new FakeObject('Copy', { value: 'before' });
    tx.async.enqueueQueueable(q, tx);
    q.state.value = 'after';
  });
  opened.org.drainAsync();
  assert.deepEqual(seen, ['before']);
});

test('platform events are delivered to the after-insert trigger after commit, in batches of up to 2,000', async () => {
  const runtime = new FakeRuntime();
  const deliveries: { event: string; count: number; isTest: boolean }[] = [];
  runtime.triggers.set('ping__e', (event, records, _old, tx) =>
    deliveries.push({ event, count: records!.length, isTest: tx.isTest })
  );
  const opened = await orgWith(runtime);
  const { org } = opened;
  const results = org.execute((tx) => {
    const events = Array.from({ length: 2500 }, (_, i) =>
      org.store.newRecord('Ping__e', { Note__c: `n${i}` })
    );
    const r = tx.async.publishEvents(events, tx);
    assert.equal(tx.limits.used('dmlStatements'), 1, 'EventBus.publish counts one DML statement');
    assert.equal(deliveries.length, 0, 'nothing delivered before commit');
    return r;
  });
  assert.equal(results.length, 2500);
  assert.ok(
    results.every(
      (r) => r.success && r.id && r.id.startsWith(org.schema.getObject('Ping__e')!.keyPrefix)
    )
  );
  org.drainAsync();
  assert.deepEqual(deliveries, [
    { event: 'after insert', count: 2000, isTest: false },
    { event: 'after insert', count: 500, isTest: false }
  ]);
});

test('publishing a record that is not a platform event fails', async () => {
  const opened = await orgWith(new FakeRuntime());
  const { org } = opened;
  assert.throws(
    () =>
      org.execute((tx) =>
        tx.async.publishEvents([org.store.newRecord('Widget__c', { Name: 'x' })], tx)
      ),
    /not a platform event/
  );
});

test('System.abortJob stops a queued job', async () => {
  const runtime = new FakeRuntime();
  let ran = false;
  runtime.define({ name: 'Abortable', methods: { execute: () => void (ran = true) } });
  const opened = await orgWith(runtime);
  const id = opened.org.execute((tx) => tx.async.enqueueQueueable(new FakeObject('Abortable'), tx));
  opened.org.execute((tx) => tx.async.abortJob(id, tx));
  opened.org.drainAsync();
  assert.equal(ran, false);
  assert.equal(job(opened, id).get('Status'), 'Aborted');
});

// ---------------------------------------------------------------------------------------------
// Inside tests
// ---------------------------------------------------------------------------------------------

function testTx(opened: OpenedOrg): TransactionContext {
  return opened.org.transaction({ isTest: true });
}

test('in a test, work queued between startTest and stopTest runs at stopTest', async () => {
  const runtime = new FakeRuntime();
  const { seen, finished } = widgetBatch(runtime, 'TestBatch');
  const opened = await orgWith(runtime);
  insertWidgets(opened, 150);
  const tx = testTx(opened);
  tx.startTest();
  const jobId = tx.async.enqueueBatch({ batch: new FakeObject('TestBatch'), scopeSize: 200 }, tx);
  assert.equal(seen.length, 0);
  tx.stopTest();
  assert.equal(seen.length, 1);
  assert.deepEqual(finished, [0]);
  assert.equal(job(opened, jobId).get('Status'), 'Completed');
});

test('in a test, a batch with more than one chunk fails at stopTest with the platform message', async () => {
  const runtime = new FakeRuntime();
  widgetBatch(runtime, 'TooBig');
  const opened = await orgWith(runtime);
  insertWidgets(opened, 250);
  const tx = testTx(opened);
  tx.startTest();
  tx.async.enqueueBatch({ batch: new FakeObject('TooBig'), scopeSize: 200 }, tx);
  assert.throws(
    () => tx.stopTest(),
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === 'System.UnexpectedException' &&
      e.apexMessage === TEST_BATCH_MESSAGE
  );
  assert.match(
    TEST_BATCH_MESSAGE,
    /^No more than one executeBatch can be called from within a testmethod\./
  );
});

test('in a test, jobs queued outside startTest/stopTest never run', async () => {
  const runtime = new FakeRuntime();
  let ran = 0;
  runtime.define({ name: 'Q', methods: { execute: () => void ran++ } });
  const opened = await orgWith(runtime);
  const tx = testTx(opened);
  const id = tx.async.enqueueQueueable(new FakeObject('Q'), tx);
  tx.startTest();
  tx.stopTest();
  assert.equal(ran, 0);
  assert.equal(job(opened, id).get('Status'), 'Queued');
});

test('in a test, a queueable cannot chain another ("Maximum stack depth has been reached.")', async () => {
  const runtime = new FakeRuntime();
  runtime.define({
    name: 'Chain',
    methods: {
      execute: (_s, _a, tx) => void tx.async.enqueueQueueable(new FakeObject('Chain'), tx)
    }
  });
  const opened = await orgWith(runtime);
  const tx = testTx(opened);
  tx.startTest();
  tx.async.enqueueQueueable(new FakeObject('Chain'), tx);
  assert.throws(
    () => tx.stopTest(),
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === 'System.AsyncException' &&
      e.apexMessage === 'Maximum stack depth has been reached.'
  );
});

test('in a test, an exception in async work surfaces at stopTest', async () => {
  const runtime = new FakeRuntime();
  runtime.define({
    name: 'Boom',
    methods: {
      execute: () => {
        throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
      }
    }
  });
  const opened = await orgWith(runtime);
  const tx = testTx(opened);
  tx.startTest();
  const id = tx.async.enqueueQueueable(new FakeObject('Boom'), tx);
  assert.throws(
    () => tx.stopTest(),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.NullPointerException'
  );
  assert.equal(job(opened, id).get('Status'), 'Failed');
});

test('in a test, events are delivered at stopTest and by Test.getEventBus().deliver()', async () => {
  const runtime = new FakeRuntime();
  const delivered: number[] = [];
  runtime.triggers.set('ping__e', (_e, records, _o, tx) => {
    assert.equal(tx.isTest, true);
    delivered.push(records!.length);
  });
  const opened = await orgWith(runtime);
  const { org } = opened;
  const tx = org.transaction({ isTest: true });
  tx.async.publishEvents([org.store.newRecord('Ping__e', { Note__c: 'a' })], tx);
  assert.deepEqual(delivered, []);
  tx.deliverTestEvents();
  assert.deepEqual(delivered, [1]);
  tx.startTest();
  tx.async.publishEvents(
    [org.store.newRecord('Ping__e', {}), org.store.newRecord('Ping__e', {})],
    tx
  );
  tx.stopTest();
  assert.deepEqual(delivered, [1, 2]);
});

test('startTest gives fresh limits until stopTest, then the earlier counts come back', async () => {
  const opened = await orgWith(new FakeRuntime());
  const tx = testTx(opened);
  for (let i = 0; i < 90; i++) tx.limits.consume('queries');
  tx.startTest();
  assert.equal(tx.inStartStopTest, true);
  assert.equal(tx.limits.used('queries'), 0);
  for (let i = 0; i < 100; i++) tx.limits.consume('queries');
  assert.throws(() => tx.limits.consume('queries'), LimitExceededError);
  tx.stopTest();
  assert.equal(tx.inStartStopTest, false);
  assert.equal(tx.limits.used('queries'), 90);
  assert.throws(() => tx.startTest(), /Testing already started/);
});

test('an ApexUncaughtError from a job in a test reaches the test as an Apex exception', async () => {
  const runtime = new FakeRuntime();
  runtime.define({
    name: 'Deep',
    methods: {
      execute: () => {
        throw new ApexUncaughtError('MyException', 'custom failure', []);
      }
    }
  });
  const opened = await orgWith(runtime);
  const tx = testTx(opened);
  tx.startTest();
  tx.async.enqueueQueueable(new FakeObject('Deep'), tx);
  assert.throws(
    () => tx.stopTest(),
    (e: unknown) =>
      e instanceof ApexThrow && e.apexType === 'MyException' && e.apexMessage === 'custom failure'
  );
});

test('an @future call runs after commit with async limits, records a Future job, and cannot start another future', async () => {
  const runtime = new FakeRuntime();
  const calls: unknown[] = [];
  runtime.define({
    name: 'Later',
    statics: {
      doIt: (args, tx) => {
        calls.push(args[0]);
        assert.equal(tx.limits.async, true);
        (tx.async as AsyncEngine).enqueueFuture('Later', 'doIt', ['again'], tx);
      }
    }
  });
  const opened = await orgWith(runtime);
  const id = opened.org.execute((tx) =>
    (tx.async as AsyncEngine).enqueueFuture('Later', 'doIt', ['x'], tx)
  );
  assert.deepEqual(calls, []);
  opened.org.drainAsync();
  assert.deepEqual(calls, ['x']);
  const row = job(opened, id);
  assert.equal(row.get('JobType'), 'Future');
  assert.equal(row.get('MethodName'), 'doIt');
  assert.equal(row.get('Status'), 'Failed', 'a future method may not call another');
  assert.match(
    String(row.get('ExtendedStatus')),
    /System\.AsyncException: Future method cannot be called from a future or batch method/
  );
});

test("the interpreter's queued @future call becomes a Future job that runs its execute() with isFuture's job type", async () => {
  const runtime = new FakeRuntime();
  const seen: (string | undefined)[] = [];
  runtime.define({
    name: 'Owner.markLater',
    methods: {
      execute: (_self, _args, tx) => void seen.push((tx as unknown as { jobType?: string }).jobType)
    }
  });
  const opened = await orgWith(runtime);
  const call = Object.assign(new FakeObject('Owner.markLater'), {
    method: { name: 'markLater', owner: 'Owner' },
    args: [] as unknown[]
  });
  const id = opened.org.execute((tx) => {
    const jobId = tx.async.enqueueQueueable(call, tx);
    assert.equal(tx.limits.used('queueableJobs'), 0, 'a future call does not count as a queueable');
    return jobId;
  });
  opened.org.drainAsync();
  assert.deepEqual(seen, ['Future']);
  assert.equal(job(opened, id).get('JobType'), 'Future');
  assert.equal(job(opened, id).get('MethodName'), 'markLater');
  assert.equal(job(opened, id).get('Status'), 'Completed');
});

test('in a test, System.abortJob marks a job queued outside startTest/stopTest Aborted', async () => {
  const runtime = new FakeRuntime();
  runtime.define({ name: 'Idle', methods: { execute: () => undefined } });
  const opened = await orgWith(runtime);
  const tx = testTx(opened);
  const id = tx.async.enqueueQueueable(new FakeObject('Idle'), tx);
  tx.async.abortJob(id, tx);
  assert.equal(job(opened, id).get('Status'), 'Aborted');
});
