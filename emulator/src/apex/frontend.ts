/**
 * Front end: parses Apex with @apexdevtools/apex-parser and translates the ANTLR tree, once,
 * into the IR of ir.ts. Two passes over a set of files: declare (class skeletons, member
 * signatures) for every file, then bodies (statements and expressions, with names resolved to
 * locals, fields, statics and types). Nothing of ANTLR survives the load.
 */
import {
  ApexErrorListener,
  ApexParserFactory,
  AnnotationContext,
  Arth1ExpressionContext,
  Arth2ExpressionContext,
  ArrayExpressionContext,
  AssignExpressionContext,
  BitAndExpressionContext,
  BitExpressionContext,
  BitNotExpressionContext,
  BitOrExpressionContext,
  BlockContext,
  BoundExpressionContext,
  CastExpressionContext,
  ClassDeclarationContext,
  CmpExpressionContext,
  CoalExpressionContext,
  CondExpressionContext,
  CreatorContext,
  DotExpressionContext,
  EnumDeclarationContext,
  EqualityExpressionContext,
  ExpressionContext,
  IdPrimaryContext,
  InstanceOfExpressionContext,
  InterfaceDeclarationContext,
  LiteralContext,
  LiteralPrimaryContext,
  LocalVariableDeclarationContext,
  LogAndExpressionContext,
  LogOrExpressionContext,
  MethodCallExpressionContext,
  ModifierContext,
  NegExpressionContext,
  NewExpressionContext,
  PostOpExpressionContext,
  PreOpExpressionContext,
  PrimaryExpressionContext,
  SoqlPrimaryContext,
  SoslPrimaryContext,
  StatementContext,
  SubExpressionContext,
  SuperPrimaryContext,
  ThisPrimaryContext,
  TypeRefContext,
  TypeRefPrimaryContext,
  VoidPrimaryContext,
  type PropertyDeclarationContext,
  type WhenLiteralContext,
  type SwitchStatementContext,
  type MethodDeclarationContext,
  type ConstructorDeclarationContext,
  type FieldDeclarationContext,
  type InterfaceMethodDeclarationContext,
  type FormalParametersContext,
  type ExpressionListContext,
  type TriggerUnitContext
} from '@apexdevtools/apex-parser';
import type {
  ApexParserRuleContext as ParserRuleContext,
  ApexParseTree as ParseTree
} from '@apexdevtools/apex-parser';
import type { Diagnostic, OrgSchema } from '../contracts.js';
import { ApexDouble, Decimal } from '../values.js';
import type { TypeRef } from './runtime-types.js';
import { parseDecimal } from './lib/decimal-scale.js';
import type { ClassInfo, Expr, FieldInfo, FileUnit, MethodInfo, Stmt } from './ir.js';

/** A load-time error: becomes a Diagnostic with the place. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column = 0
  ) {
    super(message);
  }
}

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, msg: string): void {
    this.errors.push({ line, column, message: msg });
  }
}

export const T = {
  void: { name: 'void' } as TypeRef,
  object: { name: 'Object' } as TypeRef,
  integer: { name: 'Integer' } as TypeRef,
  long: { name: 'Long' } as TypeRef,
  decimal: { name: 'Decimal' } as TypeRef,
  double: { name: 'Double' } as TypeRef,
  string: { name: 'String' } as TypeRef,
  boolean: { name: 'Boolean' } as TypeRef,
  id: { name: 'Id' } as TypeRef,
  sobject: { name: 'SObject' } as TypeRef,
  exception: { name: 'Exception' } as TypeRef
};

const PRIMITIVES: Record<string, string> = {
  integer: 'Integer',
  long: 'Long',
  double: 'Double',
  decimal: 'Decimal',
  string: 'String',
  id: 'Id',
  boolean: 'Boolean',
  date: 'Date',
  datetime: 'Datetime',
  time: 'Time',
  blob: 'Blob',
  object: 'Object',
  sobject: 'SObject',
  list: 'List',
  set: 'Set',
  map: 'Map',
  void: 'void'
};

/** Names that qualify system types: `System.Type`, `Database.SaveResult`, `Schema.SObjectType`. */
export interface TypeUniverse {
  readonly schema: OrgSchema;
  /** lower-cased full name → ClassInfo (user classes and system exceptions). */
  readonly classes: Map<string, ClassInfo>;
  /** lower-cased native class name → canonical name. */
  readonly natives: Map<string, string>;
}

interface Scope {
  vars: Map<string, { slot: number; type: TypeRef }>;
}

interface MethodCtx {
  cls: ClassInfo;
  isStatic: boolean;
  scopes: Scope[];
  next: number;
  max: number;
  /** Inside a property accessor: its name resolves to the backing field. */
  accessorOf: string | null;
  unit: FileUnit;
  source: string;
}

export interface PendingBody {
  /** 0 supertypes, 1 member signatures, 2 bodies: run in phase order across every file. */
  phase: 0 | 1 | 2;
  cls: ClassInfo;
  run: () => void;
}

export interface ParsedFile {
  unit: FileUnit;
  pending: PendingBody[];
}

function textOf(node: ParseTree | null | undefined): string {
  return node ? node.getText() : '';
}

function lineOf(ctx: ParserRuleContext): number {
  return ctx.start.line;
}

function modifiersOf(mods: ModifierContext[]): {
  words: Set<string>;
  annotations: Map<string, Map<string, unknown>>;
} {
  const words = new Set<string>();
  const annotations = new Map<string, Map<string, unknown>>();
  for (const mod of mods) {
    const annotation = mod.annotation();
    if (annotation) {
      annotations.set(annotationName(annotation), annotationValues(annotation));
    } else {
      words.add(
        mod
          .getText()
          .toLowerCase()
          .replace(/sharing$/, ' sharing')
      );
    }
  }
  return { words, annotations };
}

function annotationName(a: AnnotationContext): string {
  const qn = (a as unknown as { qualifiedName?: () => ParserRuleContext }).qualifiedName?.();
  return (qn ? qn.getText() : textOf(a.id())).toLowerCase();
}

function annotationValues(a: AnnotationContext): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const pairs = a.elementValuePairs();
  if (pairs) {
    for (const pair of pairs.elementValuePair_list()) {
      values.set(
        pair.id().getText().toLowerCase(),
        pair.elementValue().getText().replace(/^'|'$/g, '')
      );
    }
  }
  return values;
}

function visibilityOf(words: Set<string>): MethodInfo['visibility'] {
  if (words.has('global')) return 'global';
  if (words.has('public')) return 'public';
  if (words.has('protected')) return 'protected';
  return 'private';
}

