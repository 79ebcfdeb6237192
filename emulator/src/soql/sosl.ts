/**
 * SOSL: `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] RETURNING Obj(fields WHERE … ORDER BY … LIMIT n), … [LIMIT n]`.
 *
 * Search is a scan of the searchable fields (no search index, no relevance ranking: results come in
 * record order). Text matches whole words case-insensitively (`*` at the end of a term matches a
 * prefix, `?` one character); several words all have to match unless joined by OR; "quoted
 * phrases" match consecutive words. IN PHONE FIELDS takes the whole search text as one number and
 * matches phone fields on digits: `4155550123` or `+1 (415) 555-0123` finds
 * `(415) 555-0123`, and a number that differs only by a leading country code of up to 3 digits
 * also matches (`14155550123` finds `(415) 555-0123`).
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
// term matching
// ---------------------------------------------------------------------------------------------

type Term = { phrase: string[]; digits: string };
/** OR of ANDs of terms (NOT terms are excluded). */
type Expr = { all: Term[]; none: Term[] }[];

function parseTerms(text: string): Expr {
  const parts = text.match(/"[^"]*"|\(|\)|[^\s()"]+/g) ?? [];
  const expr: Expr = [{ all: [], none: [] }];
  let negate = false;
  for (const part of parts) {
    const upper = part.toUpperCase();
    if (part === '(' || part === ')' || upper === 'AND') continue;
    if (upper === 'OR') {
      expr.push({ all: [], none: [] });
      continue;
    }
    if (upper === 'NOT' || upper === 'AND NOT') {
      negate = true;
      continue;
    }
    const raw = part.startsWith('"') ? part.slice(1, -1) : part;
    const phrase = words(raw);
    if (phrase.length === 0) continue;
    const term: Term = { phrase, digits: raw.replace(/\D/g, '') };
    (negate ? expr[expr.length - 1].none : expr[expr.length - 1].all).push(term);
    negate = false;
  }
  if (expr.every((e) => e.all.length === 0))
    throw new SoqlParseError('search term must be longer than one character', 0);
  return expr;
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

function wordMatches(pattern: string, candidate: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === candidate;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  );
  return re.test(candidate);
}

function textMatches(term: Term, value: string): boolean {
  const tokens = words(value).flatMap((w) => [w, ...w.split(/[.@+-]/).filter((x) => x && x !== w)]);
  const n = term.phrase.length;
  if (n === 1) return tokens.some((tok) => wordMatches(term.phrase[0], tok));
  const seq = words(value);
  for (let s = 0; s + n <= seq.length; s++)
    if (term.phrase.every((p, k) => wordMatches(p, seq[s + k]))) return true;
  return false;
}

function phoneMatches(term: Term, value: string): boolean {
  const stored = value.replace(/\D/g, '');
  const wanted = term.digits;
  if (wanted.length < 3 || stored.length === 0) return false;
  if (stored === wanted) return true;
  const [longer, shorter] = stored.length > wanted.length ? [stored, wanted] : [wanted, stored];
  return shorter.length >= 7 && longer.length - shorter.length <= 3 && longer.endsWith(shorter);
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

function rowMatches(row: Row, fields: FieldDef[], expr: Expr): boolean {
  const termHits = (term: Term) =>
    fields.some((f) => {
      const v = row.get(f.name.toLowerCase());
      if (typeof v !== 'string' || v === '') return false;
      if (term.phrase.length === 0) return f.type === 'Phone' && phoneMatches(term, v);
      return f.type === 'Phone'
        ? phoneMatches(term, v) || textMatches(term, v)
        : textMatches(term, v);
    });
  return expr.some((e) => e.all.length > 0 && e.all.every(termHits) && !e.none.some(termHits));
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
  // In PHONE FIELDS the whole search text is one number: its digits, whatever the formatting.
  const expr = options.isTest
    ? null
    : parsed.scope === 'PHONE'
      ? [{ all: [{ phrase: [], digits: text.replace(/\D/g, '') }], none: [] }]
      : parseTerms(text);
  const fixed = options.isTest
    ? new Set(
        (options.fixedSearchResults ?? [])
          .map((id) => to18(id))
          .filter((id): id is string => id !== null)
      )
    : null;
  let remaining = parsed.overallLimit ?? 2000;
  const out: SObjectRecord[][] = [];
  for (const r of parsed.returning) {
    const ctx = makeContext(store, bindValues.slice(r.bindBase, r.bindBase + r.bindCount), options);
    checkAccess(ctx, r.query);
    const table = store.table(r.query.object.name);
    const fields = searchableFields(r.query.object, parsed.scope);
    const ids: string[] = [];
    for (const [id, row] of table.rows) {
      if (row.get('isdeleted') === true) continue;
      if (fixed ? fixed.has(id) : rowMatches(row, fields, expr!)) ids.push(id);
    }
    const rows = remaining > 0 ? selectRows(ctx, r.query, ids).slice(0, remaining) : [];
    remaining -= rows.length;
    out.push(buildRecords(ctx, r.query, rows));
  }
  return out;
}

export type { Token };
