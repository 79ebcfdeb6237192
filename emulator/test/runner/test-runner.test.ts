import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TransactionContext } from '../../src/contracts.js';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { openOrg } from '../../src/org/local-org.js';
import {
  formatReport,
  isTestClassSource,
  parseTestFilters,
  runTests
} from '../../src/runner/test-runner.js';
import { FakeRuntime, fakeParts, FIXTURE_PROJECT } from './fakes.js';

const SERVICE = 'force-app/main/default/classes/WidgetService.cls';
const TRIGGER = 'force-app/main/default/triggers/WidgetTrigger.trigger';
const TEST_FILE = 'force-app/main/default/classes/WidgetServiceTest.cls';

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

function count(tx: TransactionContext): number {
  return tx.soql.execute(tx.soql.parse('SELECT COUNT() FROM Widget__c'), [], {
    accessLevel: 'system',
    user: tx.user,
    limits: tx.limits,
    now: () => tx.now()
  }) as number;
}

function assertEquals(expected: unknown, actual: unknown, message: string): void {
  if (expected !== actual)
    throw new ApexThrow(
      'System.AssertException',
      `Assertion Failed: ${message}: Expected: ${expected}, Actual: ${actual}`
    );
}

function runtimeWithTests(): FakeRuntime {
  const runtime = new FakeRuntime();
  runtime.define({
    name: 'WidgetServiceTest',
    file: TEST_FILE,
    setupMethods: ['makeWidgets'],
    testMethods: [
      'inserts_a_third',
      'sees_only_setup_data',
      'fails_on_purpose',
      'checks_the_context'
    ],
    statics: {
      makeWidgets: (_a, tx) => {
        assert.equal(tx.isTest, true);
        insertWidget(tx, 'a');
        insertWidget(tx, 'b');
      },
      inserts_a_third: (_a, tx) => {
        insertWidget(tx, 'c');
        assertEquals(3, count(tx), 'three widgets');
      },
      sees_only_setup_data: (_a, tx) =>
        assertEquals(2, count(tx), 'the other test method left nothing behind'),
      fails_on_purpose: (_a, tx) => {
        tx.debug.debug('DEBUG', 'about to fail', { file: TEST_FILE, line: 20 });
        assertEquals(1, 2, 'one is not two');
      },
      checks_the_context: (_a, tx) => {
        assertEquals(true, tx.isTest, 'isRunningTest');
        assertEquals('System Administrator', tx.user.profileName, 'running user profile');
        assertEquals(false, tx.limits.async, 'a test method runs with synchronous limits');
      }
    }
  });
  runtime.coverageData.set(SERVICE, {
    executable: new Set([2, 3, 4, 5, 7, 10, 11]),
    covered: new Set([2, 3, 4, 5, 7])
  });
  runtime.coverageData.set(TRIGGER, {
    executable: new Set([2, 3, 4]),
    covered: new Set([2, 3, 4])
  });
  runtime.coverageData.set(TEST_FILE, { executable: new Set([1, 2, 3]), covered: new Set() });
  return runtime;
}

async function run(runtime: FakeRuntime, filters: string[] = []) {
  const opened = await openOrg({
    projectDir: FIXTURE_PROJECT,
    persistDir: null,
    parts: fakeParts(runtime).factory
  });
  return { opened, report: runTests(opened, { filters: parseTestFilters(filters) }) };
}

test('each test method starts from the data of @TestSetup, isolated from the other methods', async () => {
  const { report } = await run(runtimeWithTests());
  const outcome = Object.fromEntries(report.results.map((r) => [r.methodName, r.outcome]));
  assert.deepEqual(outcome, {
    inserts_a_third: 'Pass',
    sees_only_setup_data: 'Pass',
    fails_on_purpose: 'Fail',
    checks_the_context: 'Pass'
  });
  assert.equal(report.passed, 3);
  assert.equal(report.failed, 1);
});

test('a failure carries the assertion message, the Apex stack and the last debug lines', async () => {
  const { report } = await run(runtimeWithTests());
  const failure = report.results.find((r) => r.outcome === 'Fail')!;
  assert.match(
    failure.message!,
    /^System\.AssertException: Assertion Failed: one is not two: Expected: 1, Actual: 2/
  );
  assert.match(
    failure.message!,
    /at WidgetServiceTest\.fails_on_purpose \(classes\/WidgetServiceTest\.cls:7\)/
  );
  assert.deepEqual(
    failure.debug!.map((d) => d.message),
    ['about to fail']
  );
});

