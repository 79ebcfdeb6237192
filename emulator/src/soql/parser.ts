/**
 * Recursive-descent SOQL parser. Field paths are resolved against the schema while parsing, so
 * a query naming an unknown field fails the way the platform does ("No such column …").
 */
import type { FieldDef, ParsedSoql } from '../contracts.js';
import { isGroupable, type ObjectDefImpl, type OrgSchemaImpl } from '../schema/model.js';
import { ApexDate, ApexDatetime, Decimal, type ApexPrimitive } from '../values.js';
import { SoqlParseError, tokenize, type Token } from './lexer.js';

/** One hop through a lookup: the lookup field on the current object and the possible parents. */
export interface PathStep {
  readonly lookup: FieldDef;
  readonly relationshipName: string;
  readonly targets: readonly ObjectDefImpl[];
}

export interface FieldPath {
  readonly text: string;
  readonly steps: readonly PathStep[];
  /** Field on the last object (for polymorphic steps: the field name, looked up per target). */
  readonly field: FieldDef;
  /** The objects that may hold the field (one unless the last step is polymorphic). */
  readonly owners: readonly ObjectDefImpl[];
}

export type AggregateFn = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'MIN' | 'MAX' | 'AVG';

export type SelectItem =
  | { readonly kind: 'field'; readonly path: FieldPath; readonly alias?: string }
  | {
      readonly kind: 'aggregate';
      readonly fn: AggregateFn;
      readonly path: FieldPath | null;
      readonly alias: string;
    }
  | { readonly kind: 'subquery'; readonly relationshipName: string; readonly query: SelectQuery };

export type ValueExpr =
  | { readonly kind: 'literal'; readonly value: ApexPrimitive }
  | { readonly kind: 'bind'; readonly index: number }
  | { readonly kind: 'dateLiteral'; readonly name: string; readonly n: number | null }
  | { readonly kind: 'list'; readonly items: readonly ValueExpr[] };

export type Operand =
  | { readonly kind: 'path'; readonly path: FieldPath }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly path: FieldPath | null };

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly left: Operand;
      readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';
      readonly right: ValueExpr;
    }
  | {
      readonly kind: 'in';
      readonly left: Operand;
      readonly negated: boolean;
      readonly right: ValueExpr;
    }
  | {
      readonly kind: 'semiJoin';
      readonly left: Operand;
      readonly negated: boolean;
      readonly query: SelectQuery;
    }
  | {
      readonly kind: 'includes';
      readonly left: Operand;
      readonly negated: boolean;
      readonly right: ValueExpr;
    };

export interface OrderItem {
  readonly operand: Operand;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface SelectQuery {
  readonly object: ObjectDefImpl;
  readonly items: readonly SelectItem[];
  readonly isCount: boolean;
  readonly isAggregate: boolean;
  readonly where: Condition | null;
  readonly security: 'USER_MODE' | 'SECURITY_ENFORCED' | 'SYSTEM_MODE' | null;
  readonly groupBy: readonly FieldPath[];
  readonly having: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: ValueExpr | null;
  readonly offset: ValueExpr | null;
  readonly forUpdate: boolean;
  readonly allRows: boolean;
  /** Child subqueries: the relationship named in FROM (`Contacts`). */
  readonly relationshipName: string | null;
}

export interface ParsedSoqlImpl extends ParsedSoql {
  readonly query: SelectQuery;
}

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'MIN', 'MAX', 'AVG']);
const CLAUSE_WORDS = new Set([
  'FROM',
  'WHERE',
  'WITH',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FOR',
  'ALL',
  'USING',
  'UPDATE'
]);

export const DATE_LITERALS = new Set([
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR'
]);
export const N_DATE_LITERALS = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'N_WEEKS_AGO',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
  'N_YEARS_AGO',
  'LAST_N_QUARTERS',
  'NEXT_N_QUARTERS'
]);

