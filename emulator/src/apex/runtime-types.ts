/**
 * Runtime values the interpreter and the system library share beyond the primitives of
 * values.ts: collections, Apex types, exceptions, and the calling convention of native
 * (system library) classes. Owned by the language area (apex/); the library (apex/lib/)
 * builds on it.
 */
import type { TransactionContext, SObjectRecord, ApexObjectRef } from '../contracts.js';
import type { ApexPrimitive } from '../values.js';

/** A resolved Apex type: `List<Map<Id, Account>>` is {name:'List', args:[{name:'Map', args:[Id, Account]}]}. */
export interface TypeRef {
  /** Canonical name: 'Integer', 'String', 'Account', 'List', 'MyClass.Inner', 'Database.SaveResult'. */
  readonly name: string;
  readonly args?: readonly TypeRef[];
}

export class ApexList {
  /** True for the list an inline SOQL query returned (assignable to a single SObject). */
  soqlResult = false;
  constructor(
    readonly elementType: TypeRef,
    public items: unknown[]
  ) {}
}

/**
 * A value of a native (system library) class that is not a primitive: the interpreter sends
 * its method calls and property reads to the NativeClass whose `name` is `apexTypeName`
 * (`Database.SaveResult`, `Schema.DescribeFieldResult`, `System.Type`…).
 */
export interface NativeInstance {
  readonly apexTypeName: string;
}

export function isNativeInstance(value: unknown): value is NativeInstance {
  return nativeTypeName(value) !== null;
}

/**
 * The Apex type name of a native instance: `apexTypeName`, or `nativeClassName` (the library's
 * spelling of the same convention); null for anything else.
 */
export function nativeTypeName(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { apexTypeName?: unknown; nativeClassName?: unknown };
  if (typeof v.apexTypeName === 'string') return v.apexTypeName;
  if (typeof v.nativeClassName === 'string') return v.nativeClassName;
  return null;
}

/** Database.getQueryLocator's result; the async engine runs it (same shape as async/work.ts QueryLocatorValue). */
export class ApexQueryLocator implements NativeInstance {
  readonly apexTypeName = 'Database.QueryLocator';
  constructor(
    readonly query: import('../contracts.js').ParsedSoql,
    readonly bindValues: readonly unknown[],
    readonly accessLevel: 'system' | 'user' = 'system'
  ) {}
}

/**
 * Set and Map keys follow the platform: String keys are case-sensitive, Id keys compare
 * on their 18-character form, SObject keys by their field values, Decimal by value.
 * `keyOf` gives the JS key a value is stored under; the original value is kept beside it.
 */
export class ApexSet {
  readonly entries = new Map<unknown, unknown>();
  constructor(readonly elementType: TypeRef) {}
}

export class ApexMap {
  readonly entries = new Map<unknown, { key: unknown; value: unknown }>();
  constructor(
    readonly keyType: TypeRef,
    readonly valueType: TypeRef
  ) {}
}

/** Thrown (as a JS exception) to raise an Apex exception from native code. */
export class ApexThrow extends Error {
  constructor(
    /** Apex exception type, e.g. 'System.NullPointerException', 'System.StringException'. */
    readonly apexType: string,
    readonly apexMessage: string,
    /** The Apex exception object, when it was created by Apex code (`throw new MyException(...)`). */
    readonly exceptionObject?: ApexObjectRef
  ) {
    super(`${apexType}: ${apexMessage}`);
  }
}

/** What native code may ask of the interpreter. Implemented by the interpreter. */
export interface NativeRuntimeServices {
  /** Runtime type of any value (for JSON, String.valueOf, instanceof). */
  typeOf(value: unknown): TypeRef;
  /** String.valueOf semantics for any value, including lists, maps, sets, SObjects, objects (toString()). */
  stringify(value: unknown): string;
  /** Apex `==` (case-insensitive strings, value equality of collections and SObjects, equals() of classes). */
  equals(a: unknown, b: unknown): boolean;
  hashKey(value: unknown): unknown;
  /** Instantiates an Apex class by name (Type.newInstance, JSON.deserialize into a class). */
  newObject(className: string): ApexObjectRef;
  getObjectField(target: ApexObjectRef, field: string): unknown;
  setObjectField(target: ApexObjectRef, field: string, value: unknown): void;
  /** Field names and declared types of a user class, for JSON. */
  objectFields(className: string): readonly { name: string; type: TypeRef }[];
  classExists(className: string): boolean;
  callMethod(target: ApexObjectRef, method: string, args: readonly unknown[]): unknown;
}

export interface NativeCallContext {
  readonly tx: TransactionContext;
  readonly runtime: NativeRuntimeServices;
  readonly location: { readonly file: string; readonly line: number };
  /** Static types of the arguments as the compiler resolved them (for overloads such as String.valueOf). */
  readonly argTypes: readonly TypeRef[];
}

export type NativeMethod = (
  self: unknown,
  args: readonly unknown[],
  ctx: NativeCallContext
) => unknown;

/**
 * A system class. Method keys are lower-cased names; one function serves every overload and
 * dispatches on argument count and runtime types (or ctx.argTypes). An unknown method is
 * reported by the interpreter as unsupported with the place, never ignored.
 */
export interface NativeClass {
  /** 'String', 'Math', 'Pattern', 'Matcher', 'JSON', 'Date', … (namespace System implied). */
  readonly name: string;
  /** Result type of each method, by lower-cased name, for the compiler (a function when it depends on args). */
  readonly returnTypes?: Readonly<
    Record<string, TypeRef | ((argTypes: readonly TypeRef[], selfType?: TypeRef) => TypeRef)>
  >;
  readonly staticMethods?: Readonly<Record<string, NativeMethod>>;
  readonly instanceMethods?: Readonly<Record<string, NativeMethod>>;
  readonly staticProperties?: Readonly<Record<string, (ctx: NativeCallContext) => unknown>>;
  readonly construct?: (args: readonly unknown[], ctx: NativeCallContext) => unknown;
  /** Property read on an instance (`describe.fields`, `token.Name`), by the name as written. */
  readonly getProperty?: (self: unknown, name: string, ctx: NativeCallContext) => unknown;
  /** Static property not listed in staticProperties (`SObjectType.Account`), by the name as written. */
  readonly getStaticProperty?: (name: string, ctx: NativeCallContext) => unknown;
  /**
   * Only on the class named 'Schema': member access on an SObject type name
   * (`Account.SObjectType`, `Account.Name`, `Account.Fields`), by the names as written.
   */
  readonly sobjectTypeMember?: (
    objectName: string,
    member: string,
    ctx: NativeCallContext
  ) => unknown;
}

/** Any Apex runtime value: a primitive (values.ts), a collection, an SObject or a class instance. */
export type ApexValue =
  ApexPrimitive | ApexList | ApexSet | ApexMap | SObjectRecord | ApexObjectRef;
