import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexDate, ApexDatetime, ApexDouble, Decimal } from '../../src/values.js';
import { parseDecimal } from '../../src/apex/lib/decimal-scale.js';
import { call, callStatic, fakeContext, list } from './helpers.js';

const S = (target: string, method: string, ...args: unknown[]) =>
  call('String', target, method, args);
const items = (v: unknown) => (v as { items: unknown[] }).items;

function throwsApex(fn: () => unknown, type: string, message?: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexThrow, `expected ApexThrow, got ${String(e)}`);
    assert.equal(e.apexType, type);
    if (typeof message === 'string') assert.equal(e.apexMessage, message);
    else if (message) assert.match(e.apexMessage, message);
    return true;
  });
}

test('String.valueOf formats every primitive as the platform does', () => {
  assert.equal(callStatic('String', 'valueOf', [42]), '42');
  assert.equal(callStatic('String', 'valueOf', [9007199254740993n]), '9007199254740993');
  assert.equal(callStatic('String', 'valueOf', [new ApexDouble(1)]), '1.0');
  assert.equal(callStatic('String', 'valueOf', [new ApexDouble(1.5e10)]), '1.5E10');
  assert.equal(callStatic('String', 'valueOf', [parseDecimal('1.50')]), '1.50');
  assert.equal(callStatic('String', 'valueOf', [new Decimal('0.00000001')]), '1E-8');
  assert.equal(callStatic('String', 'valueOf', [true]), 'true');
  assert.equal(callStatic('String', 'valueOf', [null]), 'null');
  assert.equal(callStatic('String', 'valueOf', [ApexDate.of(2024, 2, 9)]), '2024-02-09');
  // String.valueOf(Datetime) is in the user's zone (America/Los_Angeles: GMT-8 in January); valueOfGmt in GMT.
  const dt = ApexDatetime.ofGmt(2024, 1, 31, 10, 5, 9);
  assert.equal(callStatic('String', 'valueOf', [dt]), '2024-01-31 02:05:09');
  assert.equal(callStatic('String', 'valueOfGmt', [dt]), '2024-01-31 10:05:09');
});

test('blank and empty checks follow StringUtils', () => {
  assert.equal(callStatic('String', 'isBlank', [null]), true);
  assert.equal(callStatic('String', 'isBlank', [' \t\n']), true);
  assert.equal(
    callStatic('String', 'isBlank', ['\u00a0']),
    false,
    'a no-break space is not Java whitespace'
  );
  assert.equal(callStatic('String', 'isNotBlank', ['x']), true);
  assert.equal(callStatic('String', 'isEmpty', ['']), true);
  assert.equal(callStatic('String', 'isEmpty', [' ']), false);
  assert.equal(callStatic('String', 'isNotEmpty', [null]), false);
});

test('join, format and escapeSingleQuotes', () => {
  assert.equal(callStatic('String', 'join', [list(['a', 1, 'c']), '-']), 'a-1-c');
  assert.equal(
    callStatic('String', 'format', ['Hello {0}, {1} is cool', list(['Jason', 'Apex'])]),
    'Hello Jason, Apex is cool'
  );
  assert.equal(callStatic('String', 'format', ['{0} rows', list([1234])]), '1,234 rows');
  assert.equal(
    callStatic('String', 'format', ["Can't {0}", list(['x'])]),
    'Cant {0}',
    'a lone quote opens a literal section'
  );
  assert.equal(callStatic('String', 'format', ["It''s '{0}' {0}", list(['x'])]), "It's {0} x");
  assert.equal(callStatic('String', 'escapeSingleQuotes', ["it's"]), "it\\'s");
  assert.equal(callStatic('String', 'fromCharArray', [list([72, 105])]), 'Hi');
});

test('substring throws StringException with the platform message', () => {
  assert.equal(S('hamburger', 'substring', 4, 8), 'urge');
  assert.equal(S('hamburger', 'substring', 4), 'urger');
  throwsApex(
    () => S('abc', 'substring', 1, 5),
    'System.StringException',
    'Ending position out of bounds: 5'
  );
  throwsApex(
    () => S('abc', 'substring', -1),
    'System.StringException',
    'Starting position out of bounds: -1'
  );
  throwsApex(() => S('abc', 'indexOf', null), 'System.NullPointerException');
});

