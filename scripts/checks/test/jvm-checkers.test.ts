/**
 * The Java-based checkers over the fixture projects: apex-ls (an Apex type error) and PMD
 * through Code Analyzer (SOQL inside a loop). Each costs seconds per run: apex-ls runs once per
 * fixture, PMD once for both, and every case reads the same results.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it, before } from 'node:test';
import { parseApexLsReport, runApexLs } from '../apex-ls-check.js';
import { errorsIn, type Finding } from '../lib.js';
import { runPmdOver } from '../pmd-check.js';

const BROKEN = path.join(__dirname, 'fixtures', 'broken');
const GOOD = path.join(__dirname, 'fixtures', 'good');
const CLASSES = 'force-app/main/default/classes';

function errorLocations(findings: Finding[]): string[] {
  return errorsIn(findings)
    .map((f) => `${f.file}:${f.line}`)
    .sort();
}

describe('apex-ls stage', () => {
  let broken: Finding[];
  let good: Finding[];
  before(async () => {
    [broken, good] = await Promise.all([runApexLs(BROKEN), runApexLs(GOOD)]);
  });

  it('reports the Apex type error at its line', () => {
    const error = errorsIn(broken).find((f) => f.file === `${CLASSES}/TypeMistake.cls`);
    assert.ok(error, `no error for TypeMistake.cls in ${JSON.stringify(broken)}`);
    assert.equal(error.line, 3);
    assert.match(error.message, /No type declaration found for 'Integr'/);
  });

  it('also reports the unknown SObject type and the class without a meta file', () => {
    assert.deepEqual(errorLocations(broken), [
      `${CLASSES}/BadQueries.cls:5`,
      `${CLASSES}/NoMeta.cls:1`,
      `${CLASSES}/TypeMistake.cls:3`
    ]);
  });

  it('passes the good project', () => {
    assert.deepEqual(good, []);
  });

  it('keeps apex-ls warnings as warnings and fails on its errors', () => {
    const json = JSON.stringify({
      files: [
        {
          path: '/p/force-app/A.cls',
          messages: [
            { start: { line: 2, offset: 1 }, category: 'Warning', message: 'w' },
            { start: { line: 3, offset: 1 }, category: 'Syntax', message: 's' }
          ]
        }
      ]
    });
    assert.deepEqual(
      parseApexLsReport('/p', json).map((f) => `${f.file}:${f.line}:${f.severity}`),
      ['force-app/A.cls:2:warning', 'force-app/A.cls:3:error']
    );
  });
});

describe('PMD stage', () => {
  let broken: Finding[];
  let good: Finding[];
  before(async () => {
    const results = await runPmdOver([BROKEN, GOOD]);
    broken = results.get(BROKEN) ?? [];
    good = results.get(GOOD) ?? [];
  });

  it('reports SOQL inside a loop as a failing finding at the query line', () => {
    const loop = broken.find(
      (f) =>
        f.file === `${CLASSES}/LoopQuery.cls` && f.message.includes('OperationWithLimitsInLoop')
    );
    assert.ok(loop, `no loop finding in ${JSON.stringify(broken)}`);
    assert.equal(loop.line, 5);
    assert.equal(loop.severity, 'error');
  });

  it('fails on nothing else in the broken project (its queries run in user mode)', () => {
    assert.deepEqual(errorLocations(broken), [`${CLASSES}/LoopQuery.cls:5`]);
  });

  it('reports lower-severity rules as warnings', () => {
    const advice = broken.filter((f) => f.message.includes('AvoidNonRestrictiveQueries'));
    assert.ok(advice.length > 0, 'the unrestricted queries of BadQueries.cls are reported');
    assert.ok(advice.every((f) => f.severity === 'warning'));
  });

  it('passes the good project', () => {
    assert.deepEqual(errorsIn(good), []);
  });
});
