/**
 * Java regular expressions (java.util.regex, which Apex's Pattern, String.split, replaceAll,
 * replaceFirst and matches use) translated to JavaScript RegExp source with the `u` flag.
 *
 * Translated so the match is the same: `.` (excludes \u0085 too), `^`/`$` (Java's `$` also matches
 * before a final line terminator), `\s`/`\S` (ASCII only in Java), \A \z \Z \h \H \v \V \R \Q…\E,
 * POSIX and java classes \p{Alpha} \p{Punct} \p{javaLowerCase}…, Unicode \p{L} \p{IsLatin},
 * inline flags (?i) (?s) (?m) (?d) (?u) at the start of the pattern.
 * Refused with an exception naming the construct (never a silently different match):
 * possessive quantifiers, atomic groups, \G, \X, class unions and intersections, scoped or
 * mid-pattern inline flags, COMMENTS mode, \S \H \V negations inside a character class.
 */
import { ApexThrow } from '../runtime-types.js';

export const JAVA_FLAGS = {
  UNIX_LINES: 1,
  CASE_INSENSITIVE: 2,
  COMMENTS: 4,
  MULTILINE: 8,
  LITERAL: 16,
  DOTALL: 32,
  UNICODE_CASE: 64
} as const;

export interface TranslatedRegex {
  readonly javaPattern: string;
  readonly source: string;
  /** Flags besides g/y/d, which callers add: '' or 'i' plus 'u'. */
  readonly flags: string;
  readonly groupCount: number;
  readonly groupNames: readonly string[];
}

const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const HORIZONTAL_SPACE = ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000';
const VERTICAL_SPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

/** POSIX / java.lang.Character classes: class body (without brackets). */
const NAMED_CLASSES: Record<string, string> = {
  lower: 'a-z',
  upper: 'A-Z',
  ascii: '\\x00-\\x7F',
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  punct: '!-\\/:-@\\[-`{-~',
  graph: '!-~',
  print: ' -~',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  xdigit: '0-9a-fA-F',
  space: JAVA_SPACE,
  javalowercase: '\\p{Ll}',
  javauppercase: '\\p{Lu}',
  javawhitespace:
    ' \\t\\n\\x0B\\f\\r\\x1C-\\x1F\\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000',
  javamirrored: '\\p{Bidi_M}',
  javaletter: '\\p{L}',
  javadigit: '\\p{Nd}',
  javaletterordigit: '\\p{L}\\p{Nd}',
  javaalphabetic: '\\p{Alphabetic}',
  isalphabetic: '\\p{Alphabetic}',
  isletter: '\\p{L}',
  isdigit: '\\p{Nd}',
  isuppercase: '\\p{Uppercase}',
  islowercase: '\\p{Lowercase}',
  iswhite_space: '\\p{White_Space}',
  iswhitespace: '\\p{White_Space}',
  ispunctuation: '\\p{P}',
  iscontrol: '\\p{Cc}'
};

const SYNTAX_CHARS = new Set([
  '^',
  '$',
  '\\',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '/'
]);

export class RegexSyntaxError extends ApexThrow {
  constructor(message: string) {
    super('System.StringException', message);
  }
}

function unsupported(what: string, pattern: string): never {
  throw new Error(`unsupported: Java regex construct ${what} in pattern "${pattern}"`);
}

