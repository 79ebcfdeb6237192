import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmulatorOrgClient, DEFAULT_PERSIST_DIR } from '../lib/org-client.js';
import { applyMessageMode } from '../lib/org-settings.js';
import { queryHint } from '../start.js';

test('a single-object seed turns on Use_Single_Message_Object__c in the org it loads, keeping one org default; two-object changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'converse-settings-'));
  const client = await EmulatorOrgClient.open(process.cwd(), join(dir, 'org'));
  const orgDefaults = async () =>
    client.query(
      'SELECT Use_Single_Message_Object__c, Default_Country__c FROM Converse_Settings__c'
    );

  assert.equal(await applyMessageMode(client, 'two-object'), false);
  assert.equal((await orgDefaults()).length, 0, 'two-object writes no setting');

  assert.equal(await applyMessageMode(client, 'single-object'), true);
  let rows = await orgDefaults();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.Use_Single_Message_Object__c, true);

  // an existing org default is updated, not duplicated, and its other fields kept
  const keep = await client.runApex(
    "Converse_Settings__c s = Converse_Settings__c.getOrgDefaults(); s.Default_Country__c = 'GB'; s.Use_Single_Message_Object__c = false; update s;"
  );
  assert.ok(keep.success, keep.message);
  await applyMessageMode(client, 'single-object');
  rows = await orgDefaults();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.Use_Single_Message_Object__c, true);
  assert.equal(rows[0]?.Default_Country__c, 'GB');
});

test('the closing hint of the local run names the org folder unless it is the default', () => {
  assert.equal(
    queryHint(DEFAULT_PERSIST_DIR),
    'npm run local -- query "SELECT Conversation_Key__c, Message_Count__c, IsUnread__c FROM Conversation__c LIMIT 10"'
  );
  assert.equal(
    queryHint('/tmp/my org'),
    `npm run local -- query "SELECT Conversation_Key__c, Message_Count__c, IsUnread__c FROM Conversation__c LIMIT 10" --org-dir '/tmp/my org'`
  );
  assert.match(queryHint('other'), new RegExp(`--org-dir ${resolve('other')}$`));
});
