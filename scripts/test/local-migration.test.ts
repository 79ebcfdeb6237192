import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalMigration, STEP_ORDER } from '../start.js';
import { EmulatorOrgClient } from '../lib/org-client.js';
import type { MessageMode } from '../lib/org-settings.js';

/**
 * Issue 6: "the expected result equals what the emulator's migration produces for a small
 * generated set". Seeds 300 messages into a private local org, runs steps 1–9 through
 * ConverseMigration (what `npm start` does), and requires every verify check to pass, in
 * both legacy layouts.
 */
for (const mode of ['two-object', 'single-object'] as MessageMode[]) {
  test(
    `the emulator migration of a generated ${mode} set equals expected.json`,
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'converse-e2e-'));
      const lines: string[] = [];
      const progress: string[] = [];
      const checks = await runLocalMigration({
        messages: 300,
        seed: 'e2e',
        mode,
        localDir: join(dir, 'org'),
        outDir: join(dir, 'seed'),
        say: (line) => lines.push(line),
        progress: (step, processed, selected) => progress.push(`${step}:${processed}/${selected}`)
      });
      const failed = checks.filter((check) => !check.passed);
      assert.deepEqual(
        failed.map((check) => `${check.name}: ${check.samples.slice(0, 3).join('; ')}`),
        [],
        lines.join('\n')
      );
      // every step ran, in the checklist order, and reported its counts
      assert.deepEqual(
        progress.map((entry) => Number(entry.split(':')[0])),
        [1, 2, 3, 4, 5, 6, 7, 8, 9]
      );
      const selectedOf = (step: number) =>
        Number(progress.find((entry) => entry.startsWith(`${step}:`))?.split('/')[1]);
      const succeededOf = (step: number) =>
        Number(new RegExp(`step ${step}: .*succeeded (\\d+)`).exec(lines.join('\n'))?.[1]);
      // every step walks all the records of its object and skips what is not for it
      assert.equal(selectedOf(6), selectedOf(1), 'step 6 walks all SMS History');
      if (mode === 'two-object') {
        assert.ok(selectedOf(5) > 0, 'step 5 handles the Incoming SMS records');
        assert.equal(succeededOf(6), 0, 'no incoming messages in SMS History to link');
      } else {
        assert.equal(selectedOf(5), 0, 'no Incoming SMS records');
        assert.ok(selectedOf(6) > 0, 'step 6 handles the incoming SMS History rows');
      }
      assert.ok(checks.length >= 8);

      // Issue 4: "every step run a second time on migrated data changes nothing, creates no
      // record, and reports everything as skipped" (records with an open error are checked
      // again and fail again: nothing was fixed in between).
      const client = await EmulatorOrgClient.open(process.cwd(), join(dir, 'org'));
      const count = async (soql: string) => Number((await client.query(soql)).length);
      const historyBefore = await count('SELECT Id FROM SMSMagic__c');
      const conversationsBefore = await count('SELECT Id FROM Conversation__c');
      for (const step of STEP_ORDER) {
        const openErrors = await count(
          `SELECT Id FROM Migration_Error__c WHERE Step__c = ${step} AND Resolved__c = false`
        );
        const result = await client.runApex(`ConverseMigration.run(${step});`);
        assert.ok(result.success, `re-run of step ${step}: ${result.message}`);
        const [run] = await client.query(
          `SELECT Selected__c, Succeeded__c, Failed__c, Skipped__c FROM Migration_Step_Run__c WHERE Step__c = ${step} ORDER BY CreatedDate DESC, Id DESC LIMIT 1`
        );
        const n = (field: string) => Number(run[field] ?? 0);
        assert.equal(n('Succeeded__c'), 0, `step ${step} changes nothing the second time`);
        assert.equal(n('Failed__c'), openErrors, `step ${step}: only its open errors fail again`);
        assert.equal(
          n('Skipped__c') + n('Failed__c'),
          n('Selected__c'),
          `step ${step}: everything else is reported as skipped`
        );
      }
      assert.equal(await count('SELECT Id FROM SMSMagic__c'), historyBefore, 'no new message');
      assert.equal(
        await count('SELECT Id FROM Conversation__c'),
        conversationsBefore,
        'no new conversation'
      );
    }
  );
}
