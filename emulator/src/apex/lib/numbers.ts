/**
 * Integer, Long, Double, Decimal, Boolean and Math. Values per values.ts: Integer = int32
 * number, Long = bigint, Double = ApexDouble, Decimal = decimal.js with the scale of
 * decimal-scale.ts.
 */
import type { NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexThrow } from '../runtime-types.js';
import { ApexDouble, Decimal } from '../../values.js';
import { T, int, noOverload, nullPointer, throwApex } from './util.js';
import {
  decimalPrecision,
  decimalToPlainString,
  parseDecimal,
  scaleOf,
  stripTrailingZeros,
  withScale
} from './decimal-scale.js';
import { formatNumberEnUs } from './message-format.js';
import { formatDouble } from './format.js';
import { enumName } from './enums.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function typeException(message: string): never {
  return throwApex('System.TypeException', message);
}

/** Java Integer.parseInt / Long.parseLong: optional sign, ASCII digits, no spaces. */
function parseJavaInteger(text: string, min: bigint, max: bigint): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const value = BigInt(text);
  return value < min || value > max ? null : value;
}

/** Java Double.parseDouble: trims, accepts exponents, NaN, Infinity, a trailing d/f/D/F. */
export function parseJavaDouble(text: string): number | null {
  const t = text.trim();
  if (/^[+-]?(NaN|Infinity)$/.test(t)) return Number(t.replace('+', ''));
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) return null;
  return Number(t.replace(/[dDfF]$/, ''));
}

export function toDecimalValue(value: unknown): Decimal {
  if (Decimal.isDecimal(value)) return value as Decimal;
  if (typeof value === 'number') return withScale(new Decimal(value), 0);
  if (typeof value === 'bigint') return withScale(new Decimal(value.toString()), 0);
  if (value instanceof ApexDouble) return decimalFromDouble(value.value);
  throw new TypeError(`expected a number, got ${String(value)}`);
}

/** Decimal.valueOf(Double): BigDecimal.valueOf(double), i.e. the digits of Double.toString (1.0 has scale 1). */
export function decimalFromDouble(value: number): Decimal {
  if (!Number.isFinite(value))
    throwApex('System.TypeException', `Invalid decimal: ${formatDouble(value)}`);
  return parseDecimal(formatDouble(value))!;
}