test('left, right, mid, pads, center, abbreviate', () => {
  assert.equal(S('abcdef', 'left', 3), 'abc');
  assert.equal(S('abc', 'left', 10), 'abc');
  assert.equal(S('abcdef', 'right', 2), 'ef');
  assert.equal(S('abcdef', 'mid', 2, 3), 'cde');
  assert.equal(S('abcdef', 'mid', -2, 3), 'abc');
  assert.equal(S('5', 'leftPad', 3, '0'), '005');
  assert.equal(S('ab', 'rightPad', 5, 'xy'), 'abxyx');
  assert.equal(S('ab', 'center', 6, '*'), '**ab**');
  assert.equal(S('a', 'center', 4), ' a  ');
  assert.equal(S('abcdefghij', 'abbreviate', 6), 'abc...');
  assert.equal(S('abcdefghijklmno', 'abbreviate', 10, 5), '...fghi...');
  throwsApex(
    () => S('abcdef', 'abbreviate', 3),
    'System.StringException',
    'Minimum abbreviation width is 4'
  );
});

test('search methods', () => {
  assert.equal(S('Hello', 'contains', 'ell'), true);
  assert.equal(S('Hello', 'containsIgnoreCase', 'ELL'), true);
  assert.equal(S('Hello', 'containsAny', 'xyzo'), true);
  assert.equal(S('abab', 'containsOnly', 'ab'), true);
  assert.equal(S('abc', 'containsNone', 'xyz'), true);
  assert.equal(S('a b', 'containsWhitespace'), true);
  assert.equal(S('aaaa', 'countMatches', 'aa'), 2);
  assert.equal(S('abcabc', 'lastIndexOf', 'b'), 4);
  assert.equal(S('abcabc', 'indexOf', 'c', 3), 5);
  assert.equal(S('ABC', 'indexOfIgnoreCase', 'b'), 1);
  assert.equal(S('Hello', 'startsWithIgnoreCase', 'he'), true);
  assert.equal(S('Hello', 'endsWith', 'lo'), true);
  assert.equal(S('Hello', 'equals', 'hello'), false);
  assert.equal(S('Hello', 'equalsIgnoreCase', 'hello'), true);
  assert.equal(S('a', 'compareTo', 'b'), -1);
  assert.equal(S('apple', 'compareTo', 'app'), 2);
  assert.equal(S('hello', 'hashCode'), 99162322);
  assert.equal(S('i am a fish', 'difference', 'i am a cat'), 'cat');
});

test('whitespace handling', () => {
  assert.equal(S('  a b  ', 'trim'), 'a b');
  assert.equal(
    S('\u00a0a\u00a0', 'trim'),
    '\u00a0a\u00a0',
    'Java trim only strips chars <= U+0020'
  );
  assert.equal(S('  a   b \n c ', 'normalizeSpace'), 'a b c');
  assert.equal(S(' a b\tc ', 'deleteWhitespace'), 'abc');
});

test('regex methods use Java semantics', () => {
  assert.equal(S('a1b22c', 'replaceAll', '[0-9]+', '#'), 'a#b#c');
  assert.equal(S('John Smith', 'replaceAll', '(\\w+) (\\w+)', '$2, $1'), 'Smith, John');
  assert.equal(S('a.b.c', 'replace', '.', '-'), 'a-b-c');
  assert.equal(S('aaa', 'replaceFirst', 'a', 'b'), 'baa');
  assert.deepEqual(
    items(S('a,b,,c,,', 'split', ',')),
    ['a', 'b', '', 'c'],
    'trailing empty strings removed'
  );
  assert.deepEqual(items(S('a,b,c', 'split', ',', 2)), ['a', 'b,c']);
  assert.deepEqual(items(S('a,b,,', 'split', ',', -1)), ['a', 'b', '', '']);
  assert.deepEqual(items(S('abc', 'split', '')), ['a', 'b', 'c']);
  assert.deepEqual(items(S('', 'split', ',')), ['']);
  assert.deepEqual(items(S('a|b', 'split', '\\|')), ['a', 'b']);
  assert.deepEqual(items(S('a.b', 'split', '.')), [], 'an unescaped dot matches everything');
  assert.deepEqual(
    items(S(',a,,', 'split', ',')),
    ['', 'a'],
    'leading empty kept, trailing removed'
  );
  assert.deepEqual(items(S('a;b;c;d', 'split', ';', 3)), ['a', 'b', 'c;d']);
  assert.equal(callStatic('String', 'isBlank', ['\u2003']), true, 'an em space is Java whitespace');
  assert.equal(S('+1 (555) 010-9999', 'replaceAll', '[^0-9+]', ''), '+15550109999');
  assert.equal(S('abc\n', 'matches', 'abc$'), false, 'matches needs the whole input');
  assert.throws(
    () => S('aaa', 'replaceAll', 'a++', 'b'),
    /unsupported: Java regex construct possessive/
  );
  throwsApex(() => S('aaa', 'replaceAll', '(a', 'b'), 'System.StringException', /Invalid regex/);
  throwsApex(() => S('aaa', 'replaceAll', 'a', '$2'), 'System.StringException', 'No group 2');
});

