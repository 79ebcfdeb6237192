/**
 * Stage 3b: our own SOQL check. Parses every .cls/.trigger of the package directories with
 * @apexdevtools/apex-parser and checks every inline query ([SELECT …]) and every whole-query
 * string literal given to Database.query / getQueryLocator / countQuery / queryWithBinds
 * (directly, or through a local variable or constant initialized with literals only and never
 * reassigned) against the schema: FROM object, fields of SELECT / WHERE / GROUP BY / HAVING /
 * ORDER BY, parent relationship paths, child-relationship subqueries, semi-join subqueries and
 * TYPEOF. A query built at runtime cannot be resolved: it is skipped with a note, never guessed.
 */
import path from 'node:path';
import {
  ApexErrorListener,
  ApexParserFactory,
  Arth2ExpressionContext,
  AssignExpressionContext,
  BoundExpressionContext,
  ConstructorDeclarationContext,
  DotExpressionContext,
  FieldDeclarationContext,
  FieldNameContext,
  LiteralPrimaryContext,
  LocalVariableDeclarationContext,
  MethodDeclarationContext,
  PrimaryExpressionContext,
  QueryContext,
  SoqlLiteralContext,
  SoqlPrimaryContext,
  SubExpressionContext,
  SubQueryContext,
  TypeOfContext,
  VariableDeclaratorContext,
  IdPrimaryContext,
  type ExpressionContext
} from '@apexdevtools/apex-parser';
import type {
  ApexParserRuleContext as ParserRuleContext,
  ApexParseTree as ParseTree
} from '@apexdevtools/apex-parser';
import { finding, isApexSource, listSourceFiles, readIfPresent, type Finding } from './lib.js';
import { loadSchema, POLYMORPHIC_NAME_OBJECT, type ObjectInfo, type Schema } from './schema.js';

/**
 * Field types SOQL cannot GROUP BY (describe's `groupable` is false), in both spellings the
 * schema holds: metadata types of force-app's fields and API types of the standard objects.
 */
const UNGROUPABLE_TYPES = new Set([
  'number',
  'double',
  'currency',
  'percent',
  'datetime',
  'textarea',
  'longtextarea',
  'html',
  'encryptedtext',
  'encryptedstring',
  'multiselectpicklist'
]);

const DATABASE_QUERY_METHODS = new Set([
  'query',
  'getquerylocator',
  'countquery',
  'querywithbinds'
]);
const DATABASE_RECEIVERS = new Set(['database', 'system.database']);

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; message: string }[] = [];
  apexSyntaxError(line: number, _column: number, msg: string): void {
    this.errors.push({ line, message: msg });
  }
}

export interface SoqlCheckReport {
  findings: Finding[];
  /** Queries checked (inline and resolved literals). */
  checked: number;
}

/** Checks every Apex file of the project at `root`. */
export function checkSoql(root: string, schema: Schema = loadSchema(root)): SoqlCheckReport {
  const report: SoqlCheckReport = { findings: [], checked: 0 };
  for (const file of listSourceFiles(root).filter(isApexSource)) {
    const source = readIfPresent(path.join(root, file));
    if (source === undefined) continue;
    const result = checkApexSource(file, source, schema);
    report.findings.push(...result.findings);
    report.checked += result.checked;
  }
  return report;
}

/** Checks the queries of one Apex source (a class, or a trigger when `file` ends in .trigger). */
export function checkApexSource(file: string, source: string, schema: Schema): SoqlCheckReport {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const tree = file.endsWith('.trigger') ? parser.triggerUnit() : parser.compilationUnit();
  if (listener.errors.length > 0) {
    const first = listener.errors[0];
    return {
      findings: [
        finding(
          file,
          first.line,
          `SOQL check skipped for this file: it does not parse (${first.message})`,
          'note'
        )
      ],
      checked: 0
    };
  }
  const checker = new QueryChecker(file, schema);
  visit(tree, (node) => {
    if (node instanceof SoqlLiteralContext) {
      checker.checkQuery(node.query(), inlineLine);
      return false;
    }
    if (node instanceof DotExpressionContext) checker.checkDatabaseCall(node);
    if (isWholeStringExpression(node)) checker.checkQueryString(node);
    return true;
  });
  return { findings: checker.findings, checked: checker.checked };
}

