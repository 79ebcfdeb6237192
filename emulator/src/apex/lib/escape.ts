/**
 * The escape/unescape methods of Apex String, which follow Apache Commons Lang 3
 * StringEscapeUtils (Java, EcmaScript, CSV, HTML 3.2 / 4.0 entities, XML basic entities).
 */
import { ApexThrow } from '../runtime-types.js';

const ISO8859_1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' '
  );

const GREEK_UPPER =
  'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho'.split(
    ' '
  );
const GREEK_UPPER_2 = 'Sigma Tau Upsilon Phi Chi Psi Omega'.split(' ');
const GREEK_LOWER =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega'.split(
    ' '
  );

const HTML40_EXTENDED: [string, number][] = [
  ['fnof', 402],
  ...GREEK_UPPER.map((n, i): [string, number] => [n, 913 + i]),
  ...GREEK_UPPER_2.map((n, i): [string, number] => [n, 931 + i]),
  ...GREEK_LOWER.map((n, i): [string, number] => [n, 945 + i]),
  ...(
    'thetasym 977 upsih 978 piv 982 bull 8226 hellip 8230 prime 8242 Prime 8243 oline 8254 frasl 8260 weierp 8472 image 8465 real 8476 trade 8482 alefsym 8501 ' +
    'larr 8592 uarr 8593 rarr 8594 darr 8595 harr 8596 crarr 8629 lArr 8656 uArr 8657 rArr 8658 dArr 8659 hArr 8660 forall 8704 part 8706 exist 8707 empty 8709 ' +
    'nabla 8711 isin 8712 notin 8713 ni 8715 prod 8719 sum 8721 minus 8722 lowast 8727 radic 8730 prop 8733 infin 8734 ang 8736 and 8743 or 8744 cap 8745 cup 8746 ' +
    'int 8747 there4 8756 sim 8764 cong 8773 asymp 8776 ne 8800 equiv 8801 le 8804 ge 8805 sub 8834 sup 8835 nsub 8836 sube 8838 supe 8839 oplus 8853 otimes 8855 ' +
    'perp 8869 sdot 8901 lceil 8968 rceil 8969 lfloor 8970 rfloor 8971 lang 9001 rang 9002 loz 9674 spades 9824 clubs 9827 hearts 9829 diams 9830 OElig 338 ' +
    'oelig 339 Scaron 352 scaron 353 Yuml 376 circ 710 tilde 732 ensp 8194 emsp 8195 thinsp 8201 zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 ' +
    'lsquo 8216 rsquo 8217 sbquo 8218 ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 permil 8240 lsaquo 8249 rsaquo 8250 euro 8364'
  )
    .split(' ')
    .reduce<[string, number][]>(
      (acc, token, i, all) => (i % 2 === 0 ? [...acc, [token, Number(all[i + 1])]] : acc),
      []
    )
];

const BASIC: [string, number][] = [
  ['quot', 34],
  ['amp', 38],
  ['lt', 60],
  ['gt', 62]
];
const ISO8859_1: [string, number][] = ISO8859_1_NAMES.map((n, i) => [n, 160 + i]);

function table(entries: [string, number][]): {
  byChar: Map<string, string>;
  byName: Map<string, string>;
} {
  const byChar = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const [name, code] of entries) {
    const ch = String.fromCharCode(code);
    byChar.set(ch, `&${name};`);
    byName.set(name, ch);
  }
  return { byChar, byName };
}

const HTML3 = table([...BASIC, ...ISO8859_1]);
const HTML4 = table([...BASIC, ...ISO8859_1, ...HTML40_EXTENDED]);
const XML = table([...BASIC, ['apos', 39]]);

function escapeWith(value: string, t: { byChar: Map<string, string> }): string {
  let out = '';
  for (const ch of value) out += t.byChar.get(ch) ?? ch;
  return out;
}

function unescapeWith(value: string, t: { byName: Map<string, string> }): string {
  return value.replace(
    /&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z][a-zA-Z0-9]*);/g,
    (whole, body: string) => {
      if (body.startsWith('#')) {
        const code =
          body[1] === 'x' || body[1] === 'X'
            ? parseInt(body.slice(2), 16)
            : parseInt(body.slice(1), 10);
        return code > 0x10ffff ? whole : String.fromCodePoint(code);
      }
      return t.byName.get(body) ?? whole;
    }
  );
}

export const escapeHtml3 = (v: string) => escapeWith(v, HTML3);
export const escapeHtml4 = (v: string) => escapeWith(v, HTML4);
export const escapeXml = (v: string) => escapeWith(v, XML);
export const unescapeHtml3 = (v: string) => unescapeWith(v, HTML3);
export const unescapeHtml4 = (v: string) => unescapeWith(v, HTML4);
export const unescapeXml = (v: string) => unescapeWith(v, XML);

const hex4 = (code: number) => '\\u' + code.toString(16).toUpperCase().padStart(4, '0');

function escapeControl(ch: string): string | undefined {
  switch (ch) {
    case '\b':
      return '\\b';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\f':
      return '\\f';
    case '\r':
      return '\\r';
  }
  return undefined;
}

function escapeJavaLike(value: string, extra: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (extra[ch] !== undefined) out += extra[ch];
    else if (escapeControl(ch) !== undefined) out += escapeControl(ch);
    else if (code < 32 || code > 0x7f) out += hex4(code);
    else out += ch;
  }
  return out;
}

export const escapeJava = (v: string) => escapeJavaLike(v, { '"': '\\"', '\\': '\\\\' });
export const escapeEcmaScript = (v: string) =>
  escapeJavaLike(v, { "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/' });

export function escapeUnicode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    out += code > 0x7f ? hex4(code) : value[i];
  }
  return out;
}

export function unescapeUnicode(value: string): string {
  return value.replace(/\\u+([0-9a-fA-F]{4})/g, (_, h: string) =>
    String.fromCharCode(parseInt(h, 16))
  );
}

/** commons-lang UnescapeJavaScript/Java: \\ \" \' \/ \b \n \t \f \r, octal, \uXXXX (several u allowed). */
export function unescapeJava(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch !== '\\' || i === value.length - 1) {
      out += ch;
      continue;
    }
    const next = value[i + 1];
    const simple: Record<string, string> = {
      '\\': '\\',
      '"': '"',
      "'": "'",
      b: '\b',
      n: '\n',
      t: '\t',
      f: '\f',
      r: '\r'
    };
    if (simple[next] !== undefined) {
      out += simple[next];
      i++;
    } else if (next === 'u') {
      let j = i + 1;
      while (value[j] === 'u') j++;
      if (value[j] === '+') j++;
      const hex = value.slice(j, j + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex))
        throw new ApexThrow(
          'System.StringException',
          `Less than 4 hex digits in unicode value: '${hex}'`
        );
      out += String.fromCharCode(parseInt(hex, 16));
      i = j + 3;
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(value.slice(i + 1))!;
      out += String.fromCharCode(parseInt(m[0], 8));
      i += m[0].length;
    } else {
      out += ch;
    }
  }
  return out;
}

export function unescapeEcmaScript(value: string): string {
  return unescapeJava(value.replace(/\\\//g, '/'));
}

const CSV_SPECIAL = /[,"\r\n]/;

export function escapeCsv(value: string): string {
  if (!CSV_SPECIAL.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

export function unescapeCsv(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  const inner = value.slice(1, -1);
  if (!CSV_SPECIAL.test(inner)) return value;
  return inner.replace(/""/g, '"');
}
