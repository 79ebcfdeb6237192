import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSfdxProject, triggerHeader } from '../../src/runner/project.js';
import { FIXTURE_PROJECT } from './fakes.js';

test('the project lists the classes and triggers of its package directories, with their status', () => {
  const project = loadSfdxProject(FIXTURE_PROJECT);
  assert.deepEqual(project.packageDirectories, ['force-app']);
  assert.equal(project.apiVersion, '62.0');
  const names = project.apexFiles.map((f) => `${f.kind}:${f.name}`);
  assert.ok(names.includes('class:WidgetService'));
  assert.ok(names.includes('trigger:WidgetTrigger'));
  assert.ok(project.apexFiles.every((f) => f.status === 'Active'));
  assert.equal(
    project.apexFiles.find((f) => f.name === 'WidgetService')!.path,
    'force-app/main/default/classes/WidgetService.cls'
  );
});

test('a missing sfdx-project.json, bad JSON or a missing package directory is a clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-project-'));
  try {
    assert.throws(() => loadSfdxProject(dir), /no sfdx-project\.json in .* \(use --project DIR\)/);
    writeFileSync(join(dir, 'sfdx-project.json'), '{ nope');
    assert.throws(() => loadSfdxProject(dir), /sfdx-project\.json: invalid JSON/);
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'missing' }] })
    );
    assert.throws(() => loadSfdxProject(dir), /package directory 'missing' does not exist/);
    mkdirSync(join(dir, 'src/triggers'), { recursive: true });
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'src' }] })
    );
    writeFileSync(
      join(dir, 'src/triggers/Off.trigger'),
      'trigger Off on Account (before insert) {}'
    );
    writeFileSync(
      join(dir, 'src/triggers/Off.trigger-meta.xml'),
      '<ApexTrigger><status>Inactive</status></ApexTrigger>'
    );
    assert.equal(loadSfdxProject(dir).apexFiles[0].status, 'Inactive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('trigger headers give the object and the events, comments aside', () => {
  assert.deepEqual(
    triggerHeader('/* x */ trigger T on Conversation__c (before insert, after  update) {}'),
    {
      object: 'Conversation__c',
      events: ['before insert', 'after update']
    }
  );
  assert.equal(triggerHeader('public class NotATrigger {}'), null);
});