/** A string literal or a `+` chain, not itself part of a larger `+` chain. */
function isWholeStringExpression(node: ParseTree): node is ExpressionContext {
  const isChain = node instanceof Arth2ExpressionContext && !!node.ADD();
  const isLiteral =
    node instanceof PrimaryExpressionContext &&
    node.primary() instanceof LiteralPrimaryContext &&
    !!(node.primary() as LiteralPrimaryContext).literal().StringLiteral();
  if (!isChain && !isLiteral) return false;
  const parent = (node as ExpressionContext).parentCtx;
  return !(parent instanceof Arth2ExpressionContext && parent.ADD());
}

/** Parses a whole query (dynamic SOQL text); the error when it does not parse to the end. */
function parseQuery(text: string): { query: QueryContext } | { error: string } {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(text, listener);
  const query = parser.query();
  const trailing = parser.getCurrentToken();
  if (listener.errors.length > 0) return { error: listener.errors[0].message };
  if (trailing && trailing.type !== -1) return { error: `unexpected '${trailing.text}'` };
  return { query };
}

/** Depth-first walk; `enter` returns false to skip a node's children. */
function visit(node: ParseTree, enter: (node: ParseTree) => boolean): void {
  if (!enter(node)) return;
  const children = (node as ParserRuleContext).children;
  if (children) for (const child of children) visit(child, enter);
}

function descendants<T>(node: ParseTree, type: abstract new (...args: never[]) => T): T[] {
  const out: T[] = [];
  visit(node, (n) => {
    if (n instanceof type) out.push(n as T);
    return true;
  });
  return out;
}

/** Apex string literal text (with quotes) to its value. */
export function unescapeApexString(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return c;
    }
  });
}

interface Resolved {
  text: string;
  /** Source line of the first literal. */
  line: number;
  /** Where each literal's text starts in `text`, and its source line. */
  segments: { start: number; line: number }[];
}

/** The source line of a token of a query: inline, its own line; in a string, its literal's. */
type LineOf = (ctx: ParserRuleContext) => number;

const inlineLine: LineOf = (ctx) => ctx.start.line;

function stringLines(resolved: Resolved): LineOf {
  return (ctx) => {
    let line = resolved.line;
    for (const segment of resolved.segments)
      if (segment.start <= ctx.start.start) line = segment.line;
    return line;
  };
}

class QueryChecker {
  readonly findings: Finding[] = [];
  checked = 0;

  constructor(
    private readonly file: string,
    private readonly schema: Schema
  ) {}

  private readonly reported = new Set<string>();

  /** One finding per line and message: a constant shared by several queries is named once. */
  private error(line: number, message: string): void {
    const key = `${line}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding(this.file, line, `SOQL: ${message}`));
  }

  private note(line: number, message: string): void {
    this.findings.push(finding(this.file, line, message, 'note'));
  }

  // ---- Database.query('…') ---------------------------------------------------------------

  checkDatabaseCall(node: DotExpressionContext): void {
    const call = node.dotMethodCall();
    if (!call) return;
    if (!DATABASE_QUERY_METHODS.has(call.anyId().getText().toLowerCase())) return;
    if (!DATABASE_RECEIVERS.has(node.expression().getText().toLowerCase())) return;
    const argument = call.expressionList()?.expression(0);
    const line = node.start.line;
    const method = `Database.${call.anyId().getText()}`;
    if (!argument) return;
    if (
      argument instanceof PrimaryExpressionContext &&
      argument.primary() instanceof SoqlPrimaryContext
    )
      return; // an inline query: checked where the walk meets it
    const resolved = this.resolveString(argument, node, new Set());
    if (!resolved) {
      this.note(line, `${method}: query built at runtime, not checked`);
      return;
    }
    if (!/^\s*select\b/i.test(resolved.text)) {
      this.note(line, `${method}: argument is not a whole SELECT query, not checked`);
      return;
    }
    const parsed = parseQuery(resolved.text);
    if ('error' in parsed) {
      this.error(resolved.line, `${method}: the query does not parse: ${parsed.error}`);
      return;
    }
    this.checkOnce(parsed.query, resolved);
  }

  /**
   * A string expression anywhere (a constant, a map value…) made only of literals and constants
   * whose value is a whole query: checked like an inline one. Text that is not clearly a query
   * is left alone, since only what reaches Database.* must be one: the keywords SELECT and FROM
   * in capitals, a FROM object the schema knows, and the whole text parsing as SOQL (so a UI
   * sentence such as 'Select a record from the list' is never taken for a query).
   */
  checkQueryString(expression: ExpressionContext): void {
    const resolved = this.resolveString(expression, expression, new Set());
    if (!resolved || !/^\s*SELECT\s[\s\S]*\sFROM\s/.test(resolved.text)) return;
    const parsed = parseQuery(resolved.text);
    if (!('query' in parsed)) return;
    const from = parsed.query.fromNameList().fieldName(0)?.getText();
    if (!from || !this.schema.get(from)) return;
    this.checkOnce(parsed.query, resolved);
  }

  private readonly seen = new Set<string>();

  private checkOnce(query: QueryContext, resolved: Resolved): void {
    const key = `${resolved.line}:${resolved.text}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.checkQuery(query, stringLines(resolved));
  }

