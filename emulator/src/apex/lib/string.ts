/**
 * System.String. Apex strings are Java strings: the Java-backed methods (substring, indexOf,
 * replace, split, startsWith…) throw NullPointerException on a null argument, the methods that
 * come from Apache Commons StringUtils (abbreviate, center, containsIgnoreCase, difference,
 * substringBefore…) treat a null argument as commons-lang does.
 */
import type { NativeCallContext, NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexList, ApexSet } from '../runtime-types.js';
import { ApexDatetime } from '../../values.js';
import {
  T,
  int,
  isString,
  listOf,
  noOverload,
  self,
  str,
  strOrNull,
  stringList,
  throwApex
} from './util.js';
import {
  datetimeString,
  isJavaDigit,
  isJavaLetter,
  isJavaLowerCase,
  isJavaUpperCase,
  isJavaWhitespace,
  javaHashCode,
  javaTrim,
  valueToString
} from './format.js';
import { compileJava, replaceJava, splitJava, matchWhole } from './java-regex.js';
import { userTimeZone } from './timezone.js';
import {
  escapeCsv,
  escapeEcmaScript,
  escapeHtml3,
  escapeHtml4,
  escapeJava,
  escapeUnicode,
  escapeXml,
  unescapeCsv,
  unescapeEcmaScript,
  unescapeHtml3,
  unescapeHtml4,
  unescapeJava,
  unescapeUnicode,
  unescapeXml
} from './escape.js';
import { messageFormat } from './message-format.js';

/** Set by system.ts (the Id class), which imports this module. */
const idInstanceMethods: Record<'getsobjecttype' | 'to15', NativeMethod> = {
  getsobjecttype: () => {
    throw new Error('Id methods are not registered');
  },
  to15: () => {
    throw new Error('Id methods are not registered');
  }
};
export function registerIdMethods(methods: Record<'getsobjecttype' | 'to15', NativeMethod>): void {
  Object.assign(idInstanceMethods, methods);
}

const s = (value: unknown): string => self(value, isString, 'String');

function stringException(message: string): never {
  return throwApex('System.StringException', message);
}

// ------------------------------------------------------------------------------------------------
// Static methods
// ------------------------------------------------------------------------------------------------

function isBlank(value: string | null): boolean {
  if (value === null) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (
      c < 0x80
        ? !isJavaWhitespace(value[i])
        : !isJavaWhitespace(String.fromCodePoint(value.codePointAt(i)!))
    )
      return false;
  }
  return true;
}

function iterableItems(value: unknown): unknown[] {
  if (value instanceof ApexList) return value.items;
  if (value instanceof ApexSet) return [...value.entries.values()];
  if (value === null) return [];
  throw new TypeError('String.join expects a List or Set');
}

