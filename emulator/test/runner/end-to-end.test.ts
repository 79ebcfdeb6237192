/**
 * The runner with the real schema, store, SOQL engine, Apex runtime and system library, on the
 * fixture project: the whole emulator working together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openOrg } from '../../src/org/local-org.js';
import { formatReport, runTests } from '../../src/runner/test-runner.js';
import { loadProject } from '../../src/index.js';
import { LimitExceededError } from '../../src/contracts.js';
import { formatApexError } from '../../src/org/org.js';
import { FIXTURE_PROJECT } from './fakes.js';

test('the fixture project passes its Apex tests with setup data, isolation, triggers and coverage', async () => {
  const opened = await openOrg({ projectDir: FIXTURE_PROJECT, persistDir: null });
  assert.deepEqual(opened.diagnostics, []);
  const report = runTests(opened);
  assert.deepEqual(
    report.results.map((r) => [r.methodName, r.outcome, r.message ?? '']),
    [
      ['it_doubles_every_size_at_stopTest', 'Pass', ''],
      ['it_sums_the_sizes_of_the_setup_widgets', 'Pass', ''],
      ['it_sees_only_setup_data_after_another_test_inserted', 'Pass', ''],
      ['it_starts_from_the_setup_data_again', 'Pass', '']
    ]
  );
  const byName = Object.fromEntries(report.coverage.map((c) => [c.name, c]));
  assert.equal(
    byName.WidgetTrigger.covered,
    byName.WidgetTrigger.executable,
    'the trigger ran on every line'
  );
  assert.ok(byName.WidgetService.uncoveredLines.length > 0, 'neverCalled() is not covered');
  assert.equal(
    formatReport(report, { coverageGate: true }).text.split('\n').at(-1),
    '4 passed, 0 failed'
  );
});

test('anonymous Apex queues a batch on the real stack; after commit it runs in chunks and the job row tracks it', async () => {
  const local = await loadProject(FIXTURE_PROJECT);
  local.runApex(`
    List<Widget__c> widgets = new List<Widget__c>();
    for (Integer i = 1; i <= 5; i++) widgets.add(new Widget__c(Name = 'w' + i, Size__c = i));
    insert widgets;
    Database.executeBatch(new WidgetResizeBatch(), 2);
  `);
  const lines: string[] = [];
  assert.equal(
    local.drainAsync((l) => lines.push(l)),
    1
  );
  assert.equal(lines.filter((l) => /: chunk \d\/3$/.test(l)).length, 3, lines.join('\n'));
  const sizes = local.query('SELECT Size__c FROM Widget__c ORDER BY Name');
  assert.ok(Array.isArray(sizes));
  assert.deepEqual(
    sizes.map((r) => Number(r.get('Size__c'))),
    [2, 4, 6, 8, 10]
  );
  const [job] = local.query(
    'SELECT Status, JobItemsProcessed, TotalJobItems, NumberOfErrors FROM AsyncApexJob'
  ) as ReturnType<typeof local.org.systemQuery>;
  assert.equal(job.get('Status'), 'Completed');
  assert.equal(Number(job.get('TotalJobItems')), 3);
  assert.equal(Number(job.get('NumberOfErrors')), 0);
});

test('a governor limit hit in anonymous Apex is reported with the Apex line where it was hit', async () => {
  const local = await loadProject(FIXTURE_PROJECT);
  const runaway = [
    'Integer n = 0;',
    'for (Integer i = 0; i < 150; i++) {',
    '    n += [SELECT COUNT() FROM Widget__c];',
    '}'
  ].join('\n');
  let thrown: unknown;
  try {
    local.runApex(runaway);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof LimitExceededError, 'the 101st query throws the LimitException');
  assert.match(
    formatApexError(thrown),
    /^System\.LimitException: Too many SOQL queries: 101\n {2}at AnonymousBlock\.\S+ \(\S+:3\)$/
  );
});