/** Java (int) narrowing of a long: the low 32 bits. */
function longToInt(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** Java (int)/(long) cast of a double: truncation, saturating, NaN → 0. */
function doubleToLong(value: number): bigint {
  if (Number.isNaN(value)) return 0n;
  const t = Math.trunc(value);
  if (t >= 9.223372036854776e18) return LONG_MAX;
  if (t <= -9.223372036854776e18) return LONG_MIN;
  return BigInt(t);
}
function doubleToInt(value: number): number {
  if (Number.isNaN(value)) return 0;
  const t = Math.trunc(value);
  return t > INT_MAX ? INT_MAX : t < INT_MIN ? INT_MIN : t;
}

function decimalToLong(value: Decimal): bigint {
  return BigInt.asIntN(64, BigInt(value.trunc().toFixed(0)));
}

export function roundingMode(value: unknown): Decimal.Rounding | 'UNNECESSARY' {
  const name = enumName(value);
  if (name === null) nullPointer();
  switch (name.toUpperCase()) {
    case 'CEILING':
      return Decimal.ROUND_CEIL;
    case 'DOWN':
      return Decimal.ROUND_DOWN;
    case 'FLOOR':
      return Decimal.ROUND_FLOOR;
    case 'HALF_DOWN':
      return Decimal.ROUND_HALF_DOWN;
    case 'HALF_EVEN':
      return Decimal.ROUND_HALF_EVEN;
    case 'HALF_UP':
      return Decimal.ROUND_HALF_UP;
    case 'UP':
      return Decimal.ROUND_UP;
    case 'UNNECESSARY':
      return 'UNNECESSARY';
  }
  throw new TypeError(`unknown RoundingMode ${name}`);
}

function roundTo(value: Decimal, scale: number, mode: Decimal.Rounding | 'UNNECESSARY'): Decimal {
  if (mode === 'UNNECESSARY') {
    const exact = withScale(value, scale, Decimal.ROUND_DOWN);
    if (!exact.eq(value)) throwApex('System.MathException', 'Rounding necessary');
    return exact;
  }
  return withScale(value, scale, mode);
}

function decimalToLongRounded(value: Decimal, mode: Decimal.Rounding | 'UNNECESSARY'): bigint {
  return decimalToLong(roundTo(value, 0, mode));
}

/** Java Math.round(double): floor(x + 0.5). */
function javaRound(value: number): number {
  return Math.floor(value + 0.5);
}

const selfNumber = (self: unknown): unknown => {
  if (self === null || self === undefined) nullPointer();
  return self;
};

// ------------------------------------------------------------------------------------------------

const integerClass: NativeClass = {
  name: 'Integer',
  staticMethods: {
    valueof(_self, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') {
        const parsed = parseJavaInteger(v, BigInt(INT_MIN), BigInt(INT_MAX));
        if (parsed === null) typeException(`Invalid integer: ${v}`);
        return Number(parsed);
      }
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return longToInt(v);
      if (v instanceof ApexDouble) return doubleToInt(v.value);
      if (Decimal.isDecimal(v)) return longToInt(decimalToLong(v as Decimal));
      return noOverload('Integer', 'valueOf', args, ctx);
    }
  },
  instanceMethods: {
    format: (self) => formatNumberEnUs(new Decimal(selfNumber(self) as number)),
    intvalue: (self) => selfNumber(self),
    longvalue: (self) => BigInt(selfNumber(self) as number),
    doublevalue: (self) => new ApexDouble(selfNumber(self) as number)
  },
  returnTypes: {
    valueof: T.Integer,
    format: T.String,
    intvalue: T.Integer,
    longvalue: T.Long,
    doublevalue: T.Double
  }
};

const longClass: NativeClass = {
  name: 'Long',
  staticMethods: {
    valueof(_self, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') {
        const parsed = parseJavaInteger(v, LONG_MIN, LONG_MAX);
        if (parsed === null) typeException(`Invalid long: ${v}`);
        return parsed;
      }
      if (typeof v === 'number') return BigInt(v);
      if (typeof v === 'bigint') return v;
      if (v instanceof ApexDouble) return doubleToLong(v.value);
      if (Decimal.isDecimal(v)) return decimalToLong(v as Decimal);
      return noOverload('Long', 'valueOf', args, ctx);
    }
  },
  instanceMethods: {
    format: (self) => formatNumberEnUs(new Decimal((selfNumber(self) as bigint).toString())),
    intvalue: (self) => longToInt(selfNumber(self) as bigint),
    longvalue: (self) => selfNumber(self),
    doublevalue: (self) => new ApexDouble(Number(selfNumber(self) as bigint))
  },
  returnTypes: {
    valueof: T.Long,
    format: T.String,
    intvalue: T.Integer,
    longvalue: T.Long,
    doublevalue: T.Double
  }
};

const dbl = (self: unknown): number => (selfNumber(self) as ApexDouble).value;

const doubleClass: NativeClass = {
  name: 'Double',
  staticMethods: {
    valueof(_self, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') {
        const parsed = parseJavaDouble(v);
        if (parsed === null) typeException(`Invalid double: ${v}`);
        return new ApexDouble(parsed);
      }
      if (typeof v === 'number') return new ApexDouble(v);
      if (typeof v === 'bigint') return new ApexDouble(Number(v));
      if (v instanceof ApexDouble) return v;
      if (Decimal.isDecimal(v)) return new ApexDouble((v as Decimal).toNumber());
      return noOverload('Double', 'valueOf', args, ctx);
    }
  },
  instanceMethods: {
    format: (self) => {
      const v = dbl(self);
      if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '-∞';
      return formatNumberEnUs(new Decimal(v));
    },
    intvalue: (self) => doubleToInt(dbl(self)),
    longvalue: (self) => doubleToLong(dbl(self)),
    doublevalue: (self) => selfNumber(self),
    round: (self) => doubleToLong(javaRound(dbl(self)))
  },
  returnTypes: {
    valueof: T.Double,
    format: T.String,
    intvalue: T.Integer,
    longvalue: T.Long,
    doublevalue: T.Double,
    round: T.Long
  }
};

