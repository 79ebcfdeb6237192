/**
 * String.valueOf semantics for primitives (also what string concatenation shows), and Java's
 * character classes used by the StringUtils-backed String methods.
 */
import type { NativeCallContext } from '../runtime-types.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  Decimal,
  formatDouble
} from '../../values.js';
import { decimalToString } from './decimal-scale.js';
import { localFields } from './timezone.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyy-MM-dd HH:mm:ss` of an instant in a zone. */
export function datetimeString(value: ApexDatetime, timeZone: string): string {
  const f = localFields(value.epochMs, timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
}

/**
 * String.valueOf(x) for a primitive; undefined when x is not a primitive (collections, SObjects,
 * objects: the interpreter's stringify handles those).
 * Datetime: String.valueOf uses the running user's time zone (Apex Reference: String.valueOf(datetimeToConvert)),
 * where concatenation and System.debug use GMT (datetimeString(value, 'GMT')).
 */
export function primitiveToString(value: unknown, timeZone = 'GMT'): string | undefined {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return String(value);
    case 'bigint':
      return value.toString();
  }
  if (value instanceof ApexDouble) return formatDouble(value.value);
  if (Decimal.isDecimal(value)) return decimalToString(value as Decimal);
  if (value instanceof ApexDate) return value.toIsoString();
  if (value instanceof ApexDatetime) return datetimeString(value, timeZone);
  if (value instanceof ApexTime) return value.toString();
  if (value instanceof ApexBlob) return value.toString();
  return undefined;
}

/** String.valueOf(anything): primitives here, the rest through the interpreter. */
export function valueToString(value: unknown, ctx: NativeCallContext, timeZone = 'GMT'): string {
  return primitiveToString(value, timeZone) ?? ctx.runtime.stringify(value);
}

/** java.lang.Character.isWhitespace */
export function isJavaWhitespace(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0x0d ||
    (c >= 0x1c && c <= 0x1f)
  )
    return true;
  if (c === 0xa0 || c === 0x2007 || c === 0x202f) return false;
  return /[\p{Zs}\p{Zl}\p{Zp}]/u.test(ch);
}
export function isJavaLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}
export function isJavaDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}
export function isJavaLowerCase(ch: string): boolean {
  return /\p{Lowercase}/u.test(ch);
}
export function isJavaUpperCase(ch: string): boolean {
  return /\p{Uppercase}/u.test(ch);
}

/** Java's String.trim: strips every char <= U+0020 at both ends. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

/** Java's String.hashCode (int32). */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java's Double.toString / Apex String.valueOf(Double). */
export { formatDouble };