export function translateJavaRegex(pattern: string, javaFlags = 0): TranslatedRegex {
  let flags = javaFlags;
  if (flags & JAVA_FLAGS.LITERAL) {
    return {
      javaPattern: pattern,
      source: escapeForJs(pattern),
      flags: flags & JAVA_FLAGS.CASE_INSENSITIVE ? 'iu' : 'u',
      groupCount: 0,
      groupNames: []
    };
  }
  let i = 0;
  // Leading inline flags: (?i) (?s) (?m) (?d) (?u) (?-…) change the whole pattern.
  for (;;) {
    const lead = /^\(\?([idmsux]*)(?:-([idmsux]*))?\)/.exec(pattern.slice(i));
    if (!lead) break;
    flags = applyInlineFlags(flags, lead[1], lead[2] ?? '', pattern);
    i += lead[0].length;
  }
  if (flags & JAVA_FLAGS.COMMENTS) unsupported('COMMENTS mode (?x)', pattern);
  const dotAll = (flags & JAVA_FLAGS.DOTALL) !== 0;
  const multiline = (flags & JAVA_FLAGS.MULTILINE) !== 0;
  const unixLines = (flags & JAVA_FLAGS.UNIX_LINES) !== 0;
  const terminators = unixLines ? '\\n' : LINE_TERMINATORS;

  let out = '';
  let groupCount = 0;
  const groupNames: string[] = [];
  let lastWasQuantifiable = false;

  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const { text, length } = translateEscape(pattern, i, false);
      out += text;
      i += length;
      lastWasQuantifiable = true;
      continue;
    }
    if (c === '[') {
      const { text, length } = translateClass(pattern, i);
      out += text;
      i += length;
      lastWasQuantifiable = true;
      continue;
    }
    if (c === '(') {
      const rest = pattern.slice(i);
      if (
        rest.startsWith('(?:') ||
        rest.startsWith('(?=') ||
        rest.startsWith('(?!') ||
        rest.startsWith('(?<=') ||
        rest.startsWith('(?<!')
      ) {
        const len = rest.startsWith('(?<') ? 4 : 3;
        out += rest.slice(0, len);
        i += len;
      } else if (rest.startsWith('(?<')) {
        const named = /^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
        if (!named)
          throw new RegexSyntaxError(
            `Invalid regex: named capturing group is missing trailing '>' near index ${i} in "${pattern}"`
          );
        groupCount++;
        groupNames[groupCount] = named[1];
        out += named[0];
        i += named[0].length;
      } else if (rest.startsWith('(?>')) {
        unsupported('atomic group (?>…)', pattern);
      } else if (rest.startsWith('(?')) {
        const inline = /^\(\?([idmsux]*)(?:-([idmsux]*))?([):])/.exec(rest);
        if (!inline)
          throw new RegexSyntaxError(
            `Invalid regex: unknown inline modifier near index ${i} in "${pattern}"`
          );
        unsupported(`inline flags ${inline[0]} after the start of the pattern`, pattern);
      } else {
        groupCount++;
        out += '(';
        i++;
      }
      lastWasQuantifiable = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let quant = c;
      let j = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m)
          throw new RegexSyntaxError(
            `Invalid regex: Illegal repetition near index ${i} in "${pattern}"`
          );
        quant = m[0];
        j = i + m[0].length;
      }
      if (!lastWasQuantifiable)
        throw new RegexSyntaxError(
          `Invalid regex: Dangling meta character '${c}' near index ${i} in "${pattern}"`
        );
      if (pattern[j] === '+') unsupported(`possessive quantifier ${quant}+`, pattern);
      if (pattern[j] === '?') {
        quant += '?';
        j++;
      }
      out += quant;
      i = j;
      lastWasQuantifiable = false;
      continue;
    }
    if (c === '.') {
      out += dotAll ? '[\\s\\S]' : `[^${terminators}]`;
    } else if (c === '^') {
      out += multiline ? `(?:(?<![\\s\\S])|(?<=[${terminators}])(?=[\\s\\S]))` : '(?<![\\s\\S])';
    } else if (c === '$') {
      out += multiline
        ? `(?=[${terminators}]|(?![\\s\\S]))`
        : unixLines
          ? '(?=\\n?(?![\\s\\S]))'
          : `(?=(?:\\r\\n|[${terminators}])?(?![\\s\\S]))`;
    } else if (c === ')' || c === '|') {
      out += c;
      if (c === ')') {
        lastWasQuantifiable = true;
        i++;
        continue;
      }
    } else if (c === ']' || c === '}') {
      out += '\\' + c;
    } else {
      out += c;
    }
    lastWasQuantifiable = c !== '|' && c !== '^' && c !== '$';
    i++;
  }
  const jsFlags = (flags & JAVA_FLAGS.CASE_INSENSITIVE ? 'i' : '') + 'u';
  const source = out;
  try {
    new RegExp(source, jsFlags);
  } catch (error) {
    throw new RegexSyntaxError(`Invalid regex: ${(error as Error).message} in "${pattern}"`);
  }
  return { javaPattern: pattern, source, flags: jsFlags, groupCount, groupNames };
}

