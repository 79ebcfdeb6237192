import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import {
  translateJavaRegex,
  compileJava,
  matchWhole,
  findAll,
  splitJava,
  javaQuote
} from '../../src/apex/lib/java-regex.js';
import { call, callStatic } from './helpers.js';

const items = (v: unknown) => (v as { items: unknown[] }).items;
const whole = (pattern: string, input: string) => matchWhole(compileJava(pattern), input) !== null;

test('Java-only syntax is translated to the same match', () => {
  assert.equal(whole('\\Qa.b\\E', 'a.b'), true);
  assert.equal(whole('\\Qa.b\\E', 'axb'), false);
  assert.equal(whole('(?i)abc', 'ABC'), true);
  assert.equal(whole('\\p{Alpha}+', 'abcXYZ'), true);
  assert.equal(whole('\\p{Punct}', '!'), true);
  assert.equal(whole('\\p{L}+', 'éà'), true);
  assert.equal(whole('\\p{IsLatin}+', 'abc'), true);
  assert.equal(whole('[\\p{Digit}x]+', '12x'), true);
  assert.equal(whole('\\s', '\u00a0'), false, 'Java \\s is ASCII only');
  assert.equal(whole('.', '\u0085'), false, 'Java . excludes NEL');
  assert.equal(whole('(?s).', '\n'), true);
  assert.equal(whole('\\h', '\t'), true);
  assert.equal(whole('a\\Rb', 'a\r\nb'), true);
  assert.equal(whole('\\x{1F600}', '😀'), true);
  assert.equal(whole('\\0101', 'A'), true);
  assert.equal(whole('\\-\\@', '-@'), true, 'identity escapes of non-syntax characters');
  assert.equal(
    findAll(compileJava('^abc$'), 'abc\n').length,
    1,
    "Java's $ matches before a final line terminator"
  );
  assert.equal(findAll(compileJava('(?m)^\\w'), 'a\nb\nc').length, 3);
  assert.equal(findAll(compileJava('\\Aa'), 'aa').length, 1);
});

test('constructs the emulator cannot translate fail loudly', () => {
  for (const p of [
    'a*+',
    'a++',
    'a?+',
    'a{2}+',
    '(?>a)',
    '\\G',
    'a(?i)b',
    '(?i:a)',
    '[a-z&&[^e]]',
    '[a[b]]',
    '(?x)a b',
    '[\\S]'
  ]) {
    assert.throws(() => translateJavaRegex(p), /unsupported: Java regex construct/, p);
  }
  assert.throws(
    () => translateJavaRegex('a)'),
    (e: unknown) => e instanceof ApexThrow && e.apexType === 'System.StringException'
  );
  assert.throws(
    () => translateJavaRegex('*a'),
    (e: unknown) => e instanceof ApexThrow && /Dangling meta character/.test(e.apexMessage)
  );
});

test('split keeps Java rules', () => {
  const re = compileJava(',');
  assert.deepEqual(splitJava(re, ',a,,b,,', 0), ['', 'a', '', 'b']);
  assert.deepEqual(splitJava(re, ',', 0), []);
  assert.deepEqual(
    splitJava(compileJava('(?=[A-Z])'), 'HelloWorld', 0),
    ['Hello', 'World'],
    'no leading empty string for a zero-width match at 0'
  );
  assert.deepEqual(splitJava(re, 'a,b,c', 2), ['a', 'b,c']);
});

test('Pattern.quote matches the literal', () => {
  assert.equal(javaQuote('a\\Eb'), '\\Qa\\E\\\\E\\Qb\\E');
  assert.equal(whole(javaQuote('a\\Eb'), 'a\\Eb'), true);
  assert.equal(
    callStatic('Pattern', 'matches', [callStatic('Pattern', 'quote', ['1+1']), '1+1']),
    true
  );
});

test('Pattern and Matcher: find loop, groups, start and end', () => {
  const p = callStatic('Pattern', 'compile', ['(\\d{3})-(\\d{4})']);
  const m = call('Pattern', p, 'matcher', ['call 555-1234 or 555-9876']);
  const found: string[] = [];
  while (call('Matcher', m, 'find') === true) {
    found.push(
      `${call('Matcher', m, 'group', [1])}/${call('Matcher', m, 'group', [2])}@${call('Matcher', m, 'start')}-${call('Matcher', m, 'end')}`
    );
  }
  assert.deepEqual(found, ['555/1234@5-13', '555/9876@17-25']);
  assert.equal(call('Matcher', m, 'groupCount'), 2);
  assert.throws(
    () => call('Matcher', m, 'group'),
    (e: unknown) => e instanceof ApexThrow && e.apexMessage === 'No match found'
  );
  call('Matcher', m, 'reset');
  assert.equal(call('Matcher', m, 'matches'), false);
  assert.equal(call('Matcher', m, 'lookingAt'), false);
  const m2 = call('Pattern', p, 'matcher', ['555-0000']);
  assert.equal(call('Matcher', m2, 'matches'), true);
  assert.equal(call('Matcher', m2, 'start', [2]), 4);
  assert.throws(
    () => call('Matcher', m2, 'group', [3]),
    (e: unknown) => e instanceof ApexThrow && e.apexMessage === 'No group 3'
  );
  const optional = call('Pattern', callStatic('Pattern', 'compile', ['a(b)?']), 'matcher', ['a']);
  assert.equal(call('Matcher', optional, 'matches'), true);
  assert.equal(call('Matcher', optional, 'group', [1]), null);
  assert.equal(call('Matcher', optional, 'start', [1]), -1);
});

test('Matcher replace and region', () => {
  const p = callStatic('Pattern', 'compile', ['o']);
  const m = call('Pattern', p, 'matcher', ['foo boo']);
  assert.equal(call('Matcher', m, 'replaceAll', ['0']), 'f00 b00');
  assert.equal(call('Matcher', m, 'replaceFirst', ['$0$0']), 'fooo boo');
  call('Matcher', m, 'region', [4, 7]);
  assert.equal(call('Matcher', m, 'find'), true);
  assert.equal(call('Matcher', m, 'start'), 5);
  assert.equal(callStatic('Matcher', 'quoteReplacement', ['$1\\']), '\\$1\\\\');
  assert.deepEqual(
    items(call('Pattern', callStatic('Pattern', 'compile', ['\\s*,\\s*']), 'split', ['a , b,c'])),
    ['a', 'b', 'c']
  );
});
