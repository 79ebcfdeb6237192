import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LimitExceededError } from '../../src/contracts.js';
import { TransactionLimits } from '../../src/limits/governor-limits.js';
import { limitErrorStack } from '../../src/apex/index.js';
import { harness, type Harness } from './helpers.js';

/** The harness with the real governor limits (6 MB synchronous heap, 12 MB asynchronous). */
function limited(async = false): Harness {
  const h = harness();
  Object.assign(h.tx, { limits: new TransactionLimits({ async, cpuScale: Infinity }) });
  return h;
}

function heapFailure(h: Harness, source: string): { bytes: number; err: LimitExceededError } {
  let caught: unknown = null;
  try {
    h.run(source);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof LimitExceededError, `expected a heap LimitException, got ${caught}`);
  assert.equal(caught.limitName, 'heapSize');
  const m = /^Apex heap size too large: (\d+)$/.exec(caught.message);
  assert.ok(m, caught.message);
  return { bytes: Number(m[1]), err: caught };
}

test('a runaway list of strings hits the heap limit near 6,000,000 bytes, uncatchable, with the stack', () => {
  const h = limited();
  h.load({
    Hoarder: `public class Hoarder {
      public static void hoard() {
        List<String> grow = new List<String>();
        try {
          while (true) {
            grow.add('x'.repeat(1000) + grow.size());
          }
        } catch (Exception e) {
          System.debug('caught');
        }
      }
    }`
  });
  const { bytes, err } = heapFailure(h, `Hoarder.hoard();`);
  assert.ok(bytes > 6_000_000 && bytes < 6_600_000, `estimate ${bytes}`);
  assert.deepEqual(h.tx.output, []);
  assert.equal(limitErrorStack(err)[0].className, 'Hoarder');
});

test('maps of records and nested lists count too; the asynchronous limit is 12,000,000', () => {
  const h = limited(true);
  const { bytes } = heapFailure(
    h,
    `Map<Integer, Account> byIndex = new Map<Integer, Account>();
    List<List<String>> rows = new List<List<String>>();
    for (Integer i = 0; ; i++) {
      byIndex.put(i, new Account(Name = 'Account number ' + i, Description = 'd'.repeat(200)));
      rows.add(new List<String>{ 'a'.repeat(100) + i, 'b'.repeat(100) });
    }`
  );
  assert.ok(bytes > 12_000_000 && bytes < 13_200_000, `estimate ${bytes}`);
});

test('ordinary code stays far below the limit and Limits.getHeapSize reports the estimate', () => {
  const h = limited();
  const lines = h.run(`List<String> names = new List<String>();
    for (Integer i = 0; i < 40000; i++) { names.add('n' + i); if (names.size() > 100) names.clear(); }
    System.debug(Limits.getHeapSize());`);
  const used = Number(lines[0]);
  assert.ok(used > 0 && used < 100_000, `heap ${used}`);
});