test('coverage counts non-test classes and triggers, not test classes; the report ends with "N passed, N failed"', async () => {
  const { report } = await run(runtimeWithTests());
  assert.deepEqual(
    report.coverage.map((c) => [c.name, c.covered, c.executable]),
    [
      ['WidgetResizeBatch', 0, 0],
      ['WidgetService', 5, 7],
      ['WidgetTrigger', 3, 3]
    ]
  );
  assert.deepEqual(report.coverage[1].uncoveredLines, [10, 11]);
  assert.equal(report.totalCovered, 8);
  assert.equal(report.totalExecutable, 10);
  const { text, exitCode } = formatReport(report, { coverageGate: true });
  const lines = text.split('\n');
  assert.equal(lines[lines.length - 1], '3 passed, 1 failed');
  assert.ok(
    lines.some((l) => /WidgetService\s+71\.4%\s+\(5\/7\)\s+uncovered: 10-11/.test(l)),
    text
  );
  assert.ok(
    lines.some((l) => /Total\s+80\.0%\s+\(8\/10\)/.test(l)),
    text
  );
  assert.equal(exitCode, 1, 'a failed test fails the run');
});

test('--class Name.method runs one method; all passing with enough coverage exits 0', async () => {
  const { report } = await run(runtimeWithTests(), ['WidgetServiceTest.sees_only_setup_data']);
  assert.deepEqual(
    report.results.map((r) => r.methodName),
    ['sees_only_setup_data']
  );
  assert.equal(formatReport(report, { coverageGate: true }).exitCode, 0);
  assert.match(formatReport(report, { coverageGate: true }).text, /\n1 passed, 0 failed$/);
});

test('coverage under 75% fails the run unless the gate is off', async () => {
  const runtime = runtimeWithTests();
  runtime.coverageData.set(SERVICE, {
    executable: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    covered: new Set([1])
  });
  const { report } = await run(runtime, ['WidgetServiceTest.sees_only_setup_data']);
  const gated = formatReport(report, { coverageGate: true });
  assert.equal(gated.exitCode, 1);
  assert.match(gated.text, /coverage is under 75%/);
  assert.equal(formatReport(report, { coverageGate: false }).exitCode, 0);
});

test('unknown classes or methods in --class are errors, not empty runs', async () => {
  await assert.rejects(
    run(runtimeWithTests(), ['NoSuchTest']),
    /--class NoSuchTest: no @IsTest class/
  );
  await assert.rejects(
    run(runtimeWithTests(), ['WidgetServiceTest.nope']),
    /no test method of that name/
  );
});

test('a failing @TestSetup fails every test method of the class', async () => {
  const runtime = new FakeRuntime();
  runtime.define({
    name: 'BrokenSetupTest',
    setupMethods: ['setup'],
    testMethods: ['a', 'b'],
    statics: {
      setup: () => {
        throw new ApexThrow('System.DmlException', 'Insert failed');
      },
      a: () => undefined,
      b: () => undefined
    }
  });
  const { report } = await run(runtime);
  assert.equal(report.failed, 2);
  assert.match(
    report.results[0].message!,
    /@TestSetup BrokenSetupTest\.setup failed: System\.DmlException: Insert failed/
  );
});

test('parse errors are reported with file:line and fail the run', async () => {
  const runtime = runtimeWithTests();
  runtime.diagnostics = [{ file: SERVICE, line: 3, column: 5, message: "extraneous input ';'" }];
  const { report } = await run(runtime, ['WidgetServiceTest.sees_only_setup_data']);
  const { text, exitCode } = formatReport(report, { coverageGate: true });
  assert.match(
    text,
    /error: force-app\/main\/default\/classes\/WidgetService\.cls:3:5 extraneous input/
  );
  assert.equal(exitCode, 1);
});

test('@IsTest utility classes are left out of coverage', () => {
  const file = (name: string, source: string) => ({
    path: `${name}.cls`,
    absolutePath: `/x/${name}.cls`,
    source,
    kind: 'class' as const,
    name,
    status: 'Active' as const
  });
  assert.equal(
    isTestClassSource(file('TestFactory', '/** builders */\n@IsTest\npublic class TestFactory {}')),
    true
  );
  assert.equal(
    isTestClassSource(file('T2', '@isTest(SeeAllData=false)\nprivate with sharing class T2 {}')),
    true
  );
  assert.equal(
    isTestClassSource(
      file('Service', 'public with sharing class Service { @IsTest static void x() {} }')
    ),
    false
  );
});

test('filters accept several classes separated by commas', () => {
  assert.deepEqual(parseTestFilters(['A,B.m', ' C ']), [
    { className: 'A' },
    { className: 'B', methodName: 'm' },
    { className: 'C' }
  ]);
});
