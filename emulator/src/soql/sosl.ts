/**
 * SOSL: `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] RETURNING Obj(fields WHERE … ORDER BY … LIMIT n), … [LIMIT n]`.
 *
 * Search is a scan of the searchable fields (no search index, no relevance ranking: results come
 * in record order). The search text is the platform's grammar: words and "quoted phrases" joined
 * by AND (also implied), OR and AND NOT, grouped by parentheses, `*` and `?` wildcards, `\`
 * escaping a reserved character; over 4,000 characters every term is ORed, over 10,000 nothing
 * matches. Every term is matched on its own: text as whole words case-insensitively (phrases as
 * consecutive words), phone fields on digits (`4155550123` or `+1 (415) 555-0123` finds
 * `(415) 555-0123`; a number that differs only by a leading country code of up to 3 digits also
 * matches). One search returns at most 2,000 rows, an overall LIMIT shared evenly among the
 * objects without their own LIMIT.
 * Inside a test, SOSL returns only the records of Test.setFixedSearchResults (none when it was
 * not called), filtered by each RETURNING clause's WHERE and LIMIT, as the platform does.
 */
import type { FieldDef, ParsedSoql, QueryOptions, SObjectRecord } from '../contracts.js';
import type { ObjectDefImpl, OrgSchemaImpl } from '../schema/model.js';
import type { RecordStoreImpl } from '../data/store.js';
import { to18 } from '../data/ids.js';
import type { Row } from '../data/table.js';
import { SoqlParseError, tokenize, type Token } from './lexer.js';
import { SoqlParser, type SelectQuery } from './parser.js';
import { buildRecords, checkAccess, makeContext, selectRows } from './evaluator.js';

type Scope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

interface Returning {
  readonly query: SelectQuery;
  readonly bindBase: number;
  readonly bindCount: number;
}

export interface ParsedSoslImpl extends ParsedSoql {
  readonly search: { kind: 'text'; text: string } | { kind: 'bind'; index: number };
  readonly scope: Scope;
  readonly returning: readonly Returning[];
  readonly overallLimit: number | null;
}

export function parseSoslQuery(schema: OrgSchemaImpl, text: string): ParsedSoslImpl {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const word = (w: string) => peek().kind === 'ident' && peek().text.toUpperCase() === w;
  const expectWord = (w: string) => {
    if (!word(w)) throw new SoqlParseError(`unexpected token: '${peek().text}'`, peek().pos);
    i++;
  };
  const binds: { index: number; expressionText: string }[] = [];
  expectWord('FIND');
  const t = tokens[i++];
  let search: ParsedSoslImpl['search'];
  if (t.kind === 'braces' || t.kind === 'string') search = { kind: 'text', text: t.value };
  else if (t.kind === 'bind') {
    search = { kind: 'bind', index: 0 };
    binds.push({ index: 0, expressionText: t.value });
  } else throw new SoqlParseError(`unexpected token: '${t.text}'`, t.pos);
  let scope: Scope = 'ALL';
  if (word('IN')) {
    i++;
    const s = peek().text.toUpperCase();
    if (!['ALL', 'NAME', 'EMAIL', 'PHONE'].includes(s)) {
      throw new SoqlParseError(`unsupported: IN ${peek().text} FIELDS`, peek().pos);
    }
    i++;
    expectWord('FIELDS');
    scope = s as Scope;
  }
  const returning: Returning[] = [];
  if (word('RETURNING')) {
    i++;
    do {
      const objectToken = tokens[i++];
      if (objectToken.kind !== 'ident')
        throw new SoqlParseError(`unexpected token: '${objectToken.text}'`, objectToken.pos);
      let inner = 'Id';
      let clauses = '';
      if (peek().kind === 'punct' && peek().text === '(') {
        const start = peek().pos + 1;
        let depth = 0;
        let end = start;
        for (; i < tokens.length; i++) {
          const tok = tokens[i];
          if (tok.kind === 'punct' && tok.text === '(') depth++;
          if (tok.kind === 'punct' && tok.text === ')' && --depth === 0) {
            end = tok.pos;
            i++;
            break;
          }
        }
        const body = text.slice(start, end);
        const clauseAt = body.search(/\b(WHERE|ORDER\s+BY|LIMIT|OFFSET|USING)\b/i);
        inner = (clauseAt < 0 ? body : body.slice(0, clauseAt)).trim() || 'Id';
        clauses = clauseAt < 0 ? '' : body.slice(clauseAt);
      }
      const parser = new SoqlParser(schema, `SELECT ${inner} FROM ${objectToken.text} ${clauses}`);
      const parsed = parser.parse();
      const base = binds.length;
      for (const b of parser.binds)
        binds.push({ index: base + b.index, expressionText: b.expressionText });
      returning.push({ query: parsed.query, bindBase: base, bindCount: parser.binds.length });
    } while (peek().kind === 'punct' && peek().text === ',' && ++i);
  }
  let overallLimit: number | null = null;
  if (word('WITH')) throw new SoqlParseError(`unsupported: SOSL WITH clauses`, peek().pos);
  if (word('LIMIT')) {
    i++;
    const n = tokens[i++];
    if (n.kind !== 'number') throw new SoqlParseError(`unexpected token: '${n.text}'`, n.pos);
    overallLimit = Number(n.text);
  }
  if (peek().kind !== 'eof')
    throw new SoqlParseError(`unexpected token: '${peek().text}'`, peek().pos);
  if (returning.length === 0) throw new SoqlParseError('unsupported: SOSL without RETURNING', 0);
  return {
    text,
    fromObject: returning[0].query.object.name,
    binds,
    isCount: false,
    isAggregate: false,
    search,
    scope,
    returning,
    overallLimit
  };
}

