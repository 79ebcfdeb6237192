import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { ApexDouble, Decimal } from '../../src/values.js';
import { parseDecimal, decimalToString } from '../../src/apex/lib/decimal-scale.js';
import { enumValue } from '../../src/apex/lib/enums.js';
import { call, callStatic } from './helpers.js';

const D = (text: string) => parseDecimal(text)!;
const str = (v: unknown) => decimalToString(v as Decimal);

function throwsApex(fn: () => unknown, type: string, message?: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof ApexThrow &&
      e.apexType === type &&
      (message === undefined || e.apexMessage === message)
  );
}

test('Integer and Long valueOf parse as Java does, with the platform TypeException', () => {
  assert.equal(callStatic('Integer', 'valueOf', ['42']), 42);
  assert.equal(callStatic('Integer', 'valueOf', ['-7']), -7);
  throwsApex(
    () => callStatic('Integer', 'valueOf', ['abc']),
    'System.TypeException',
    'Invalid integer: abc'
  );
  throwsApex(
    () => callStatic('Integer', 'valueOf', ['1.0']),
    'System.TypeException',
    'Invalid integer: 1.0'
  );
  throwsApex(
    () => callStatic('Integer', 'valueOf', ['2147483648']),
    'System.TypeException',
    'Invalid integer: 2147483648'
  );
  throwsApex(() => callStatic('Integer', 'valueOf', [' 1']), 'System.TypeException');
  assert.equal(callStatic('Long', 'valueOf', ['9223372036854775807']), 9223372036854775807n);
  throwsApex(() => callStatic('Long', 'valueOf', ['x']), 'System.TypeException', 'Invalid long: x');
  assert.equal(callStatic('Integer', 'valueOf', [D('3.9')]), 3);
  assert.equal(callStatic('Integer', 'valueOf', [null]), null);
});

test('Double and Decimal valueOf', () => {
  assert.deepEqual(callStatic('Double', 'valueOf', [' 1.5e3 ']), new ApexDouble(1500));
  throwsApex(
    () => callStatic('Double', 'valueOf', ['1,5']),
    'System.TypeException',
    'Invalid double: 1,5'
  );
  assert.equal(str(callStatic('Decimal', 'valueOf', ['1.50'])), '1.50');
  assert.equal(
    str(callStatic('Decimal', 'valueOf', [new ApexDouble(1)])),
    '1.0',
    'BigDecimal.valueOf(double) keeps Double.toString digits'
  );
  assert.equal(str(callStatic('Decimal', 'valueOf', [12n])), '12');
  throwsApex(
    () => callStatic('Decimal', 'valueOf', ['abc']),
    'System.TypeException',
    'Invalid decimal: abc'
  );
});

test('format uses en_US grouping', () => {
  assert.equal(call('Integer', 1234567, 'format'), '1,234,567');
  assert.equal(call('Long', -1234n, 'format'), '-1,234');
  assert.equal(call('Decimal', D('1234.5678'), 'format'), '1,234.568');
  assert.equal(call('Double', new ApexDouble(0.5), 'format'), '0.5');
});

test('Decimal scale, setScale and rounding modes', () => {
  assert.equal(call('Decimal', D('1.50'), 'scale'), 2);
  assert.equal(str(call('Decimal', D('1.5'), 'setScale', [3])), '1.500');
  assert.equal(str(call('Decimal', D('2.345'), 'setScale', [2])), '2.35', 'half up by default');
  assert.equal(
    str(call('Decimal', D('2.345'), 'setScale', [2, enumValue('RoundingMode', 'HALF_EVEN')])),
    '2.34'
  );
  assert.equal(
    str(call('Decimal', D('-2.7'), 'setScale', [0, enumValue('RoundingMode', 'CEILING')])),
    '-2'
  );
  throwsApex(
    () => call('Decimal', D('1.25'), 'setScale', [1, enumValue('RoundingMode', 'UNNECESSARY')]),
    'System.MathException'
  );
  // Apex Reference RoundingMode table: 5.5 → HALF_EVEN 6, 2.5 → HALF_EVEN 2, -2.5 → HALF_DOWN -2.
  assert.equal(call('Decimal', D('5.5'), 'round', [enumValue('RoundingMode', 'HALF_EVEN')]), 6n);
  assert.equal(call('Decimal', D('2.5'), 'round'), 2n, 'round() is half-even');
  assert.equal(call('Decimal', D('-2.5'), 'round', [enumValue('RoundingMode', 'HALF_DOWN')]), -2n);
  assert.equal(call('Decimal', D('123.123'), 'precision'), 6);
  assert.equal(str(call('Decimal', D('19'), 'divide', [100, 3])), '0.190');
  throwsApex(
    () => call('Decimal', D('1'), 'divide', [0, 2]),
    'System.MathException',
    'Divide by 0'
  );
  assert.equal(str(call('Decimal', D('1.500'), 'stripTrailingZeros')), '1.5');
  assert.equal(str(call('Decimal', D('100'), 'stripTrailingZeros')), '1E+2');
  assert.equal(call('Decimal', D('1E+3'), 'toPlainString'), '1000');
  assert.equal(str(call('Decimal', D('1.1'), 'pow', [2])), '1.21');
  assert.equal(call('Decimal', D('-3.99'), 'intValue'), -3);
  assert.equal(call('Decimal', D('12345678901.2'), 'longValue'), 12345678901n);
});

test('Math keeps the argument types', () => {
  assert.equal(callStatic('Math', 'abs', [-5]), 5);
  assert.equal(callStatic('Math', 'abs', [-5n]), 5n);
  assert.equal(str(callStatic('Math', 'abs', [D('-1.50')])), '1.50');
  assert.equal(callStatic('Math', 'max', [3, 7]), 7);
  assert.equal(callStatic('Math', 'max', [3, 7n]), 7n);
  assert.equal(String(callStatic('Math', 'min', [new ApexDouble(1.5), 2])), '1.5');
  assert.equal(callStatic('Math', 'mod', [-7, 3]), -1, 'sign of the dividend, as Java');
  throwsApex(() => callStatic('Math', 'mod', [1, 0]), 'System.MathException');
  assert.equal(
    callStatic('Math', 'round', [new ApexDouble(-2.5)]),
    -2,
    'Java Math.round: floor(x + 0.5)'
  );
  assert.equal(callStatic('Math', 'round', [new ApexDouble(2.5)]), 3);
  assert.equal(callStatic('Math', 'round', [D('2.5')]), 2, 'Decimal: half-even');
  assert.equal(callStatic('Math', 'roundToLong', [new ApexDouble(1e12 + 0.6)]), 1000000000001n);
  assert.equal(str(callStatic('Math', 'floor', [D('-1.5')])), '-2');
  assert.equal(String(callStatic('Math', 'ceil', [new ApexDouble(1.2)])), '2.0');
  assert.equal(String(callStatic('Math', 'pow', [2, 10])), '1024.0');
  assert.equal(String(callStatic('Math', 'sqrt', [new ApexDouble(16)])), '4.0');
  const r = (callStatic('Math', 'random', []) as ApexDouble).value;
  assert.ok(r >= 0 && r < 1);
});

test('Boolean.valueOf', () => {
  assert.equal(callStatic('Boolean', 'valueOf', ['TRUE']), true);
  assert.equal(callStatic('Boolean', 'valueOf', ['yes']), false);
});