const dec = (self: unknown): Decimal => selfNumber(self) as Decimal;

const decimalMethods: Record<string, NativeMethod> = {
  abs: (self) => withScale(dec(self).abs(), scaleOf(dec(self))),
  divide(self, args) {
    const divisor = args[0];
    if (divisor === null || divisor === undefined) nullPointer();
    const d = toDecimalValue(divisor);
    if (d.isZero()) throwApex('System.MathException', 'Divide by 0');
    const scale = int(args, 1);
    const mode = args.length > 2 ? roundingMode(args[2]) : Decimal.ROUND_HALF_UP;
    const quotient = dec(self).div(d);
    return roundTo(quotient, scale, mode);
  },
  doublevalue: (self) => new ApexDouble(dec(self).toNumber()),
  format: (self) => formatNumberEnUs(dec(self)),
  intvalue: (self) => longToInt(decimalToLong(dec(self))),
  longvalue: (self) => decimalToLong(dec(self)),
  pow(self, args) {
    const exponent = int(args, 0);
    if (exponent < 0 || exponent > 32767)
      throw new Error(
        `unsupported: Decimal.pow with exponent ${exponent} (only 0..32767 is emulated)`
      );
    if (exponent === 0) return withScale(new Decimal(1), 0);
    return withScale(dec(self).pow(exponent), scaleOf(dec(self)) * exponent);
  },
  precision: (self) => decimalPrecision(dec(self)),
  round(self, args) {
    // Decimal.round(): zero decimal places, half-even (Apex Reference, Decimal.round()).
    const mode = args.length > 0 ? roundingMode(args[0]) : Decimal.ROUND_HALF_EVEN;
    return decimalToLongRounded(dec(self), mode);
  },
  scale: (self) => scaleOf(dec(self)),
  setscale(self, args) {
    // setScale(scale): half-up when digits are dropped (Apex Reference, Decimal.setScale).
    const scale = int(args, 0);
    const mode = args.length > 1 ? roundingMode(args[1]) : Decimal.ROUND_HALF_UP;
    return roundTo(dec(self), scale, mode);
  },
  striptrailingzeros: (self) => stripTrailingZeros(dec(self)),
  toplainstring: (self) => decimalToPlainString(dec(self)),
  intvalueexact: (self) => {
    const d = dec(self);
    if (!d.isInteger() || d.gt(INT_MAX) || d.lt(INT_MIN))
      throwApex('System.MathException', 'Rounding necessary');
    return d.toNumber();
  }
};

const decimalClass: NativeClass = {
  name: 'Decimal',
  staticMethods: {
    valueof(_self, args, ctx) {
      const v = args[0];
      if (v === null || v === undefined) return nullPointer('Argument cannot be null');
      if (typeof v === 'string') {
        // new BigDecimal(String): no surrounding whitespace allowed.
        const parsed = v.trim() === v ? parseDecimal(v) : null;
        if (parsed === null) typeException(`Invalid decimal: ${v}`);
        return parsed;
      }
      if (
        typeof v === 'number' ||
        typeof v === 'bigint' ||
        v instanceof ApexDouble ||
        Decimal.isDecimal(v)
      )
        return toDecimalValue(v);
      return noOverload('Decimal', 'valueOf', args, ctx);
    }
  },
  instanceMethods: decimalMethods,
  returnTypes: {
    valueof: T.Decimal,
    abs: T.Decimal,
    divide: T.Decimal,
    doublevalue: T.Double,
    format: T.String,
    intvalue: T.Integer,
    longvalue: T.Long,
    pow: T.Decimal,
    precision: T.Integer,
    round: T.Long,
    scale: T.Integer,
    setscale: T.Decimal,
    striptrailingzeros: T.Decimal,
    toplainstring: T.String,
    intvalueexact: T.Integer
  }
};