// ---------------------------------------------------------------------------------------------
// search text: terms and operators
// ---------------------------------------------------------------------------------------------

/** Longest search text whose logical operators are honoured; longer text ORs every term. */
export const SOSL_OPERATOR_TEXT_LIMIT = 4000;
/** Longest search text that returns anything; longer text returns no rows. */
export const SOSL_MAX_TEXT_LENGTH = 10000;
/** Most rows one search returns, over all its RETURNING objects (API 28.0 and later). */
export const SOSL_MAX_ROWS = 2000;

/** One search term: a word or a "quoted phrase", as typed (escapes resolved). */
export interface SearchTerm {
  readonly kind: 'term';
  readonly text: string;
  readonly quoted: boolean;
  /** The term's words, lower case; `*` and `?` kept as wildcards. */
  readonly words: readonly string[];
  /** The term's digits, for phone fields. */
  readonly digits: string;
  readonly wildcard: boolean;
}

export type SearchExpr =
  | SearchTerm
  | { readonly kind: 'or'; readonly items: readonly SearchExpr[] }
  | {
      readonly kind: 'and';
      readonly items: readonly SearchExpr[];
      /** `AND NOT` operands: a record matching any of them is excluded. */
      readonly excluded: readonly SearchExpr[];
    };

type TextToken =
  | { kind: 'word'; text: string; wildcard: boolean }
  | { kind: 'phrase'; text: string; wildcard: boolean }
  | { kind: '(' }
  | { kind: ')' };

function searchError(message: string, text: string): SoqlParseError {
  return new SoqlParseError(`${message} in search text '${text}'`, 0);
}

/**
 * Splits search text into words, "phrases" and parentheses. A backslash makes the next
 * character literal (the reserved characters `& | ! ( ) { } [ ] ^ " ~ * ? : \ ' + -`); an
 * escaped `*` or `?` is not a wildcard.
 */
function tokenizeSearchText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c === '(' ? { kind: '(' } : { kind: ')' });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      let wildcard = false;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1] === '*' || text[j + 1] === '?' ? ' ' : text[j + 1];
          j += 2;
        } else {
          if (text[j] === '*' || text[j] === '?') wildcard = true;
          value += text[j++];
        }
      }
      if (j >= text.length) throw searchError('unterminated quoted phrase', text);
      tokens.push({ kind: 'phrase', text: value, wildcard });
      i = j + 1;
    } else {
      let value = '';
      let wildcard = false;
      while (i < text.length && !/[\s()"]/.test(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) {
          // An escaped wildcard is a literal character; words() drops it as punctuation.
          value += text[i + 1] === '*' || text[i + 1] === '?' ? ' ' : text[i + 1];
          i += 2;
        } else {
          if (text[i] === '*' || text[i] === '?') wildcard = true;
          value += text[i++];
        }
      }
      tokens.push({ kind: 'word', text: value, wildcard });
    }
  }
  return tokens;
}

function makeTerm(token: { text: string; wildcard: boolean }, quoted: boolean): SearchTerm {
  return {
    kind: 'term',
    text: token.text,
    quoted,
    words: words(token.text),
    digits: token.text.replace(/\D/g, ''),
    wildcard: token.wildcard
  };
}