function applyInlineFlags(flags: number, on: string, off: string, pattern: string): number {
  const bit = (f: string): number => {
    switch (f) {
      case 'i':
        return JAVA_FLAGS.CASE_INSENSITIVE;
      case 'd':
        return JAVA_FLAGS.UNIX_LINES;
      case 'm':
        return JAVA_FLAGS.MULTILINE;
      case 's':
        return JAVA_FLAGS.DOTALL;
      case 'u':
        return JAVA_FLAGS.UNICODE_CASE;
      case 'x':
        return JAVA_FLAGS.COMMENTS;
      default:
        return unsupported(`inline flag ${f}`, pattern);
    }
  };
  let result = flags;
  for (const f of on) result |= bit(f);
  for (const f of off) result &= ~bit(f);
  return result;
}

/** Translates the escape at pattern[start] (a backslash). inClass: inside [...], where a class body is returned. */
function translateEscape(
  pattern: string,
  start: number,
  inClass: boolean
): { text: string; length: number } {
  const c = pattern[start + 1];
  if (c === undefined)
    throw new RegexSyntaxError(
      `Invalid regex: Unexpected internal error near index ${start + 1} in "${pattern}"`
    );
  const simple = (text: string, length = 2) => ({ text, length });
  const cls = (body: string) => simple(inClass ? body : `[${body}]`);
  const negatedCls = (body: string, name: string) => {
    if (inClass) unsupported(`\\${name} inside a character class`, pattern);
    return simple(`[^${body}]`);
  };
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 't':
    case 'n':
    case 'r':
    case 'f':
      return simple('\\' + c);
    case 'b':
    case 'B':
      if (inClass)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal/unsupported escape sequence near index ${start + 1} in "${pattern}"`
        );
      return simple('\\' + c);
    case 's':
      return cls(JAVA_SPACE);
    case 'S':
      return negatedCls(JAVA_SPACE, 'S');
    case 'h':
      return cls(HORIZONTAL_SPACE);
    case 'H':
      return negatedCls(HORIZONTAL_SPACE, 'H');
    case 'v':
      return cls(VERTICAL_SPACE);
    case 'V':
      return negatedCls(VERTICAL_SPACE, 'V');
    case 'R':
      if (inClass)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal/unsupported escape sequence near index ${start + 1} in "${pattern}"`
        );
      return simple('(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])');
    case 'A':
      return simple('(?<![\\s\\S])');
    case 'z':
      return simple('(?![\\s\\S])');
    case 'Z':
      return simple(`(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`);
    case 'G':
      return unsupported('\\G', pattern);
    case 'X':
      return unsupported('\\X', pattern);
    case 'e':
      return simple('\\x1B');
    case 'a':
      return simple('\\x07');
    case 'c':
      return simple('\\c' + pattern[start + 2], 3);
    case 'x': {
      const braced = /^\\x\{([0-9a-fA-F]+)\}/.exec(pattern.slice(start));
      if (braced) return simple(`\\u{${braced[1]}}`, braced[0].length);
      const two = /^\\x[0-9a-fA-F]{2}/.exec(pattern.slice(start));
      if (!two)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal hexadecimal escape sequence near index ${start + 2} in "${pattern}"`
        );
      return simple(two[0], 4);
    }
    case 'u': {
      const four = /^\\u[0-9a-fA-F]{4}/.exec(pattern.slice(start));
      if (!four)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal Unicode escape sequence near index ${start + 2} in "${pattern}"`
        );
      return simple(four[0], 6);
    }
    case '0': {
      const octal = /^\\0([0-3]?[0-7]{1,2}|[0-7])/.exec(pattern.slice(start));
      if (!octal)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal octal escape sequence near index ${start + 2} in "${pattern}"`
        );
      return simple(`\\u{${parseInt(octal[1], 8).toString(16)}}`, octal[0].length);
    }
    case 'p':
    case 'P': {
      const m = /^\\[pP](?:\{([^}]*)\}|([A-Za-z]))/.exec(pattern.slice(start));
      if (!m)
        throw new RegexSyntaxError(
          `Invalid regex: Illegal character property near index ${start + 2} in "${pattern}"`
        );
      const name = m[1] ?? m[2];
      const body = propertyClass(name, pattern);
      if (c === 'p') return { text: inClass ? body : `[${body}]`, length: m[0].length };
      if (inClass) unsupported(`\\P{${name}} inside a character class`, pattern);
      return { text: `[^${body}]`, length: m[0].length };
    }
    case 'Q': {
      const end = pattern.indexOf('\\E', start + 2);
      const literal = pattern.slice(start + 2, end < 0 ? pattern.length : end);
      const text = inClass ? [...literal].map(escapeClassChar).join('') : escapeForJs(literal);
      return {
        text: inClass || literal.length <= 1 ? text : `(?:${text})`,
        length: (end < 0 ? pattern.length : end + 2) - start
      };
    }
    case 'E':
      return simple('', 2);
    case 'k': {
      const m = /^\\k<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(start));
      if (!m)
        throw new RegexSyntaxError(
          `Invalid regex: \\k is not followed by '<' for named capturing group near index ${start + 2} in "${pattern}"`
        );
      return simple(m[0], m[0].length);
    }
    default:
      if (c >= '1' && c <= '9') {
        if (inClass)
          throw new RegexSyntaxError(
            `Invalid regex: Illegal/unsupported escape sequence near index ${start + 1} in "${pattern}"`
          );
        return simple('\\' + c);
      }
      if (/[a-zA-Z]/.test(c)) {
        throw new RegexSyntaxError(
          `Invalid regex: Illegal/unsupported escape sequence near index ${start + 1} in "${pattern}"`
        );
      }
      {
        const codePoint = pattern.codePointAt(start + 1)!;
        const ch = String.fromCodePoint(codePoint);
        return { text: inClass ? escapeClassChar(ch) : escapeForJs(ch), length: 1 + ch.length };
      }
  }
}

function propertyClass(rawName: string, pattern: string): string {
  let name = rawName;
  const key = name.toLowerCase();
  if (NAMED_CLASSES[key] !== undefined && !/^[A-Z][a-z]?$/.test(name)) return NAMED_CLASSES[key];
  if (key.startsWith('is') && NAMED_CLASSES[key] === undefined) {
    // \p{IsLatin} → script, \p{IsL} → category
    name = name.slice(2);
    if (/^[A-Z][a-z]?$/.test(name)) return `\\p{${name}}`;
    return `\\p{Script=${name}}`;
  }
  if (key.startsWith('in')) return unsupported(`Unicode block \\p{${rawName}}`, pattern);
  if (/^[A-Z][a-z&]?$/.test(name) || /^(general_category|gc)=/i.test(name))
    return `\\p{${name.replace(/^(general_category|gc)=/i, '')}}`;
  if (/^(script|sc)=/i.test(name)) return `\\p{Script=${name.split('=')[1]}}`;
  if (NAMED_CLASSES[key] !== undefined) return NAMED_CLASSES[key];
  throw new RegexSyntaxError(
    `Invalid regex: Unknown character property name {${rawName}} in "${pattern}"`
  );
}

function translateClass(pattern: string, start: number): { text: string; length: number } {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === ']' && !first) {
      return { text: out + ']', length: i + 1 - start };
    }
    if (c === '[') unsupported('nested character class (union) [..[..]]', pattern);
    if (c === '&' && pattern[i + 1] === '&')
      unsupported('character class intersection &&', pattern);
    if (c === '\\') {
      const { text, length } = translateEscape(pattern, i, true);
      out += text;
      i += length;
    } else if (c === ']') {
      out += '\\]';
      i++;
    } else if (c === '-') {
      out += '-';
      i++;
    } else {
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      out += escapeClassChar(ch);
      i += ch.length;
    }
    first = false;
  }
  throw new RegexSyntaxError(
    `Invalid regex: Unclosed character class near index ${pattern.length - 1} in "${pattern}"`
  );
}

function escapeClassChar(ch: string): string {
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? '\\' + ch : ch;
}

/** A literal string as JS regex source (u mode). */
export function escapeForJs(literal: string): string {
  let out = '';
  for (const ch of literal) out += SYNTAX_CHARS.has(ch) ? '\\' + ch : ch;
  return out;
}

/** Java's Pattern.quote: \Q…\E, with embedded \E handled as Java does. */
export function javaQuote(text: string): string {
  if (!text.includes('\\E')) return `\\Q${text}\\E`;
  let out = '\\Q';
  let current = 0;
  let index: number;
  while ((index = text.indexOf('\\E', current)) !== -1) {
    out += text.slice(current, index) + '\\E\\\\E\\Q';
    current = index + 2;
  }
  return out + text.slice(current) + '\\E';
}

const cache = new Map<string, TranslatedRegex>();

/** Cached translation (patterns repeat in loops). */
export function compileJava(pattern: string, javaFlags = 0): TranslatedRegex {
  const key = `${javaFlags}:${pattern}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = translateJavaRegex(pattern, javaFlags);
    if (cache.size > 500) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

export interface JavaMatch {
  readonly start: number;
  readonly end: number;
  /** groups[0] is the whole match; undefined for a group that did not take part. */
  readonly groups: readonly (string | undefined)[];
  readonly indices: readonly ([number, number] | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

function toMatch(m: RegExpExecArray): JavaMatch {
  const indices = (m.indices ?? []) as ([number, number] | undefined)[];
  return {
    start: m.index,
    end: m.index + m[0].length,
    groups: [...m],
    indices: [...indices],
    named: { ...(m.groups ?? {}) }
  };
}

const compiled = new WeakMap<
  TranslatedRegex,
  { find?: RegExp; scan?: RegExp; whole?: RegExp; prefix?: RegExp }
>();
function jsRegex(re: TranslatedRegex, kind: 'find' | 'scan' | 'whole' | 'prefix'): RegExp {
  let entry = compiled.get(re);
  if (!entry) compiled.set(re, (entry = {}));
  let rx = entry[kind];
  if (!rx) {
    if (kind === 'find') rx = new RegExp(re.source, re.flags + 'gd');
    else if (kind === 'scan') rx = new RegExp(re.source, re.flags + 'g');
    else if (kind === 'whole') rx = new RegExp(`(?:${re.source})(?![\\s\\S])`, re.flags + 'yd');
    else rx = new RegExp(re.source, re.flags + 'yd');
    entry[kind] = rx;
  }
  return rx;
}

/** Java Matcher.find from a position. */
export function findFrom(re: TranslatedRegex, input: string, from: number): JavaMatch | null {
  const rx = jsRegex(re, 'find');
  rx.lastIndex = from;
  const m = rx.exec(input);
  return m ? toMatch(m) : null;
}

/** Java Matcher.matches: the whole input. */
export function matchWhole(re: TranslatedRegex, input: string): JavaMatch | null {
  const rx = jsRegex(re, 'whole');
  rx.lastIndex = 0;
  const m = rx.exec(input);
  return m ? toMatch(m) : null;
}

/** Java Matcher.lookingAt: a match starting at the beginning. */
export function matchPrefix(re: TranslatedRegex, input: string): JavaMatch | null {
  const rx = jsRegex(re, 'prefix');
  rx.lastIndex = 0;
  const m = rx.exec(input);
  return m ? toMatch(m) : null;
}

/** Every match as Java's find loop sees them (an empty match advances by one); no group indices. */
export function findAll(re: TranslatedRegex, input: string): JavaMatch[] {
  const result: JavaMatch[] = [];
  const rx = jsRegex(re, 'scan');
  let from = 0;
  while (from <= input.length) {
    rx.lastIndex = from;
    const m = rx.exec(input);
    if (!m) break;
    const match: JavaMatch = {
      start: m.index,
      end: m.index + m[0].length,
      groups: m,
      indices: [],
      named: m.groups ?? {}
    };
    result.push(match);
    from = match.end === match.start ? match.end + 1 : match.end;
  }
  return result;
}

/** A pattern that is one literal character (`,`, `\\|`, `;`): Java's String.split fast path. */
function literalSeparator(re: TranslatedRegex): string | null {
  const p = re.javaPattern;
  if (p.length === 1 && !'.$|()[{^?*+\\'.includes(p)) return p;
  if (p.length === 2 && p[0] === '\\' && !/[0-9a-zA-Z]/.test(p[1])) return p[1];
  return null;
}

/** Java's Matcher.appendReplacement expansion: $n, ${name}, \x escapes. */
export function expandReplacement(replacement: string, m: JavaMatch, re: TranslatedRegex): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length)
        throw new ApexThrow('System.StringException', 'character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length)
        throw new ApexThrow(
          'System.StringException',
          'Illegal group reference: group index is missing'
        );
      if (replacement[i] === '{') {
        const close = replacement.indexOf('}', i);
        const name = close < 0 ? '' : replacement.slice(i + 1, close);
        if (close < 0 || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
          throw new ApexThrow(
            'System.StringException',
            "named capturing group is missing trailing '}'"
          );
        }
        if (!re.groupNames.includes(name))
          throw new ApexThrow('System.StringException', `No group with name {${name}}`);
        out += m.named[name] ?? '';
        i = close;
      } else {
        let digit = replacement.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9)
          throw new ApexThrow('System.StringException', 'Illegal group reference');
        let group = digit;
        while (i + 1 < replacement.length) {
          digit = replacement.charCodeAt(i + 1) - 48;
          if (digit < 0 || digit > 9) break;
          const next = group * 10 + digit;
          if (next > re.groupCount) break;
          group = next;
          i++;
        }
        if (group > re.groupCount)
          throw new ApexThrow('System.StringException', `No group ${group}`);
        out += m.groups[group] ?? '';
      }
    } else {
      out += c;
    }
  }
  return out;
}

