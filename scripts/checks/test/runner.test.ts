/**
 * The runner: options, stage order, statuses, the summary line, the exit status, and which
 * test suites run when parts of the project do not exist yet.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseArgs, runStage, stageLine, stagesFor, totalLine } from '../run-all.js';
import { planTestSuites, runTestSuite, testsNotRun } from '../test-runs.js';

const FIXTURES = path.join(__dirname, 'fixtures');
const REPO = path.resolve(__dirname, '..', '..', '..');
const silent = () => undefined;

describe('runner options', () => {
  it('reads --only (repeated or comma-separated), --fix and --root', () => {
    const options = parseArgs(['--only', 'pmd,apex', '--only=metadata', '--fix', '--root', 'x']);
    assert.deepEqual(options.only, ['pmd', 'apex', 'metadata']);
    assert.equal(options.fix, true);
    assert.equal(options.root, path.resolve('x'));
  });

  it('refuses an unknown option', () => {
    assert.throws(() => parseArgs(['--fast']), /unknown option --fast/);
  });

  it('runs the stages in the order of the issue', () => {
    assert.deepEqual(
      stagesFor(path.join(FIXTURES, 'good'), { fix: false }).map((s) => s.id),
      [
        'prettier',
        'eslint',
        'apex',
        'pmd',
        'metadata',
        'lwc',
        'scripts-tests',
        'emulator-tests',
        'apex-tests',
        'apex-conformance'
      ]
    );
  });
});

describe('stage status and summary', () => {
  const stage = (run: () => Promise<never> | Promise<{ findings: never[] }>) => ({
    id: 'x',
    title: 'X',
    run
  });

  it('fails a stage with an error finding, passes one with only warnings', async () => {
    const failing = await runStage(
      {
        id: 'a',
        title: 'A',
        run: async () => ({
          findings: [{ file: 'f', line: 1, message: 'm', severity: 'error' as const }]
        })
      },
      silent
    );
    const warned = await runStage(
      {
        id: 'b',
        title: 'B',
        run: async () => ({
          findings: [{ file: 'f', line: 1, message: 'm', severity: 'warning' as const }]
        })
      },
      silent
    );
    assert.equal(failing.status, 'FAIL');
    assert.equal(warned.status, 'PASS');
    assert.equal(warned.warnings, 1);
  });

  it('fails a stage that crashes, naming the crash', async () => {
    const lines: string[] = [];
    const report = await runStage(
      stage(async () => {
        throw new Error('boom');
      }),
      (l) => lines.push(l)
    );
    assert.equal(report.status, 'FAIL');
    assert.match(lines.join('\n'), /the stage crashed: Error: boom/);
  });

  it('counts not-run and skipped stages apart from passed ones', async () => {
    const reports = await Promise.all([
      runStage(
        stage(async () => ({ findings: [] })),
        silent
      ),
      runStage(
        { id: 'n', title: 'N', run: async () => ({ findings: [], notRun: 'not built' }) },
        silent
      ),
      runStage(
        { id: 's', title: 'S', run: async () => ({ findings: [], skipped: 'nothing' }) },
        silent
      )
    ]);
    assert.deepEqual(
      reports.map((r) => r.status),
      ['PASS', 'NOT RUN', 'SKIPPED']
    );
    assert.equal(totalLine(reports), '1 passed, 0 failed, 2 skipped');
    assert.equal(totalLine(reports.slice(0, 1)), '1 passed, 0 failed');
    assert.match(stageLine(reports[1], 1, 3), /^\[2\/3\] N +NOT RUN .* not built$/);
  });
});

describe('test suites', () => {
  it('does not run the Apex tests while the emulator is not built, and says so', async () => {
    const suites = planTestSuites(path.join(FIXTURES, 'good'));
    const apex = suites.find((s) => s.id === 'apex-tests');
    assert.ok(apex);
    assert.match(apex.notRun ?? '', /emulator not built/);
    const outcome = await runTestSuite(path.join(FIXTURES, 'good'), apex);
    assert.equal(outcome.notRun, apex.notRun);
  });

  it('runs the conformance suite as its own stage, not run while the emulator is not built', () => {
    const conformance = planTestSuites(path.join(FIXTURES, 'good')).find(
      (s) => s.id === 'apex-conformance'
    );
    assert.ok(conformance, 'the conformance suite is a stage of npm test');
    assert.deepEqual(conformance.command.slice(-2), ['--', '--conformance']);
    assert.match(conformance.notRun ?? '', /emulator not built/);
  });

  it('names the tests a passing run did not execute (todo, skip, jest skipped)', () => {
    const output = [
      'ok 1 - phone keys # SKIP',
      'ok 2 - the local migration matches expected.json # TODO waits for the emulator',
      'ok 3 - a real test',
      'Tests:       2 skipped, 60 passed, 62 total'
    ].join('\n');
    assert.deepEqual(testsNotRun(output), [
      'phone keys',
      'the local migration matches expected.json',
      '2 jest tests skipped'
    ]);
    assert.deepEqual(testsNotRun('ok 1 - fine\n# todo 0\n'), []);
  });

  it('skips LWC jest only when there is no lwc folder', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'checks-empty-'));
    try {
      mkdirSync(path.join(empty, 'force-app', 'main', 'default', 'classes'), { recursive: true });
      writeFileSync(path.join(empty, 'force-app', 'main', 'default', 'classes', 'A.cls'), '');
      const lwcIn = (root: string) => planTestSuites(root).find((s) => s.id === 'lwc');
      assert.match(lwcIn(empty)?.skipped ?? '', /no LWC yet/);
      assert.equal(lwcIn(path.join(FIXTURES, 'good'))?.skipped, undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('lists the TypeScript test files itself (node 20 has no --test globs), fixtures excluded', () => {
    const scripts = planTestSuites(REPO).find((s) => s.id === 'scripts-tests');
    assert.ok(scripts);
    assert.ok(scripts.command.includes('scripts/checks/test/runner.test.ts'));
    assert.ok(!scripts.command.some((f) => f.includes('/fixtures/')));
  });
});

describe('npm test as a command', () => {
  it('exits 1, marks each failing stage FAIL and ends with the stage totals', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO, 'scripts/checks/run-all.ts'),
        '--root',
        path.join(FIXTURES, 'broken'),
        '--only',
        'prettier,eslint,metadata'
      ],
      { encoding: 'utf8', cwd: REPO }
    );
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[lines.length - 1], '0 passed, 3 failed');
    const summary = lines.slice(lines.indexOf('== Summary') + 1, -2);
    assert.deepEqual(
      summary.map((l) => l.replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' ')),
      ['[1/3] Prettier FAIL', '[2/3] ESLint FAIL', '[3/3] Metadata FAIL']
    );
    assert.ok(
      lines.includes(
        "force-app/main/default/permissionsets/Gadget_User.permissionset-meta.xml:11: field permission for unknown field 'Gadget__c.Colour__c'"
      ),
      result.stdout
    );
  });

  it('exits 0 on the good project', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO, 'scripts/checks/run-all.ts'),
        '--root',
        path.join(FIXTURES, 'good'),
        '--only',
        'metadata,prettier'
      ],
      { encoding: 'utf8', cwd: REPO }
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed, 0 failed\n$/);
  });
});
