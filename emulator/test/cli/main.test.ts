import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { main, type Io } from '../../src/cli/main.js';
import { parseArgs } from '../../src/cli/args.js';
import { ApexDatetime } from '../../src/values.js';
import { FakeRuntime, fakeParts, FIXTURE_PROJECT } from '../runner/fakes.js';

const PLAN_DIR = 'emulator/test/fixtures/plans';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

function workspace(): { project: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
  const project = join(dir, 'project');
  cpSync(FIXTURE_PROJECT, project, { recursive: true });
  return { project, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('argument parsing: command, positionals, value flags, switches', () => {
  const args = parseArgs([
    'query',
    'SELECT Id FROM Account',
    '--json',
    '--project=/x',
    '--class',
    'A.b'
  ]);
  assert.equal(args.command, 'query');
  assert.deepEqual(args.positionals, ['SELECT Id FROM Account']);
  assert.ok(args.switches.has('json'));
  assert.deepEqual(args.flags.get('project'), ['/x']);
  assert.deepEqual(args.flags.get('class'), ['A.b']);
  assert.throws(() => parseArgs(['test', '--class']), /--class needs a value/);
});

test('--help works for the CLI and for every command; unknown commands and options fail with exit 2', async () => {
  const io = capture();
  assert.equal(await main(['--help'], io), 0);
  assert.match(io.stdout.join('\n'), /Commands:/);
  for (const command of ['test', 'apex', 'query', 'import', 'export', 'reset']) {
    const c = capture();
    assert.equal(await main([command, '--help'], c), 0, command);
    assert.match(c.stdout.join('\n'), /^Usage:/, command);
    assert.match(c.stdout.join('\n'), /--project DIR/, command);
  }
  const unknown = capture();
  assert.equal(await main(['frobnicate'], unknown), 2);
  assert.match(unknown.stderr.join('\n'), /unknown command 'frobnicate'/);
  const badOption = capture();
  assert.equal(await main(['query', 'SELECT Id FROM Account', '--jsn'], badOption), 2);
  assert.match(badOption.stderr.join('\n'), /unknown option --jsn/);
  const noFile = capture();
  assert.equal(await main(['apex'], noFile), 2);
  assert.match(noFile.stderr.join('\n'), /give one file/);
  assert.equal(await main([], capture()), 2);
});

test('a project without sfdx-project.json is a clear error', async () => {
  const io = capture();
  const dir = mkdtempSync(join(tmpdir(), 'emu-empty-'));
  try {
    assert.equal(await main(['query', 'SELECT Id FROM Account', '--project', dir], io), 1);
    assert.match(io.stderr.join('\n'), /no sfdx-project\.json in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import a tree plan, query it from the persisted org, export it, and reset', async () => {
  const { project, cleanup } = workspace();
  const runtime = new FakeRuntime();
  const parts = fakeParts(runtime);
  const deps = { parts: parts.factory };
  try {
    const imported = capture();
    assert.equal(
      await main(
        ['import', join(PLAN_DIR, 'accounts-contacts-plan.json'), '--project', project],
        imported,
        deps
      ),
      0,
      imported.stderr.join('\n')
    );
    assert.match(imported.stdout.join('\n'), /Imported 5 record\(s\): Account 2, Contact 3/);
    assert.ok(existsSync(join(project, '.localorg', 'store.json')));

    // Audit fields are accepted on insert; lookups were resolved from reference ids.
    const acme = [...parts.store!.table('Account').rows.values()].find(
      (r) => r.get('name') === 'Acme Corporation'
    )!;
    assert.ok(
      (acme.get('createddate') as ApexDatetime).equals(
        ApexDatetime.parseIso('2019-03-14T09:30:00.000+0000')
      )
    );
    const ada = [...parts.store!.table('Contact').rows.values()].find(
      (r) => r.get('lastname') === 'Lovelace'
    )!;
    assert.equal(ada.get('accountid'), acme.get('id'));

    const table = capture();
    assert.equal(
      await main(['query', 'SELECT Name, Phone FROM Account', '--project', project], table, deps),
      0
    );
    const text = table.stdout.join('\n');
    assert.match(text, /Name\s+│ Phone/);
    assert.match(text, /Acme Corporation\s+│ \(415\) 555-0100/);
    assert.match(text, /Total number of records retrieved: 2\./);

    const json = capture();
    assert.equal(
      await main(['query', 'SELECT Name FROM Contact', '--json', '--project', project], json, deps),
      0
    );
    const parsed = JSON.parse(json.stdout.join('\n'));
    assert.equal(parsed.totalSize, 3);
    assert.equal(parsed.records[0].attributes.type, 'Contact');

    const count = capture();
    assert.equal(
      await main(['query', 'SELECT COUNT() FROM Contact', '--project', project], count, deps),
      0
    );
    assert.match(count.stdout.join('\n'), /Total number of records retrieved: 3\./);

    const out = join(project, 'export');
    const exported = capture();
    assert.equal(
      await main(
        [
          'export',
          '--query',
          'SELECT Name, Phone, CreatedDate FROM Account',
          '--out',
          out,
          '--project',
          project
        ],
        exported,
        deps
      ),
      0,
      exported.stderr.join('\n')
    );
    const plan = JSON.parse(readFileSync(join(out, 'Account-plan.json'), 'utf8'));
    assert.deepEqual(plan, [
      { sobject: 'Account', saveRefs: false, resolveRefs: false, files: ['Accounts.json'] }
    ]);
    const file = JSON.parse(readFileSync(join(out, 'Accounts.json'), 'utf8'));
    assert.equal(file.records.length, 2);
    assert.equal(file.records[0].attributes.referenceId, 'AccountRef1');
    assert.equal(file.records[0].Id, undefined, 'ids are not exported');

    const reset = capture();
    assert.equal(await main(['reset', '--project', project], reset, deps), 0);
    assert.equal(existsSync(join(project, '.localorg')), false);

    // The exported plan loads into a new org.
    const again = capture();
    assert.equal(
      await main(['import', join(out, 'Account-plan.json'), '--project', project], again, deps),
      0,
      again.stderr.join('\n')
    );
    assert.match(again.stdout.join('\n'), /Imported 2 record\(s\)/);
  } finally {
    cleanup();
  }
});

test('import reports an unknown field or an unresolved reference with the file', async () => {
  const { project, cleanup } = workspace();
  const deps = { parts: fakeParts(new FakeRuntime()).factory };
  try {
    writeFileSync(
      join(project, 'plan.json'),
      JSON.stringify([
        { sobject: 'Contact', saveRefs: false, resolveRefs: true, files: ['c.json'] }
      ])
    );
    writeFileSync(
      join(project, 'c.json'),
      JSON.stringify({
        records: [
          {
            attributes: { type: 'Contact', referenceId: 'C1' },
            LastName: 'x',
            AccountId: '@Missing'
          }
        ]
      })
    );
    const io = capture();
    assert.equal(
      await main(['import', join(project, 'plan.json'), '--project', project], io, deps),
      1
    );
    assert.match(
      io.stderr.join('\n'),
      /c\.json: unresolved reference @Missing for Contact\.AccountId/
    );
    writeFileSync(
      join(project, 'c.json'),
      JSON.stringify({
        records: [
          { attributes: { type: 'Contact', referenceId: 'C1' }, LastName: 'x', Bogus__c: 1 }
        ]
      })
    );
    const io2 = capture();
    assert.equal(
      await main(['import', join(project, 'plan.json'), '--project', project], io2, deps),
      1
    );
    assert.match(io2.stderr.join('\n'), /No such column 'Bogus__c' on sobject of type Contact/);
  } finally {
    cleanup();
  }
});

test('apex: debug lines, commit, then the queued async work runs with progress; an uncaught exception exits 1 and saves nothing', async () => {
  const { project, cleanup } = workspace();
  const runtime = new FakeRuntime();
  let queueableRan = false;
  runtime.define({ name: 'Later', methods: { execute: () => void (queueableRan = true) } });
  const ok = "insert new Widget__c(Name='from apex');";
  runtime.anonymous.set(ok, (_a, tx) => {
    const w = tx.store.newRecord('Widget__c', { Name: 'from apex' });
    tx.store.dml('insert', [w], {
      allOrNone: true,
      accessLevel: 'system',
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
    tx.debug.debug('DEBUG', 'inserted', { file: 'anonymous', line: 1 });
    tx.async.enqueueQueueable({ className: 'Later', state: {} } as never, tx);
  });
  const bad = "insert new Widget__c(Name='rolled back'); throw new X();";
  runtime.anonymous.set(bad, (_a, tx) => {
    const w = tx.store.newRecord('Widget__c', { Name: 'rolled back' });
    tx.store.dml('insert', [w], {
      allOrNone: true,
      accessLevel: 'system',
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
    throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
  });
  const parts = fakeParts(runtime);
  const deps = { parts: parts.factory };
  try {
    writeFileSync(join(project, 'ok.apex'), ok);
    writeFileSync(join(project, 'bad.apex'), bad);
    const io = capture();
    assert.equal(
      await main(['apex', join(project, 'ok.apex'), '--project', project], io, deps),
      0,
      io.stderr.join('\n')
    );
    const out = io.stdout.join('\n');
    assert.match(out, /anonymous:1 DEBUG\|inserted/);
    assert.match(out, /async: queueable Later 707\w+: completed/);
    assert.equal(queueableRan, true);

    const failed = capture();
    assert.equal(
      await main(['apex', join(project, 'bad.apex'), '--project', project], failed, deps),
      1
    );
    assert.match(
      failed.stderr.join('\n'),
      /System\.NullPointerException: Attempt to de-reference a null object\n {2}at AnonymousBlock\.execute/
    );
    const names = [...parts.store!.table('Widget__c').rows.values()].map((r) => r.get('name'));
    assert.deepEqual(names, ['from apex']);
    const jobs = [...parts.store!.table('AsyncApexJob').rows.values()].map((r) => r.get('status'));
    assert.deepEqual(jobs, ['Completed'], 'the job row was saved with its final status');
  } finally {
    cleanup();
  }
});

test('test command: progress lines, report, closing line and exit code', async () => {
  const runtime = new FakeRuntime();
  runtime.define({ name: 'OkTest', testMethods: ['passes'], statics: { passes: () => undefined } });
  const io = capture();
  const code = await main(['test', '--project', FIXTURE_PROJECT, '--no-coverage-gate'], io, {
    parts: fakeParts(runtime).factory
  });
  assert.equal(code, 0, io.stdout.join('\n'));
  assert.match(io.stdout.join('\n'), /PASS {2}OkTest\.passes/);
  assert.equal(io.stdout.join('\n').split('\n').at(-1), '1 passed, 0 failed');
  runtime.coverageData.set('force-app/main/default/classes/WidgetService.cls', {
    executable: new Set([1, 2, 3, 4]),
    covered: new Set([1])
  });
  const gated = capture();
  assert.equal(
    await main(['test', '--project', FIXTURE_PROJECT], gated, {
      parts: fakeParts(runtime).factory
    }),
    1,
    '25% coverage fails the run'
  );
  assert.match(gated.stdout.join('\n'), /coverage is under 75%/);
});

test('the select list gives the output columns: parent paths, subqueries by relationship, aggregates as expr0', async () => {
  const { selectPaths } = await import('../../src/org/records-json.js');
  assert.deepEqual(
    selectPaths('SELECT Name, Account.Owner.Name, (SELECT LastName FROM Contacts) FROM Account'),
    ['Name', 'Account.Owner.Name', 'Contacts']
  );
  assert.deepEqual(
    selectPaths('select COUNT(Id), MAX(Amount) top, StageName from Opportunity group by StageName'),
    ['expr0', 'top', 'StageName']
  );
});

test('the coverage gate applies to whole-suite runs, not to a --class subset', async () => {
  const runtime = new FakeRuntime();
  runtime.define({ name: 'OkTest', testMethods: ['passes'], statics: { passes: () => undefined } });
  runtime.coverageData.set('force-app/main/default/classes/WidgetService.cls', {
    executable: new Set([1, 2, 3, 4]),
    covered: new Set([1])
  });
  const subset = capture();
  assert.equal(
    await main(['test', '--project', FIXTURE_PROJECT, '--class', 'OkTest'], subset, {
      parts: fakeParts(runtime).factory
    }),
    0
  );
  assert.doesNotMatch(subset.stdout.join('\n'), /coverage is under 75%/);
});