const booleanClass: NativeClass = {
  name: 'Boolean',
  staticMethods: {
    valueof(_self, args) {
      const v = args[0];
      if (v === null || v === undefined) return null;
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') return v.toLowerCase() === 'true';
      throw new ApexThrow(
        'System.TypeException',
        `Invalid conversion from runtime type to Boolean`
      );
    }
  },
  returnTypes: { valueof: T.Boolean }
};

// ------------------------------------------------------------------------------------------------
// Math
// ------------------------------------------------------------------------------------------------

/** The numeric kind of a runtime value: 0 Integer, 1 Long, 2 Double, 3 Decimal. */
function kind(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'bigint') return 1;
  if (v instanceof ApexDouble) return 2;
  if (Decimal.isDecimal(v)) return 3;
  if (v === null || v === undefined) nullPointer();
  throw new TypeError(`expected a number, got ${String(v)}`);
}

function asDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.value;
  return (v as Decimal).toNumber();
}

const KIND_TYPES = [T.Integer, T.Long, T.Double, T.Decimal];
function typeKind(t: TypeRef | undefined): number {
  const i = KIND_TYPES.findIndex((k) => k.name.toLowerCase() === t?.name.toLowerCase());
  return i < 0 ? 3 : i;
}
const sameAsWidest = (argTypes: readonly TypeRef[]): TypeRef =>
  KIND_TYPES[Math.max(...argTypes.map(typeKind), 0)];
const decimalOrDouble = (argTypes: readonly TypeRef[]): TypeRef =>
  typeKind(argTypes[0]) === 3 ? T.Decimal : T.Double;

function fromDoubleOrDecimal(
  arg: unknown,
  fnDouble: (x: number) => number,
  fnDecimal?: (x: Decimal) => Decimal
): unknown {
  if (kind(arg) === 3) {
    return fnDecimal
      ? fnDecimal(arg as Decimal)
      : decimalFromDouble(fnDouble((arg as Decimal).toNumber()));
  }
  return new ApexDouble(fnDouble(asDouble(arg)));
}

function minMax(args: readonly unknown[], pickFirst: (cmp: number) => boolean): unknown {
  const [a, b] = args;
  const k = Math.max(kind(a), kind(b));
  switch (k) {
    case 0:
      return pickFirst((a as number) - (b as number)) ? a : b;
    case 1: {
      const x = BigInt(a as number | bigint);
      const y = BigInt(b as number | bigint);
      return pickFirst(x < y ? -1 : x > y ? 1 : 0) ? x : y;
    }
    case 2: {
      const x = asDouble(a);
      const y = asDouble(b);
      return new ApexDouble(pickFirst(x - y) ? x : y);
    }
    default: {
      const x = toDecimalValue(a);
      const y = toDecimalValue(b);
      return pickFirst(x.comparedTo(y)) ? x : y;
    }
  }
}

const unaryDouble =
  (fn: (x: number) => number): NativeMethod =>
  (_self, args) =>
    fromDoubleOrDecimal(args[0], fn);

