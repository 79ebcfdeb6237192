import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalMigration } from '../start.js';

/**
 * Issue 6: "the expected result equals what the emulator's migration produces for a small
 * generated set". Seeds 300 messages into a private local org, runs steps 1–9 through
 * ConverseMigration, and requires every verify check to pass.
 *
 * Marked todo while the emulator's SOSL ignores `"a" OR "b"` searches, so step 5 links no
 * incoming message: the run reports the differences but does not fail the suite. Remove `todo` when
 * it passes.
 */
test(
  'the emulator migration of a generated set equals expected.json',
  {
    todo: 'emulator SOSL returns no rows for FIND \'"a" OR "b"\', so step 5 links no incoming message (docs/scripts.md)',
    timeout: 300_000
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-e2e-'));
    const lines: string[] = [];
    const checks = await runLocalMigration({
      messages: 300,
      seed: 'e2e',
      localDir: join(dir, 'org'),
      outDir: join(dir, 'seed'),
      say: (line) => lines.push(line)
    });
    const failed = checks.filter((check) => !check.passed);
    assert.deepEqual(
      failed.map((check) => `${check.name}: ${check.samples.slice(0, 3).join('; ')}`),
      [],
      lines.join('\n')
    );
  }
);