export function noSuchColumn(name: string, object: string, pos: number): SoqlParseError {
  return new SoqlParseError(
    `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    pos
  );
}

export class SoqlParser {
  private tokens: Token[] = [];
  private i = 0;
  private bindCount = 0;
  readonly binds: { index: number; expressionText: string }[] = [];

  constructor(
    private readonly schema: OrgSchemaImpl,
    private readonly text: string
  ) {}

  parse(): ParsedSoqlImpl {
    this.tokens = tokenize(this.text);
    const query = this.selectQuery(null);
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return {
      text: this.text,
      fromObject: query.object.name,
      binds: this.binds,
      isCount: query.isCount,
      isAggregate: query.isAggregate,
      query
    };
  }

  // --- token helpers -------------------------------------------------------------------------
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  next(): Token {
    return this.tokens[this.i++];
  }
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i++;
    return true;
  }
  expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.unexpected();
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }
  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.unexpected();
  }
  unexpected(): SoqlParseError {
    const t = this.peek();
    return new SoqlParseError(`unexpected token: '${t.text}'`, t.pos);
  }
  ident(): Token {
    const t = this.peek();
    if (t.kind !== 'ident') throw this.unexpected();
    this.i++;
    return t;
  }
  newBind(expressionText: string): number {
    const index = this.bindCount++;
    this.binds.push({ index, expressionText });
    return index;
  }

  // --- SELECT --------------------------------------------------------------------------------
  /** parentObject: set for a child subquery (its FROM is a relationship name of the parent). */
  selectQuery(parentObject: ObjectDefImpl | null): SelectQuery {
    this.expectWord('SELECT');
    const selectStart = this.i;
    // Skip the select list to learn the FROM object first.
    let depth = 0;
    while (!(depth === 0 && this.isWord('FROM'))) {
      const t = this.next();
      if (t.kind === 'eof') throw new SoqlParseError(`unexpected token: '<EOF>'`, t.pos);
      if (t.kind === 'punct' && t.text === '(') depth++;
      if (t.kind === 'punct' && t.text === ')') depth--;
    }
    this.expectWord('FROM');
    const fromToken = this.ident();
    let object: ObjectDefImpl | undefined;
    let relationshipName = '';
    if (parentObject) {
      const rel = parentObject.getChildRelationship(fromToken.text);
      if (!rel) {
        throw new SoqlParseError(
          `Didn't understand relationship '${fromToken.text}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
          fromToken.pos
        );
      }
      object = this.schema.getObject(rel.childObject);
      relationshipName = rel.relationshipName;
    } else {
      object = this.schema.getObject(fromToken.text);
      if (!object) {
        throw new SoqlParseError(
          `sObject type '${fromToken.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
          fromToken.pos
        );
      }
    }
    const def = object!;
    // Optional alias (not a clause keyword).
    let alias: string | null = null;
    if (this.peek().kind === 'ident' && !CLAUSE_WORDS.has(this.peek().text.toUpperCase()))
      alias = this.next().text;
    const afterFrom = this.i;
    this.i = selectStart;
    const items = this.selectList(def, alias);
    this.i = afterFrom;

    const isCount =
      items.length === 1 &&
      items[0].kind === 'aggregate' &&
      items[0].fn === 'COUNT' &&
      items[0].path === null &&
      items[0].alias === '';
    let where: Condition | null = null;
    let security: SelectQuery['security'] = null;
    let groupBy: FieldPath[] = [];
    let having: Condition | null = null;
    let orderBy: OrderItem[] = [];
    let limit: ValueExpr | null = null;
    let offset: ValueExpr | null = null;
    let forUpdate = false;
    let allRows = false;
    if (this.acceptWord('USING'))
      throw new SoqlParseError('unsupported: USING SCOPE', this.peek().pos);
    if (this.acceptWord('WHERE')) where = this.condition(def, alias, false);
    if (this.acceptWord('WITH')) {
      const w = this.ident().text.toUpperCase();
      if (w === 'USER_MODE' || w === 'SECURITY_ENFORCED' || w === 'SYSTEM_MODE') security = w;
      else throw new SoqlParseError(`unsupported: WITH ${w}`, this.peek(-1).pos);
    }
    if (this.acceptWord('GROUP')) {
      this.expectWord('BY');
      if (this.isWord('ROLLUP') || this.isWord('CUBE'))
        throw new SoqlParseError('unsupported: GROUP BY ROLLUP/CUBE', this.peek().pos);
      groupBy = [this.groupByPath(def, alias)];
      while (this.acceptPunct(',')) groupBy.push(this.groupByPath(def, alias));
    }
    if (this.acceptWord('HAVING')) having = this.condition(def, alias, true);
    if (this.acceptWord('ORDER')) {
      this.expectWord('BY');
      orderBy = [this.orderItem(def, alias)];
      while (this.acceptPunct(',')) orderBy.push(this.orderItem(def, alias));
    }
    if (this.acceptWord('LIMIT')) limit = this.integerValue();
    if (this.acceptWord('OFFSET')) offset = this.integerValue();
    for (;;) {
      if (this.acceptWord('FOR')) {
        if (this.acceptWord('UPDATE')) forUpdate = true;
        else if (this.acceptWord('VIEW') || this.acceptWord('REFERENCE')) continue;
        else throw this.unexpected();
      } else if (this.isWord('ALL') && this.isWord('ROWS', 1)) {
        this.i += 2;
        allRows = true;
      } else if (this.acceptWord('UPDATE')) {
        if (!this.acceptWord('TRACKING') && !this.acceptWord('VIEWSTAT')) throw this.unexpected();
      } else break;
    }
    const isAggregate =
      !isCount && (items.some((it) => it.kind === 'aggregate') || groupBy.length > 0);
    if (isAggregate) {
      for (const it of items) {
        if (it.kind === 'subquery')
          throw new SoqlParseError('Aggregate query does not support subqueries', 0);
        if (
          it.kind === 'field' &&
          !groupBy.some((g) => g.text.toLowerCase() === it.path.text.toLowerCase())
        ) {
          throw new SoqlParseError(`Field must be grouped or aggregated: ${it.path.field.name}`, 0);
        }
      }
    }
    return {
      object: def,
      items,
      isCount,
      isAggregate,
      where,
      security,
      groupBy,
      having,
      orderBy,
      limit,
      offset,
      forUpdate,
      allRows,
      relationshipName: relationshipName || null
    };
  }

  private integerValue(): ValueExpr {
    const t = this.next();
    if (t.kind === 'number' && /^\d+$/.test(t.text))
      return { kind: 'literal', value: Number(t.text) };
    if (t.kind === 'bind') return { kind: 'bind', index: this.newBind(t.value) };
    throw new SoqlParseError(`unexpected token: '${t.text}'`, t.pos);
  }

  private selectList(def: ObjectDefImpl, alias: string | null): SelectItem[] {
    const items: SelectItem[] = [];
    let exprCounter = 0;
    do {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '(') {
        this.next();
        items.push(this.subquery(def));
        this.expectPunct(')');
      } else if (t.kind === 'ident' && t.text.toUpperCase() === 'TYPEOF') {
        throw new SoqlParseError('unsupported: TYPEOF in SELECT', t.pos);
      } else if (
        t.kind === 'ident' &&
        AGGREGATES.has(t.text.toUpperCase()) &&
        this.peek(1).text === '('
      ) {
        const agg = this.aggregate(def, alias);
        let name = '';
        if (
          this.peek().kind === 'ident' &&
          !CLAUSE_WORDS.has(this.peek().text.toUpperCase()) &&
          this.peek().text !== ','
        )
          name = this.next().text;
        const isBareCount = agg.fn === 'COUNT' && agg.path === null;
        if (isBareCount && (name !== '' || items.length > 0 || this.isPunct(','))) {
          throw new SoqlParseError('COUNT() must be the only element in the SELECT list', t.pos);
        }
        items.push({
          kind: 'aggregate',
          fn: agg.fn,
          path: agg.path,
          alias: isBareCount ? '' : name || `expr${exprCounter++}`
        });
      } else if (
        t.kind === 'ident' &&
        [
          'FORMAT',
          'TOLABEL',
          'CONVERTCURRENCY',
          'FIELDS',
          'DISTANCE',
          'CALENDAR_YEAR',
          'CALENDAR_MONTH',
          'DAY_ONLY',
          'HOUR_IN_DAY'
        ].includes(t.text.toUpperCase()) &&
        this.peek(1).text === '('
      ) {
        throw new SoqlParseError(`unsupported: ${t.text.toUpperCase()}() in SELECT`, t.pos);
      } else {
        const path = this.path(def, alias);
        if (this.peek().kind === 'ident' && !CLAUSE_WORDS.has(this.peek().text.toUpperCase())) {
          items.push({ kind: 'field', path, alias: this.next().text });
        } else items.push({ kind: 'field', path });
      }
    } while (this.acceptPunct(','));
    if (!this.isWord('FROM')) throw this.unexpected();
    return items;
  }

  private subquery(parent: ObjectDefImpl): SelectItem {
    if (!this.isWord('SELECT')) throw this.unexpected();
    const query = this.selectQuery(parent);
    if (query.isAggregate || query.isCount)
      throw new SoqlParseError(
        'unsupported: aggregate functions in a child subquery',
        this.peek().pos
      );
    return { kind: 'subquery', relationshipName: query.relationshipName!, query };
  }

  private aggregate(
    def: ObjectDefImpl,
    alias: string | null
  ): { fn: AggregateFn; path: FieldPath | null } {
    const fn = this.ident().text.toUpperCase() as AggregateFn;
    this.expectPunct('(');
    let path: FieldPath | null = null;
    if (!this.isPunct(')')) path = this.path(def, alias);
    else if (fn !== 'COUNT') throw this.unexpected();
    this.expectPunct(')');
    if (
      path &&
      (fn === 'SUM' || fn === 'AVG') &&
      !['Number', 'Currency', 'Percent'].includes(path.field.type)
    ) {
      throw new SoqlParseError(
        `field ${path.field.name} does not support aggregate operator ${fn}`,
        this.peek().pos
      );
    }
    return { fn, path };
  }

  /** A GROUP BY field: the platform refuses fields whose describe is not groupable. */
  private groupByPath(def: ObjectDefImpl, alias: string | null): FieldPath {
    const pos = this.peek().pos;
    const path = this.path(def, alias);
    if (!isGroupable(path.field))
      throw new SoqlParseError(
        `field '${path.field.name}' can not be grouped in a query call (a ${path.field.type} field is not groupable)`,
        pos
      );
    return path;
  }

  /** A dotted field path from the FROM object (optionally starting with its name or alias). */
  path(def: ObjectDefImpl, alias: string | null): FieldPath {
    const first = this.ident();
    const parts = [first.text];
    while (this.isPunct('.') && this.peek(1).kind === 'ident') {
      this.next();
      parts.push(this.next().text);
    }
    if (
      parts.length > 1 &&
      (parts[0].toLowerCase() === (alias ?? '').toLowerCase() ||
        (parts[0].toLowerCase() === def.name.toLowerCase() && !def.getParentRelationship(parts[0])))
    ) {
      parts.shift();
    }
    return resolvePath(this.schema, def, parts, first.pos);
  }

  private orderItem(def: ObjectDefImpl, alias: string | null): OrderItem {
    const operand = this.operand(def, alias);
    let descending = false;
    if (this.acceptWord('DESC')) descending = true;
    else this.acceptWord('ASC');
    let nullsFirst = !descending;
    if (this.acceptWord('NULLS')) {
      if (this.acceptWord('FIRST')) nullsFirst = true;
      else if (this.acceptWord('LAST')) nullsFirst = false;
      else throw this.unexpected();
    }
    return { operand, descending, nullsFirst };
  }

  private operand(def: ObjectDefImpl, alias: string | null): Operand {
    const t = this.peek();
    if (t.kind === 'ident' && AGGREGATES.has(t.text.toUpperCase()) && this.peek(1).text === '(') {
      const agg = this.aggregate(def, alias);
      return { kind: 'aggregate', fn: agg.fn, path: agg.path };
    }
    if (t.kind === 'ident' && this.peek(1).text === '(')
      throw new SoqlParseError(`unsupported: function ${t.text}() in a condition`, t.pos);
    return { kind: 'path', path: this.path(def, alias) };
  }

  // --- WHERE / HAVING --------------------------------------------------------------------------
  condition(def: ObjectDefImpl, alias: string | null, having: boolean): Condition {
    const items = [this.conjunction(def, alias, having)];
    while (this.acceptWord('OR')) items.push(this.conjunction(def, alias, having));
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private conjunction(def: ObjectDefImpl, alias: string | null, having: boolean): Condition {
    const items = [this.unary(def, alias, having)];
    while (this.acceptWord('AND')) items.push(this.unary(def, alias, having));
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private unary(def: ObjectDefImpl, alias: string | null, having: boolean): Condition {
    if (this.acceptWord('NOT')) return { kind: 'not', item: this.unary(def, alias, having) };
    if (this.acceptPunct('(')) {
      const c = this.condition(def, alias, having);
      this.expectPunct(')');
      return c;
    }
    const left = this.operand(def, alias);
    if (left.kind === 'path' && !having && left.path.field.filterable === false) {
      throw new SoqlParseError(
        `field '${left.path.field.name}' can not be filtered in a query call`,
        this.peek().pos
      );
    }
    if (left.kind === 'aggregate' && !having)
      throw new SoqlParseError(
        'Aggregate functions are not allowed in WHERE; use HAVING',
        this.peek().pos
      );
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const op = (t.text === '<>' ? '!=' : t.text) as '=' | '!=' | '<' | '<=' | '>' | '>=';
      return { kind: 'compare', left, op, right: this.value() };
    }
    if (this.acceptWord('LIKE')) return { kind: 'compare', left, op: 'LIKE', right: this.value() };
    let negated = false;
    if (this.isWord('NOT') && this.isWord('IN', 1)) {
      this.i++;
      negated = true;
    }
    if (this.acceptWord('IN')) {
      if (this.isPunct('(') && this.isWord('SELECT', 1)) {
        this.next();
        const query = this.selectQuery(null);
        this.expectPunct(')');
        if (query.items.length !== 1 || query.items[0].kind !== 'field')
          throw new SoqlParseError('semi join sub-selects can only select one field', t.pos);
        return { kind: 'semiJoin', left, negated, query };
      }
      return { kind: 'in', left, negated, right: this.valueList() };
    }
    if (this.acceptWord('INCLUDES'))
      return { kind: 'includes', left, negated: false, right: this.valueList() };
    if (this.acceptWord('EXCLUDES'))
      return { kind: 'includes', left, negated: true, right: this.valueList() };
    throw this.unexpected();
  }

  private valueList(): ValueExpr {
    if (this.peek().kind === 'bind') return this.value();
    this.expectPunct('(');
    const items = [this.value()];
    while (this.acceptPunct(',')) items.push(this.value());
    this.expectPunct(')');
    return { kind: 'list', items };
  }

  private value(): ValueExpr {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', value: t.value };
      case 'number':
        return { kind: 'literal', value: new Decimal(t.text) };
      case 'bind':
        return { kind: 'bind', index: this.newBind(t.value) };
      case 'date':
        return { kind: 'literal', value: ApexDate.parseIso(t.text) };
      case 'datetime':
        return { kind: 'literal', value: ApexDatetime.parseIso(t.text) };
      case 'punct':
        if ((t.text === '-' || t.text === '+') && this.peek().kind === 'number') {
          const n = this.next();
          return { kind: 'literal', value: new Decimal(t.text === '-' ? `-${n.text}` : n.text) };
        }
        break;
      case 'ident': {
        const word = t.text.toUpperCase();
        if (word === 'NULL') return { kind: 'literal', value: null };
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'literal', value: word === 'TRUE' };
        if (DATE_LITERALS.has(word)) return { kind: 'dateLiteral', name: word, n: null };
        const m = /^([A-Z_]+):(\d+)$/.exec(word);
        if (m && N_DATE_LITERALS.has(m[1]))
          return { kind: 'dateLiteral', name: m[1], n: Number(m[2]) };
        if (N_DATE_LITERALS.has(word))
          throw new SoqlParseError(`unexpected token: '${t.text}' (expected ${word}:n)`, t.pos);
        break;
      }
    }
    throw new SoqlParseError(`unexpected token: '${t.text}'`, t.pos);
  }
}

/** Resolves `Conversation__r.Sender__r.Label__c` from an object; throws the platform's errors. */
export function resolvePath(
  schema: OrgSchemaImpl,
  def: ObjectDefImpl,
  parts: string[],
  pos: number
): FieldPath {
  let owners: ObjectDefImpl[] = [def];
  const steps: PathStep[] = [];
  for (let n = 0; n < parts.length - 1; n++) {
    const name = parts[n];
    const lookups = owners
      .map((o) => o.getParentRelationship(name))
      .filter((f): f is FieldDef => f !== undefined);
    if (lookups.length === 0) {
      throw new SoqlParseError(
        `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        pos
      );
    }
    const lookup = lookups[0];
    const targets = (lookup.referenceTo ?? [])
      .map((r) => schema.getObject(r))
      .filter((o): o is ObjectDefImpl => o !== undefined);
    steps.push({ lookup, relationshipName: lookup.relationshipName!, targets });
    owners = targets;
  }
  const last = parts[parts.length - 1];
  const holders = owners.filter((o) => o.getField(last));
  if (holders.length === 0) {
    throw noSuchColumn(
      last,
      owners.length === 1
        ? owners[0].name
        : (steps[steps.length - 1]?.relationshipName ?? def.name),
      pos
    );
  }
  const field = holders[0].getField(last)!;
  if (field.type === 'Formula' || field.type === 'Summary') {
    throw new SoqlParseError(
      `unsupported: ${field.type.toLowerCase()} field ${holders[0].name}.${field.name} (the emulator does not evaluate formulas or roll-up summaries)`,
      pos
    );
  }
  return { text: parts.join('.'), steps, field, owners: holders };
}
