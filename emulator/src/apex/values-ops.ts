/**
 * Operations on Apex runtime values that do not need the interpreter: numeric promotion and
 * arithmetic (Integer int32 wrap, Long int64 wrap, Double, Decimal), comparisons, Id 15/18.
 */
import { ApexDate, ApexDatetime, ApexDouble, ApexTime, Decimal } from '../values.js';
import { ApexThrow } from './runtime-types.js';
import { addScale, multiplyScale, withScale } from './lib/decimal-scale.js';
import { ID_SHAPE, idChecksum } from '../data/ids.js';

export function npe(): never {
  throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
}

/** The 18-character form of a 15- or 18-character Id (its own suffix ignored); null when the text is not Id-shaped. */
export function toId18(text: string): string | null {
  if (!ID_SHAPE.test(text)) return null;
  const base = text.slice(0, 15);
  return base + idChecksum(base);
}

/** Numeric rank in Apex's implicit widening: Integer < Long < Double < Decimal. -1: not a number. */
export function numRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'bigint') return 1;
  if (v instanceof ApexDouble) return 2;
  if (v instanceof Decimal) return 3;
  return -1;
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.value;
  if (v instanceof Decimal) return v.toNumber();
  return NaN;
}

export function toDecimal(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return new Decimal(v.toString());
  return new Decimal(toNumber(v));
}

function toBig(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

function divideByZero(): never {
  throw new ApexThrow('System.MathException', 'Divide by 0');
}

/** `+ - * /` on numbers (and Date/Datetime + days). Strings are handled by the caller. */
export function arith(op: string, a: unknown, b: unknown): unknown {
  if (a === null || b === null) npe();
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return (a + b) | 0;
      case '-':
        return (a - b) | 0;
      case '*':
        return Math.imul(a, b);
      case '/':
        if (b === 0) divideByZero();
        return (a / b) | 0;
    }
  }
  if (a instanceof ApexDate && (op === '+' || op === '-') && numRank(b) >= 0) {
    const days = Math.trunc(toNumber(b));
    return a.addDays(op === '+' ? days : -days);
  }
  if (a instanceof ApexDatetime && (op === '+' || op === '-') && numRank(b) >= 0) {
    const ms = Math.round(toNumber(b) * 86_400_000);
    return ApexDatetime.fromEpochMs(a.epochMs + (op === '+' ? ms : -ms));
  }
  const rank = Math.max(numRank(a), numRank(b));
  if (numRank(a) < 0 || numRank(b) < 0) {
    throw new ApexThrow(
      'System.TypeException',
      `Arithmetic expressions must use numeric arguments`
    );
  }
  if (rank === 1) {
    const x = toBig(a);
    const y = toBig(b);
    switch (op) {
      case '+':
        return BigInt.asIntN(64, x + y);
      case '-':
        return BigInt.asIntN(64, x - y);
      case '*':
        return BigInt.asIntN(64, x * y);
      case '/':
        if (y === 0n) divideByZero();
        return BigInt.asIntN(64, x / y);
    }
  }
  if (rank === 2) {
    const x = toNumber(a);
    const y = toNumber(b);
    switch (op) {
      case '+':
        return new ApexDouble(x + y);
      case '-':
        return new ApexDouble(x - y);
      case '*':
        return new ApexDouble(x * y);
      case '/':
        if (y === 0) divideByZero();
        return new ApexDouble(x / y);
    }
  }
  const x = toDecimal(a);
  const y = toDecimal(b);
  switch (op) {
    case '+':
      return withScale(x.plus(y), addScale(x, y));
    case '-':
      return withScale(x.minus(y), addScale(x, y));
    case '*':
      return withScale(x.times(y), multiplyScale(x, y));
    case '/':
      if (y.isZero()) divideByZero();
      return x.dividedBy(y);
  }
  throw new Error(`arith: ${op}`);
}

export function bitwise(op: string, a: unknown, b: unknown): unknown {
  if (a === null || b === null) npe();
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op === '&') return a && b;
    if (op === '|') return a || b;
    if (op === '^') return a !== b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '>>>':
        return (a >>> b) | 0;
    }
  }
  if (typeof a === 'bigint' && (op === '<<' || op === '>>' || op === '>>>')) {
    const n = BigInt(Number(toBig(b)) & 63);
    if (op === '<<') return BigInt.asIntN(64, a << n);
    if (op === '>>') return a >> n;
    return BigInt.asIntN(64, BigInt.asUintN(64, a) >> n);
  }
  if (
    (typeof a === 'bigint' || typeof a === 'number') &&
    (typeof b === 'bigint' || typeof b === 'number')
  ) {
    const x = toBig(a);
    const y = toBig(b);
    if (op === '&') return BigInt.asIntN(64, x & y);
    if (op === '|') return BigInt.asIntN(64, x | y);
    if (op === '^') return BigInt.asIntN(64, x ^ y);
  }
  throw new ApexThrow('System.TypeException', `Invalid operands for ${op}`);
}

/** Ordering for `< <= > >=` and sorting; null when the values are not comparable. */
export function compareValues(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ra = numRank(a);
  const rb = numRank(b);
  if (ra >= 0 && rb >= 0) {
    const rank = Math.max(ra, rb);
    if (rank === 1) {
      const x = toBig(a);
      const y = toBig(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (rank === 3) return toDecimal(a).comparedTo(toDecimal(b));
    return toNumber(a) - toNumber(b);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof ApexDate && b instanceof ApexDate) return a.epochDay - b.epochDay;
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs - b.epochMs;
  if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay - b.msOfDay;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

export function negate(v: unknown): unknown {
  if (v === null) npe();
  if (typeof v === 'number') return -v | 0;
  if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
  if (v instanceof ApexDouble) return new ApexDouble(-v.value);
  if (v instanceof Decimal) return v.negated();
  throw new ApexThrow('System.TypeException', 'Arithmetic expressions must use numeric arguments');
}

/** Conversion of a number to a declared numeric type (widening assignment, casts). */
export function convertNumber(v: unknown, target: string): unknown {
  switch (target) {
    case 'Integer':
      if (typeof v === 'number') return v;
      return v;
    case 'Long':
      if (typeof v === 'number') return BigInt(v);
      return v;
    case 'Double':
      if (typeof v === 'number' || typeof v === 'bigint') return new ApexDouble(Number(v));
      if (v instanceof Decimal) return new ApexDouble(v.toNumber());
      return v;
    case 'Decimal':
      if (typeof v === 'number' || typeof v === 'bigint') return new Decimal(v.toString());
      if (v instanceof ApexDouble) return new Decimal(v.value);
      return v;
  }
  return v;
}