export function replaceJava(
  re: TranslatedRegex,
  input: string,
  replacement: string,
  firstOnly: boolean
): string {
  const matches = firstOnly
    ? [findFrom(re, input, 0)].filter((m): m is JavaMatch => m !== null)
    : findAll(re, input);
  if (matches.length === 0) return input;
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += input.slice(last, m.start) + expandReplacement(replacement, m, re);
    last = m.end;
  }
  return out + input.slice(last);
}

/** Java's Pattern.split(input, limit) (Java 8+: no leading empty string for a zero-width match at 0). */
export function splitJava(re: TranslatedRegex, input: string, limit: number): string[] {
  const literal = re.flags.includes('i') ? null : literalSeparator(re);
  if (literal !== null) {
    let parts = input.split(literal);
    if (limit > 0 && parts.length > limit)
      parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(literal)];
    if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts.length === 0 && input.length === 0 ? [''] : parts;
  }
  const result: string[] = [];
  let index = 0;
  const matchLimited = limit > 0;
  for (const m of findAll(re, input)) {
    if (matchLimited && result.length >= limit - 1) break;
    if (index === 0 && m.start === 0 && m.end === 0) continue;
    result.push(input.slice(index, m.start));
    index = m.end;
  }
  if (index === 0 && result.length === 0) return [input];
  result.push(input.slice(index));
  if (limit === 0) {
    while (result.length > 0 && result[result.length - 1] === '') result.pop();
  }
  return result;
}