/**
 * Parses SOSL search text: terms joined by `AND` (also implied between terms), `OR` and
 * `AND NOT`, grouped by parentheses. `AND`/`AND NOT` bind tighter than `OR`; operators are
 * case-insensitive and a quoted `"and"` / `"or"` is a term. Text over 4,000 characters loses its
 * operators (every term is ORed); text over 10,000 characters matches nothing (null).
 */
export function parseSearchText(text: string): SearchExpr | null {
  if (text.length > SOSL_MAX_TEXT_LENGTH) return null;
  const tokens = tokenizeSearchText(text);
  const isOp = (t: TextToken | undefined, op: string) =>
    t !== undefined && t.kind === 'word' && t.text.toUpperCase() === op;
  let expr: SearchExpr;
  if (text.length > SOSL_OPERATOR_TEXT_LIMIT) {
    const terms = tokens
      .filter(
        (t): t is Extract<TextToken, { text: string }> => t.kind === 'word' || t.kind === 'phrase'
      )
      .filter((t) => !(t.kind === 'word' && ['AND', 'OR', 'NOT'].includes(t.text.toUpperCase())))
      .map((t) => makeTerm(t, t.kind === 'phrase'));
    expr = { kind: 'or', items: terms };
  } else {
    let i = 0;
    const parseOr = (): SearchExpr => {
      const items = [parseAnd()];
      while (isOp(tokens[i], 'OR')) {
        i++;
        items.push(parseAnd());
      }
      return items.length === 1 ? items[0] : { kind: 'or', items };
    };
    const parseAnd = (): SearchExpr => {
      const items = [parseUnary()];
      const excluded: SearchExpr[] = [];
      for (;;) {
        const t = tokens[i];
        if (t === undefined || t.kind === ')' || isOp(t, 'OR')) break;
        if (isOp(t, 'AND')) {
          i++;
          if (isOp(tokens[i], 'NOT')) {
            i++;
            excluded.push(parseUnary());
          } else items.push(parseUnary());
        } else items.push(parseUnary());
      }
      return items.length === 1 && excluded.length === 0
        ? items[0]
        : { kind: 'and', items, excluded };
    };
    const parseUnary = (): SearchExpr => {
      const t = tokens[i++];
      if (t === undefined) throw searchError('missing search term', text);
      if (t.kind === '(') {
        const inner = parseOr();
        if (tokens[i]?.kind !== ')') throw searchError("missing ')'", text);
        i++;
        return inner;
      }
      if (t.kind === ')') throw searchError("unexpected ')'", text);
      if (t.kind === 'word' && ['AND', 'OR'].includes(t.text.toUpperCase()))
        throw searchError(`unexpected operator ${t.text}`, text);
      return makeTerm(t, t.kind === 'phrase');
    };
    expr = parseOr();
    if (i < tokens.length) throw searchError("unexpected ')'", text);
  }
  const terms = collectTerms(expr);
  if (terms.every((t) => t.words.every((w) => w.replace(/[*?]/g, '').length < 2)))
    throw new SoqlParseError('search term must be longer than one character', 0);
  return expr;
}

function collectTerms(expr: SearchExpr): SearchTerm[] {
  if (expr.kind === 'term') return [expr];
  return [
    ...expr.items.flatMap(collectTerms),
    ...(expr.kind === 'and' ? expr.excluded.flatMap(collectTerms) : [])
  ];
}

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}*?_@.+-]+/gu)
      ?.map((w) => w.replace(/^[.@+-]+|[.@+-]+$/g, ''))
      .filter((w) => w.length > 0) ?? []
  );
}

/** A value's searchable tokens: its words, and the parts of e-mail-like words. */
function valueTokens(value: string): string[] {
  return words(value).flatMap((w) => [w, ...w.split(/[.@+-]/).filter((x) => x && x !== w)]);
}

function wildcardRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  );
}

function wordMatches(pattern: string, candidate: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === candidate;
  return wildcardRegExp(pattern).test(candidate);
}

function textMatches(term: SearchTerm, value: string): boolean {
  const n = term.words.length;
  if (n === 0) return false;
  if (n === 1) return valueTokens(value).some((tok) => wordMatches(term.words[0], tok));
  const seq = words(value);
  for (let s = 0; s + n <= seq.length; s++)
    if (term.words.every((p, k) => wordMatches(p, seq[s + k]))) return true;
  return false;
}

/**
 * Phone fields compare digits: equal digits match, and so do two numbers that differ only by a
 * leading country code of up to 3 digits when the shorter has at least 7. A term with `*`/`?`
 * matches the stored digits against its digits and wildcards.
 */