const staticMethods: Record<string, NativeMethod> = {
  valueof(_self, args, ctx) {
    if (args.length !== 1) noOverload('String', 'valueOf', args, ctx);
    return valueToString(args[0], ctx, args[0] instanceof ApexDatetime ? userTimeZone(ctx) : 'GMT');
  },
  valueofgmt(_self, args, ctx) {
    const value = args[0];
    if (!(value instanceof ApexDatetime))
      return value === null ? 'null' : noOverload('String', 'valueOfGmt', args, ctx);
    return datetimeString(value, 'GMT');
  },
  isblank: (_self, args) => isBlank(strOrNull(args, 0)),
  isnotblank: (_self, args) => !isBlank(strOrNull(args, 0)),
  isempty: (_self, args) => {
    const v = strOrNull(args, 0);
    return v === null || v.length === 0;
  },
  isnotempty: (_self, args) => {
    const v = strOrNull(args, 0);
    return v !== null && v.length > 0;
  },
  join(_self, args, ctx) {
    const separator = strOrNull(args, 1) ?? '';
    // commons-lang StringUtils.join: a null element contributes an empty string.
    return iterableItems(args[0])
      .map((item) => (item === null ? '' : valueToString(item, ctx)))
      .join(separator);
  },
  format(_self, args, ctx) {
    const pattern = str(args, 0);
    const list = args[1];
    const values = list === null || list === undefined ? [] : iterableItems(list);
    return messageFormat(pattern, values, ctx);
  },
  escapesinglequotes: (_self, args) => str(args, 0).replace(/'/g, "\\'"),
  fromchararray(_self, args) {
    const list = args[0];
    if (!(list instanceof ApexList))
      return throwApex('System.NullPointerException', 'Argument 1 cannot be null');
    return String.fromCodePoint(...list.items.map((c) => Number(c)));
  },
  getcommonprefix(_self, args) {
    const items = iterableItems(args[0]).map((x) => (x === null ? null : String(x)));
    if (items.length === 0) return '';
    if (items.some((x) => x === null)) return '';
    const strings = items as string[];
    let prefix = strings[0];
    for (const other of strings) {
      let i = 0;
      while (i < prefix.length && i < other.length && prefix[i] === other[i]) i++;
      prefix = prefix.slice(0, i);
    }
    return prefix;
  }
};

// ------------------------------------------------------------------------------------------------
// Instance methods
// ------------------------------------------------------------------------------------------------

function checkIndex(value: string, begin: number, end: number): void {
  if (begin < 0) stringException(`Starting position out of bounds: ${begin}`);
  if (end > value.length) stringException(`Ending position out of bounds: ${end}`);
  if (begin > end) stringException(`Starting position out of bounds: ${begin}`);
}

function padString(size: number, pad: string): string {
  if (size <= 0) return '';
  return pad.repeat(Math.ceil(size / pad.length)).slice(0, size);
}

function leftPad(value: string, size: number, padStr: string | null): string {
  const pad = padStr === null || padStr === '' ? ' ' : padStr;
  return padString(size - value.length, pad) + value;
}
function rightPad(value: string, size: number, padStr: string | null): string {
  const pad = padStr === null || padStr === '' ? ' ' : padStr;
  return value + padString(size - value.length, pad);
}

function abbreviate(value: string, offsetArg: number, maxWidth: number): string {
  if (maxWidth < 4) stringException('Minimum abbreviation width is 4');
  if (value.length <= maxWidth) return value;
  let offset = Math.min(offsetArg, value.length);
  if (value.length - offset < maxWidth - 3) offset = value.length - (maxWidth - 3);
  if (offset <= 4) return value.slice(0, maxWidth - 3) + '...';
  if (maxWidth < 7) stringException('Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < value.length)
    return '...' + abbreviate(value.slice(offset), 0, maxWidth - 3);
  return '...' + value.slice(value.length - (maxWidth - 3));
}

function indexOfDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function countMatches(value: string, sub: string | null): number {
  if (!sub) return 0;
  let count = 0;
  let index = 0;
  while ((index = value.indexOf(sub, index)) !== -1) {
    count++;
    index += sub.length;
  }
  return count;
}

function chars(value: string): string[] {
  return [...value];
}

function allChars(value: string, test: (ch: string) => boolean): boolean {
  return value.length > 0 && chars(value).every(test);
}

/** commons-lang StringUtils.splitByCharacterType */
function splitByCharacterType(value: string, camelCase: boolean): string[] {
  if (value.length === 0) return [];
  const list = chars(value);
  const type = (ch: string): string => {
    for (const cat of [
      'Lu',
      'Ll',
      'Lt',
      'Lm',
      'Lo',
      'Mn',
      'Me',
      'Mc',
      'Nd',
      'Nl',
      'No',
      'Zs',
      'Zl',
      'Zp',
      'Cc',
      'Cf',
      'Co',
      'Cs',
      'Pd',
      'Ps',
      'Pe',
      'Pc',
      'Po',
      'Sm',
      'Sc',
      'Sk',
      'So',
      'Pi',
      'Pf'
    ]) {
      if (new RegExp(`\\p{${cat}}`, 'u').test(ch)) return cat;
    }
    return 'Cn';
  };
  const result: string[] = [];
  let tokenStart = 0;
  let currentType = type(list[0]);
  for (let pos = 1; pos < list.length; pos++) {
    const t = type(list[pos]);
    if (t === currentType) continue;
    if (camelCase && t === 'Ll' && currentType === 'Lu') {
      const newTokenStart = pos - 1;
      if (newTokenStart !== tokenStart) {
        result.push(list.slice(tokenStart, newTokenStart).join(''));
        tokenStart = newTokenStart;
      }
    } else {
      result.push(list.slice(tokenStart, pos).join(''));
      tokenStart = pos;
    }
    currentType = t;
  }
  result.push(list.slice(tokenStart).join(''));
  return result;
}

function levenshtein(a: string, b: string, threshold?: number): number {
  const n = a.length;
  const m = b.length;
  let previous = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const current = [i];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1] + 1, previous[j] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  const distance = previous[m];
  return threshold !== undefined && distance > threshold ? -1 : distance;
}

function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

function capitalize(value: string): string {
  if (value.length === 0) return value;
  const first = String.fromCodePoint(value.codePointAt(0)!);
  return toTitleCase(first) + value.slice(first.length);
}

function toTitleCase(ch: string): string {
  // Java Character.toTitleCase: the upper case for every letter except the digraphs.
  const special: Record<string, string> = {
    Ǆ: 'ǅ',
    ǅ: 'ǅ',
    ǆ: 'ǅ',
    Ǉ: 'ǈ',
    ǈ: 'ǈ',
    ǉ: 'ǈ',
    Ǌ: 'ǋ',
    ǋ: 'ǋ',
    ǌ: 'ǋ',
    Ǳ: 'ǲ',
    ǲ: 'ǲ',
    ǳ: 'ǲ'
  };
  if (special[ch]) return special[ch];
  const upper = ch.toUpperCase();
  return upper.length === ch.length ? upper : ch;
}

const m =
  <R>(fn: (value: string, args: readonly unknown[], ctx: NativeCallContext) => R): NativeMethod =>
  (selfValue, args, ctx) =>
    fn(s(selfValue), args, ctx);

const instanceMethods: Record<string, NativeMethod> = {
  length: m((v) => v.length),
  substring: m((v, args) => {
    const begin = int(args, 0);
    const end = args.length > 1 ? int(args, 1) : v.length;
    checkIndex(v, begin, end);
    return v.substring(begin, end);
  }),
  left: m((v, args) => {
    const len = int(args, 0);
    return len < 0 ? '' : v.slice(0, len);
  }),
  right: m((v, args) => {
    const len = int(args, 0);
    return len < 0 ? '' : len >= v.length ? v : v.slice(v.length - len);
  }),
  mid: m((v, args) => {
    let pos = int(args, 0);
    const len = int(args, 1);
    if (len < 0 || pos > v.length) return '';
    if (pos < 0) pos = 0;
    return v.length <= pos + len ? v.slice(pos) : v.slice(pos, pos + len);
  }),
  charat: m((v, args) => {
    const i = int(args, 0);
    if (i < 0 || i >= v.length)
      throwApex('System.StringException', `String index out of range: ${i}`);
    return v.charCodeAt(i);
  }),
  codepointat: m((v, args) => {
    const i = int(args, 0);
    if (i < 0 || i >= v.length)
      throwApex('System.StringException', `String index out of range: ${i}`);
    return v.codePointAt(i)!;
  }),
  codepointbefore: m((v, args) => {
    const i = int(args, 0);
    if (i < 1 || i > v.length)
      throwApex('System.StringException', `String index out of range: ${i}`);
    const low = v.charCodeAt(i - 1);
    if (i >= 2 && low >= 0xdc00 && low <= 0xdfff) {
      const high = v.charCodeAt(i - 2);
      if (high >= 0xd800 && high <= 0xdbff) return v.codePointAt(i - 2)!;
    }
    return low;
  }),
  codepointcount: m((v, args) => {
    const begin = int(args, 0);
    const end = int(args, 1);
    checkIndex(v, begin, end);
    return [...v.slice(begin, end)].length;
  }),
  indexof: m((v, args) => {
    const sub = str(args, 0);
    return args.length > 1 ? v.indexOf(sub, Math.max(0, int(args, 1))) : v.indexOf(sub);
  }),
  lastindexof: m((v, args) => {
    const sub = str(args, 0);
    if (args.length > 1) {
      const from = int(args, 1);
      return from < 0 ? -1 : v.lastIndexOf(sub, from);
    }
    return v.lastIndexOf(sub);
  }),
  indexofignorecase: m((v, args) => {
    const sub = strOrNull(args, 0);
    if (sub === null) return -1;
    const start = args.length > 1 ? Math.max(0, int(args, 1)) : 0;
    return v.toLowerCase().indexOf(sub.toLowerCase(), start);
  }),
  lastindexofignorecase: m((v, args) => {
    const sub = strOrNull(args, 0);
    if (sub === null) return -1;
    const from = args.length > 1 ? int(args, 1) : v.length;
    return from < 0 ? -1 : v.toLowerCase().lastIndexOf(sub.toLowerCase(), from);
  }),
  indexofchar: m((v, args) => {
    const ch = String.fromCodePoint(int(args, 0));
    return args.length > 1 ? v.indexOf(ch, Math.max(0, int(args, 1))) : v.indexOf(ch);
  }),
  lastindexofchar: m((v, args) => {
    const ch = String.fromCodePoint(int(args, 0));
    if (args.length > 1) {
      const from = int(args, 1);
      return from < 0 ? -1 : v.lastIndexOf(ch, from);
    }
    return v.lastIndexOf(ch);
  }),
  indexofany: m((v, args) => {
    const search = strOrNull(args, 0);
    if (!search || v.length === 0) return -1;
    for (let i = 0; i < v.length; i++) if (search.includes(v[i])) return i;
    return -1;
  }),
  indexofanybut: m((v, args) => {
    const search = strOrNull(args, 0);
    if (v.length === 0) return -1;
    if (!search) return 0;
    for (let i = 0; i < v.length; i++) if (!search.includes(v[i])) return i;
    return -1;
  }),
  indexofdifference: m((v, args) => {
    const other = strOrNull(args, 0);
    if (other === null) return 0;
    return indexOfDifference(v, other);
  }),
  contains: m((v, args) => v.includes(str(args, 0))),
  containsignorecase: m((v, args) => {
    const sub = strOrNull(args, 0);
    return sub !== null && v.toLowerCase().includes(sub.toLowerCase());
  }),
  containsany: m((v, args) => {
    const search = strOrNull(args, 0);
    return !!search && v.length > 0 && chars(v).some((ch) => search.includes(ch));
  }),
  containsonly: m((v, args) => {
    const valid = strOrNull(args, 0);
    if (valid === null) return false;
    return chars(v).every((ch) => valid.includes(ch));
  }),
  containsnone: m((v, args) => {
    const invalid = strOrNull(args, 0);
    if (invalid === null) return true;
    return !chars(v).some((ch) => invalid.includes(ch));
  }),
  containswhitespace: m((v) => chars(v).some(isJavaWhitespace)),
  countmatches: m((v, args) => countMatches(v, strOrNull(args, 0))),
  startswith: m((v, args) => v.startsWith(str(args, 0))),
  endswith: m((v, args) => v.endsWith(str(args, 0))),
  startswithignorecase: m((v, args) => {
    const p = strOrNull(args, 0);
    return p !== null && v.toLowerCase().startsWith(p.toLowerCase());
  }),
  endswithignorecase: m((v, args) => {
    const p = strOrNull(args, 0);
    return p !== null && v.toLowerCase().endsWith(p.toLowerCase());
  }),
  equals: m((v, args) => args[0] === v),
  equalsignorecase: m((v, args) => {
    const other = args[0];
    return (
      typeof other === 'string' &&
      other.length === v.length &&
      (other.toUpperCase() === v.toUpperCase() || other.toLowerCase() === v.toLowerCase())
    );
  }),
  compareto: m((v, args) => javaCompare(v, str(args, 0))),
  hashcode: m((v) => javaHashCode(v)),
  tolowercase: m((v) => v.toLowerCase()),
  touppercase: m((v) => v.toUpperCase()),
  trim: m((v) => javaTrim(v)),
  normalizespace: m((v) => javaTrim(v).replace(/[ \t\n\x0B\f\r]+/g, ' ')),
  deletewhitespace: m((v) =>
    chars(v)
      .filter((ch) => !isJavaWhitespace(ch))
      .join('')
  ),
  replace: m((v, args) => v.split(str(args, 0)).join(str(args, 1))),
  replaceall: m((v, args) => replaceJava(compileJava(str(args, 0)), v, str(args, 1), false)),
  replacefirst: m((v, args) => replaceJava(compileJava(str(args, 0)), v, str(args, 1), true)),
  matches: m((v, args) => matchWhole(compileJava(str(args, 0)), v) !== null),
  split: m((v, args) =>
    stringList(splitJava(compileJava(str(args, 0)), v, args.length > 1 ? int(args, 1) : 0))
  ),
  splitbycharactertype: m((v) => stringList(splitByCharacterType(v, false))),
  splitbycharactertypecamelcase: m((v) => stringList(splitByCharacterType(v, true))),
  remove: m((v, args) => {
    const sub = strOrNull(args, 0);
    return sub ? v.split(sub).join('') : v;
  }),
  removestart: m((v, args) => {
    const p = strOrNull(args, 0);
    return p && v.startsWith(p) ? v.slice(p.length) : v;
  }),
  removeend: m((v, args) => {
    const p = strOrNull(args, 0);
    return p && v.endsWith(p) ? v.slice(0, v.length - p.length) : v;
  }),
  removestartignorecase: m((v, args) => {
    const p = strOrNull(args, 0);
    return p && v.toLowerCase().startsWith(p.toLowerCase()) ? v.slice(p.length) : v;
  }),
  removeendignorecase: m((v, args) => {
    const p = strOrNull(args, 0);
    return p && v.toLowerCase().endsWith(p.toLowerCase()) ? v.slice(0, v.length - p.length) : v;
  }),
  abbreviate: m((v, args) =>
    args.length > 1 ? abbreviate(v, int(args, 1), int(args, 0)) : abbreviate(v, 0, int(args, 0))
  ),
  capitalize: m((v) => capitalize(v)),
  uncapitalize: m((v) => (v.length === 0 ? v : v[0].toLowerCase() + v.slice(1))),
  swapcase: m((v) =>
    chars(v)
      .map((ch) =>
        isJavaUpperCase(ch) ? ch.toLowerCase() : isJavaLowerCase(ch) ? ch.toUpperCase() : ch
      )
      .join('')
  ),
  center: m((v, args) => {
    const size = int(args, 0);
    const pad = args.length > 1 ? strOrNull(args, 1) : ' ';
    const padStr = pad === null || pad === '' ? ' ' : pad;
    const pads = size - v.length;
    if (size <= 0 || pads <= 0) return v;
    return rightPad(leftPad(v, v.length + Math.floor(pads / 2), padStr), size, padStr);
  }),
  leftpad: m((v, args) => leftPad(v, int(args, 0), args.length > 1 ? strOrNull(args, 1) : ' ')),
  rightpad: m((v, args) => rightPad(v, int(args, 0), args.length > 1 ? strOrNull(args, 1) : ' ')),
  repeat: m((v, args) => {
    if (args.length > 1) {
      const separator = strOrNull(args, 0) ?? '';
      const times = int(args, 1);
      return times <= 0 ? '' : Array.from({ length: times }, () => v).join(separator);
    }
    const times = int(args, 0);
    return times <= 0 ? '' : v.repeat(times);
  }),
  reverse: m((v) => chars(v).reverse().join('')),
  isnumeric: m((v) => allChars(v, isJavaDigit)),
  isnumericspace: m((v) => v.length > 0 && chars(v).every((ch) => ch === ' ' || isJavaDigit(ch))),
  isalpha: m((v) => allChars(v, isJavaLetter)),
  isalphaspace: m((v) => v.length > 0 && chars(v).every((ch) => ch === ' ' || isJavaLetter(ch))),
  isalphanumeric: m((v) => allChars(v, (ch) => isJavaLetter(ch) || isJavaDigit(ch))),
  isalphanumericspace: m(
    (v) => v.length > 0 && chars(v).every((ch) => ch === ' ' || isJavaLetter(ch) || isJavaDigit(ch))
  ),
  isasciiprintable: m((v) =>
    chars(v).every((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) < 127)
  ),
  isalllowercase: m((v) => allChars(v, isJavaLowerCase)),
  isalluppercase: m((v) => allChars(v, isJavaUpperCase)),
  iswhitespace: m((v) => chars(v).every(isJavaWhitespace)),
  difference: m((v, args) => {
    const other = strOrNull(args, 0);
    if (other === null) return v;
    const at = indexOfDifference(v, other);
    return at === -1 ? '' : other.slice(at);
  }),
  getlevenshteindistance: m((v, args) => {
    const other = str(args, 0);
    if (args.length > 1) {
      const threshold = int(args, 1);
      if (threshold < 0) stringException('Threshold must not be negative');
      return levenshtein(v, other, threshold);
    }
    return levenshtein(v, other);
  }),
  substringbefore: m((v, args) => {
    const sep = strOrNull(args, 0);
    if (v.length === 0 || sep === null) return v;
    if (sep === '') return '';
    const pos = v.indexOf(sep);
    return pos === -1 ? v : v.slice(0, pos);
  }),
  substringafter: m((v, args) => {
    const sep = strOrNull(args, 0);
    if (v.length === 0) return v;
    if (sep === null) return '';
    const pos = v.indexOf(sep);
    return pos === -1 ? '' : v.slice(pos + sep.length);
  }),
  substringbeforelast: m((v, args) => {
    const sep = strOrNull(args, 0);
    if (v.length === 0 || !sep) return v;
    const pos = v.lastIndexOf(sep);
    return pos === -1 ? v : v.slice(0, pos);
  }),
  substringafterlast: m((v, args) => {
    const sep = strOrNull(args, 0);
    if (v.length === 0) return v;
    if (!sep) return '';
    const pos = v.lastIndexOf(sep);
    return pos === -1 || pos === v.length - sep.length ? '' : v.slice(pos + sep.length);
  }),
  substringbetween: m((v, args) => {
    const open = strOrNull(args, 0);
    const close = args.length > 1 ? strOrNull(args, 1) : open;
    if (open === null || close === null) return null;
    const start = v.indexOf(open);
    if (start === -1) return null;
    const end = v.indexOf(close, start + open.length);
    return end === -1 ? null : v.slice(start + open.length, end);
  }),
  escapecsv: m((v) => escapeCsv(v)),
  escapeecmascript: m((v) => escapeEcmaScript(v)),
  escapehtml3: m((v) => escapeHtml3(v)),
  escapehtml4: m((v) => escapeHtml4(v)),
  escapejava: m((v) => escapeJava(v)),
  escapeunicode: m((v) => escapeUnicode(v)),
  escapexml: m((v) => escapeXml(v)),
  unescapecsv: m((v) => unescapeCsv(v)),
  unescapeecmascript: m((v) => unescapeEcmaScript(v)),
  unescapehtml3: m((v) => unescapeHtml3(v)),
  unescapehtml4: m((v) => unescapeHtml4(v)),
  unescapejava: m((v) => unescapeJava(v)),
  unescapeunicode: m((v) => unescapeUnicode(v)),
  unescapexml: m((v) => unescapeXml(v)),
  // An Id is a string at run time: the Id methods are reachable from values typed String too.
  getsobjecttype: (self, args, ctx) => idInstanceMethods.getsobjecttype(self, args, ctx),
  to15: (self, args, ctx) => idInstanceMethods.to15(self, args, ctx),
  getchars: m(
    (v) =>
      new ApexList(
        T.Integer,
        Array.from({ length: v.length }, (_, i) => v.charCodeAt(i))
      )
  ),
  tostring: m((v) => v),
  format: m((v, args, ctx) => {
    const list = args[0];
    return messageFormat(v, list === null || list === undefined ? [] : iterableItems(list), ctx);
  })
};

const INT = T.Integer;
const BOOL = T.Boolean;
const STR = T.String;
const returnTypes: Record<string, TypeRef> = {
  valueof: STR,
  valueofgmt: STR,
  isblank: BOOL,
  isnotblank: BOOL,
  isempty: BOOL,
  isnotempty: BOOL,
  join: STR,
  format: STR,
  escapesinglequotes: STR,
  fromchararray: STR,
  getcommonprefix: STR,
  getchars: listOf(INT),
  split: listOf(STR),
  splitbycharactertype: listOf(STR),
  splitbycharactertypecamelcase: listOf(STR)
};
for (const name of Object.keys(instanceMethods)) {
  if (returnTypes[name]) continue;
  if (
    /^(length|charat|codepoint|indexof|lastindexof|compareto|hashcode|countmatches|getlevenshteindistance)/.test(
      name
    )
  )
    returnTypes[name] = INT;
  else if (/^(contains|startswith|endswith|equals|is|matches)/.test(name)) returnTypes[name] = BOOL;
  else returnTypes[name] = STR;
}
returnTypes.getsobjecttype = { name: 'Schema.SObjectType' };

export const StringClass: NativeClass = {
  name: 'String',
  staticMethods,
  instanceMethods,
  returnTypes
};

export { isBlank, javaCompare };