/** Parses one file and declares its classes (pass 1). Bodies are translated by `pending`. */
export function parseFile(
  path: string,
  source: string,
  universe: TypeUniverse
): ParsedFile | Diagnostic[] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const isTrigger = path.endsWith('.trigger');
  const unit: FileUnit = { path, classes: [], executable: new Set() };
  const pending: PendingBody[] = [];
  const builder = new Builder(universe, unit, source, pending);
  if (isTrigger) {
    const tu = parser.triggerUnit();
    if (listener.errors.length > 0) return listener.errors.map((e) => ({ file: path, ...e }));
    builder.declareTrigger(tu);
  } else {
    const cu = parser.compilationUnit();
    if (listener.errors.length > 0) return listener.errors.map((e) => ({ file: path, ...e }));
    const td = cu.typeDeclaration();
    const mods = modifiersOf(td.modifier_list());
    builder.declareType(
      td.classDeclaration() ?? td.interfaceDeclaration() ?? td.enumDeclaration(),
      mods,
      null
    );
  }
  return { unit, pending };
}

/** Parses an anonymous block into a synthetic class with one static method `execute`. */
export function parseAnonymous(
  source: string,
  universe: TypeUniverse,
  name: string
): { unit: FileUnit; cls: ClassInfo; pending: PendingBody[] } | Diagnostic[] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const au = parser.anonymousUnit();
  if (listener.errors.length > 0) return listener.errors.map((e) => ({ file: name, ...e }));
  const unit: FileUnit = { path: name, classes: [], executable: new Set() };
  const pending: PendingBody[] = [];
  const builder = new Builder(universe, unit, source, pending);
  const cls = builder.newClass('AnonymousBlock', 'anonymous', null, 1, {
    words: new Set(),
    annotations: new Map()
  });
  const statements: (StatementContext | FieldDeclarationContext)[] = [];
  for (const member of au.anonymousBlock().anonymousBlockMember_list()) {
    const decl = member.anonymousMemberDeclaration();
    // A top-level variable of an anonymous block parses as a field; it runs as a local.
    if (decl?.fieldDeclaration()) statements.push(decl.fieldDeclaration());
    else if (decl) builder.declareMember(cls, decl, modifiersOf(member.modifier_list()));
    else statements.push(member.statement());
  }
  const method = builder.newMethod(
    cls,
    'execute',
    [],
    T.void,
    true,
    1,
    new Map(),
    'public',
    false,
    false
  );
  pending.push({
    phase: 2,
    cls,
    run: () => builder.translateBody(cls, method, statements, null)
  });
  return { unit, cls, pending };
}

class Builder {
  constructor(
    readonly u: TypeUniverse,
    readonly unit: FileUnit,
    readonly source: string,
    readonly pending: PendingBody[]
  ) {}

  newClass(
    name: string,
    kind: ClassInfo['kind'],
    outer: string | null,
    line: number,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): ClassInfo {
    const full = outer ? `${outer}.${name}` : name;
    const cls: ClassInfo = {
      name: full,
      kind,
      file: this.unit.path,
      line,
      outer,
      superclass: null,
      interfaces: [],
      isAbstract: mods.words.has('abstract'),
      isVirtual: mods.words.has('virtual'),
      annotations: mods.annotations,
      fields: new Map(),
      methods: new Map(),
      ctors: [],
      instanceInit: [],
      staticInit: [],
      inner: new Map(),
      enumValues: [],
      system: false
    };
    if (this.u.classes.has(full.toLowerCase()))
      throw new CompileError(`Duplicate class: ${full}`, line);
    this.u.classes.set(full.toLowerCase(), cls);
    if (outer) this.u.classes.get(outer.toLowerCase())?.inner.set(name.toLowerCase(), full);
    this.unit.classes.push(cls);
    return cls;
  }

  newMethod(
    cls: ClassInfo,
    name: string,
    params: { name: string; type: TypeRef }[],
    returnType: TypeRef,
    isStatic: boolean,
    line: number,
    annotations: Map<string, Map<string, unknown>>,
    visibility: MethodInfo['visibility'],
    isAbstract: boolean,
    isConstructor: boolean
  ): MethodInfo {
    const method: MethodInfo = {
      name,
      key: name.toLowerCase(),
      params,
      returnType,
      isStatic,
      isAbstract,
      isConstructor,
      visibility,
      annotations,
      body: null,
      slots: params.length,
      line,
      owner: cls.name,
      chain: null
    };
    if (isConstructor) cls.ctors.push(method);
    else {
      const list = cls.methods.get(method.key) ?? [];
      list.push(method);
      cls.methods.set(method.key, list);
    }
    return method;
  }

