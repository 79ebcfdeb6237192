import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '../../src/apex/ir-cache.js';
import { decimalToString, parseDecimal } from '../../src/apex/lib/decimal-scale.js';
import { ApexDouble } from '../../src/values.js';
import { harness, TestSystem } from './helpers.js';

test('the IR round-trips through the cache encoding (bigint, Decimal scale, Double, Map, Set)', () => {
  const value = {
    big: 9223372036854775807n,
    dec: parseDecimal('1.50')!,
    dbl: new ApexDouble(2.5),
    map: new Map([['a', new Set([1, 2])]]),
    list: [null, 'x', true]
  };
  const back = decode(JSON.parse(JSON.stringify(encode(value)))) as typeof value;
  assert.equal(back.big, 9223372036854775807n);
  assert.equal(decimalToString(back.dec), '1.50');
  assert.ok(back.dbl instanceof ApexDouble && back.dbl.value === 2.5);
  assert.deepEqual([...back.map.get('a')!], [1, 2]);
  assert.deepEqual(back.list, [null, 'x', true]);
});

test('a second load of the same sources comes from the cache and runs the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apex-ir-cache-'));
  const before = process.env.EMULATOR_CACHE_DIR;
  process.env.EMULATOR_CACHE_DIR = dir;
  try {
    const sources = {
      Price: `public class Price {
        public static Decimal withTax(Decimal net) { return net * 1.20; }
        public static Long big() { return 9000000000L; }
      }`
    };
    const first = harness([TestSystem]);
    first.load(sources);
    assert.equal(readdirSync(dir).length, 1);
    const second = harness([TestSystem]);
    second.load(sources);
    assert.equal(readdirSync(dir).length, 1, 'no new entry: the load was a hit');
    assert.deepEqual(
      second.run(`System.debug(Price.withTax(10.0)); System.debug(Price.big() + 1);`),
      ['12.000', '9000000001']
    );
    assert.deepEqual(second.runtime.testClasses(), first.runtime.testClasses());
  } finally {
    if (before === undefined) delete process.env.EMULATOR_CACHE_DIR;
    else process.env.EMULATOR_CACHE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cached load depends on the sources loaded before it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apex-ir-cache-'));
  const before = process.env.EMULATOR_CACHE_DIR;
  process.env.EMULATOR_CACHE_DIR = dir;
  try {
    const user = {
      User1: `public class User1 { public static Integer read() { return Base1.v; } }`
    };
    const first = harness([TestSystem]);
    first.load({ Base1: `public class Base1 { public static Integer v = 1; }` });
    first.load(user);
    assert.deepEqual(first.run('System.debug(User1.read());'), ['1']);
    const second = harness([TestSystem]);
    second.load({ Base1: `public class Base1 { public static Integer v = 2; }` });
    const entries = readdirSync(dir).length;
    second.load(user);
    // Base1 changed: User1's entry is keyed by it too, so it was translated again.
    assert.equal(readdirSync(dir).length, entries + 1);
    assert.deepEqual(second.run('System.debug(User1.read());'), ['2']);
    const third = harness([TestSystem]);
    third.load({ Base1: `public class Base1 { public Integer v = 3; }` });
    assert.throws(() => third.load(user), /Static field access on instance field/);
  } finally {
    if (before === undefined) delete process.env.EMULATOR_CACHE_DIR;
    else process.env.EMULATOR_CACHE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
});