  /** The string value of an expression made only of literals, constants and `+`. */
  private resolveString(
    expression: ExpressionContext,
    site: ParserRuleContext,
    seen: Set<string>
  ): Resolved | undefined {
    if (expression instanceof SubExpressionContext) {
      return this.resolveString(expression.expression(), site, seen);
    }
    if (expression instanceof Arth2ExpressionContext && expression.ADD()) {
      const left = this.resolveString(expression.expression(0), site, seen);
      const right = left && this.resolveString(expression.expression(1), site, seen);
      if (!left || !right) return undefined;
      const shifted = right.segments.map((s) => ({
        start: s.start + left.text.length,
        line: s.line
      }));
      return {
        text: left.text + right.text,
        line: left.line,
        segments: [...left.segments, ...shifted]
      };
    }
    if (!(expression instanceof PrimaryExpressionContext)) return undefined;
    const primary = expression.primary();
    if (primary instanceof LiteralPrimaryContext) {
      const literal = primary.literal().StringLiteral();
      return literal
        ? {
            text: unescapeApexString(literal.getText()),
            line: literal.symbol.line,
            segments: [{ start: 0, line: literal.symbol.line }]
          }
        : undefined;
    }
    if (primary instanceof IdPrimaryContext) {
      const name = primary.getText().toLowerCase();
      if (seen.has(name)) return undefined;
      seen.add(name);
      const initializer = this.singleAssignment(name, site);
      return initializer ? this.resolveString(initializer, site, seen) : undefined;
    }
    return undefined;
  }

  /**
   * The initializer of variable `name` as seen from `site`: a local of the enclosing method, or
   * else a field of the file; undefined when declared more than once, without an initializer, or
   * assigned anywhere in its scope.
   */
  private singleAssignment(name: string, site: ParserRuleContext): ExpressionContext | undefined {
    let scope: ParserRuleContext | undefined = site.parentCtx;
    while (
      scope &&
      !(scope instanceof MethodDeclarationContext) &&
      !(scope instanceof ConstructorDeclarationContext)
    ) {
      scope = scope.parentCtx;
    }
    let root: ParserRuleContext = site;
    while (root.parentCtx) root = root.parentCtx;
    const declaredIn = (container: ParserRuleContext, kind: 'local' | 'field') =>
      descendants(container, VariableDeclaratorContext).filter((d) => {
        if (d.id().getText().toLowerCase() !== name) return false;
        let parent: ParserRuleContext | undefined = d.parentCtx;
        while (
          parent &&
          !(parent instanceof LocalVariableDeclarationContext) &&
          !(parent instanceof FieldDeclarationContext)
        )
          parent = parent.parentCtx;
        return kind === 'local'
          ? parent instanceof LocalVariableDeclarationContext
          : parent instanceof FieldDeclarationContext;
      });
    let declarations = scope ? declaredIn(scope, 'local') : [];
    let assignmentScope: ParserRuleContext = scope ?? root;
    if (declarations.length === 0) {
      declarations = declaredIn(root, 'field');
      assignmentScope = root;
    }
    if (declarations.length !== 1) return undefined;
    const assigned = descendants(assignmentScope, AssignExpressionContext).some((a) => {
      const target = a.expression(0).getText().toLowerCase();
      return target === name || target === `this.${name}`;
    });
    if (assigned) return undefined;
    return declarations[0].expression() ?? undefined;
  }