  declareType(
    decl: ClassDeclarationContext | InterfaceDeclarationContext | EnumDeclarationContext,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> },
    outer: ClassInfo | null
  ): ClassInfo {
    const name = decl.id().getText();
    const line = lineOf(decl);
    if (decl instanceof EnumDeclarationContext) {
      const cls = this.newClass(name, 'enum', outer?.name ?? null, line, mods);
      cls.enumValues = (decl.enumConstants()?.id_list() ?? []).map((id) => id.getText());
      return cls;
    }
    if (decl instanceof InterfaceDeclarationContext) {
      const cls = this.newClass(name, 'interface', outer?.name ?? null, line, mods);
      const typeList = decl.typeList();
      this.pending.push({
        phase: 2,
        cls,
        run: () => {
          cls.interfaces = (typeList?.typeRef_list() ?? []).map(
            (t) => this.resolveType(t, cls).name
          );
        }
      });
      for (const m of decl.interfaceBody().interfaceMethodDeclaration_list()) {
        this.declareInterfaceMethod(cls, m);
      }
      return cls;
    }
    const cls = this.newClass(name, 'class', outer?.name ?? null, line, mods);
    const ext = decl.typeRef();
    const impl = decl.typeList();
    // Supertypes resolve in pass 2 (other files may declare them); before any body.
    this.pending.push({
      phase: 0,
      cls,
      run: () => {
        cls.superclass = ext ? this.resolveType(ext, cls).name : null;
        cls.interfaces = (impl?.typeRef_list() ?? []).map((t) => this.resolveType(t, cls).name);
        if (cls.superclass && cls.superclass.toLowerCase() === 'exception')
          cls.superclass = 'Exception';
      }
    });
    const isException = name.toLowerCase().endsWith('exception');
    for (const body of decl.classBody().classBodyDeclaration_list()) {
      const block = body.block();
      if (block) {
        const isStatic = body.getChild(0).getText().toLowerCase() === 'static';
        const entry = { block: [] as Stmt[], slots: 0 };
        (isStatic ? cls.staticInit : cls.instanceInit).push(entry);
        this.pending.push({
          phase: 2,
          cls,
          run: () => {
            const ctx = this.methodCtx(cls, isStatic);
            entry.block = this.block(block, ctx);
            entry.slots = ctx.max;
          }
        });
        continue;
      }
      const member = body.memberDeclaration();
      if (member) this.declareMember(cls, member, modifiersOf(body.modifier_list()));
    }
    if (isException && cls.ctors.length === 0) {
      // The platform generates the four constructors of an exception class.
      // They are recognised by the interpreter through `system` handling of Exception.
    }
    return cls;
  }

  declareMember(
    cls: ClassInfo,
    member: {
      methodDeclaration(): MethodDeclarationContext;
      interfaceDeclaration(): InterfaceDeclarationContext;
      classDeclaration(): ClassDeclarationContext;
      enumDeclaration(): EnumDeclarationContext;
      propertyDeclaration(): PropertyDeclarationContext;
      fieldDeclaration(): FieldDeclarationContext;
      constructorDeclaration?(): ConstructorDeclarationContext;
    },
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): void {
    const inner =
      member.classDeclaration() ?? member.interfaceDeclaration() ?? member.enumDeclaration();
    if (inner) {
      this.declareType(inner, mods, cls);
      return;
    }
    const md = member.methodDeclaration();
    if (md) {
      this.declareMethod(cls, md, mods);
      return;
    }
    const ctor = member.constructorDeclaration?.();
    if (ctor) {
      this.declareConstructor(cls, ctor, mods);
      return;
    }
    const fd = member.fieldDeclaration();
    if (fd) {
      this.declareFields(cls, fd, mods);
      return;
    }
    const pd = member.propertyDeclaration();
    if (pd) this.declareProperty(cls, pd, mods);
  }

  params(fp: FormalParametersContext, cls: ClassInfo): { name: string; type: TypeRef }[] {
    return (fp.formalParameterList()?.formalParameter_list() ?? []).map((p) => ({
      name: p.id().getText(),
      type: this.resolveType(p.typeRef(), cls)
    }));
  }

  declareInterfaceMethod(cls: ClassInfo, m: InterfaceMethodDeclarationContext): void {
    const rt = m.typeRef();
    const method = this.newMethod(
      cls,
      m.id().getText(),
      [],
      T.void,
      false,
      lineOf(m),
      new Map(),
      'public',
      true,
      false
    );
    this.pending.push({
      phase: 1,
      cls,
      run: () => {
        (method as { params: unknown }).params = this.params(m.formalParameters(), cls);
        (method as { returnType: TypeRef }).returnType = rt ? this.resolveType(rt, cls) : T.void;
      }
    });
  }

  declareMethod(
    cls: ClassInfo,
    md: MethodDeclarationContext,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): void {
    const rt = md.typeRef();
    const block = md.block();
    const method = this.newMethod(
      cls,
      md.id().getText(),
      [],
      T.void,
      mods.words.has('static') || cls.kind === 'trigger',
      lineOf(md),
      mods.annotations,
      visibilityOf(mods.words),
      !block,
      false
    );
    if (mods.words.has('testmethod')) mods.annotations.set('istest', new Map());
    if (mods.annotations.has('future')) (method as { isFuture?: boolean }).isFuture = true;
    this.pending.push({
      phase: 1,
      cls,
      run: () => {
        (method as { params: unknown }).params = this.params(md.formalParameters(), cls);
        (method as { returnType: TypeRef }).returnType = rt ? this.resolveType(rt, cls) : T.void;
      }
    });
    if (block) {
      this.pending.push({
        phase: 2,
        cls,
        run: () => this.translateBody(cls, method, block.statement_list(), null)
      });
    }
  }

  declareConstructor(
    cls: ClassInfo,
    cd: ConstructorDeclarationContext,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): void {
    const method = this.newMethod(
      cls,
      cls.name.split('.').pop()!,
      [],
      T.void,
      false,
      lineOf(cd),
      mods.annotations,
      visibilityOf(mods.words),
      false,
      true
    );
    this.pending.push({
      phase: 1,
      cls,
      run: () => {
        (method as { params: unknown }).params = this.params(cd.formalParameters(), cls);
      }
    });
    this.pending.push({
      phase: 2,
      cls,
      run: () => this.translateBody(cls, method, cd.block().statement_list(), null)
    });
  }

  declareFields(
    cls: ClassInfo,
    fd: FieldDeclarationContext,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): void {
    const isStatic = mods.words.has('static');
    for (const vd of fd.variableDeclarators().variableDeclarator_list()) {
      const field: FieldInfo = {
        name: vd.id().getText(),
        key: vd.id().getText().toLowerCase(),
        type: T.object,
        isStatic,
        isFinal: mods.words.has('final'),
        isTransient: mods.words.has('transient'),
        init: null,
        initSlots: 0,
        line: lineOf(vd),
        getter: null,
        setter: null,
        isProperty: false,
        visibility: visibilityOf(mods.words),
        testVisible: mods.annotations.has('testvisible')
      };
      cls.fields.set(field.key, field);
      (isStatic ? cls.staticInit : cls.instanceInit).push({ field });
      this.pending.push({
        phase: 1,
        cls,
        run: () => {
          (field as { type: TypeRef }).type = this.resolveType(fd.typeRef(), cls);
        }
      });
      const init = vd.expression();
      if (init) {
        this.pending.push({
          phase: 2,
          cls,
          run: () => {
            const ctx = this.methodCtx(cls, isStatic);
            field.init = this.expr(init, ctx);
            field.initSlots = ctx.max;
            this.unit.executable.add(field.line);
          }
        });
      }
    }
  }

  declareProperty(
    cls: ClassInfo,
    pd: PropertyDeclarationContext,
    mods: { words: Set<string>; annotations: Map<string, Map<string, unknown>> }
  ): void {
    const isStatic = mods.words.has('static');
    const name = pd.id().getText();
    const field: FieldInfo = {
      name,
      key: name.toLowerCase(),
      type: T.object,
      isStatic,
      isFinal: false,
      isTransient: mods.words.has('transient'),
      init: null,
      initSlots: 0,
      line: lineOf(pd),
      getter: null,
      setter: null,
      isProperty: true,
      visibility: visibilityOf(mods.words),
      testVisible: mods.annotations.has('testvisible')
    };
    cls.fields.set(field.key, field);
    (isStatic ? cls.staticInit : cls.instanceInit).push({ field });
    this.pending.push({
      phase: 1,
      cls,
      run: () => {
        (field as { type: TypeRef }).type = this.resolveType(pd.typeRef(), cls);
      }
    });
    for (const pb of pd.propertyBlock_list()) {
      const getter = pb.getter();
      const setter = pb.setter();
      const block = getter?.block() ?? setter?.block();
      if (!block) continue;
      this.pending.push({
        phase: 2,
        cls,
        run: () => {
          const ctx = this.methodCtx(cls, isStatic);
          ctx.accessorOf = field.key;
          if (getter) {
            const body = this.block(block, ctx);
            field.getter = { body, slots: ctx.max };
          } else {
            const valueSlot = this.declare(ctx, 'value', field.type);
            const body = this.block(block, ctx);
            field.setter = { body, slots: ctx.max, valueSlot };
          }
        }
      });
    }
  }

  declareTrigger(tu: TriggerUnitContext): void {
    const ids = tu.id_list();
    const name = ids[0].getText();
    const cls = this.newClass(name, 'trigger', null, lineOf(tu), {
      words: new Set(),
      annotations: new Map()
    });
    const events = tu
      .triggerCase_list()
      .map((c) => c.children!.map((ch) => ch.getText().toLowerCase()).join(' '));
    const object = ids[1].getText();
    const statements: (StatementContext | FieldDeclarationContext)[] = [];
    for (const member of tu.triggerBlock().triggerBlockMember_list()) {
      const decl = member.triggerMemberDeclaration();
      if (decl?.fieldDeclaration()) statements.push(decl.fieldDeclaration());
      else if (decl) this.declareMember(cls, decl, modifiersOf(member.modifier_list()));
      else statements.push(member.statement());
    }
    const resolved = this.u.schema.getObject(object)?.name;
    if (!resolved)
      throw new CompileError(`Invalid SObject type for trigger: ${object}`, lineOf(tu));
    this.pending.push({
      phase: 2,
      cls,
      run: () => {
        const ctx = this.methodCtx(cls, true);
        const body = statements.map((s) => this.topStmt(s, ctx));
        cls.trigger = { object: resolved, events, body, slots: ctx.max };
      }
    });
  }

  methodCtx(cls: ClassInfo, isStatic: boolean): MethodCtx {
    return {
      cls,
      isStatic,
      scopes: [{ vars: new Map() }],
      next: 0,
      max: 0,
      accessorOf: null,
      unit: this.unit,
      source: this.source
    };
  }

  /** A statement of an anonymous block or trigger body, where variables parse as fields. */
  topStmt(s: StatementContext | FieldDeclarationContext, ctx: MethodCtx): Stmt {
    if (s instanceof StatementContext) return this.stmt(s, ctx);
    this.unit.executable.add(lineOf(s));
    return this.localDecl(s as unknown as LocalVariableDeclarationContext, ctx);
  }

  translateBody(
    cls: ClassInfo,
    method: MethodInfo,
    statements: (StatementContext | FieldDeclarationContext)[],
    _unused: null
  ): void {
    const ctx = this.methodCtx(cls, method.isStatic);
    for (const p of method.params) this.declare(ctx, p.name, p.type);
    let rest = statements;
    if (method.isConstructor && statements.length > 0) {
      const head0 = statements[0];
      const first =
        head0 instanceof StatementContext ? head0.expressionStatement()?.expression() : undefined;
      if (first instanceof MethodCallExpressionContext) {
        const mc = first.methodCall();
        const head = mc.getChild(0).getText().toLowerCase();
        if (head === 'this' || head === 'super') {
          method.chain = { kind: head, args: this.args(mc.expressionList(), ctx) };
          this.unit.executable.add(lineOf(first));
          rest = statements.slice(1);
        }
      }
    }
    method.body = rest.map((s) => this.topStmt(s, ctx));
    method.slots = ctx.max;
  }

  // ------------------------------------------------------------------ types

  resolveType(t: TypeRefContext, cls: ClassInfo | null): TypeRef {
    const names = t.typeName_list();
    const dims = (t.arraySubscripts()?.getText().length ?? 0) / 2;
    let result: TypeRef;
    const last = names[names.length - 1];
    const argsCtx = last.typeArguments();
    const args = argsCtx
      ? argsCtx
          .typeList()
          .typeRef_list()
          .map((a) => this.resolveType(a, cls))
      : undefined;
    const dotted = names
      .map((n) => (n.id() ? n.id().getText() : n.getChild(0).getText()))
      .join('.');
    result = this.resolveTypeName(dotted, cls, lineOf(t));
    if (args) result = { name: result.name, args };
    for (let i = 0; i < dims; i++) result = { name: 'List', args: [result] };
    return result;
  }

  /** Resolves a (possibly dotted) type name; unknown names are kept as written. */
  resolveTypeName(dotted: string, cls: ClassInfo | null, _line: number): TypeRef {
    const found = this.lookupTypeName(dotted, cls);
    return found ?? { name: dotted };
  }

  lookupTypeName(dotted: string, cls: ClassInfo | null): TypeRef | null {
    const lower = dotted.toLowerCase();
    const prim = PRIMITIVES[lower.replace(/^system\./, '')];
    if (prim) return { name: prim };
    // Inner classes from the current class outwards, then top level.
    for (
      let c: ClassInfo | null | undefined = cls;
      c;
      c = c.outer ? this.u.classes.get(c.outer.toLowerCase()) : null
    ) {
      const candidate = `${c.name}.${dotted}`.toLowerCase();
      const hit = this.u.classes.get(candidate);
      if (hit) return { name: hit.name };
      // Inherited inner classes.
      let sup = c.superclass ? this.u.classes.get(c.superclass.toLowerCase()) : undefined;
      while (sup) {
        const inherited = this.u.classes.get(`${sup.name}.${dotted}`.toLowerCase());
        if (inherited) return { name: inherited.name };
        sup = sup.superclass ? this.u.classes.get(sup.superclass.toLowerCase()) : undefined;
      }
    }
    const top =
      this.u.classes.get(lower) ?? this.u.classes.get(lower.replace(/^system\./, 'system.'));
    if (top) return { name: top.name };
    if (lower.startsWith('system.') && this.u.classes.get(lower))
      return { name: this.u.classes.get(lower)!.name };
    const sysExc = this.u.classes.get(`system.${lower}`);
    if (sysExc) return { name: sysExc.name };
    const objectName = lower.startsWith('schema.') ? dotted.slice(7) : dotted;
    const obj = this.u.schema.getObject(objectName);
    if (obj) return { name: obj.name };
    const native = this.u.natives.get(lower) ?? this.u.natives.get(lower.replace(/^system\./, ''));
    if (native) return { name: native };
    return null;
  }

  // ------------------------------------------------------------------ scopes

  declare(ctx: MethodCtx, name: string, type: TypeRef): number {
    const slot = ctx.next++;
    if (ctx.next > ctx.max) ctx.max = ctx.next;
    ctx.scopes[ctx.scopes.length - 1].vars.set(name.toLowerCase(), { slot, type });
    return slot;
  }

  withScope<R>(ctx: MethodCtx, fn: () => R): R {
    ctx.scopes.push({ vars: new Map() });
    try {
      return fn();
    } finally {
      ctx.scopes.pop();
    }
  }

  visibleLocals(ctx: MethodCtx): Map<string, number> {
    const out = new Map<string, number>();
    for (const scope of ctx.scopes) for (const [name, v] of scope.vars) out.set(name, v.slot);
    return out;
  }

  lookupLocal(ctx: MethodCtx, name: string): { slot: number; type: TypeRef } | null {
    const key = name.toLowerCase();
    for (let i = ctx.scopes.length - 1; i >= 0; i--) {
      const hit = ctx.scopes[i].vars.get(key);
      if (hit) return hit;
    }
    return null;
  }

  /** The class (this, a superclass, or an outer class) that declares a field. */
  findField(
    cls: ClassInfo,
    key: string
  ): { owner: ClassInfo; field: FieldInfo; viaOuter: boolean } | null {
    let viaOuter = false;
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.outer ? this.u.classes.get(c.outer.toLowerCase()) : undefined
    ) {
      for (
        let s: ClassInfo | undefined = c;
        s;
        s = s.superclass ? this.u.classes.get(s.superclass.toLowerCase()) : undefined
      ) {
        const field = s.fields.get(key);
        if (field) return { owner: s, field, viaOuter };
      }
      viaOuter = true;
    }
    return null;
  }

  findMethodOwner(cls: ClassInfo, key: string): { owner: ClassInfo; viaOuter: boolean } | null {
    let viaOuter = false;
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.outer ? this.u.classes.get(c.outer.toLowerCase()) : undefined
    ) {
      for (
        let s: ClassInfo | undefined = c;
        s;
        s = s.superclass ? this.u.classes.get(s.superclass.toLowerCase()) : undefined
      ) {
        if (s.methods.has(key)) return { owner: s, viaOuter };
        for (const iface of s.interfaces) {
          if (this.u.classes.get(iface.toLowerCase())?.methods.has(key))
            return { owner: s, viaOuter };
        }
      }
      viaOuter = true;
    }
    return null;
  }

  // ------------------------------------------------------------------ visibility

  /** Private members are visible inside their top-level class; @TestVisible opens them to tests. */
  private visible(
    ownerName: string,
    member: {
      visibility?: string;
      testVisible?: boolean;
      annotations?: ReadonlyMap<string, unknown>;
    },
    ctx: MethodCtx
  ): boolean {
    if (member.visibility !== 'private') return true;
    const top = (name: string) => name.split('.')[0].toLowerCase();
    if (top(ownerName) === top(ctx.cls.name)) return true;
    const testVisible = member.testVisible || member.annotations?.has('testvisible');
    if (!testVisible) return false;
    const callerTop = this.u.classes.get(top(ctx.cls.name));
    return !!callerTop?.annotations.has('istest');
  }

  /** `Type.m(...)` / `typedLocal.m(...)`: fails when every overload is private to another class. */
  checkMethodVisible(typeName: string, name: string, ctx: MethodCtx, line: number): void {
    const cls = this.u.classes.get(typeName.toLowerCase());
    if (!cls || cls.system) return;
    const key = name.toLowerCase();
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.u.classes.get(c.superclass.toLowerCase()) : undefined
    ) {
      const list = c.methods.get(key);
      if (!list) continue;
      if (list.some((m) => this.visible(c!.name, m, ctx))) return;
      throw new CompileError(`Method is not visible: ${c.name}.${name}`, line);
    }
  }

  checkFieldVisible(owner: ClassInfo, field: FieldInfo, ctx: MethodCtx, line: number): void {
    if (!this.visible(owner.name, field, ctx))
      throw new CompileError(`Variable is not visible: ${owner.name}.${field.name}`, line);
  }

  // ------------------------------------------------------------------ statements

  block(b: BlockContext, ctx: MethodCtx): Stmt[] {
    return this.withScope(ctx, () => b.statement_list().map((s) => this.stmt(s, ctx)));
  }

  stmt(s: StatementContext, ctx: MethodCtx): Stmt {
    const line = lineOf(s);
    const b = s.block();
    if (b) return { k: 'block', line, body: this.block(b, ctx) };
    this.unit.executable.add(line);
    const es = s.expressionStatement();
    if (es) return { k: 'expr', line, e: this.expr(es.expression(), ctx) };
    const lv = s.localVariableDeclarationStatement();
    if (lv) return this.localDecl(lv.localVariableDeclaration(), ctx);
    const ifs = s.ifStatement();
    if (ifs) {
      const branches = ifs.statement_list();
      return {
        k: 'if',
        line,
        c: this.expr(ifs.parExpression().expression(), ctx),
        then: this.scoped(branches[0], ctx),
        else: branches[1] ? this.scoped(branches[1], ctx) : null
      };
    }
    const fs = s.forStatement();
    if (fs) {
      return this.withScope(ctx, (): Stmt => {
        const fc = fs.forControl();
        const enhanced = fc.enhancedForControl();
        if (enhanced) {
          const iter = this.expr(enhanced.expression(), ctx);
          const type = this.resolveType(enhanced.typeRef(), ctx.cls);
          const slot = this.declare(ctx, enhanced.id().getText(), type);
          return { k: 'forEach', line, slot, type, iter, body: this.scoped(fs.statement(), ctx) };
        }
        const init: Stmt[] = [];
        const fi = fc.forInit();
        if (fi) {
          const lvd = fi.localVariableDeclaration();
          if (lvd) init.push(this.localDecl(lvd, ctx));
          else
            for (const e of this.args(fi.expressionList(), ctx)) init.push({ k: 'expr', line, e });
        }
        const c = fc.expression() ? this.expr(fc.expression(), ctx) : null;
        const update = fc.forUpdate() ? this.args(fc.forUpdate().expressionList(), ctx) : [];
        return { k: 'for', line, init, c, update, body: this.scoped(fs.statement(), ctx) };
      });
    }
    const ws = s.whileStatement();
    if (ws)
      return {
        k: 'while',
        line,
        c: this.expr(ws.parExpression().expression(), ctx),
        body: this.scoped(ws.statement(), ctx)
      };
    const dw = s.doWhileStatement();
    if (dw)
      return {
        k: 'do',
        line,
        c: this.expr(dw.parExpression().expression(), ctx),
        body: { k: 'block', line, body: this.block(dw.block(), ctx) }
      };
    const rs = s.returnStatement();
    if (rs)
      return { k: 'return', line, e: rs.expression() ? this.expr(rs.expression(), ctx) : null };
    if (s.breakStatement()) return { k: 'break', line };
    if (s.continueStatement()) return { k: 'continue', line };
    const th = s.throwStatement();
    if (th) return { k: 'throw', line, e: this.expr(th.expression(), ctx) };
    const ts = s.tryStatement();
    if (ts) {
      const body: Stmt = { k: 'block', line, body: this.block(ts.block(), ctx) };
      const catches = ts.catchClause_list().map((cc) =>
        this.withScope(ctx, () => {
          const type = this.resolveTypeName(cc.qualifiedName().getText(), ctx.cls, lineOf(cc));
          const slot = this.declare(ctx, cc.id().getText(), type);
          return {
            type,
            slot,
            body: { k: 'block', line: lineOf(cc), body: this.block(cc.block(), ctx) } as Stmt
          };
        })
      );
      const fb = ts.finallyBlock();
      return {
        k: 'try',
        line,
        body,
        catches,
        fin: fb ? { k: 'block', line: lineOf(fb), body: this.block(fb.block(), ctx) } : null
      };
    }
    const sw = s.switchStatement();
    if (sw) return this.switchStmt(sw, ctx);
    const dml =
      (s.insertStatement() && (['insert', s.insertStatement()] as const)) ||
      (s.updateStatement() && (['update', s.updateStatement()] as const)) ||
      (s.deleteStatement() && (['delete', s.deleteStatement()] as const)) ||
      (s.undeleteStatement() && (['undelete', s.undeleteStatement()] as const)) ||
      (s.upsertStatement() && (['upsert', s.upsertStatement()] as const));
    if (dml) {
      const [op, node] = dml;
      const access = (
        node as unknown as { accessLevel?: () => ParserRuleContext | null }
      ).accessLevel?.();
      const qn = s.upsertStatement()?.qualifiedName() ?? null;
      return {
        k: 'dml',
        line,
        op,
        e: this.expr(node.expression(), ctx),
        extra: null,
        externalId: qn ? qn.getText().replace(/^[A-Za-z0-9_]+\./, '') : null,
        access: access && access.getText().toLowerCase().endsWith('user') ? 'user' : 'system'
      };
    }
    const ms = s.mergeStatement();
    if (ms) throw new CompileError('unsupported: merge statement', line);
    const ra = s.runAsStatement();
    if (ra) {
      const args = this.args(ra.expressionList(), ctx);
      return {
        k: 'runAs',
        line,
        user: args[0] ?? { k: 'lit', line, v: null },
        body: { k: 'block', line, body: this.block(ra.block(), ctx) }
      };
    }
    throw new CompileError(`unsupported statement: ${s.getText().slice(0, 40)}`, line);
  }

  /** A statement that is a branch or loop body gets its own scope. */
  scoped(s: StatementContext, ctx: MethodCtx): Stmt {
    return this.withScope(ctx, () => this.stmt(s, ctx));
  }

  localDecl(lvd: LocalVariableDeclarationContext, ctx: MethodCtx): Stmt {
    const type = this.resolveType(lvd.typeRef(), ctx.cls);
    const decls = lvd.variableDeclarators().variableDeclarator_list();
    const out: Stmt[] = decls.map((vd) => {
      const init = vd.expression() ? this.expr(vd.expression(), ctx) : null;
      const slot = this.declare(ctx, vd.id().getText(), type);
      return { k: 'local', line: lineOf(vd), slot, type, init } as Stmt;
    });
    return out.length === 1 ? out[0] : { k: 'block', line: lineOf(lvd), body: out };
  }

  switchStmt(sw: SwitchStatementContext, ctx: MethodCtx): Stmt {
    const line = lineOf(sw);
    const e = this.expr(sw.expression(), ctx);
    const whens = sw.whenControl_list().map((wc) => {
      const wv = wc.whenValue();
      if (wv.ELSE())
        return {
          values: null,
          typeBind: null,
          body: { k: 'block', line: lineOf(wc), body: this.block(wc.block(), ctx) } as Stmt
        };
      const typeCtx = wv.typeRef?.();
      const idCtx = wv.id();
      if (typeCtx && idCtx) {
        return this.withScope(ctx, () => {
          const type = this.resolveType(typeCtx, ctx.cls);
          const slot = this.declare(ctx, idCtx.getText(), type);
          return {
            values: null,
            typeBind: { type, slot },
            body: { k: 'block', line: lineOf(wc), body: this.block(wc.block(), ctx) } as Stmt
          };
        });
      }
      const values: Expr[] = wv.whenLiteral_list().map((wl) => this.whenLiteral(wl, ctx));
      return {
        values,
        typeBind: null,
        body: { k: 'block', line: lineOf(wc), body: this.block(wc.block(), ctx) } as Stmt
      };
    });
    return { k: 'switch', line, e, whens };
  }

  whenLiteral(wl: WhenLiteralContext, ctx: MethodCtx): Expr {
    const line = lineOf(wl);
    const inner = wl.whenLiteral();
    if (inner) return this.whenLiteral(inner, ctx);
    const negative = (wl.SUB_list()?.length ?? 0) % 2 === 1;
    if (wl.IntegerLiteral()) {
      const v = parseInt(wl.IntegerLiteral().getText(), 10);
      return { k: 'lit', line, v: negative ? -v | 0 : v | 0 };
    }
    if (wl.LongLiteral()) {
      const v = BigInt(wl.LongLiteral().getText().slice(0, -1));
      return { k: 'lit', line, v: negative ? -v : v };
    }
    if (wl.StringLiteral())
      return { k: 'lit', line, v: unescapeString(wl.StringLiteral().getText()) };
    if (wl.NULL()) return { k: 'lit', line, v: null };
    const qn = wl.qualifiedName();
    // An enum value: bare (`WHEN RED`) refers to the switch expression's enum; kept as a name.
    return { k: 'lit', line, v: { enumName: qn.getText().split('.').pop()!.toUpperCase() } };
  }

  // ------------------------------------------------------------------ expressions

  args(list: ExpressionListContext | null | undefined, ctx: MethodCtx): Expr[] {
    return list ? list.expression_list().map((e) => this.expr(e, ctx)) : [];
  }

  expr(e: ExpressionContext, ctx: MethodCtx): Expr {
    const line = lineOf(e);
    if (e instanceof PrimaryExpressionContext) return this.primary(e, ctx);
    if (e instanceof SubExpressionContext) return this.expr(e.expression(), ctx);
    if (e instanceof DotExpressionContext) {
      const safe = !!e.QUESTIONDOT();
      const target = this.expr(e.expression(), ctx);
      const dmc = e.dotMethodCall();
      if (dmc) {
        const name = dmc.anyId().getText();
        const args = this.args(dmc.expressionList(), ctx);
        if (target.k === 'super') return { k: 'superCall', line, name, args };
        if (target.k === 'type') this.checkMethodVisible(target.type.name, name, ctx, line);
        if (target.k === 'local') this.checkMethodVisible(target.type.name, name, ctx, line);
        if (
          target.k === 'type' &&
          /^(system\.)?(database|search)$/i.test(target.type.name) &&
          /^(query|countquery|getquerylocator)$/i.test(name)
        ) {
          return { k: 'call', line, target, name, args, safe, scope: this.visibleLocals(ctx) };
        }
        return { k: 'call', line, target, name, args, safe };
      }
      const name = e.anyId().getText();
      return this.memberOf(target, name, safe, line, ctx);
    }
    if (e instanceof MethodCallExpressionContext) {
      const mc = e.methodCall();
      const head = mc.getChild(0).getText();
      const args = this.args(mc.expressionList(), ctx);
      if (head.toLowerCase() === 'this' || head.toLowerCase() === 'super') {
        throw new CompileError(
          `${head}(...) is only allowed as the first statement of a constructor`,
          line
        );
      }
      const owner = this.findMethodOwner(ctx.cls, head.toLowerCase());
      if (owner && owner.viaOuter)
        return {
          k: 'call',
          line,
          target: { k: 'type', line, type: { name: owner.owner.name } },
          name: head,
          args,
          safe: false
        };
      if (owner) {
        const overloads = owner.owner.methods.get(head.toLowerCase()) ?? [];
        if (ctx.isStatic && overloads.length > 0 && overloads.every((m) => !m.isStatic)) {
          throw new CompileError(
            `Non static method cannot be referenced from a static context: ${head}`,
            line
          );
        }
        return { k: 'call', line, target: null, name: head, args, safe: false };
      }
      throw new CompileError(`Method does not exist or incorrect signature: ${head}(...)`, line);
    }
    if (e instanceof NewExpressionContext) return this.creator(e.creator(), ctx, line);
    if (e instanceof ArrayExpressionContext) {
      const [t, i] = e.expression_list();
      return { k: 'index', line, target: this.expr(t, ctx), index: this.expr(i, ctx) };
    }
    if (e instanceof CastExpressionContext) {
      return {
        k: 'cast',
        line,
        type: this.resolveType(e.typeRef(), ctx.cls),
        e: this.expr(e.expression(), ctx)
      };
    }
    if (e instanceof PostOpExpressionContext || e instanceof PreOpExpressionContext) {
      const op =
        e instanceof PostOpExpressionContext ? e.getChild(1).getText() : e.getChild(0).getText();
      const operand = this.expr(e.expression(), ctx);
      if (op === '++' || op === '--') {
        this.assertAssignable(operand, line);
        return {
          k: 'incdec',
          line,
          target: operand,
          delta: op === '++' ? 1 : -1,
          prefix: e instanceof PreOpExpressionContext
        };
      }
      if (op === '-' && operand.k === 'lit') return { k: 'lit', line, v: negateLiteral(operand.v) };
      return { k: 'unary', line, op: op as '-' | '+', e: operand };
    }
    if (e instanceof NegExpressionContext) {
      return {
        k: 'unary',
        line,
        op: e.getChild(0).getText() as '!' | '~',
        e: this.expr(e.expression(), ctx)
      };
    }
    if (
      e instanceof Arth1ExpressionContext ||
      e instanceof Arth2ExpressionContext ||
      e instanceof BitExpressionContext ||
      e instanceof CmpExpressionContext ||
      e instanceof EqualityExpressionContext ||
      e instanceof BitAndExpressionContext ||
      e instanceof BitNotExpressionContext ||
      e instanceof BitOrExpressionContext
    ) {
      const children = e.children!;
      const op = children
        .slice(1, children.length - 1)
        .map((c) => c.getText())
        .join('');
      const [l, r] = (e as Arth1ExpressionContext).expression_list();
      return { k: 'binary', line, op, l: this.expr(l, ctx), r: this.expr(r, ctx) };
    }
    if (
      e instanceof LogAndExpressionContext ||
      e instanceof LogOrExpressionContext ||
      e instanceof CoalExpressionContext
    ) {
      const [l, r] = e.expression_list();
      const op =
        e instanceof LogAndExpressionContext
          ? '&&'
          : e instanceof LogOrExpressionContext
            ? '||'
            : '??';
      return { k: 'logic', line, op, l: this.expr(l, ctx), r: this.expr(r, ctx) };
    }
    if (e instanceof CondExpressionContext) {
      const [c, a, b] = e.expression_list();
      return { k: 'cond', line, c: this.expr(c, ctx), a: this.expr(a, ctx), b: this.expr(b, ctx) };
    }
    if (e instanceof InstanceOfExpressionContext) {
      return {
        k: 'instanceof',
        line,
        e: this.expr(e.expression(), ctx),
        type: this.resolveType(e.typeRef(), ctx.cls)
      };
    }
    if (e instanceof AssignExpressionContext) {
      const [t, v] = e.expression_list();
      const target = this.expr(t, ctx);
      this.assertAssignable(target, line);
      return { k: 'assign', line, target, op: e.getChild(1).getText(), value: this.expr(v, ctx) };
    }
    throw new CompileError(`unsupported expression: ${e.getText().slice(0, 40)}`, line);
  }

  assertAssignable(target: Expr, line: number): void {
    if (!['local', 'thisField', 'staticField', 'member', 'index'].includes(target.k)) {
      throw new CompileError('Expression cannot be assigned', line);
    }
  }

  memberOf(target: Expr, name: string, safe: boolean, line: number, ctx: MethodCtx): Expr {
    if (target.k === 'local') {
      const typed = this.u.classes.get(target.type.name.toLowerCase());
      const found = typed && !typed.system ? this.findField(typed, name.toLowerCase()) : null;
      if (found && !found.viaOuter) this.checkFieldVisible(found.owner, found.field, ctx, line);
    }
    if (target.k === 'type') {
      const cls = this.u.classes.get(target.type.name.toLowerCase());
      if (cls) {
        const inner = cls.inner.get(name.toLowerCase());
        if (inner) return { k: 'type', line, type: { name: inner } };
        const found = this.findField(cls, name.toLowerCase());
        if (found) this.checkFieldVisible(found.owner, found.field, ctx, line);
        if (found && !found.field.isStatic) {
          throw new CompileError(
            `Static field access on instance field: ${found.owner.name}.${found.field.name}`,
            line
          );
        }
        if (found)
          return {
            k: 'staticField',
            line,
            cls: found.owner.name,
            name: name.toLowerCase(),
            raw: false
          };
        if (
          cls.kind === 'enum' &&
          cls.enumValues.some((v) => v.toLowerCase() === name.toLowerCase())
        ) {
          return { k: 'staticField', line, cls: cls.name, name: name.toLowerCase(), raw: false };
        }
        throw new CompileError(`Variable does not exist: ${name}`, line);
      }
      const dotted = this.lookupTypeName(`${target.type.name}.${name}`, ctx.cls);
      if (dotted && dotted.name.toLowerCase() !== target.type.name.toLowerCase())
        return { k: 'type', line, type: dotted };
    }
    return { k: 'member', line, target, name, safe };
  }

  primary(e: PrimaryExpressionContext, ctx: MethodCtx): Expr {
    const p = e.primary();
    const line = lineOf(e);
    if (p instanceof ThisPrimaryContext) return { k: 'this', line };
    if (p instanceof SuperPrimaryContext) return { k: 'super', line };
    if (p instanceof LiteralPrimaryContext) return { k: 'lit', line, v: literalValue(p.literal()) };
    if (p instanceof TypeRefPrimaryContext)
      return { k: 'typeLiteral', line, type: this.resolveType(p.typeRef(), ctx.cls) };
    if (p instanceof VoidPrimaryContext) return { k: 'typeLiteral', line, type: T.void };
    if (p instanceof SoqlPrimaryContext) {
      const q = p.soqlLiteral().query();
      const text = this.source.slice(q.start.start, q.stop!.stop + 1);
      const binds: Expr[] = [];
      const visit = (node: ParseTree): void => {
        if (node instanceof BoundExpressionContext) {
          binds.push(this.expr(node.expression(), ctx));
          return;
        }
        const children = (node as ParserRuleContext).children;
        if (children) for (const c of children) visit(c);
      };
      visit(q);
      return { k: 'soql', line, text, binds };
    }
    if (p instanceof SoslPrimaryContext) {
      const lit = p.soslLiteral();
      // The text between the brackets; binds (`:name`) in source order.
      const text = this.source.slice(lit.start.start + 1, lit.stop!.stop).trim();
      const binds: Expr[] = [];
      const visit = (node: ParseTree): void => {
        if (node instanceof BoundExpressionContext) {
          binds.push(this.expr(node.expression(), ctx));
          return;
        }
        const children = (node as ParserRuleContext).children;
        if (children) for (const c of children) visit(c);
      };
      visit(lit);
      return { k: 'sosl', line, text, binds };
    }
    if (p instanceof IdPrimaryContext) return this.name(p.id().getText(), line, ctx);
    throw new CompileError(`unsupported primary: ${p.getText()}`, line);
  }

  name(name: string, line: number, ctx: MethodCtx): Expr {
    const local = this.lookupLocal(ctx, name);
    if (local) return { k: 'local', line, slot: local.slot, type: local.type };
    const key = name.toLowerCase();
    const found = this.findField(ctx.cls, key);
    if (found) {
      const raw = ctx.accessorOf === key && found.owner === ctx.cls;
      if (found.field.isStatic || found.viaOuter)
        return { k: 'staticField', line, cls: found.owner.name, name: key, raw };
      if (ctx.isStatic && ctx.cls.kind !== 'anonymous' && ctx.cls.kind !== 'trigger') {
        throw new CompileError(
          `Variable ${name} is an instance field: not available in a static context`,
          line
        );
      }
      return { k: 'thisField', line, name: key, raw };
    }
    const type = this.lookupTypeName(name, ctx.cls);
    if (type) return { k: 'type', line, type };
    // Namespaces and system classes the library may provide lazily (System, Schema, Database…).
    return { k: 'type', line, type: { name } };
  }

  creator(c: CreatorContext, ctx: MethodCtx, line: number): Expr {
    const pairs = c.createdName().idCreatedNamePair_list();
    const dotted = pairs.map((p) => p.anyId().getText()).join('.');
    const lastArgs = pairs[pairs.length - 1].typeList();
    let type = this.resolveTypeName(dotted, ctx.cls, line);
    if (lastArgs)
      type = {
        name: type.name,
        args: lastArgs.typeRef_list().map((t) => this.resolveType(t, ctx.cls))
      };
    const arr = c.arrayCreatorRest();
    if (arr) {
      const listType: TypeRef = { name: 'List', args: [type] };
      const init = arr.arrayInitializer();
      if (arr.expression())
        return {
          k: 'newCollection',
          line,
          type: listType,
          items: null,
          size: this.expr(arr.expression(), ctx)
        };
      return {
        k: 'newCollection',
        line,
        type: listType,
        items: init ? init.expression_list().map((x) => this.expr(x, ctx)) : [],
        size: null
      };
    }
    if (c.noRest()) {
      if (type.name === 'Map') return { k: 'newMap', line, type, pairs: [] };
      return { k: 'newCollection', line, type, items: [], size: null };
    }
    const setRest = c.setCreatorRest();
    if (setRest)
      return {
        k: 'newCollection',
        line,
        type,
        items: setRest.expression_list().map((x) => this.expr(x, ctx)),
        size: null
      };
    const mapRest = c.mapCreatorRest();
    if (mapRest) {
      return {
        k: 'newMap',
        line,
        type,
        pairs: mapRest.mapCreatorRestPair_list().map((pair) => {
          const [k, v] = pair.expression_list();
          return [this.expr(k, ctx), this.expr(v, ctx)] as [Expr, Expr];
        })
      };
    }
    const rest = c.classCreatorRest();
    const argList = rest.arguments().expressionList()?.expression_list() ?? [];
    const obj = this.u.schema.getObject(type.name);
    if (obj || type.name === 'SObject') {
      const inits: { name: string; value: Expr }[] = [];
      const positional: Expr[] = [];
      for (const a of argList) {
        if (a instanceof AssignExpressionContext && a.ASSIGN()) {
          const [n, v] = a.expression_list();
          inits.push({ name: n.getText(), value: this.expr(v, ctx) });
        } else positional.push(this.expr(a, ctx));
      }
      if (positional.length > 0)
        throw new CompileError('unsupported: positional SObject constructor arguments', line);
      return { k: 'newSObject', line, type, inits };
    }
    const created = this.u.classes.get(type.name.toLowerCase());
    if (
      created &&
      created.ctors.length > 0 &&
      !created.ctors.some((c) => this.visible(created.name, c, ctx))
    ) {
      throw new CompileError(`Constructor is not visible: ${created.name}`, line);
    }
    return { k: 'new', line, type, args: argList.map((a) => this.expr(a, ctx)) };
  }
}

