/**
 * The resolved representation of Apex the interpreter runs. The front end (frontend.ts) builds
 * it once per file from the ANTLR tree; nothing here refers to ANTLR. Locals are slot indices in
 * the method's frame; names are resolved at load to locals, fields, statics or types.
 */
import type { TypeRef } from './runtime-types.js';

export interface Loc {
  readonly line: number;
}

export type Expr =
  | { k: 'lit'; line: number; v: unknown }
  /** A local variable or parameter; `type` is its declared type (assignments convert to it). */
  | { k: 'local'; line: number; slot: number; type: TypeRef }
  /** A field of `this` (instance) or of the class (static), by lower-cased name. */
  | { k: 'thisField'; line: number; name: string; raw: boolean }
  | { k: 'staticField'; line: number; cls: string; name: string; raw: boolean }
  /** Member access on a value: SObject field, parent relationship, object field, native property. */
  | { k: 'member'; line: number; target: Expr; name: string; safe: boolean }
  /** A type used as a qualifier (`Database`, `Account`, `Outer.Inner`) or `X.class`. */
  | { k: 'type'; line: number; type: TypeRef }
  | { k: 'typeLiteral'; line: number; type: TypeRef }
  | { k: 'this'; line: number }
  | { k: 'super'; line: number }
  | {
      k: 'call';
      line: number;
      target: Expr | null;
      name: string;
      args: Expr[];
      safe: boolean;
      /** Visible locals (name → slot) for dynamic SOQL binds (Database.query and friends). */
      scope?: ReadonlyMap<string, number>;
    }
  | { k: 'superCall'; line: number; name: string; args: Expr[] }
  | { k: 'new'; line: number; type: TypeRef; args: Expr[] }
  | { k: 'newSObject'; line: number; type: TypeRef; inits: { name: string; value: Expr }[] }
  | { k: 'newCollection'; line: number; type: TypeRef; items: Expr[] | null; size: Expr | null }
  | { k: 'newMap'; line: number; type: TypeRef; pairs: [Expr, Expr][] }
  | { k: 'index'; line: number; target: Expr; index: Expr }
  | { k: 'binary'; line: number; op: string; l: Expr; r: Expr }
  | { k: 'logic'; line: number; op: '&&' | '||' | '??'; l: Expr; r: Expr }
  | { k: 'unary'; line: number; op: '-' | '+' | '!' | '~'; e: Expr }
  | { k: 'incdec'; line: number; target: Expr; delta: 1 | -1; prefix: boolean }
  | { k: 'assign'; line: number; target: Expr; op: string; value: Expr }
  | { k: 'cond'; line: number; c: Expr; a: Expr; b: Expr }
  | { k: 'instanceof'; line: number; e: Expr; type: TypeRef }
  | { k: 'cast'; line: number; e: Expr; type: TypeRef }
  | { k: 'soql'; line: number; text: string; binds: Expr[] }
  | { k: 'sosl'; line: number; text: string; binds: Expr[] };

export type Stmt =
  | { k: 'expr'; line: number; e: Expr }
  | { k: 'local'; line: number; slot: number; type: TypeRef; init: Expr | null }
  | { k: 'block'; line: number; body: Stmt[] }
  | { k: 'if'; line: number; c: Expr; then: Stmt; else: Stmt | null }
  | { k: 'while'; line: number; c: Expr; body: Stmt }
  | { k: 'do'; line: number; c: Expr; body: Stmt }
  | { k: 'for'; line: number; init: Stmt[]; c: Expr | null; update: Expr[]; body: Stmt }
  | { k: 'forEach'; line: number; slot: number; type: TypeRef; iter: Expr; body: Stmt }
  | { k: 'return'; line: number; e: Expr | null }
  | { k: 'break'; line: number }
  | { k: 'continue'; line: number }
  | { k: 'throw'; line: number; e: Expr }
  | {
      k: 'try';
      line: number;
      body: Stmt;
      catches: { type: TypeRef; slot: number; body: Stmt }[];
      fin: Stmt | null;
    }
  | {
      k: 'switch';
      line: number;
      e: Expr;
      whens: {
        values: Expr[] | null;
        typeBind: { type: TypeRef; slot: number } | null;
        body: Stmt;
      }[];
    }
  | {
      k: 'dml';
      line: number;
      op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';
      e: Expr;
      extra: Expr | null;
      externalId: string | null;
      access: 'system' | 'user';
    }
  | { k: 'runAs'; line: number; user: Expr; body: Stmt };

export interface ParamInfo {
  readonly name: string;
  readonly type: TypeRef;
}

export interface MethodInfo {
  readonly name: string;
  /** Lower-cased. */
  readonly key: string;
  readonly params: readonly ParamInfo[];
  readonly returnType: TypeRef;
  readonly isStatic: boolean;
  readonly isAbstract: boolean;
  readonly isConstructor: boolean;
  readonly visibility: 'private' | 'protected' | 'public' | 'global';
  readonly annotations: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Set by the front end after the body is translated. */
  body: Stmt[] | null;
  /** Frame size (params first). */
  slots: number;
  readonly line: number;
  /** Owning class (full name). */
  readonly owner: string;
  /** Constructor chaining: `this(...)`/`super(...)` as the first statement. */
  chain: { kind: 'this' | 'super'; args: Expr[] } | null;
  /** @future: a call is queued, not run. */
  readonly isFuture?: boolean;
  /** Runtime cache: the owning ClassInfo. */
  ownerCls?: ClassInfo;
}

export interface FieldInfo {
  readonly name: string;
  readonly key: string;
  readonly type: TypeRef;
  readonly isStatic: boolean;
  readonly isFinal: boolean;
  readonly isTransient: boolean;
  init: Expr | null;
  /** Slots the initializer expression needs (a frame of its own). */
  initSlots: number;
  readonly line: number;
  /** Custom accessors (properties); an auto property has neither. */
  getter: { body: Stmt[]; slots: number } | null;
  setter: { body: Stmt[]; slots: number; valueSlot: number } | null;
  readonly isProperty: boolean;
  /** Declared visibility (private when no modifier) and @TestVisible. */
  readonly visibility?: 'private' | 'protected' | 'public' | 'global';
  readonly testVisible?: boolean;
}

export interface ClassInfo {
  /** Full name: `Outer` or `Outer.Inner`. Exceptions of the system: `System.DmlException`. */
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum' | 'trigger' | 'anonymous';
  readonly file: string;
  readonly line: number;
  readonly outer: string | null;
  superclass: string | null;
  interfaces: string[];
  readonly isAbstract: boolean;
  readonly isVirtual: boolean;
  readonly annotations: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  readonly fields: Map<string, FieldInfo>;
  readonly methods: Map<string, MethodInfo[]>;
  readonly ctors: MethodInfo[];
  /** Initializer blocks in source order, with the fields' initializers interleaved. */
  instanceInit: ({ field: FieldInfo } | { block: Stmt[]; slots: number })[];
  staticInit: ({ field: FieldInfo } | { block: Stmt[]; slots: number })[];
  readonly inner: Map<string, string>;
  enumValues: string[];
  /** Built-in exception class of the platform (no source). */
  readonly system: boolean;
  /** Runtime cache: the coverage hit array of this class's file (index = line). */
  hits?: Uint8Array | null;
  /** Trigger only. */
  trigger?: { object: string; events: string[]; body: Stmt[]; slots: number };
}

export interface FileUnit {
  readonly path: string;
  readonly classes: ClassInfo[];
  /** Lines holding executable statements (coverage). */
  readonly executable: Set<number>;
}