const mathStatic: Record<string, NativeMethod> = {
  abs(_self, args) {
    const v = args[0];
    switch (kind(v)) {
      case 0:
        return Math.abs(v as number) | 0;
      case 1:
        return BigInt.asIntN(64, (v as bigint) < 0n ? -(v as bigint) : (v as bigint));
      case 2:
        return new ApexDouble(Math.abs((v as ApexDouble).value));
      default:
        return withScale((v as Decimal).abs(), scaleOf(v as Decimal));
    }
  },
  max: (_self, args) => minMax(args, (c) => c >= 0),
  min: (_self, args) => minMax(args, (c) => c <= 0),
  mod(_self, args) {
    const [a, b] = args;
    if (kind(a) === 0 && kind(b) === 0) {
      if (b === 0) throwApex('System.MathException', 'Divide by 0');
      return ((a as number) % (b as number)) | 0;
    }
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    if (y === 0n) throwApex('System.MathException', 'Divide by 0');
    return x % y;
  },
  ceil: (_self, args) => fromDoubleOrDecimal(args[0], Math.ceil, (d) => withScale(d.ceil(), 0)),
  floor: (_self, args) => fromDoubleOrDecimal(args[0], Math.floor, (d) => withScale(d.floor(), 0)),
  rint: (_self, args) =>
    fromDoubleOrDecimal(
      args[0],
      (x) => {
        const r = Math.round(x);
        return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
      },
      (d) => withScale(d.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN), 0)
    ),
  round(_self, args) {
    const v = args[0];
    // Math.round(Decimal): half-even; Math.round(Double): Java's Math.round (half-up). Result Integer.
    if (kind(v) === 3)
      return longToInt(decimalToLongRounded(v as Decimal, Decimal.ROUND_HALF_EVEN));
    return doubleToInt(javaRound(asDouble(v)));
  },
  roundtolong(_self, args) {
    const v = args[0];
    if (kind(v) === 3) return decimalToLongRounded(v as Decimal, Decimal.ROUND_HALF_EVEN);
    return doubleToLong(javaRound(asDouble(v)));
  },
  signum: (_self, args) =>
    fromDoubleOrDecimal(args[0], Math.sign, (d) =>
      withScale(new Decimal(d.isZero() ? 0 : d.isNegative() ? -1 : 1), 0)
    ),
  sqrt: (_self, args) => fromDoubleOrDecimal(args[0], Math.sqrt),
  cbrt: unaryDouble(Math.cbrt),
  exp: unaryDouble(Math.exp),
  log: unaryDouble(Math.log),
  log10: unaryDouble(Math.log10),
  sin: unaryDouble(Math.sin),
  cos: unaryDouble(Math.cos),
  tan: unaryDouble(Math.tan),
  asin: unaryDouble(Math.asin),
  acos: unaryDouble(Math.acos),
  atan: unaryDouble(Math.atan),
  sinh: unaryDouble(Math.sinh),
  cosh: unaryDouble(Math.cosh),
  tanh: unaryDouble(Math.tanh),
  atan2: (_self, args) => new ApexDouble(Math.atan2(asDouble(args[0]), asDouble(args[1]))),
  pow: (_self, args) => new ApexDouble(Math.pow(asDouble(args[0]), asDouble(args[1]))),
  random: () => new ApexDouble(Math.random())
};

const mathClass: NativeClass = {
  name: 'Math',
  staticMethods: mathStatic,
  returnTypes: {
    abs: (argTypes) => sameAsWidest(argTypes),
    max: (argTypes) => sameAsWidest(argTypes),
    min: (argTypes) => sameAsWidest(argTypes),
    mod: (argTypes) => sameAsWidest(argTypes),
    ceil: decimalOrDouble,
    floor: decimalOrDouble,
    rint: decimalOrDouble,
    signum: decimalOrDouble,
    sqrt: decimalOrDouble,
    cbrt: decimalOrDouble,
    exp: decimalOrDouble,
    log: decimalOrDouble,
    log10: decimalOrDouble,
    sin: decimalOrDouble,
    cos: decimalOrDouble,
    tan: decimalOrDouble,
    asin: decimalOrDouble,
    acos: decimalOrDouble,
    atan: decimalOrDouble,
    sinh: decimalOrDouble,
    cosh: decimalOrDouble,
    tanh: decimalOrDouble,
    round: T.Integer,
    roundtolong: T.Long,
    atan2: T.Double,
    pow: T.Double,
    random: T.Double
  }
};

export const numberClasses: NativeClass[] = [
  integerClass,
  longClass,
  doubleClass,
  decimalClass,
  booleanClass,
  mathClass
];