  // ---- the query itself --------------------------------------------------------------------

  checkQuery(query: QueryContext, lineOf: LineOf): void {
    this.checked++;
    const from = query.fromNameList();
    const line = lineOf;
    if (from.fieldName_list().length !== 1) {
      this.note(line(from), 'SOQL: FROM with several objects, not checked');
      return;
    }
    const objectName = from.fieldName(0).getText();
    const object = this.schema.get(objectName);
    if (!object) {
      this.error(line(from), `unknown object '${objectName}' in FROM`);
      return;
    }
    const alias = from.soqlId(0)?.getText();
    const scope: Scope = { object, alias, lineOf };
    for (const entry of query.selectList().selectEntry_list()) {
      this.checkSelectEntry(entry, scope);
    }
    this.checkClause(query.whereClause(), scope, 'WHERE');
    this.checkClause(query.groupByClause(), scope, 'GROUP BY');
    this.checkClause(query.orderByClause(), scope, 'ORDER BY');
  }

  private checkSelectEntry(entry: ParserRuleContext & SelectLike, scope: Scope): void {
    const sub = entry.subQuery();
    if (sub) return this.checkChildSubQuery(sub, scope);
    const typeOf = entry.typeOf();
    if (typeOf) return this.checkTypeOf(typeOf, scope);
    this.checkClause(entry, scope, 'SELECT');
  }

  /** Every field name in `clause`, except inside subqueries (checked on their own) and binds. */
  private checkClause(clause: ParserRuleContext | null, scope: Scope, where: string): void {
    if (!clause) return;
    visit(clause, (node) => {
      if (node instanceof BoundExpressionContext) return false;
      if (node instanceof SubQueryContext) {
        this.checkSemiJoin(node, scope);
        return false;
      }
      if (node instanceof FieldNameContext) {
        this.checkPath(node, scope, where);
        return false;
      }
      return true;
    });
  }

  private checkPath(ctx: FieldNameContext, scope: Scope, where: string): void {
    const parts = ctx.soqlId_list().map((p) => p.getText());
    const line = scope.lineOf(ctx);
    let current = scope.object;
    if (parts.length > 1) {
      const first = parts[0].toLowerCase();
      const isRelationship = current.parents.has(first);
      if (
        (scope.alias && first === scope.alias.toLowerCase()) ||
        (!isRelationship && first === current.name.toLowerCase())
      ) {
        parts.shift();
      }
    }
    for (let i = 0; i < parts.length - 1; i++) {
      const next = this.walkRelationship(current, parts[i], line, ctx.getText(), where);
      if (!next) return;
      current = next;
    }
    const last = parts[parts.length - 1];
    const field = current.fields.get(last.toLowerCase());
    if (!field) {
      const hint = current.parents.has(last.toLowerCase()) ? ' (a relationship, not a field)' : '';
      this.error(
        line,
        `unknown field '${last}' on ${describe(current)}${hint} in ${where}: ${ctx.getText()}`
      );
    } else if (where === 'GROUP BY' && UNGROUPABLE_TYPES.has(field.type.toLowerCase())) {
      // The platform refuses to compile it: "field 'X' can not be grouped in a query call".
      this.error(
        line,
        `field '${last}' on ${describe(current)} can not be grouped (a ${field.type} field is not groupable): ${ctx.getText()}`
      );
    }
  }

