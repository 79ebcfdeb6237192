import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalMigration } from '../start.js';
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
    }
  );
}