test('character classes and case', () => {
  assert.equal(S('12345', 'isNumeric'), true);
  assert.equal(S('1.5', 'isNumeric'), false);
  assert.equal(S('', 'isNumeric'), false);
  assert.equal(S('abcÉ', 'isAlpha'), true);
  assert.equal(S('ab12', 'isAlphanumeric'), true);
  assert.equal(S('abc', 'isAllLowerCase'), true);
  assert.equal(S('aBc', 'isAllLowerCase'), false);
  assert.equal(S('hello world', 'capitalize'), 'Hello world');
  assert.equal(S('Hello', 'uncapitalize'), 'hello');
  assert.equal(S('Hello', 'swapCase'), 'hELLO');
  assert.equal(S('abc', 'reverse'), 'cba');
  assert.equal(S('ab', 'repeat', 3), 'ababab');
  assert.equal(S('ab', 'repeat', '-', 3), 'ab-ab-ab');
  assert.deepEqual(items(S('ab12CD', 'splitByCharacterType')), ['ab', '12', 'CD']);
  assert.deepEqual(items(S('fooBarBAZ', 'splitByCharacterTypeCamelCase')), ['foo', 'Bar', 'BAZ']);
  assert.equal(S('A', 'charAt', 0), 65);
  assert.deepEqual(items(S('Hi', 'getChars')), [72, 105]);
});

test('substring helpers from StringUtils', () => {
  assert.equal(S('a.b.c', 'substringBefore', '.'), 'a');
  assert.equal(S('a.b.c', 'substringAfter', '.'), 'b.c');
  assert.equal(S('a.b.c', 'substringBeforeLast', '.'), 'a.b');
  assert.equal(S('a.b.c', 'substringAfterLast', '.'), 'c');
  assert.equal(S('abc', 'substringAfter', 'x'), '');
  assert.equal(S('abc', 'substringBefore', 'x'), 'abc');
  assert.equal(S('<b>x</b>', 'substringBetween', '<b>', '</b>'), 'x');
  assert.equal(S('"x"', 'substringBetween', '"'), 'x');
  assert.equal(S('abc', 'substringBetween', '[', ']'), null);
  assert.equal(S('www.domain.com', 'removeStart', 'www.'), 'domain.com');
  assert.equal(S('www.domain.com', 'removeEnd', '.com'), 'www.domain');
  assert.equal(S('queued', 'remove', 'ue'), 'qd');
});

test('escape and unescape', () => {
  assert.equal(S('a "b" \\ \n é', 'escapeJava'), 'a \\"b\\" \\\\ \\n \\u00E9');
  assert.equal(S("it's </script>", 'escapeEcmaScript'), "it\\'s <\\/script>");
  assert.equal(
    S('<a href="x">&</a> ©', 'escapeHtml4'),
    '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt; &copy;'
  );
  assert.equal(S('&lt;&euro;&#65;&#x42;', 'unescapeHtml4'), '<€AB');
  assert.equal(S("a'b<", 'escapeXml'), 'a&apos;b&lt;');
  assert.equal(S('a,b', 'escapeCsv'), '"a,b"');
  assert.equal(S('say "hi"', 'escapeCsv'), '"say ""hi"""');
  assert.equal(S('"a,b"', 'unescapeCsv'), 'a,b');
  assert.equal(S('\\u00e9\\n', 'unescapeJava'), 'é\n');
});

test('instance format uses the same MessageFormat rules', () => {
  assert.equal(S('{0}-{1}', 'format', list([1.5, 'x'])), '1.5-x');
  assert.equal(
    callStatic('String', 'format', ['{0}', list([new Decimal('1234.5678')])], fakeContext()),
    '1,234.568'
  );
});