  private walkRelationship(
    object: ObjectInfo,
    relationship: string,
    line: number,
    path: string,
    where: string
  ): ObjectInfo | undefined {
    const field = object.parents.get(relationship.toLowerCase());
    if (!field) {
      this.error(
        line,
        `no relationship '${relationship}' on ${describe(object)} in ${where}: ${path}`
      );
      return undefined;
    }
    const targets = field.referenceTo ?? [];
    const targetName = targets.length === 1 ? targets[0] : POLYMORPHIC_NAME_OBJECT;
    const target = this.schema.get(targetName);
    if (!target) {
      this.error(
        line,
        `relationship '${relationship}' leads to '${targetName}', an object neither in force-app nor in scripts/checks/standard-objects.json (in ${where}: ${path})`
      );
    }
    return target;
  }

  private checkChildSubQuery(sub: SubQueryContext, parent: Scope): void {
    this.checked++;
    const from = sub.fromNameList();
    const line = parent.lineOf(from);
    const relationship = from.fieldName(0)?.getText() ?? '';
    const childName = parent.object.children.get(relationship.toLowerCase());
    if (!childName) {
      this.error(
        line,
        `unknown child relationship '${relationship}' on ${describe(parent.object)} in a subquery`
      );
      return;
    }
    const child = this.schema.get(childName);
    if (!child) {
      this.error(
        line,
        `child relationship '${relationship}' leads to unknown object '${childName}'`
      );
      return;
    }
    this.checkSubQueryBody(sub, { object: child, lineOf: parent.lineOf });
  }

  /** `… WHERE Id IN (SELECT ContactId FROM Task)`: a query of its own on its FROM object. */
  private checkSemiJoin(sub: SubQueryContext, outer: Scope): void {
    this.checked++;
    const from = sub.fromNameList();
    const name = from.fieldName(0)?.getText() ?? '';
    const object = this.schema.get(name);
    if (!object) {
      this.error(outer.lineOf(from), `unknown object '${name}' in a semi-join subquery`);
      return;
    }
    this.checkSubQueryBody(sub, { object, lineOf: outer.lineOf });
  }

  private checkSubQueryBody(sub: SubQueryContext, scope: Scope): void {
    for (const entry of sub.subFieldList().subFieldEntry_list())
      this.checkSelectEntry(entry, scope);
    this.checkClause(sub.whereClause(), scope, 'WHERE');
    this.checkClause(sub.orderByClause(), scope, 'ORDER BY');
  }

  /** TYPEOF What WHEN Account THEN Name, Phone ELSE Name END */
  private checkTypeOf(typeOf: TypeOfContext, scope: Scope): void {
    const relationshipCtx = typeOf.fieldName();
    const line = scope.lineOf(relationshipCtx);
    const relationship = relationshipCtx.getText();
    const field = scope.object.parents.get(relationship.toLowerCase());
    if (!field) {
      this.error(line, `no relationship '${relationship}' on ${describe(scope.object)} in TYPEOF`);
      return;
    }
    for (const when of typeOf.whenClause_list()) {
      const typeName = when.fieldName().getText();
      const target = this.schema.get(typeName);
      if (!target) {
        this.error(scope.lineOf(when), `unknown object '${typeName}' in TYPEOF WHEN`);
        continue;
      }
      for (const f of when.fieldNameList().fieldName_list())
        this.checkPath(f, { object: target, lineOf: scope.lineOf }, `TYPEOF ${typeName}`);
    }
    const otherwise = typeOf.elseClause();
    const nameObject = this.schema.get(POLYMORPHIC_NAME_OBJECT);
    if (otherwise && nameObject) {
      for (const f of otherwise.fieldNameList().fieldName_list())
        this.checkPath(f, { object: nameObject, lineOf: scope.lineOf }, 'TYPEOF ELSE');
    }
  }
}

interface Scope {
  object: ObjectInfo;
  alias?: string;
  lineOf: LineOf;
}

interface SelectLike {
  subQuery(): SubQueryContext;
  typeOf(): TypeOfContext;
}

function describe(object: ObjectInfo): string {
  return object.name === POLYMORPHIC_NAME_OBJECT
    ? 'a polymorphic relationship (Name)'
    : object.name;
}
