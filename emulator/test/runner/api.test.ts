import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexUncaughtError, type TransactionContext } from '../../src/contracts.js';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { loadProject } from '../../src/index.js';
import { FakeObject, FakeRuntime, fakeParts, FIXTURE_PROJECT } from './fakes.js';

function insertWidget(tx: TransactionContext, name: string): void {
  const w = tx.store.newRecord('Widget__c', { Name: name });
  tx.store.dml('insert', [w], {
    allOrNone: true,
    accessLevel: 'system',
    user: tx.user,
    limits: tx.limits,
    now: () => tx.now()
  });
}

test('the TypeScript API: runApex commits, an uncaught exception rolls back, callStatic and query see the data', async () => {
  const runtime = new FakeRuntime();
  runtime.anonymous.set('ok', (_a, tx) => {
    insertWidget(tx, 'kept');
    tx.debug.debug('DEBUG', 'hello', { file: 'AnonymousBlock', line: 1 });
  });
  runtime.anonymous.set('bad', (_a, tx) => {
    insertWidget(tx, 'lost');
    throw new ApexThrow('System.DmlException', 'nope');
  });
  runtime.define({
    name: 'Controller',
    statics: {
      countWidgets: (_a, tx) =>
        tx.soql.execute(tx.soql.parse('SELECT COUNT() FROM Widget__c'), [], {
          accessLevel: 'system',
          user: tx.user,
          limits: tx.limits,
          now: () => tx.now()
        })
    }
  });
  const local = await loadProject(FIXTURE_PROJECT, { parts: fakeParts(runtime).factory });
  assert.deepEqual(
    local.runApex('ok').debug.map((d) => d.message),
    ['hello']
  );
  assert.throws(
    () => local.runApex('bad'),
    (e: unknown) => e instanceof ApexUncaughtError && e.apexType === 'System.DmlException'
  );
  assert.equal(local.callStatic('Controller', 'countWidgets'), 1);
  const rows = local.query('SELECT Name FROM Widget__c');
  assert.ok(Array.isArray(rows));
  assert.deepEqual(
    rows.map((r) => r.get('Name')),
    ['kept']
  );
  assert.equal(local.query('SELECT COUNT() FROM Widget__c'), 1);
});

test('the TypeScript API: drainAsync runs queued work with progress; runTests uses a fresh org', async () => {
  const runtime = new FakeRuntime();
  let ran = 0;
  runtime.define({ name: 'Job', methods: { execute: () => void ran++ } });
  runtime.anonymous.set('queue', (_a, tx) => {
    insertWidget(tx, 'org data');
    tx.async.enqueueQueueable(new FakeObject('Job'), tx);
  });
  runtime.define({
    name: 'SeesNothingTest',
    testMethods: ['no_org_data'],
    statics: {
      no_org_data: (_a, tx) => {
        const n = tx.soql.execute(tx.soql.parse('SELECT COUNT() FROM Widget__c'), [], {
          accessLevel: 'system',
          user: tx.user,
          limits: tx.limits,
          now: () => tx.now()
        });
        if (n !== 0)
          throw new ApexThrow('System.AssertException', `the test saw ${n} widgets of the org`);
      }
    }
  });
  const local = await loadProject(FIXTURE_PROJECT, { parts: fakeParts(runtime).factory });
  local.runApex('queue');
  const progress: string[] = [];
  assert.equal(
    local.drainAsync((l) => progress.push(l)),
    1
  );
  assert.equal(ran, 1);
  assert.match(progress.join('\n'), /queueable Job \w+: completed/);
  const report = await local.runTests('SeesNothingTest');
  assert.equal(report.passed, 1, report.results[0]?.message);
  assert.equal(local.query('SELECT COUNT() FROM Widget__c'), 1, 'the org keeps its data');
});
