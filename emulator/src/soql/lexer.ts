/**
 * Tokens of SOQL and SOSL text. Bind expressions (`:name`, `:obj.field`, `:list[0]`, `:m.get('k')`)
 * are captured whole so the interpreter can evaluate their text.
 */
import { ApexThrow } from '../apex/runtime-types.js';

export type TokenKind =
  'ident' | 'number' | 'string' | 'bind' | 'op' | 'punct' | 'date' | 'datetime' | 'braces' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For strings: the unescaped value; for binds: the expression text. */
  readonly value: string;
  readonly pos: number;
}

/** A SOQL/SOSL syntax or schema error: an Apex System.QueryException, with the position in the text. */
export class SoqlParseError extends ApexThrow {
  constructor(
    message: string,
    readonly position: number
  ) {
    super('System.QueryException', message);
    this.name = 'SoqlParseError';
  }
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^\d+(\.\d+)?|^\.\d+/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = DATETIME.exec(rest))) {
      tokens.push({ kind: 'datetime', text: m[0], value: m[0], pos: i });
      i += m[0].length;
    } else if ((m = DATE.exec(rest))) {
      tokens.push({ kind: 'date', text: m[0], value: m[0], pos: i });
      i += m[0].length;
    } else if ((m = NUMBER.exec(rest))) {
      tokens.push({ kind: 'number', text: m[0], value: m[0], pos: i });
      i += m[0].length;
    } else if ((m = IDENT.exec(rest))) {
      let word = m[0];
      // N-valued date literals: LAST_N_DAYS:30
      const nLiteral = /^:(\d+)/.exec(text.slice(i + word.length));
      if (nLiteral && /_N_|N_[A-Z]+_AGO/i.test(word)) word += nLiteral[0];
      tokens.push({ kind: 'ident', text: word, value: word, pos: i });
      i += word.length;
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== "'") {
        if (text[j] === '\\') {
          const n = text[j + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            t: '\t',
            r: '\r',
            b: '\b',
            f: '\f',
            "'": "'",
            '"': '"',
            '\\': '\\',
            _: '\\_',
            '%': '\\%'
          };
          if (!(n in escapes))
            throw new SoqlParseError(
              `Invalid string literal '${text.slice(i, j + 2)}'. Illegal character sequence '\\${n}' in string literal.`,
              j
            );
          value += escapes[n];
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) throw new SoqlParseError(`unterminated string literal at ${i}`, i);
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), value, pos: i });
      i = j + 1;
    } else if (c === ':') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      const start = j;
      let depth = 0;
      while (j < text.length) {
        const d = text[j];
        if (d === '(' || d === '[') depth++;
        else if (d === ')' || d === ']') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (/\s/.test(d) || d === ',')) break;
        else if (d === "'") {
          j++;
          while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
        }
        j++;
      }
      const expr = text.slice(start, j);
      if (!expr) throw new SoqlParseError(`unexpected token: ':'`, i);
      tokens.push({ kind: 'bind', text: text.slice(i, j), value: expr, pos: i });
      i = j;
    } else if (c === '{') {
      // SOSL search text: a backslash escapes the next character, so `\}` does not end it.
      let j = i + 1;
      while (j < text.length && text[j] !== '}') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new SoqlParseError('unterminated { in search query', i);
      tokens.push({
        kind: 'braces',
        text: text.slice(i, j + 1),
        value: text.slice(i + 1, j),
        pos: i
      });
      i = j + 1;
    } else if ((m = /^(<=|>=|!=|<>|=|<|>)/.exec(rest))) {
      tokens.push({ kind: 'op', text: m[0], value: m[0], pos: i });
      i += m[0].length;
    } else if ('(),.-+'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, value: c, pos: i });
      i++;
    } else {
      throw new SoqlParseError(`unexpected token: '${c}'`, i);
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', pos: text.length });
  return tokens;
}