function phoneMatches(term: SearchTerm, value: string): boolean {
  const stored = value.replace(/\D/g, '');
  if (stored.length === 0) return false;
  if (term.wildcard) {
    const pattern = term.text.replace(/[^\d*?]/g, '');
    return /\d/.test(pattern) && wildcardRegExp(pattern).test(stored);
  }
  const wanted = term.digits;
  if (wanted.length < 3) return false;
  if (stored === wanted) return true;
  const [longer, shorter] = stored.length > wanted.length ? [stored, wanted] : [wanted, stored];
  return shorter.length >= 7 && longer.length - shorter.length <= 3 && longer.endsWith(shorter);
}

function fieldHits(term: SearchTerm, field: FieldDef, value: string): boolean {
  return (field.type === 'Phone' && phoneMatches(term, value)) || textMatches(term, value);
}

type FieldValue = { field: FieldDef; value: string };
type RowTest = (values: readonly FieldValue[]) => boolean;

/**
 * Many plain terms ORed together (RecordMatcher sends hundreds of numbers in one search) are
 * tested with set look-ups instead of term by term; same results as {@link fieldHits}.
 */
function compileTermSet(terms: readonly SearchTerm[]): RowTest {
  const exact = new Set<string>();
  const suffixes = new Set<string>();
  const wordSet = new Set<string>();
  for (const t of terms) {
    if (t.words.length === 1) wordSet.add(t.words[0]);
    if (t.digits.length < 3) continue;
    exact.add(t.digits);
    for (let k = 1; k <= 3 && t.digits.length - k >= 7; k++) suffixes.add(t.digits.slice(k));
  }
  const phoneHit = (value: string) => {
    const stored = value.replace(/\D/g, '');
    if (stored.length === 0) return false;
    if (exact.has(stored) || suffixes.has(stored)) return true;
    for (let k = 1; k <= 3 && stored.length - k >= 7; k++)
      if (exact.has(stored.slice(k))) return true;
    return false;
  };
  return (values) =>
    values.some(
      ({ field, value }) =>
        (field.type === 'Phone' && phoneHit(value)) ||
        (wordSet.size > 0 && valueTokens(value).some((tok) => wordSet.has(tok)))
    );
}

function compileSearch(expr: SearchExpr): RowTest {
  switch (expr.kind) {
    case 'term':
      return (values) => values.some(({ field, value }) => fieldHits(expr, field, value));
    case 'or': {
      const simple = expr.items.filter(
        (e): e is SearchTerm => e.kind === 'term' && !e.wildcard && e.words.length <= 1
      );
      const tests = expr.items.filter((e) => !simple.includes(e as SearchTerm)).map(compileSearch);
      if (simple.length > 1) tests.unshift(compileTermSet(simple));
      else if (simple.length === 1) tests.unshift(compileSearch(simple[0]));
      return (values) => tests.some((test) => test(values));
    }
    case 'and': {
      const required = expr.items.map(compileSearch);
      const excluded = expr.excluded.map(compileSearch);
      const all: RowTest = (values) =>
        required.every((test) => test(values)) && !excluded.some((test) => test(values));
      // A number typed with spaces, `+1 (415) 555-0123`, is several terms; on phone fields
      // their digits together are also the number.
      const parts = expr.items.filter((e): e is SearchTerm => e.kind === 'term');
      if (
        excluded.length > 0 ||
        parts.length !== expr.items.length ||
        parts.some((t) => t.wildcard || t.digits === '' || /\p{L}/u.test(t.text))
      )
        return all;
      const joined = makeTerm(
        { text: parts.map((t) => t.digits).join(''), wildcard: false },
        false
      );
      return (values) =>
        values.some(({ field, value }) => field.type === 'Phone' && phoneMatches(joined, value)) ||
        all(values);
    }
  }
}

function searchableFields(def: ObjectDefImpl, scope: Scope): FieldDef[] {
  const fields = [...def.fields.values()].filter((f) => !f.system);
  switch (scope) {
    case 'NAME':
      return fields.filter(
        (f) => f.name === def.nameField || f.name === 'FirstName' || f.name === 'LastName'
      );
    case 'EMAIL':
      return fields.filter((f) => f.type === 'Email');
    case 'PHONE':
      return fields.filter((f) => f.type === 'Phone');
    default:
      return fields.filter((f) =>
        [
          'Text',
          'TextArea',
          'LongTextArea',
          'Email',
          'Phone',
          'Url',
          'Picklist',
          'MultiselectPicklist',
          'AutoNumber'
        ].includes(f.type)
      );
  }
}

