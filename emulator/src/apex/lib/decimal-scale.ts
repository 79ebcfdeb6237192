/**
 * Apex Decimal is Java's BigDecimal: a value AND a scale (1.50 has scale 2 and prints "1.50").
 * decimal.js drops trailing zeros, so the scale travels beside the value in a WeakMap keyed by
 * the Decimal instance. A Decimal without a recorded scale has the scale of its digits.
 *
 * The interpreter should create Decimal literals with `parseDecimal('1.50')` and may use
 * `withScale` on arithmetic results (Apex: a + b has scale max(sa, sb), a * b has sa + sb).
 */
import { Decimal } from '../../values.js';

const scales = new WeakMap<Decimal, number>();

/** The Decimal with the given scale recorded (rounded half-up to it when it has more digits). */
export function withScale(
  value: Decimal,
  scale: number,
  rounding: Decimal.Rounding = Decimal.ROUND_HALF_UP
): Decimal {
  const rounded =
    scale >= 0
      ? value.toDecimalPlaces(scale, rounding)
      : roundToNegativeScale(value, scale, rounding);
  const result = new Decimal(rounded);
  scales.set(result, scale);
  return result;
}

function roundToNegativeScale(value: Decimal, scale: number, rounding: Decimal.Rounding): Decimal {
  const factor = new Decimal(10).pow(-scale);
  return value.div(factor).toDecimalPlaces(0, rounding).mul(factor);
}

export function scaleOf(value: Decimal): number {
  return scales.get(value) ?? Math.max(0, value.decimalPlaces());
}

/** Parses a decimal literal or Decimal.valueOf text, keeping its scale ("1.50" → scale 2, "1E+3" → scale -3). */
export function parseDecimal(text: string): Decimal | null {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const fraction = match[3] ?? '';
  const exponent = match[4] ? Number(match[4]) : 0;
  const value = new Decimal(text.trim());
  const scale = fraction.length - exponent;
  scales.set(value, scale);
  return value;
}

/** Unscaled digits (no sign) of value at the given scale. */
function unscaledDigits(value: Decimal, scale: number): string {
  const shifted = value
    .abs()
    .mul(new Decimal(10).pow(scale))
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return shifted.toFixed(0);
}

/** Java BigDecimal.toString(): plain notation unless the scale is negative or the exponent is below -6. */
export function decimalToString(value: Decimal): string {
  const scale = scaleOf(value);
  const sign = value.isNegative() && !value.isZero() ? '-' : '';
  if (scale >= 0) {
    const plain = value.abs().toFixed(scale, Decimal.ROUND_HALF_UP);
    const digits = plain.replace('.', '').replace(/^0+(?=\d)/, '');
    const adjusted = -scale + (digits.length - 1);
    if (adjusted >= -6) return sign + plain;
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted}`;
  }
  const digits = unscaledDigits(value, scale);
  const adjusted = -scale + (digits.length - 1);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** Java BigDecimal.toPlainString(). */
export function decimalToPlainString(value: Decimal): string {
  const scale = scaleOf(value);
  const sign = value.isNegative() && !value.isZero() ? '-' : '';
  if (scale <= 0) return sign + unscaledDigits(value, 0);
  return sign + insertPoint(unscaledDigits(value, scale), scale);
}

function insertPoint(digits: string, scale: number): string {
  if (scale === 0) return digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

/** Number of significant digits of the unscaled value (BigDecimal.precision()). */
export function decimalPrecision(value: Decimal): number {
  const digits = unscaledDigits(value, scaleOf(value));
  return digits.replace(/^0+(?=\d)/, '').length;
}

/** Java BigDecimal.stripTrailingZeros(). */
export function stripTrailingZeros(value: Decimal): Decimal {
  if (value.isZero()) return withScale(new Decimal(0), 0);
  const digits = unscaledDigits(value, scaleOf(value));
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  return withScale(value, scaleOf(value) - trailing);
}

/** Apex's rule for Decimal results of + and -: the larger scale. */
export function addScale(a: Decimal, b: Decimal): number {
  return Math.max(scaleOf(a), scaleOf(b));
}
/** Apex's rule for Decimal results of *: the sum of the scales. */
export function multiplyScale(a: Decimal, b: Decimal): number {
  return scaleOf(a) + scaleOf(b);
}