function negateLiteral(v: unknown): unknown {
  if (typeof v === 'number') return -v | 0;
  if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
  if (v instanceof Decimal) return v.negated();
  return v;
}

function literalValue(l: LiteralContext): unknown {
  const text = l.getText();
  if (l.IntegerLiteral()) {
    const n = Number(text);
    // 2147483648 is only valid negated; keep it exact and let negation wrap it.
    return n > 2147483647 ? n : n | 0;
  }
  if (l.LongLiteral()) return BigInt.asIntN(64, BigInt(text.slice(0, -1)));
  if (l.NumberLiteral()) {
    if (/[dD]$/.test(text)) return new ApexDouble(Number(text.slice(0, -1)));
    return parseDecimal(text) ?? new Decimal(text);
  }
  if (l.StringLiteral()) return unescapeString(text);
  if (l.BooleanLiteral()) return text.toLowerCase() === 'true';
  if (l.NULL()) return null;
  throw new CompileError(`unsupported literal ${text}`, l.start.line);
}

export function unescapeString(quoted: string): string {
  const body = quoted.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
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

/** Compiles a dynamic SOQL bind expression (`:name`, `:acc.Id`) against a captured scope. */
export function compileExpression(
  text: string,
  scope: ReadonlyMap<string, number>,
  cls: ClassInfo,
  universe: TypeUniverse
): Expr {
  const simple = /^\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$/.exec(text);
  if (simple) {
    // `name` or `a.b.c`: resolved without the parser (the common dynamic-SOQL bind).
    const builder = new Builder(
      universe,
      { path: cls.file, classes: [], executable: new Set() },
      text,
      []
    );
    const ctx = builder.methodCtx(cls, false);
    for (const [name, slot] of scope) ctx.scopes[0].vars.set(name, { slot, type: T.object });
    const parts = simple[1].split('.').map((p) => p.trim());
    let expr = builder.name(parts[0], 1, ctx);
    for (const part of parts.slice(1)) expr = builder.memberOf(expr, part, false, 1, ctx);
    return expr;
  }
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(text, listener);
  const tree = parser.expression();
  if (listener.errors.length > 0) throw new CompileError(`invalid bind expression: ${text}`, 1);
  const builder = new Builder(
    universe,
    { path: cls.file, classes: [], executable: new Set() },
    text,
    []
  );
  const ctx = builder.methodCtx(cls, false);
  for (const [name, slot] of scope) ctx.scopes[0].vars.set(name, { slot, type: T.object });
  ctx.next = ctx.max = Math.max(0, ...scope.values()) + 1;
  return builder.expr(tree, ctx);
}