export function executeSoslQuery(
  store: RecordStoreImpl,
  parsed: ParsedSoslImpl,
  bindValues: readonly unknown[],
  options: QueryOptions & {
    readonly isTest: boolean;
    readonly fixedSearchResults?: readonly string[] | null;
  }
): SObjectRecord[][] {
  options.limits.consume('soslQueries', 1);
  const text =
    parsed.search.kind === 'text'
      ? parsed.search.text
      : String(bindValues[parsed.search.index] ?? '');
  // Inside a test the search text is not evaluated: only the fixed search results are candidates.
  const expr = options.isTest ? null : parseSearchText(text);
  const test = expr ? compileSearch(expr) : null;
  const fixed = options.isTest
    ? new Set(
        (options.fixedSearchResults ?? [])
          .map((id) => to18(id))
          .filter((id): id is string => id !== null)
      )
    : null;
  const matched: Row[][] = [];
  const contexts: ReturnType<typeof makeContext>[] = [];
  for (const r of parsed.returning) {
    const ctx = makeContext(store, bindValues.slice(r.bindBase, r.bindBase + r.bindCount), options);
    checkAccess(ctx, r.query);
    contexts.push(ctx);
    const ids: string[] = [];
    if (fixed || test) {
      const table = store.table(r.query.object.name);
      const fields = searchableFields(r.query.object, parsed.scope);
      for (const [id, row] of table.rows) {
        if (row.get('isdeleted') === true) continue;
        if (fixed) {
          if (fixed.has(id)) ids.push(id);
          continue;
        }
        const values: FieldValue[] = [];
        for (const field of fields) {
          const value = row.get(field.name.toLowerCase());
          if (typeof value === 'string' && value !== '') values.push({ field, value });
        }
        if (values.length > 0 && test!(values)) ids.push(id);
      }
    }
    // Each object's WHERE, ORDER BY, OFFSET and LIMIT apply first.
    matched.push(ids.length > 0 ? selectRows(ctx, r.query, ids) : []);
  }
  const counts = shareRows(
    matched.map((rows) => rows.length),
    parsed.returning.map((r) => r.query.limit !== null),
    Math.min(parsed.overallLimit ?? SOSL_MAX_ROWS, SOSL_MAX_ROWS)
  );
  return parsed.returning.map((r, k) =>
    buildRecords(contexts[k], r.query, matched[k].slice(0, counts[k]))
  );
}

/**
 * How many rows each RETURNING object keeps under the search's overall limit (its LIMIT, at
 * most 2,000). Objects are taken in order: one with its own LIMIT takes its rows up to what is
 * left; at the first object without one, what is left is shared evenly among all the objects
 * without one, a share one does not use going to the others (LIMIT 20 with 19 account and 35
 * contact matches: 10 and 10; `Account(Id LIMIT 20), Contact, Opportunity(Id LIMIT 75) LIMIT 100`
 * with 15, 30 and 75: 15, 30 and 55).
 */
export function shareRows(
  available: readonly number[],
  ownLimit: readonly boolean[],
  overall: number
): number[] {
  const counts = available.map(() => 0);
  let remaining = overall;
  let shared = false;
  available.forEach((n, k) => {
    if (ownLimit[k]) {
      counts[k] = Math.min(n, remaining);
      remaining -= counts[k];
    } else if (!shared) {
      shared = true;
      const open = available.map((_, j) => j).filter((j) => !ownLimit[j]);
      const given = shareEvenly(
        open.map((j) => available[j]),
        remaining
      );
      open.forEach((j, x) => {
        counts[j] = given[x];
        remaining -= given[x];
      });
    }
  });
  return counts;
}

/** Water-filling: each gets an equal share of `budget`, capped by what it has. */
function shareEvenly(available: readonly number[], budget: number): number[] {
  const counts = available.map(() => 0);
  let open = available.map((_, k) => k).filter((k) => available[k] > 0);
  let remaining = budget;
  while (open.length > 0 && remaining > 0) {
    const share = Math.floor(remaining / open.length);
    const small = open.filter((k) => available[k] - counts[k] <= share);
    if (small.length > 0) {
      for (const k of small) {
        remaining -= available[k] - counts[k];
        counts[k] = available[k];
      }
      open = open.filter((k) => !small.includes(k));
      continue;
    }
    // Every open object has more than its share: each takes the share, the first ones the rest.
    const extra = remaining - share * open.length;
    open.forEach((k, n) => {
      counts[k] += share + (n < extra ? 1 : 0);
    });
    remaining = 0;
  }
  return counts;
}

export type { Token };
