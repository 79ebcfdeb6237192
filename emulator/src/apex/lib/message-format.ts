/**
 * String.format(pattern, List<Object>): java.text.MessageFormat in the en_US locale.
 * `{n}` placeholders; a single quote starts a quoted literal section and `''` is one quote
 * (so "Can't {0}" loses its apostrophe, as on the platform). Numbers are formatted as
 * NumberFormat.getInstance(en_US) does: grouping separators, at most 3 fraction digits,
 * half-even rounding ("1,234.568"). Format types such as `{0,number,#.##}` and Date/Datetime/Time
 * arguments are not supported and fail loudly.
 */
import type { NativeCallContext } from '../runtime-types.js';
import { ApexDate, ApexDatetime, ApexDouble, ApexTime, Decimal } from '../../values.js';
import { throwApex } from './util.js';
import { valueToString } from './format.js';

export function formatNumberEnUs(value: Decimal, maxFractionDigits = 3): string {
  const rounded = value.toDecimalPlaces(maxFractionDigits, Decimal.ROUND_HALF_EVEN);
  const negative = rounded.isNegative() && !rounded.isZero();
  const [intPart, fraction = ''] = rounded.abs().toFixed().split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction ? '.' + fraction : '');
}

function formatArgument(value: unknown, ctx: NativeCallContext): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return formatNumberEnUs(new Decimal(value));
  if (typeof value === 'bigint') return formatNumberEnUs(new Decimal(value.toString()));
  if (value instanceof ApexDouble) {
    if (!Number.isFinite(value.value))
      return Number.isNaN(value.value) ? 'NaN' : value.value > 0 ? '∞' : '-∞';
    return formatNumberEnUs(new Decimal(value.value));
  }
  if (Decimal.isDecimal(value)) return formatNumberEnUs(value as Decimal);
  if (value instanceof ApexDate || value instanceof ApexDatetime || value instanceof ApexTime) {
    throw new Error(
      `unsupported: String.format with a ${value.constructor.name.replace('Apex', '')} argument (format it to a String first)`
    );
  }
  return valueToString(value, ctx);
}

export function messageFormat(
  pattern: string,
  args: readonly unknown[],
  ctx: NativeCallContext
): string {
  let out = '';
  let inQuote = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i++;
      } else {
        inQuote = !inQuote;
      }
      continue;
    }
    if (inQuote || c !== '{') {
      if (!inQuote && c === '}') {
        // MessageFormat accepts a stray '}' as a literal.
      }
      out += c;
      continue;
    }
    const close = pattern.indexOf('}', i);
    if (close < 0)
      throwApex('System.StringException', `Unmatched braces in the pattern: ${pattern}`);
    const element = pattern.slice(i + 1, close);
    const [indexText, formatType] = element.split(',', 2);
    if (!/^\s*\d+\s*$/.test(indexText))
      throwApex('System.StringException', `can't parse argument number: ${indexText}`);
    if (formatType !== undefined)
      throw new Error(
        `unsupported: String.format element {${element}} (format types are not emulated)`
      );
    const index = Number(indexText);
    out += index < args.length ? formatArgument(args[index], ctx) : `{${index}}`;
    i = close;
  }
  return out;
}
