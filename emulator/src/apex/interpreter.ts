/**
 * The tree-walking interpreter of the IR (ir.ts). Frames hold locals in slot arrays; statics
 * live per transaction (the platform resets them per transaction); control flow returns a
 * completion code instead of throwing. Apex exceptions travel as ApexThrow; LimitExceededError
 * and UnsupportedError are never seen by Apex catch blocks.
 */
import {
  ApexUncaughtError,
  LimitExceededError,
  TriggerExecutionError,
  UnsupportedError,
  type ApexObjectRef,
  type ApexStackFrame,
  type DmlRowResult,
  type DmlError,
  DmlFailure,
  type ObjectDef,
  type ParsedSoql,
  type SObjectRecord,
  type SoqlEngine,
  type TransactionContext,
  type TriggerEvent
} from '../contracts.js';
import { ApexBlob, ApexDate, ApexDatetime, ApexDouble, ApexTime, Decimal } from '../values.js';
import type { ClassInfo, Expr, FieldInfo, MethodInfo, Stmt } from './ir.js';
import {
  ApexList,
  ApexMap,
  ApexQueryLocator,
  ApexSet,
  ApexThrow,
  isNativeInstance,
  nativeTypeName,
  type NativeCallContext,
  type NativeClass,
  type NativeRuntimeServices,
  type TypeRef
} from './runtime-types.js';
import {
  arith,
  bitwise,
  compareValues,
  convertNumber,
  negate,
  npe,
  numRank,
  toDecimal,
  toId18,
  toNumber
} from './values-ops.js';
import { primitiveToString } from './lib/format.js';
import { NativeEnumValue } from './lib/enums.js';
import { DatabaseErrorValue, SaveResultValue, statusCode } from './lib/database-results.js';
import { customObjectStatic, sobjectFieldToken, sobjectTypeToken } from './lib/schema.js';

/** An instance of an Apex class (user class or exception). */
export class ApexObject implements ApexObjectRef {
  /** Exception state, for instances of Exception and its subclasses. */
  exc: ExceptionState | null = null;
  constructor(
    readonly cls: ClassInfo,
    readonly f: Record<string, unknown>
  ) {}
  get className(): string {
    return this.cls.name;
  }
}

export interface ExceptionState {
  message: string | null;
  cause: ApexObject | null;
  stack: ApexStackFrame[];
  /** DmlException: the failed rows, in row order. */
  dml: DmlFailureRow[] | null;
}

export interface DmlFailureRow {
  readonly index: number;
  readonly id: string | null;
  readonly errors: readonly DmlError[];
}

/** The ApexThrow of a DmlException, with its failed rows. */
export class DmlThrow extends ApexThrow {
  constructor(
    message: string,
    readonly rows: DmlFailureRow[]
  ) {
    super('System.DmlException', message);
  }
}

/** A value of an Apex enum. */
export class ApexEnumValue {
  constructor(
    readonly cls: ClassInfo,
    readonly name: string,
    readonly ordinal: number
  ) {}
  toString(): string {
    return this.name;
  }
}

/** A queued @future call: the async queue runs it as a Queueable (`execute`). */
export class FutureCall implements ApexObjectRef {
  constructor(
    readonly method: MethodInfo,
    readonly args: readonly unknown[]
  ) {}
  get className(): string {
    return `${this.method.owner}.${this.method.name}`;
  }
}

/** `X.class` and Type.forName results. */
export class ApexTypeValue {
  readonly apexTypeName = 'System.Type';
  constructor(readonly type: TypeRef) {}
}

interface Frame {
  locals: unknown[];
  self: ApexObject | null;
  cls: ClassInfo;
  method: string;
  line: number;
  cov: Uint8Array | null;
  ret: unknown;
}

/** Shared TypeRefs of the primitive runtime types (typeOf is on the hot path of native calls). */
const TYPES = {
  Object: { name: 'Object' },
  Boolean: { name: 'Boolean' },
  Integer: { name: 'Integer' },
  Long: { name: 'Long' },
  String: { name: 'String' },
  Double: { name: 'Double' },
  Decimal: { name: 'Decimal' },
  Date: { name: 'Date' },
  Datetime: { name: 'Datetime' },
  Time: { name: 'Time' },
  Blob: { name: 'Blob' }
} as const satisfies Record<string, TypeRef>;

const COMPOUND: Record<string, string> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '&=': '&',
  '|=': '|',
  '^=': '^',
  '<<=': '<<',
  '>>=': '>>',
  '>>>=': '>>>'
};

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

interface StaticState {
  initialized: Set<string>;
  values: Map<string, Record<string, unknown>>;
}

interface TriggerState {
  event: TriggerEvent;
  newList: ApexList | null;
  oldList: ApexList | null;
  newMap: ApexMap | null;
  oldMap: ApexMap | null;
  size: number;
}

export function isSObject(v: unknown): v is SObjectRecord {
  return (
    typeof v === 'object' &&
    v !== null &&
    'objectDef' in v &&
    typeof (v as SObjectRecord).get === 'function'
  );
}

const SYSTEM_EXCEPTIONS = [
  'AssertException',
  'AsyncException',
  'AuraHandledException',
  'CalloutException',
  'DmlException',
  'EmailException',
  'FinalException',
  'HandledException',
  'IllegalArgumentException',
  'InvalidParameterValueException',
  'JSONException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'VisualforceException',
  'XmlException'
];

function systemClass(name: string, superclass: string | null): ClassInfo {
  return {
    name,
    kind: 'class',
    file: '<system>',
    line: 0,
    outer: null,
    superclass,
    interfaces: [],
    isAbstract: false,
    isVirtual: true,
    annotations: new Map(),
    fields: new Map(),
    methods: new Map(),
    ctors: [],
    instanceInit: [],
    staticInit: [],
    inner: new Map(),
    enumValues: [],
    system: true
  };
}

/** Registers Exception and the System exception hierarchy in a class table. */
export function registerSystemClasses(classes: Map<string, ClassInfo>): void {
  classes.set('exception', systemClass('Exception', null));
  for (const name of SYSTEM_EXCEPTIONS)
    classes.set(`system.${name.toLowerCase()}`, systemClass(`System.${name}`, 'Exception'));
  for (const name of [
    'Database.Batchable',
    'Database.Stateful',
    'Database.AllowsCallouts',
    'Database.RaisesPlatformEvents',
    'Queueable',
    'Schedulable',
    'Comparable',
    'Comparator',
    'Iterable',
    'Iterator',
    'Finalizer',
    'System.Queueable',
    'System.Schedulable',
    'System.Comparable',
    'System.Iterable',
    'System.Iterator',
    'Callable'
  ]) {
    const info = { ...systemClass(name, null), kind: 'interface' as const };
    classes.set(name.toLowerCase(), info);
  }
}

export interface InterpreterHost {
  readonly classes: Map<string, ClassInfo>;
  readonly natives: Map<string, NativeClass>;
  /** Per file: hit flags by line number. */
  readonly coverage: Map<string, Uint8Array>;
  readonly schemaObject: (name: string) => ObjectDef | undefined;
  /** Compiles a dynamic SOQL bind expression in a captured scope (Database.query). */
  compileBind(text: string, scope: ReadonlyMap<string, number>, cls: ClassInfo): Expr;
}

/** The object names of a SOSL RETURNING clause, in order (`RETURNING Contact(Id), Account` → both). */
export function soslReturningObjects(text: string): string[] {
  const at = /\bRETURNING\b/i.exec(
    text.replace(/'(?:\\.|[^'\\])*'|\{[^}]*\}/g, (m) => ' '.repeat(m.length))
  );
  if (!at) return [];
  const out: string[] = [];
  let depth = 0;
  let expectName = true;
  const re = /[(),]|[A-Za-z_][\w.]*/g;
  re.lastIndex = at.index + at[0].length;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tok = m[0];
    if (tok === '(') depth++;
    else if (tok === ')') depth--;
    else if (depth === 0 && tok === ',') expectName = true;
    else if (depth === 0 && expectName) {
      out.push(tok);
      expectName = false;
    } else if (depth === 0) break; // WITH, LIMIT, … after the last object
  }
  return out;
}

/** Loop iterations between two heap estimates: at most (far from the limit), at least (near it). */
const HEAP_MAX_INTERVAL = 2048;
const HEAP_MIN_INTERVAL = 16;
/** The first estimate comes sooner, so a collection that grows fast from the start is seen early. */
const HEAP_FIRST_INTERVAL = 256;
/** Elements measured per collection; the rest are assumed to be like them. */
const HEAP_SAMPLES = 8;
const HEAP_MAX_DEPTH = 12;

/**
 * One heap estimate: sizes after the platform's accounting as far as it is documented and
 * observable (a String its length, an Integer 4 bytes, Long/Double/Decimal/Date/Datetime 8, an
 * Id 18 bytes as a String, a reference 4 bytes), each object or collection counted once.
 */
class HeapWalk {
  bytes = 0;
  private readonly seen = new Set<object>();

  add(v: unknown, depth: number): void {
    this.bytes += this.size(v, depth);
  }

  addRecord(values: Record<string, unknown>, depth: number): void {
    for (const k in values) this.add(values[k], depth);
  }

  private size(v: unknown, depth: number): number {
    switch (typeof v) {
      case 'string':
        return v.length;
      case 'number':
        return 4;
      case 'boolean':
        return 1;
      case 'bigint':
        return 8;
      case 'object':
        break;
      default:
        return 0;
    }
    if (v === null) return 0;
    if (this.seen.has(v) || depth > HEAP_MAX_DEPTH) return 4;
    this.seen.add(v);
    if (v instanceof ApexList) return 8 + this.sampled(v.items, v.items.length, depth);
    if (v instanceof ApexSet)
      return 8 + this.sampledIter(v.entries.values(), v.entries.size, depth);
    if (v instanceof ApexMap) {
      let sum = 0;
      let n = 0;
      const step = Math.max(1, Math.floor(v.entries.size / HEAP_SAMPLES));
      let i = 0;
      for (const e of v.entries.values()) {
        if (i++ % step !== 0) continue;
        sum += 8 + this.size(e.key, depth + 1) + this.size(e.value, depth + 1);
        if (++n >= HEAP_SAMPLES) break;
      }
      return 8 + (n === 0 ? 0 : (sum / n) * v.entries.size);
    }
    if (v instanceof ApexObject) {
      let sum = 8;
      for (const k in v.f) sum += 4 + this.size(v.f[k], depth + 1);
      return sum;
    }
    if (isSObject(v)) {
      let sum = 16;
      for (const f of v.populatedFields()) {
        let value: unknown = null;
        try {
          value = v.get(f);
        } catch {
          value = null;
        }
        sum += 4 + this.size(value, depth + 1);
      }
      return sum;
    }
    return 8; // Decimal, Date, Datetime, Time, Blob heads and native values
  }

  private sampled(items: readonly unknown[], n: number, depth: number): number {
    if (n === 0) return 0;
    if (n <= HEAP_SAMPLES) {
      let sum = 0;
      for (const x of items) sum += 4 + this.size(x, depth + 1);
      return sum;
    }
    let sum = 0;
    for (let k = 0; k < HEAP_SAMPLES; k++)
      sum += 4 + this.size(items[Math.floor((k * (n - 1)) / (HEAP_SAMPLES - 1))], depth + 1);
    return (sum / HEAP_SAMPLES) * n;
  }

  private sampledIter(items: Iterable<unknown>, n: number, depth: number): number {
    if (n === 0) return 0;
    const step = Math.max(1, Math.floor(n / HEAP_SAMPLES));
    let sum = 0;
    let taken = 0;
    let i = 0;
    for (const x of items) {
      if (i++ % step !== 0) continue;
      sum += 4 + this.size(x, depth + 1);
      if (++taken >= HEAP_SAMPLES) break;
    }
    return (sum / taken) * n;
  }
}

/** A failed System.assert* / Assert.* call: logged as System.AssertException, never caught by Apex. */
export function isAssertionFailure(err: unknown): boolean {
  return err instanceof ApexThrow && err.apexType === 'System.AssertException';
}

export class Interpreter implements NativeRuntimeServices {
  tx: TransactionContext | null = null;
  private readonly frames: Frame[] = [];
  private readonly statics = new WeakMap<TransactionContext, StaticState>();
  private readonly triggerStack: TriggerState[] = [];
  private readonly readOnly = new WeakSet<object>();
  private readonly stackOf = new WeakMap<Error, ApexStackFrame[]>();
  private readonly soqlCache = new WeakMap<object, Map<SoqlEngine, ParsedSoql>>();
  private readonly soslCache = new WeakMap<object, Map<SoqlEngine, ParsedSoql>>();
  private readonly vtables = new Map<ClassInfo, Map<string, MethodInfo[]>>();
  private cpuMark = 0;
  private ticks = 0;
  private heapCountdown = HEAP_FIRST_INTERVAL;
  private heapInterval = HEAP_FIRST_INTERVAL;
  private heapLast = 0;

  constructor(readonly host: InterpreterHost) {}

  // ================================================================= entry points

  /** Runs fn as one Apex entry point: CPU accounting, uncaught exceptions as ApexUncaughtError. */
  enter<R>(tx: TransactionContext, fn: () => R): R {
    const outer = this.tx;
    const depth = this.frames.length;
    this.tx = tx;
    if (depth === 0) this.cpuMark = performance.now();
    try {
      return fn();
    } catch (err) {
      if (depth === 0 && err instanceof ApexThrow) {
        const obj = this.exceptionObject(err);
        throw new ApexUncaughtError(obj.cls.name, obj.exc!.message ?? '', obj.exc!.stack);
      }
      throw err;
    } finally {
      if (depth === 0) this.chargeCpu();
      this.frames.length = depth;
      this.tx = outer;
    }
  }

  private chargeCpu(): void {
    const now = performance.now();
    const ms = Math.floor(now - this.cpuMark);
    if (ms >= 1 && this.tx) {
      this.cpuMark += ms;
      this.tx.limits.consume('cpuTime', ms);
    }
  }

  private tick(): void {
    if (++this.ticks >= 2048) {
      this.ticks = 0;
      this.chargeCpu();
    }
    if (--this.heapCountdown <= 0) this.checkHeap();
  }

  /**
   * The heap estimate (issue 3): every so many loop iterations, a sampled walk of what the
   * transaction can reach (locals of every frame, `this`, statics, trigger context) sets the
   * heapSize counter, and past the limit GovernorLimits throws "Apex heap size too large: N".
   * Collections are measured by sampling a few elements, so one walk costs about the same
   * whatever their size; the next walk is scheduled from the growth seen since the last one, so
   * the checks come closer together as the estimate nears the limit.
   */
  checkHeap(): void {
    const tx = this.tx;
    if (!tx) {
      this.heapCountdown = HEAP_MAX_INTERVAL;
      return;
    }
    const estimate = Math.round(this.estimateHeap(tx));
    const used = tx.limits.used('heapSize');
    const sinceTicks = this.heapInterval;
    tx.limits.consume('heapSize', estimate - used); // throws past the limit
    const growthPerTick = Math.max(0, estimate - this.heapLast) / Math.max(1, sinceTicks);
    this.heapLast = estimate;
    const headroom = tx.limits.limit('heapSize') - estimate;
    const interval =
      growthPerTick > 0
        ? Math.min(HEAP_MAX_INTERVAL, Math.max(HEAP_MIN_INTERVAL, headroom / growthPerTick / 4))
        : HEAP_MAX_INTERVAL;
    this.heapInterval = this.heapCountdown = Math.floor(interval);
  }

  /** Estimated bytes of Apex state reachable in this transaction (see checkHeap). */
  estimateHeap(tx: TransactionContext): number {
    const walk = new HeapWalk();
    for (const f of this.frames) {
      for (const v of f.locals) walk.add(v, 0);
      if (f.self) walk.add(f.self, 0);
    }
    const state = this.statics.get(tx);
    if (state) for (const values of state.values.values()) walk.addRecord(values, 0);
    for (const t of this.triggerStack) {
      walk.add(t.newList, 0);
      walk.add(t.oldList, 0);
    }
    return walk.bytes;
  }

  get currentTx(): TransactionContext {
    if (!this.tx) throw new Error('Apex runtime used outside a transaction');
    return this.tx;
  }

  // ================================================================= classes, statics

  classByName(name: string): ClassInfo | undefined {
    const lower = name.toLowerCase();
    return this.host.classes.get(lower) ?? this.host.classes.get(`system.${lower}`);
  }

  private staticState(): StaticState {
    const tx = this.currentTx;
    let state = this.statics.get(tx);
    if (!state) {
      state = { initialized: new Set(), values: new Map() };
      this.statics.set(tx, state);
    }
    return state;
  }

  /** Static storage of a class, running its static initialization on first use in this transaction. */
  staticsOf(cls: ClassInfo): Record<string, unknown> {
    const state = this.staticState();
    let values = state.values.get(cls.name);
    if (values) return values;
    values = {};
    state.values.set(cls.name, values);
    if (cls.superclass) {
      const sup = this.classByName(cls.superclass);
      if (sup) this.staticsOf(sup);
    }
    if (cls.kind === 'enum') {
      cls.enumValues.forEach((v, i) => (values![v.toLowerCase()] = new ApexEnumValue(cls, v, i)));
    }
    for (const entry of cls.staticInit) {
      if ('field' in entry) {
        values[entry.field.key] = entry.field.init ? this.evalInit(cls, null, entry.field) : null;
      } else {
        this.runBlock(cls, null, entry.block, entry.slots, '<clinit>');
      }
    }
    return values;
  }

  private evalInit(cls: ClassInfo, self: ApexObject | null, field: FieldInfo): unknown {
    const frame = this.pushFrame(
      cls,
      self,
      field.isStatic ? '<clinit>' : '<init>',
      field.initSlots
    );
    try {
      frame.line = field.line;
      if (frame.cov) frame.cov[field.line] = 1;
      return this.coerce(this.eval(field.init!, frame), field.type);
    } catch (err) {
      this.noteStack(err);
      throw err;
    } finally {
      this.frames.pop();
    }
  }

  private runBlock(
    cls: ClassInfo,
    self: ApexObject | null,
    body: Stmt[],
    slots: number,
    method: string
  ): void {
    const frame = this.pushFrame(cls, self, method, slots);
    try {
      this.execList(body, frame);
    } catch (err) {
      this.noteStack(err);
      throw err;
    } finally {
      this.frames.pop();
    }
  }

  private pushFrame(cls: ClassInfo, self: ApexObject | null, method: string, slots: number): Frame {
    if (this.frames.length >= 1000) {
      throw new LimitExceededError('cpuTime', 'Maximum stack depth reached: 1001');
    }
    const frame: Frame = {
      locals: new Array(slots).fill(null),
      self,
      cls,
      method,
      line: 0,
      cov:
        cls.hits !== undefined ? cls.hits : (cls.hits = this.host.coverage.get(cls.file) ?? null),
      ret: null
    };
    this.frames.push(frame);
    return frame;
  }

  /** Records the Apex stack on an exception the first time it passes a frame. */
  private noteStack(err: unknown): void {
    if (err instanceof ApexThrow) {
      if (!this.stackOf.has(err)) this.stackOf.set(err, this.snapshotStack());
    } else if (err instanceof LimitExceededError && err.stack_ === undefined) {
      // Where the limit was hit (class, method, line), under the name ApexUncaughtError uses.
      err.stack_ = this.snapshotStack();
    }
  }

  snapshotStack(): ApexStackFrame[] {
    const out: ApexStackFrame[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      out.push({ className: f.cls.name, method: f.method, file: f.cls.file, line: f.line });
    }
    return out;
  }

  /** The Apex exception object behind a thrown ApexThrow (made on demand for native throws). */
  exceptionObject(err: ApexThrow): ApexObject {
    if (err.exceptionObject instanceof ApexObject) {
      const obj = err.exceptionObject;
      if (obj.exc && obj.exc.stack.length === 0)
        obj.exc.stack = this.stackOf.get(err) ?? this.snapshotStack();
      return obj;
    }
    const cls = this.exceptionClass(err.apexType);
    const obj = new ApexObject(cls, {});
    obj.exc = {
      message: err.apexMessage,
      cause: null,
      stack: this.stackOf.get(err) ?? this.snapshotStack(),
      dml: err instanceof DmlThrow ? err.rows : null
    };
    // The same object every time this throw is caught (rethrow keeps identity).
    (err as { exceptionObject?: ApexObjectRef }).exceptionObject = obj;
    return obj;
  }

  private exceptionClass(apexType: string): ClassInfo {
    const found = this.classByName(apexType);
    if (found) return found;
    const name = apexType.includes('.') ? apexType : `System.${apexType}`;
    const cls = systemClass(name, 'Exception');
    this.host.classes.set(name.toLowerCase(), cls);
    return cls;
  }

  throwApex(type: string, message: string): never {
    throw new ApexThrow(type, message);
  }

  isSubclass(cls: ClassInfo, ancestor: ClassInfo): boolean {
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    ) {
      if (c === ancestor) return true;
      if (ancestor.kind === 'interface' && this.implementsIface(c, ancestor)) return true;
    }
    return false;
  }

  private implementsIface(cls: ClassInfo, iface: ClassInfo): boolean {
    for (const name of cls.interfaces) {
      const i = this.classByName(name);
      if (!i) continue;
      if (i === iface || this.implementsIface(i, iface)) return true;
      if (
        i.name.replace(/^System\./, '').toLowerCase() ===
        iface.name.replace(/^System\./, '').toLowerCase()
      )
        return true;
    }
    return false;
  }

  // ================================================================= object creation and calls

  instantiate(cls: ClassInfo, args: unknown[], line: number): ApexObject {
    if (cls.kind === 'interface' || cls.isAbstract) {
      throw new UnsupportedError(
        `instantiating abstract type ${cls.name}`,
        this.where().file,
        line
      );
    }
    this.staticsOf(cls);
    const obj = new ApexObject(cls, {});
    if (this.isException(cls)) {
      obj.exc = { message: null, cause: null, stack: [], dml: null };
    }
    this.construct(cls, obj, args, line);
    return obj;
  }

  isException(cls: ClassInfo): boolean {
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    ) {
      if (c.name === 'Exception') return true;
    }
    return false;
  }

  private construct(cls: ClassInfo, obj: ApexObject, args: unknown[], line: number): void {
    if (cls.system) {
      // Exception's generated constructors: (), (String), (Exception), (String, Exception).
      const exc = obj.exc!;
      for (const a of args) {
        if (typeof a === 'string' || a === null) exc.message = a as string | null;
        else if (a instanceof ApexObject && a.exc) exc.cause = a;
      }
      return;
    }
    const ctor = this.pickOverload(cls.ctors, args);
    if (!ctor) {
      if (cls.ctors.length > 0 && !(this.isException(cls) && args.length <= 2)) {
        this.throwApex(
          'System.TypeException',
          `Constructor not defined: [${cls.name}].<Constructor>(${args.length} args)`
        );
      }
      // Default constructor (or an exception's generated ones).
      const sup = cls.superclass ? this.classByName(cls.superclass) : undefined;
      if (sup) this.construct(sup, obj, this.isException(cls) ? args : [], line);
      this.initInstance(cls, obj);
      return;
    }
    const frame = this.pushFrame(cls, obj, cls.name.split('.').pop()!, ctor.slots);
    try {
      frame.line = ctor.line;
      ctor.params.forEach((p, i) => (frame.locals[i] = this.coerce(args[i], p.type)));
      if (ctor.chain?.kind === 'this') {
        const chainArgs = ctor.chain.args.map((a) => this.eval(a, frame));
        this.construct(cls, obj, chainArgs, line);
      } else {
        const sup = cls.superclass ? this.classByName(cls.superclass) : undefined;
        const superArgs = ctor.chain ? ctor.chain.args.map((a) => this.eval(a, frame)) : [];
        if (sup) this.construct(sup, obj, superArgs, line);
        this.initInstance(cls, obj);
      }
      this.execList(ctor.body!, frame);
    } catch (err) {
      this.noteStack(err);
      throw err;
    } finally {
      this.frames.pop();
    }
  }

  private initInstance(cls: ClassInfo, obj: ApexObject): void {
    for (const entry of cls.instanceInit) {
      if ('field' in entry) {
        obj.f[entry.field.key] = entry.field.init ? this.evalInit(cls, obj, entry.field) : null;
      } else this.runBlock(cls, obj, entry.block, entry.slots, '<init>');
    }
  }

  private pickOverload(
    methods: readonly MethodInfo[] | undefined,
    args: readonly unknown[]
  ): MethodInfo | null {
    if (!methods) return null;
    let candidate: MethodInfo | null = null;
    let count = 0;
    for (const m of methods) {
      if (m.params.length !== args.length) continue;
      count++;
      if (!candidate) candidate = m;
    }
    if (count <= 1) return candidate;
    // Several overloads with this arity: the first whose parameter types accept the arguments.
    for (const m of methods) {
      if (m.params.length !== args.length) continue;
      if (m.params.every((p, i) => args[i] === null || this.isInstanceOf(args[i], p.type, true)))
        return m;
    }
    return candidate;
  }

  /** Virtual method table of a class: name → overloads, most derived first. */
  private vtable(cls: ClassInfo): Map<string, MethodInfo[]> {
    let table = this.vtables.get(cls);
    if (table) return table;
    table = new Map();
    const chain: ClassInfo[] = [];
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    )
      chain.push(c);
    for (const c of chain) {
      for (const [key, list] of c.methods) {
        const existing = table.get(key) ?? [];
        for (const m of list) {
          if (m.isAbstract) continue;
          const shadowed = existing.some(
            (e) =>
              e.params.length === m.params.length &&
              e.params.every((p, i) => p.type.name === m.params[i].type.name)
          );
          if (!shadowed) existing.push(m);
        }
        table.set(key, existing);
      }
    }
    this.vtables.set(cls, table);
    return table;
  }

  findMethod(cls: ClassInfo, key: string, args: readonly unknown[]): MethodInfo | null {
    return this.pickOverload(this.vtable(cls).get(key), args);
  }

  invoke(method: MethodInfo, self: ApexObject | null, args: readonly unknown[]): unknown {
    if (method.isFuture && !this.runningFuture) return this.enqueueFuture(method, args);
    const owner = method.ownerCls ?? (method.ownerCls = this.classByName(method.owner)!);
    if (method.isStatic) this.staticsOf(owner);
    const frame = this.pushFrame(owner, method.isStatic ? null : self, method.name, method.slots);
    try {
      frame.line = method.line;
      const params = method.params;
      for (let i = 0; i < params.length; i++)
        frame.locals[i] = this.coerce(args[i], params[i].type);
      this.execList(method.body!, frame);
      return method.returnType.name === 'void' ? null : this.coerce(frame.ret, method.returnType);
    } catch (err) {
      this.noteStack(err);
      throw err;
    } finally {
      this.frames.pop();
    }
  }

  private runningFuture = false;

  /** @future: queued through the async queue (runs after commit, or at Test.stopTest). */
  private enqueueFuture(method: MethodInfo, args: readonly unknown[]): null {
    const tx = this.currentTx;
    if (this.inFuture) {
      this.throwApex(
        'System.AsyncException',
        'Future method cannot be called from a future or batch method'
      );
    }
    tx.limits.consume('futureCalls');
    const copies = args.map((a) => this.cloneGraph(a));
    tx.async.enqueueQueueable(new FutureCall(method, copies), tx);
    return null;
  }

  private inFuture = false;

  /** Runs a queued @future call (the async engine calls execute on it). */
  runFuture(call: FutureCall): unknown {
    const was = this.runningFuture;
    this.runningFuture = true;
    this.inFuture = true;
    try {
      return this.invoke(call.method, null, call.args);
    } finally {
      this.runningFuture = was;
      this.inFuture = was;
    }
  }

  /** Calls a method by name on an Apex object or any value (runner, natives). */
  callOn(target: unknown, name: string, args: readonly unknown[], line: number): unknown {
    if (target === null || target === undefined) npe();
    const key = name.toLowerCase();
    if (target instanceof FutureCall && key === 'execute') return this.runFuture(target);
    if (target instanceof ApexObject) {
      const m = this.findMethod(target.cls, key, args);
      if (m) return this.invoke(m, target, args);
      return this.objectBuiltin(target, key, args, line);
    }
    if (target instanceof ApexEnumValue) return this.enumMethod(target, key, args, line);
    if (target instanceof ApexList) return this.listMethod(target, key, args, line);
    if (target instanceof ApexSet) return this.setMethod(target, key, args, line);
    if (target instanceof ApexMap) return this.mapMethod(target, key, args, line);
    if (isSObject(target)) return this.sobjectMethod(target, key, args, line);
    if (target instanceof ApexTypeValue) return this.typeMethod(target, key, args, line);
    if (target instanceof ApexQueryLocator && !this.native('Database.QueryLocator')) {
      if (key === 'getquery') return target.query.text;
      if (key === 'iterator') {
        const rows = this.runSoql(target.query, target.bindValues, target.accessLevel);
        return new ListIterator(rows instanceof ApexList ? rows.items.slice() : []);
      }
    }
    const typeName = this.typeOf(target).name;
    const native = this.native(typeName);
    const fn = native?.instanceMethods?.[key];
    if (!fn) {
      // Object's methods on values whose class does not define them.
      if (key === 'equals' && args.length === 1) {
        return typeof target === 'string' ? target === args[0] : this.equals(target, args[0]);
      }
      if (key === 'tostring' && args.length === 0) return this.stringify(target);
      throw new UnsupportedError(`method ${typeName}.${name}`, this.where().file, line);
    }
    return fn(target, args, this.nativeCtx(line, args));
  }

  native(name: string): NativeClass | undefined {
    const lower = name.toLowerCase();
    return this.host.natives.get(lower) ?? this.host.natives.get(lower.replace(/^system\./, ''));
  }

  nativeCtx(line: number, args: readonly unknown[]): NativeCallContext {
    let argTypes: readonly TypeRef[] | null = null;
    const typesOf = (): readonly TypeRef[] => (argTypes ??= args.map((a) => this.typeOf(a)));
    return {
      tx: this.currentTx,
      runtime: this,
      location: { file: this.where().file, line },
      // Computed only when a native method asks (most never do).
      get argTypes(): readonly TypeRef[] {
        return typesOf();
      }
    };
  }

  where(): { file: string; line: number } {
    const f = this.frames[this.frames.length - 1];
    return f ? { file: f.cls.file, line: f.line } : { file: '<runtime>', line: 0 };
  }

  private objectBuiltin(
    obj: ApexObject,
    key: string,
    args: readonly unknown[],
    line: number
  ): unknown {
    if (obj.exc) {
      const exc = obj.exc;
      switch (key) {
        case 'getmessage':
          return exc.message;
        case 'setmessage':
          exc.message = args[0] as string;
          return null;
        case 'gettypename':
          return obj.cls.name;
        case 'getcause':
          return exc.cause;
        case 'initcause':
          exc.cause = args[0] as ApexObject;
          return null;
        case 'getlinenumber':
          return exc.stack[0]?.line ?? -1;
        case 'getstacktracestring':
          return formatStack(exc.stack);
        case 'getnumdml':
          return exc.dml?.length ?? 0;
        case 'getdmlmessage':
          return this.dmlRow(exc, args[0])?.errors[0]?.message ?? null;
        case 'getdmltype': {
          const code = this.dmlRow(exc, args[0])?.errors[0]?.statusCode;
          return code ? statusCode(code) : null;
        }
        case 'getdmlfieldnames':
        case 'getdmlfields':
          return new ApexList({ name: 'String' }, [
            ...(this.dmlRow(exc, args[0])?.errors[0]?.fields ?? [])
          ]);
        case 'getdmlid':
          return this.dmlRow(exc, args[0])?.id ?? null;
        case 'getdmlindex':
          return this.dmlRow(exc, args[0])?.index ?? null;
        case 'tostring':
          return `${obj.cls.name}: ${exc.message ?? ''}`;
      }
    }
    switch (key) {
      case 'tostring':
        return this.stringify(obj);
      case 'equals':
        return obj === args[0];
      case 'hashcode':
        return identityHash(obj);
    }
    throw new UnsupportedError(`method ${obj.cls.name}.${key}`, this.where().file, line);
  }

  private dmlRow(exc: ExceptionState, index: unknown): DmlFailureRow | null {
    if (!exc.dml) return null;
    const i = index as number;
    if (i < 0 || i >= exc.dml.length)
      this.throwApex('System.ListException', `List index out of bounds: ${i}`);
    return exc.dml[i];
  }

  private enumMethod(
    v: ApexEnumValue,
    key: string,
    args: readonly unknown[],
    line: number
  ): unknown {
    switch (key) {
      case 'name':
      case 'tostring':
        return v.name;
      case 'ordinal':
        return v.ordinal;
      case 'equals':
        return v === args[0];
      case 'hashcode':
        return v.ordinal;
    }
    throw new UnsupportedError(`method ${v.cls.name}.${key}`, this.where().file, line);
  }

  private typeMethod(
    t: ApexTypeValue,
    key: string,
    args: readonly unknown[],
    line: number
  ): unknown {
    switch (key) {
      case 'getname':
      case 'tostring':
        return typeToString(t.type);
      case 'newinstance': {
        const cls = this.classByName(t.type.name);
        if (cls) return this.instantiate(cls, [], line);
        if (t.type.name === 'List' || t.type.name === 'Set' || t.type.name === 'Map')
          return this.newCollectionOf(t.type);
        const obj = this.host.schemaObject(t.type.name);
        if (obj) return this.currentTx.store.newRecord(obj.name);
        throw new UnsupportedError(`Type.newInstance of ${t.type.name}`, this.where().file, line);
      }
      case 'equals':
        return (
          args[0] instanceof ApexTypeValue &&
          typeToString(args[0].type).toLowerCase() === typeToString(t.type).toLowerCase()
        );
      case 'hashcode':
        return stringHash(typeToString(t.type).toLowerCase());
      case 'isassignablefrom':
        return args[0] instanceof ApexTypeValue && this.typeAssignable(args[0].type, t.type);
    }
    throw new UnsupportedError(`method Type.${key}`, this.where().file, line);
  }

  private typeAssignable(from: TypeRef, to: TypeRef): boolean {
    if (to.name === 'Object' || from.name.toLowerCase() === to.name.toLowerCase()) return true;
    const fromCls = this.classByName(from.name);
    const toCls = this.classByName(to.name);
    return !!fromCls && !!toCls && this.isSubclass(fromCls, toCls);
  }

  newCollectionOf(type: TypeRef): ApexList | ApexSet | ApexMap {
    const args = type.args ?? [];
    if (type.name === 'Map')
      return new ApexMap(args[0] ?? { name: 'Object' }, args[1] ?? { name: 'Object' });
    if (type.name === 'Set') return new ApexSet(args[0] ?? { name: 'Object' });
    return new ApexList(args[0] ?? { name: 'Object' }, []);
  }

  // ================================================================= statements

  execList(list: Stmt[], frame: Frame): number {
    for (let i = 0; i < list.length; i++) {
      const r = this.exec(list[i], frame);
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  }

  exec(s: Stmt, frame: Frame): number {
    if (s.k !== 'block') {
      frame.line = s.line;
      if (frame.cov) frame.cov[s.line] = 1;
    }
    switch (s.k) {
      case 'expr':
        this.eval(s.e, frame);
        return NORMAL;
      case 'local':
        frame.locals[s.slot] = s.init ? this.coerce(this.eval(s.init, frame), s.type) : null;
        return NORMAL;
      case 'block':
        return this.execList(s.body, frame);
      case 'if':
        if (this.truth(this.eval(s.c, frame))) return this.exec(s.then, frame);
        return s.else ? this.exec(s.else, frame) : NORMAL;
      case 'while':
        while (this.truth(this.eval(s.c, frame))) {
          this.tick();
          const r = this.exec(s.body, frame);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        }
        return NORMAL;
      case 'do':
        do {
          this.tick();
          const r = this.exec(s.body, frame);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        } while (this.truth(this.eval(s.c, frame)));
        return NORMAL;
      case 'for': {
        for (const i of s.init) this.exec(i, frame);
        while (s.c === null || this.truth(this.eval(s.c, frame))) {
          this.tick();
          const r = this.exec(s.body, frame);
          if (r === BREAK) break;
          if (r === RETURN) return r;
          for (const u of s.update) this.eval(u, frame);
        }
        return NORMAL;
      }
      case 'forEach':
        return this.forEach(s, frame);
      case 'return':
        frame.ret = s.e ? this.eval(s.e, frame) : null;
        return RETURN;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'throw': {
        const v = this.eval(s.e, frame);
        if (v === null) npe();
        if (!(v instanceof ApexObject) || !v.exc) {
          throw new UnsupportedError(
            'throwing a value that is not an exception',
            frame.cls.file,
            s.line
          );
        }
        v.exc.stack = this.snapshotStack();
        throw new ApexThrow(v.cls.name, v.exc.message ?? '', v);
      }
      case 'try':
        return this.tryStmt(s, frame);
      case 'switch':
        return this.switchStmt(s, frame);
      case 'dml':
        this.dmlStmt(s, frame);
        return NORMAL;
      case 'runAs': {
        const user = this.eval(s.user, frame);
        if (!isSObject(user)) npe();
        let r = NORMAL;
        this.currentTx.runAs(user.id ?? (user.get('Id') as string), () => {
          r = this.exec(s.body, frame);
        });
        return r;
      }
    }
  }

  private forEach(s: Extract<Stmt, { k: 'forEach' }>, frame: Frame): number {
    const coll = this.eval(s.iter, frame);
    if (coll === null) npe();
    let items: unknown[];
    if (coll instanceof ApexList) {
      if (s.type.name === 'List' && coll.soqlResult) {
        // SOQL for loop, list form: chunks of 200.
        items = [];
        for (let i = 0; i < coll.items.length; i += 200)
          items.push(new ApexList(coll.elementType, coll.items.slice(i, i + 200)));
      } else items = coll.items.slice();
    } else if (coll instanceof ApexSet) items = [...coll.entries.values()];
    else if (coll instanceof ApexObject) {
      // Iterable<T>
      const it = this.callOn(coll, 'iterator', [], s.line);
      items = [];
      while (this.callOn(it, 'hasNext', [], s.line) === true)
        items.push(this.callOn(it, 'next', [], s.line));
    } else
      throw new UnsupportedError(`for loop over ${this.typeOf(coll).name}`, frame.cls.file, s.line);
    for (const item of items) {
      this.tick();
      frame.locals[s.slot] = item;
      const r = this.exec(s.body, frame);
      if (r === BREAK) break;
      if (r === RETURN) return r;
    }
    return NORMAL;
  }

  private tryStmt(s: Extract<Stmt, { k: 'try' }>, frame: Frame): number {
    const depth = this.frames.length;
    let result = NORMAL;
    let pending: unknown = null;
    let hasPending = false;
    try {
      result = this.exec(s.body, frame);
    } catch (err) {
      if (err instanceof ApexThrow) {
        this.noteStack(err);
        this.frames.length = depth;
        const obj = this.exceptionObject(err);
        // Assertion failures pass every catch (the platform: "You can't catch an assertion
        // failure using a try/catch block even though it's logged as an exception"); finally runs.
        const handler = isAssertionFailure(err)
          ? undefined
          : s.catches.find((c) => this.catches(c.type, obj));
        if (handler) {
          frame.locals[handler.slot] = obj;
          try {
            result = this.exec(handler.body, frame);
          } catch (inner) {
            pending = inner;
            hasPending = true;
          }
        } else {
          pending = err;
          hasPending = true;
        }
      } else {
        // LimitException and emulator errors end the transaction: no Apex code runs after them.
        throw err;
      }
    }
    if (s.fin && (!hasPending || pending instanceof ApexThrow)) {
      this.frames.length = depth;
      const r = this.exec(s.fin, frame);
      if (r !== NORMAL) return r;
    }
    if (hasPending) throw pending;
    return result;
  }

  private catches(type: TypeRef, obj: ApexObject): boolean {
    const cls = this.classByName(type.name);
    if (!cls)
      throw new UnsupportedError(
        `catch of unknown type ${type.name}`,
        this.where().file,
        this.where().line
      );
    if (cls.name === 'System.LimitException') return false;
    return this.isSubclass(obj.cls, cls);
  }

  private switchStmt(s: Extract<Stmt, { k: 'switch' }>, frame: Frame): number {
    const v = this.eval(s.e, frame);
    for (const w of s.whens) {
      let hit = false;
      if (w.values === null && w.typeBind === null) hit = true;
      else if (w.typeBind) {
        if (v !== null && this.isInstanceOf(v, w.typeBind.type, false)) {
          frame.locals[w.typeBind.slot] = v;
          hit = true;
        }
      } else {
        for (const e of w.values!) {
          const lit = (e as { v?: unknown }).v;
          if (lit && typeof lit === 'object' && 'enumName' in lit) {
            if (
              (v instanceof ApexEnumValue || v instanceof NativeEnumValue) &&
              v.name.toUpperCase() === (lit as { enumName: string }).enumName
            )
              hit = true;
          } else if (typeof v === 'string' && typeof lit === 'string') {
            if (v === lit) hit = true;
          } else if (this.equals(v, this.eval(e, frame))) hit = true;
          if (hit) break;
        }
      }
      if (hit) return this.exec(w.body, frame);
    }
    return NORMAL;
  }

  // ================================================================= DML and SOQL

  private dmlStmt(s: Extract<Stmt, { k: 'dml' }>, frame: Frame): void {
    if (s.op === 'merge') throw new UnsupportedError('merge', frame.cls.file, s.line);
    const v = this.eval(s.e, frame);
    if (v === null) npe();
    const records = v instanceof ApexList ? (v.items as SObjectRecord[]) : [v as SObjectRecord];
    this.dml(s.op, records, true, s.access, s.externalId ?? undefined);
  }

  /** Runs DML through the store; with allOrNone a failing row throws the platform's DmlException. */
  dml(
    op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete',
    records: SObjectRecord[],
    allOrNone: boolean,
    access: 'system' | 'user',
    externalIdField?: string
  ): DmlRowResult[] {
    const tx = this.currentTx;
    for (const r of records) if (r === null || !isSObject(r)) npe();
    let results: DmlRowResult[];
    try {
      results = tx.store.dml(op, records, {
        allOrNone,
        accessLevel: access,
        user: tx.user,
        limits: tx.limits,
        now: () => tx.now(),
        externalIdField,
        fireTriggers: (object, event, newRecords, oldRecords) =>
          this.fireTriggers(object, event, newRecords, oldRecords)
      });
    } catch (err) {
      if (err instanceof DmlFailure) {
        throw new DmlThrow(
          err.message,
          err.failures.map((f) => ({
            index: f.index,
            id: records[f.index]?.id ?? null,
            errors: f.errors
          }))
        );
      }
      throw err;
    }
    if (allOrNone) {
      const failed = results.map((r, i) => (r.success ? -1 : i)).filter((i) => i >= 0);
      if (failed.length > 0) {
        // A store that reports allOrNone failures as results rather than DmlFailure.
        const first = results[failed[0]];
        const err = first.errors[0];
        const verb = op.charAt(0).toUpperCase() + op.slice(1);
        const idPart = first.id && op !== 'insert' ? ` with id ${first.id}` : '';
        const fields = err ? `: [${err.fields.join(', ')}]` : '';
        const message = `${verb} failed. First exception on row ${failed[0]}${idPart}; first error: ${err?.statusCode ?? 'UNKNOWN_EXCEPTION'}, ${err?.message ?? ''}${fields}`;
        throw new DmlThrow(
          message,
          failed.map((i) => ({ index: i, id: results[i].id, errors: results[i].errors }))
        );
      }
    }
    return results;
  }

  parseSoql(node: object, text: string): ParsedSoql {
    const engine = this.currentTx.soql;
    let perEngine = this.soqlCache.get(node);
    if (!perEngine) {
      perEngine = new Map();
      this.soqlCache.set(node, perEngine);
    }
    let parsed = perEngine.get(engine);
    if (!parsed) {
      try {
        parsed = engine.parse(text);
      } catch (err) {
        if (err instanceof ApexThrow) throw err;
        throw new ApexThrow(
          'System.QueryException',
          err instanceof Error ? err.message : String(err)
        );
      }
      perEngine.set(engine, parsed);
    }
    return parsed;
  }

  /** SOSL through the SOQL engine's optional SOSL entry: a list of lists, one per RETURNING object. */
  runSosl(
    node: object,
    text: string,
    bindValue: (expressionText: string) => unknown,
    access: 'system' | 'user' = 'system'
  ): ApexList {
    const tx = this.currentTx;
    const engine = tx.soql;
    if (!engine.parseSosl || !engine.executeSosl) {
      throw new UnsupportedError(
        'SOSL (the SOQL engine has no SOSL entry)',
        this.where().file,
        this.where().line
      );
    }
    let perEngine = this.soslCache.get(node);
    if (!perEngine) this.soslCache.set(node, (perEngine = new Map()));
    let parsed = perEngine.get(engine);
    if (!parsed) {
      try {
        parsed = engine.parseSosl(text);
      } catch (err) {
        if (err instanceof ApexThrow) throw err;
        throw new ApexThrow(
          'System.SearchException',
          err instanceof Error ? err.message : String(err)
        );
      }
      perEngine.set(engine, parsed);
    }
    const binds = parsed.binds.map((b) => bindValue(b.expressionText));
    // SOSL runs in system mode unless it says WITH USER_MODE or Search.query(…, USER_MODE).
    const accessLevel =
      access === 'user' || /\bwith\s+(user_mode|security_enforced)\b/i.test(text)
        ? 'user'
        : 'system';
    const lists = engine.executeSosl(parsed, binds, {
      accessLevel,
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now(),
      isTest: tx.isTest,
      fixedSearchResults: tx.isTest ? tx.fixedSearchResults : undefined
    });
    // Each inner list is a List<RETURNING object> (castable to List<Contact>), empty or not.
    const objects = soslReturningObjects(text).map(
      (name) => this.host.schemaObject(name)?.name ?? null
    );
    return new ApexList(
      { name: 'List', args: [{ name: 'SObject' }] },
      lists.map(
        (rows, k) =>
          new ApexList({ name: objects[k] ?? rows[0]?.objectDef.name ?? 'SObject' }, rows)
      )
    );
  }

  runSoql(
    parsed: ParsedSoql,
    binds: readonly unknown[],
    access: 'system' | 'user'
  ): ApexList | number {
    const tx = this.currentTx;
    const lower = parsed.text.toLowerCase();
    const accessLevel =
      access === 'user' || /\bwith\s+(user_mode|security_enforced)\b/.test(lower)
        ? 'user'
        : 'system';
    const rows = tx.soql.execute(parsed, binds, {
      accessLevel,
      user: tx.user,
      limits: tx.limits,
      now: () => tx.now()
    });
    if (typeof rows === 'number') return rows;
    const list = new ApexList(
      { name: parsed.isAggregate ? 'AggregateResult' : parsed.fromObject },
      rows
    );
    list.soqlResult = true;
    return list;
  }

  // ================================================================= triggers

  fireTriggers(
    object: ObjectDef,
    event: TriggerEvent,
    newRecords: SObjectRecord[] | null,
    oldRecords: SObjectRecord[] | null
  ): void {
    const triggers = [...this.host.classes.values()].filter(
      (c) =>
        c.kind === 'trigger' &&
        c.trigger &&
        c.trigger.object === object.name &&
        c.trigger.events.includes(event)
    );
    if (triggers.length === 0) return;
    const isBefore = event.startsWith('before');
    const mapOf = (records: SObjectRecord[] | null): ApexMap | null => {
      if (!records || event === 'before insert') return null;
      const m = new ApexMap({ name: 'Id' }, { name: object.name });
      for (const r of records) m.entries.set(r.id, { key: r.id, value: r });
      return m;
    };
    const state: TriggerState = {
      event,
      newList: newRecords ? new ApexList({ name: object.name }, newRecords) : null,
      oldList: oldRecords ? new ApexList({ name: object.name }, oldRecords) : null,
      newMap: mapOf(newRecords),
      oldMap: mapOf(oldRecords),
      size: (newRecords ?? oldRecords ?? []).length
    };
    if (!isBefore && newRecords) for (const r of newRecords) this.readOnly.add(r);
    if (oldRecords) for (const r of oldRecords) this.readOnly.add(r);
    this.triggerStack.push(state);
    const base = this.frames.length;
    let current: ClassInfo | null = null;
    try {
      for (const t of triggers) {
        current = t;
        this.runBlock(t, null, t.trigger!.body, t.trigger!.slots, '');
      }
    } catch (err) {
      // An Apex exception that escapes a trigger fails that trigger's rows (the store applies
      // allOrNone); assertion failures, limits and emulator errors end the transaction instead.
      if (err instanceof ApexThrow && !isAssertionFailure(err) && current) {
        throw new TriggerExecutionError(this.triggerError(current, event, err, base));
      }
      throw err;
    } finally {
      this.triggerStack.pop();
      if (!isBefore && newRecords) for (const r of newRecords) this.readOnly.delete(r);
    }
  }

  /**
   * The platform's CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY error for an exception out of a trigger:
   * "<Trigger>: execution of AfterInsert\n\ncaused by: <Type>: <message>\n\n<stack>", the stack
   * from the throw point down to the trigger (the frames of the DML caller are not in it).
   */
  private triggerError(
    trigger: ClassInfo,
    event: TriggerEvent,
    err: ApexThrow,
    base: number
  ): DmlError {
    const obj = this.exceptionObject(err);
    const stack = obj.exc!.stack;
    const own = stack.slice(0, Math.max(1, stack.length - base));
    const [when, op] = event.split(' ');
    const eventName =
      when.charAt(0).toUpperCase() + when.slice(1) + op.charAt(0).toUpperCase() + op.slice(1);
    return {
      statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message: `${trigger.name}: execution of ${eventName}\n\ncaused by: ${obj.cls.name}: ${obj.exc!.message ?? ''}\n\n${formatStack(own)}`,
      fields: []
    };
  }

  triggerVariable(name: string): unknown {
    const t = this.triggerStack[this.triggerStack.length - 1];
    const key = name.toLowerCase();
    if (key === 'isexecuting') return !!t;
    if (!t) return key.startsWith('is') ? false : null;
    switch (key) {
      case 'new':
        return t.newList;
      case 'old':
        return t.oldList;
      case 'newmap':
        return t.newMap;
      case 'oldmap':
        return t.oldMap;
      case 'size':
        return t.size;
      case 'isbefore':
        return t.event.startsWith('before');
      case 'isafter':
        return t.event.startsWith('after');
      case 'isinsert':
        return t.event.endsWith('insert') && !t.event.endsWith('undelete');
      case 'isupdate':
        return t.event.endsWith('update');
      case 'isdelete':
        return t.event.endsWith(' delete');
      case 'isundelete':
        return t.event.endsWith('undelete');
      case 'operationtype':
        return t.event.toUpperCase().replace(' ', '_');
    }
    throw new UnsupportedError(`Trigger.${name}`, this.where().file, this.where().line);
  }

  // ================================================================= expressions

  truth(v: unknown): boolean {
    if (v === null) npe();
    return v === true;
  }

  eval(e: Expr, frame: Frame): unknown {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'local':
        return frame.locals[e.slot];
      case 'this':
        return frame.self;
      case 'thisField':
        return this.readField(frame.self!, e.name, e.raw, e.line);
      case 'staticField':
        return this.readStatic(e.cls, e.name, e.raw, e.line);
      case 'member':
        return this.member(e, frame);
      case 'call':
        return this.call(e, frame);
      case 'superCall': {
        const owner = frame.cls;
        const sup = owner.superclass ? this.classByName(owner.superclass) : undefined;
        const args = e.args.map((a) => this.eval(a, frame));
        const m = sup ? this.findMethod(sup, e.name.toLowerCase(), args) : null;
        if (!m) {
          if (frame.self) return this.objectBuiltin(frame.self, e.name.toLowerCase(), args, e.line);
          throw new UnsupportedError(`super.${e.name}`, frame.cls.file, e.line);
        }
        return this.invoke(m, frame.self, args);
      }
      case 'new':
        return this.newExpr(e, frame);
      case 'newSObject': {
        const tx = this.currentTx;
        const rec = tx.store.newRecord(e.type.name);
        for (const init of e.inits)
          this.writeSObject(rec, init.name, this.eval(init.value, frame), e.line);
        return rec;
      }
      case 'newCollection':
        return this.newCollection(e, frame);
      case 'newMap': {
        const m = new ApexMap(
          e.type.args?.[0] ?? { name: 'Object' },
          e.type.args?.[1] ?? { name: 'Object' }
        );
        for (const [k, v] of e.pairs) this.mapPut(m, this.eval(k, frame), this.eval(v, frame));
        return m;
      }
      case 'index': {
        const target = this.eval(e.target, frame);
        const index = this.eval(e.index, frame);
        if (target === null) npe();
        if (target instanceof ApexList) return this.listGet(target, index);
        if (target instanceof ApexMap) return this.mapGet(target, index);
        throw new UnsupportedError('indexing a non-list', frame.cls.file, e.line);
      }
      case 'binary': {
        const l = this.eval(e.l, frame);
        const r = this.eval(e.r, frame);
        if (typeof l === 'number' && typeof r === 'number') {
          // Integer fast path (the common loop counter and index arithmetic).
          switch (e.op) {
            case '<':
              return l < r;
            case '>':
              return l > r;
            case '<=':
              return l <= r;
            case '>=':
              return l >= r;
            case '==':
              return l === r;
            case '!=':
              return l !== r;
            case '+':
              return (l + r) | 0;
            case '-':
              return (l - r) | 0;
          }
        }
        return this.binary(e.op, l, r, e.line);
      }
      case 'logic': {
        const l = this.eval(e.l, frame);
        if (e.op === '??') return l !== null ? l : this.eval(e.r, frame);
        if (e.op === '&&') return this.truth(l) ? this.truth(this.eval(e.r, frame)) : false;
        return this.truth(l) ? true : this.truth(this.eval(e.r, frame));
      }
      case 'unary': {
        const v = this.eval(e.e, frame);
        if (e.op === '!') return !this.truth(v);
        if (e.op === '-') return negate(v);
        if (e.op === '~') {
          if (typeof v === 'number') return ~v;
          if (typeof v === 'bigint') return BigInt.asIntN(64, ~v);
          npe();
        }
        if (v === null) npe();
        return v;
      }
      case 'incdec': {
        const old = this.eval(e.target, frame);
        if (typeof old === 'number' && e.target.k === 'local') {
          const n = (old + e.delta) | 0;
          frame.locals[e.target.slot] = n;
          return e.prefix ? n : old;
        }
        const next = arith('+', old, typeof old === 'bigint' ? BigInt(e.delta) : e.delta);
        this.assignTo(e.target, this.sameNumericType(next, old), frame);
        return e.prefix ? next : old;
      }
      case 'assign': {
        let value = this.eval(e.value, frame);
        if (e.op !== '=') {
          const old = this.eval(e.target, frame);
          const op = COMPOUND[e.op];
          value =
            op === '+' || op === '-' || op === '*' || op === '/'
              ? this.binary(op, old, value, e.line)
              : bitwise(op, old, value);
          value = this.sameNumericType(value, old);
        }
        return this.assignTo(e.target, value, frame);
      }
      case 'cond':
        return this.truth(this.eval(e.c, frame)) ? this.eval(e.a, frame) : this.eval(e.b, frame);
      case 'instanceof': {
        const v = this.eval(e.e, frame);
        return v !== null && this.isInstanceOf(v, e.type, false);
      }
      case 'cast':
        return this.cast(this.eval(e.e, frame), e.type, e.line);
      case 'soql': {
        const parsed = this.parseSoql(e, e.text);
        const binds = this.bindValues(parsed, e.binds, frame, e.line);
        return this.runSoql(parsed, binds, 'system');
      }
      case 'typeLiteral':
        return new ApexTypeValue(e.type);
      case 'type':
        throw new UnsupportedError(`type ${e.type.name} used as a value`, frame.cls.file, e.line);
      case 'super':
        return frame.self;
      case 'sosl': {
        const binds = e.binds;
        let i = 0;
        return this.runSosl(e, e.text, () => this.eval(binds[i++], frame));
      }
    }
  }

  private bindValues(parsed: ParsedSoql, binds: Expr[], frame: Frame, line: number): unknown[] {
    if (parsed.binds.length !== binds.length) {
      throw new UnsupportedError(
        `SOQL bind count mismatch (${parsed.binds.length} vs ${binds.length})`,
        frame.cls.file,
        line
      );
    }
    return binds.map((b) => this.bindValue(this.eval(b, frame)));
  }

  private bindValue(v: unknown): unknown {
    return v;
  }

  /** Compound assignment keeps the target's numeric type (`Integer i; i += 1.5` is rejected by the compiler). */
  private sameNumericType(value: unknown, old: unknown): unknown {
    if (typeof old === 'bigint' && typeof value === 'number') return BigInt(value);
    return value;
  }

  private assignTo(target: Expr, value: unknown, frame: Frame): unknown {
    switch (target.k) {
      case 'local': {
        const v = this.coerce(value, target.type);
        frame.locals[target.slot] = v;
        return v;
      }
      case 'thisField':
        return this.writeField(frame.self!, target.name, value, target.raw, target.line);
      case 'staticField':
        return this.writeStatic(target.cls, target.name, value, target.raw, target.line);
      case 'member': {
        const obj = this.eval(target.target, frame);
        if (obj === null) npe();
        if (obj instanceof ApexObject)
          return this.writeField(obj, target.name.toLowerCase(), value, false, target.line);
        if (isSObject(obj)) {
          this.writeSObject(obj, target.name, value, target.line);
          return value;
        }
        if (target.target.k === 'type') {
          const cls = this.classByName(target.target.type.name);
          if (cls)
            return this.writeStatic(cls.name, target.name.toLowerCase(), value, false, target.line);
        }
        throw new UnsupportedError(
          `assignment to ${target.name} of ${this.typeOf(obj).name}`,
          frame.cls.file,
          target.line
        );
      }
      case 'index': {
        const coll = this.eval(target.target, frame);
        const index = this.eval(target.index, frame);
        if (coll === null) npe();
        if (coll instanceof ApexList) {
          this.listSet(coll, index, value);
          return value;
        }
        if (coll instanceof ApexMap) {
          this.mapPut(coll, index, value);
          return value;
        }
        throw new UnsupportedError('index assignment', frame.cls.file, target.line);
      }
    }
    throw new UnsupportedError(`assignment to ${target.k}`, frame.cls.file, target.line);
  }

  private fieldInfo(cls: ClassInfo, key: string): FieldInfo | undefined {
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    ) {
      const f = c.fields.get(key);
      if (f) return f;
    }
    return undefined;
  }

  readField(obj: ApexObject, key: string, raw: boolean, line: number): unknown {
    if (!raw) {
      const info = this.fieldInfo(obj.cls, key);
      if (info?.getter) return this.runAccessor(obj.cls, obj, info, 'get', null);
      if (!info && !(key in obj.f))
        throw new UnsupportedError(`field ${key} of ${obj.cls.name}`, this.where().file, line);
    }
    const v = obj.f[key];
    return v === undefined ? null : v;
  }

  writeField(obj: ApexObject, key: string, value: unknown, raw: boolean, line: number): unknown {
    const info = this.fieldInfo(obj.cls, key);
    if (!info)
      throw new UnsupportedError(`field ${key} of ${obj.cls.name}`, this.where().file, line);
    const v = this.coerce(value, info.type);
    if (!raw && info.setter) {
      this.runAccessor(obj.cls, obj, info, 'set', v);
      return v;
    }
    obj.f[key] = v;
    return v;
  }

  readStatic(clsName: string, key: string, raw: boolean, line: number): unknown {
    const cls = this.classByName(clsName)!;
    const values = this.staticsOf(cls);
    if (!raw) {
      const info = cls.fields.get(key);
      if (info?.getter) return this.runAccessor(cls, null, info, 'get', null);
    }
    const v = values[key];
    if (v === undefined) {
      if (!cls.fields.has(key))
        throw new UnsupportedError(`static ${clsName}.${key}`, this.where().file, line);
      return null;
    }
    return v;
  }

  writeStatic(clsName: string, key: string, value: unknown, raw: boolean, _line: number): unknown {
    const cls = this.classByName(clsName)!;
    const values = this.staticsOf(cls);
    const info = cls.fields.get(key);
    const v = info ? this.coerce(value, info.type) : value;
    if (!raw && info?.setter) {
      this.runAccessor(cls, null, info, 'set', v);
      return v;
    }
    values[key] = v;
    return v;
  }

  private runAccessor(
    cls: ClassInfo,
    obj: ApexObject | null,
    info: FieldInfo,
    kind: 'get' | 'set',
    value: unknown
  ): unknown {
    const owner = this.ownerOfField(cls, info);
    const acc = kind === 'get' ? info.getter! : info.setter!;
    const frame = this.pushFrame(owner, obj, `${kind}${info.name}`, acc.slots);
    try {
      if (kind === 'set') frame.locals[info.setter!.valueSlot] = value;
      this.execList(acc.body, frame);
      return this.coerce(frame.ret, info.type);
    } catch (err) {
      this.noteStack(err);
      throw err;
    } finally {
      this.frames.pop();
    }
  }

  private ownerOfField(cls: ClassInfo, info: FieldInfo): ClassInfo {
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    ) {
      if (c.fields.get(info.key) === info) return c;
    }
    return cls;
  }

  private member(e: Extract<Expr, { k: 'member' }>, frame: Frame): unknown {
    if (e.target.k === 'type') return this.typeMember(e.target.type, e.name, e.line);
    const obj = this.eval(e.target, frame);
    if (obj === null) {
      if (e.safe) return null;
      npe();
    }
    return this.memberOfValue(obj, e.name, e.line);
  }

  memberOfValue(obj: unknown, name: string, line: number): unknown {
    if (obj instanceof ApexObject) return this.readField(obj, name.toLowerCase(), false, line);
    if (isSObject(obj)) return this.readSObject(obj, name, line);
    if (obj instanceof ApexList && obj.soqlResult)
      return this.memberOfValue(this.singleRow(obj), name, line);
    const typeName = nativeTypeName(obj) ?? this.typeOf(obj).name;
    const native = this.native(typeName);
    if (native?.getProperty) return native.getProperty(obj, name, this.nativeCtx(line, []));
    throw new UnsupportedError(`property ${name} of ${typeName}`, this.where().file, line);
  }

  private typeMember(type: TypeRef, name: string, line: number): unknown {
    const lower = type.name.toLowerCase();
    if (lower === 'trigger') return this.triggerVariable(name);
    if ((lower === 'statuscode' || lower === 'system.statuscode') && !this.native('StatusCode')) {
      // System.StatusCode constants are made on demand by the library (one per DML status code).
      return statusCode(name.toUpperCase());
    }
    const obj = this.host.schemaObject(type.name);
    if (obj) {
      const schema = this.native('Schema');
      if (schema?.sobjectTypeMember)
        return schema.sobjectTypeMember(obj.name, name, this.nativeCtx(line, []));
      if (name.toLowerCase() === 'sobjecttype') return sobjectTypeToken(obj.name);
      const field = obj.getField(name);
      if (field) return sobjectFieldToken(obj.name, field.name);
      throw new UnsupportedError(`${type.name}.${name} (Schema tokens)`, this.where().file, line);
    }
    if (lower === 'accesslevel' || lower === 'system.accesslevel') {
      const mode = name.toUpperCase();
      if (mode === 'USER_MODE' || mode === 'SYSTEM_MODE')
        return { apexTypeName: 'System.AccessLevel', mode };
    }
    const native = this.native(type.name);
    if (native) {
      const prop = native.staticProperties?.[name.toLowerCase()];
      if (prop) return prop(this.nativeCtx(line, []));
      if (native.getStaticProperty) return native.getStaticProperty(name, this.nativeCtx(line, []));
    }
    throw new UnsupportedError(`${type.name}.${name}`, this.where().file, line);
  }

  // ----------------------------------------------------------------- SObjects

  private relCache = new WeakMap<
    ObjectDef,
    Map<string, { kind: 'field' | 'parent' | 'children'; name: string }>
  >();

  private sobjectMember(
    def: ObjectDef,
    name: string
  ): { kind: 'field' | 'parent' | 'children'; name: string } | null {
    let cache = this.relCache.get(def);
    if (!cache) {
      cache = new Map();
      this.relCache.set(def, cache);
    }
    const key = name.toLowerCase();
    let hit = cache.get(key);
    if (hit) return hit;
    const field = def.getField(name);
    if (field) hit = { kind: 'field', name: field.name };
    else {
      for (const f of def.fields.values()) {
        if (f.relationshipName && f.relationshipName.toLowerCase() === key) {
          hit = { kind: 'parent', name: f.relationshipName };
          break;
        }
      }
      if (!hit) {
        for (const c of def.childRelationships.values()) {
          if (c.relationshipName.toLowerCase() === key) {
            hit = { kind: 'children', name: c.relationshipName };
            break;
          }
        }
      }
    }
    if (!hit) return null;
    cache.set(key, hit);
    return hit;
  }

  readSObject(rec: SObjectRecord, name: string, line: number): unknown {
    const m = this.sobjectMember(rec.objectDef, name);
    if (!m)
      this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.objectDef.name}`);
    if (m.kind === 'field') return rec.get(m.name);
    if (m.kind === 'parent') return rec.getParent(m.name);
    const children = rec.getChildren(m.name);
    void line;
    return children
      ? new ApexList({ name: this.childObject(rec.objectDef, m.name) }, children)
      : null;
  }

  private childObject(def: ObjectDef, rel: string): string {
    for (const c of def.childRelationships.values())
      if (c.relationshipName === rel) return c.childObject;
    return 'SObject';
  }

  writeSObject(rec: SObjectRecord, name: string, value: unknown, _line: number): void {
    if (this.readOnly.has(rec)) this.throwApex('System.FinalException', 'Record is read-only');
    const m = this.sobjectMember(rec.objectDef, name);
    if (!m)
      this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.objectDef.name}`);
    if (m.kind === 'field') {
      let v = value;
      const def = rec.objectDef.getField(m.name)!;
      if (
        typeof v === 'string' &&
        (def.type === 'Id' || def.type === 'Lookup' || def.type === 'MasterDetail') &&
        v.length === 15
      ) {
        v = toId18(v) ?? v;
      }
      if (
        (def.type === 'Number' || def.type === 'Currency' || def.type === 'Percent') &&
        numRank(v) >= 0 &&
        !(v instanceof Decimal)
      ) {
        v = toDecimal(v);
      }
      rec.put(m.name, v as never);
    } else if (m.kind === 'parent') rec.putParent(m.name, value as SObjectRecord | null);
    else
      this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.objectDef.name}`);
  }

  private sobjectMethod(
    rec: SObjectRecord,
    key: string,
    args: readonly unknown[],
    line: number
  ): unknown {
    switch (key) {
      case 'get':
        if (args[0] === null) npe();
        return this.readSObject(rec, this.fieldName(args[0]), line);
      case 'put': {
        const name = this.fieldName(args[0]);
        const old = rec.isSet(name) ? this.readSObject(rec, name, line) : null;
        this.writeSObject(rec, name, args[1], line);
        return old;
      }
      case 'getsobject':
        return rec.getParent(this.parentName(rec, args[0]));
      case 'putsobject': {
        const rel = this.parentName(rec, args[0]);
        const old = rec.getParent(rel);
        rec.putParent(rel, args[1] as SObjectRecord | null);
        return old;
      }
      case 'getsobjects': {
        const rel = this.fieldName(args[0]);
        const kids = rec.getChildren(rel);
        return kids ? new ApexList({ name: this.childObject(rec.objectDef, rel) }, kids) : null;
      }
      case 'getsobjecttype':
        return this.typeMember({ name: rec.objectDef.name }, 'SObjectType', line);
      case 'getpopulatedfieldsasmap': {
        const m = new ApexMap({ name: 'String' }, { name: 'Object' });
        for (const f of rec.populatedFields()) m.entries.set(f, { key: f, value: rec.get(f) });
        return m;
      }
      case 'clone': {
        const preserveId = args[0] === true;
        const deep = args[1] === true;
        return rec.clone(preserveId, deep);
      }
      case 'adderror': {
        if (args.length >= 2) rec.addError(this.stringify(args[1]), this.fieldName(args[0]));
        else
          rec.addError(
            args[0] instanceof ApexObject && args[0].exc
              ? (args[0].exc.message ?? '')
              : this.stringify(args[0])
          );
        return null;
      }
      case 'isset':
        return rec.isSet(this.fieldName(args[0]));
      case 'id':
        return rec.id;
      case 'equals':
        return this.equals(rec, args[0]);
      case 'hashcode':
        return stringHash(this.stringify(rec));
      case 'tostring':
        return this.stringify(rec);
    }
    throw new UnsupportedError(`SObject method ${key}`, this.where().file, line);
  }

  private fieldName(v: unknown): string {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const named = v as { getName?: () => string; name?: string; fieldName?: string };
      if (typeof named.fieldName === 'string') return named.fieldName;
      if (typeof named.name === 'string') return named.name;
    }
    return this.stringify(v);
  }

  private parentName(rec: SObjectRecord, v: unknown): string {
    const name = this.fieldName(v);
    const field = rec.objectDef.getField(name);
    if (field?.relationshipName) return field.relationshipName;
    return name;
  }

  singleRow(list: ApexList): unknown {
    if (list.items.length === 0)
      this.throwApex('System.QueryException', 'List has no rows for assignment to SObject');
    if (list.items.length > 1)
      this.throwApex('System.QueryException', 'List has more than 1 row for assignment to SObject');
    return list.items[0];
  }

  // ----------------------------------------------------------------- calls

  private call(e: Extract<Expr, { k: 'call' }>, frame: Frame): unknown {
    const key = e.name.toLowerCase();
    if (e.target === null) {
      const args = e.args.map((a) => this.eval(a, frame));
      if (frame.self) {
        const m = this.findMethod(frame.self.cls, key, args);
        if (m) return this.invoke(m, frame.self, args);
      }
      const m = this.findMethod(frame.cls, key, args);
      if (!m)
        throw new UnsupportedError(
          `method ${e.name}(${args.length} args) in ${frame.cls.name}`,
          frame.cls.file,
          e.line
        );
      return this.invoke(m, frame.self, args);
    }
    if (e.target.k === 'type') return this.staticCall(e.target.type, e, key, frame);
    if (e.target.k === 'super') {
      const sup = frame.cls.superclass ? this.classByName(frame.cls.superclass) : undefined;
      const args = e.args.map((a) => this.eval(a, frame));
      const m = sup ? this.findMethod(sup, key, args) : null;
      if (m) return this.invoke(m, frame.self, args);
      return this.objectBuiltin(frame.self!, key, args, e.line);
    }
    const target = this.eval(e.target, frame);
    if (target === null) {
      if (e.safe) return null;
      npe();
    }
    const args = e.args.map((a) => this.eval(a, frame));
    return this.callOn(target, e.name, args, e.line);
  }

  private staticCall(
    type: TypeRef,
    e: Extract<Expr, { k: 'call' }>,
    key: string,
    frame: Frame
  ): unknown {
    const cls = this.classByName(type.name);
    if (cls && !cls.system) {
      const args = e.args.map((a) => this.eval(a, frame));
      if (cls.kind === 'enum') {
        if (key === 'values') {
          const values = this.staticsOf(cls);
          return new ApexList(
            { name: cls.name },
            cls.enumValues.map((v) => values[v.toLowerCase()])
          );
        }
        if (key === 'valueof') {
          const values = this.staticsOf(cls);
          const hit = cls.enumValues.find((v) => v === args[0]);
          return hit ? values[hit.toLowerCase()] : null;
        }
      }
      const m = this.findMethod(cls, key, args);
      if (!m || !m.isStatic)
        throw new UnsupportedError(
          `static method ${cls.name}.${e.name}(${args.length} args)`,
          frame.cls.file,
          e.line
        );
      return this.invoke(m, null, args);
    }
    const lower = type.name.toLowerCase();
    const sobjectType = this.host.schemaObject(type.name);
    if (sobjectType) {
      const args = e.args.map((a) => this.eval(a, frame));
      return customObjectStatic(sobjectType.name, e.name, args, this.nativeCtx(e.line, args));
    }
    if (lower === 'database' || lower === 'system.database') {
      if (
        (key === 'getquerylocator' || key === 'query' || key === 'countquery') &&
        e.args[0]?.k === 'soql' &&
        key === 'getquerylocator'
      ) {
        const soql = e.args[0];
        const parsed = this.parseSoql(soql, soql.text);
        return new ApexQueryLocator(parsed, this.bindValues(parsed, soql.binds, frame, e.line));
      }
      const args = e.args.map((a) => this.eval(a, frame));
      return this.databaseCall(key, args, e, frame);
    }
    if ((lower === 'search' || lower === 'system.search') && key === 'query') {
      const args = e.args.map((a) => this.eval(a, frame));
      if (typeof args[0] !== 'string') npe();
      const mode = args[1];
      const access =
        nativeTypeName(mode) === 'System.AccessLevel' &&
        (mode as { mode?: string }).mode === 'USER_MODE'
          ? 'user'
          : 'system';
      return this.runSosl(
        { text: args[0] },
        args[0],
        (b) => this.evalDynamicBind(b, frame, e),
        access
      );
    }
    if (lower === 'type' || lower === 'system.type') {
      const args = e.args.map((a) => this.eval(a, frame));
      if (key === 'forname')
        return this.typeForName(
          args.length === 2 ? `${args[0] ? `${args[0]}.` : ''}${args[1]}` : (args[0] as string)
        );
    }
    const args = e.args.map((a) => this.eval(a, frame));
    const native = this.native(type.name);
    const fn = native?.staticMethods?.[key];
    if (!fn)
      throw new UnsupportedError(`static method ${type.name}.${e.name}`, frame.cls.file, e.line);
    return fn(null, args, this.nativeCtx(e.line, args));
  }

  typeForName(name: string | null): ApexTypeValue | null {
    if (!name) return null;
    const cls = this.classByName(name);
    if (cls) return new ApexTypeValue({ name: cls.name });
    const obj = this.host.schemaObject(name);
    if (obj) return new ApexTypeValue({ name: obj.name });
    const prim = [
      'Integer',
      'Long',
      'Double',
      'Decimal',
      'String',
      'Id',
      'Boolean',
      'Date',
      'Datetime',
      'Time',
      'Blob',
      'Object'
    ].find((p) => p.toLowerCase() === name.toLowerCase());
    if (prim) return new ApexTypeValue({ name: prim });
    const native = this.native(name);
    if (native) return new ApexTypeValue({ name: native.name });
    return null;
  }

  private databaseCall(
    key: string,
    args: unknown[],
    e: Extract<Expr, { k: 'call' }>,
    frame: Frame
  ): unknown {
    const accessOf = (v: unknown): 'system' | 'user' | null =>
      nativeTypeName(v) === 'System.AccessLevel'
        ? (v as unknown as { mode: string }).mode === 'USER_MODE'
          ? 'user'
          : 'system'
        : null;
    switch (key) {
      case 'insert':
      case 'update':
      case 'delete':
      case 'undelete':
      case 'upsert': {
        const v = args[0];
        if (v === null) npe();
        const single = !(v instanceof ApexList);
        const records = single ? [v as SObjectRecord] : ((v as ApexList).items as SObjectRecord[]);
        let allOrNone = true;
        let access: 'system' | 'user' = 'system';
        let externalId: string | undefined;
        const rest = args.slice(1);
        if (
          key === 'upsert' &&
          rest.length > 0 &&
          rest[0] !== null &&
          typeof rest[0] !== 'boolean' &&
          !accessOf(rest[0])
        ) {
          externalId = this.fieldName(rest.shift());
        }
        for (const a of rest) {
          if (typeof a === 'boolean') allOrNone = a;
          else if (accessOf(a)) access = accessOf(a)!;
          else if (a && typeof a === 'object' && 'optAllOrNone' in a)
            allOrNone = (a as { optAllOrNone: boolean | null }).optAllOrNone ?? true;
        }
        const results = this.dml(key, records, allOrNone, access, externalId);
        const typeName =
          key === 'upsert'
            ? 'Database.UpsertResult'
            : key === 'delete'
              ? 'Database.DeleteResult'
              : key === 'undelete'
                ? 'Database.UndeleteResult'
                : 'Database.SaveResult';
        const wrapped = results.map((r) =>
          typeName === 'Database.SaveResult'
            ? new SaveResultValue(r)
            : new DmlResultValue(typeName, r)
        );
        return single ? wrapped[0] : new ApexList({ name: typeName }, wrapped);
      }
      case 'query':
      case 'countquery':
      case 'getquerylocator':
      case 'querywithbinds': {
        const text = args[0];
        if (typeof text !== 'string') npe();
        const parsed = this.parseSoql({ text }, text);
        let binds: unknown[];
        let access: 'system' | 'user' = 'system';
        if (key === 'querywithbinds') {
          const map = args[1] as ApexMap | null;
          if (!map) npe();
          binds = parsed.binds.map((b) => {
            const name = b.expressionText.trim();
            for (const { key: k, value } of map.entries.values())
              if (typeof k === 'string' && k.toLowerCase() === name.toLowerCase()) return value;
            this.throwApex('System.QueryException', `Key '${name}' does not exist in the bindMap`);
          });
          access = accessOf(args[2]) ?? 'system';
        } else {
          access = accessOf(args[1]) ?? 'system';
          binds = parsed.binds.map((b) => this.evalDynamicBind(b.expressionText, frame, e));
        }
        if (key === 'getquerylocator') return new ApexQueryLocator(parsed, binds, access);
        const result = this.runSoql(parsed, binds, access);
        if (key === 'countquery') return result;
        if (result instanceof ApexList) result.soqlResult = false;
        return result;
      }
      // Transaction Control: each savepoint set and each rollback counts against the DML
      // statement limit (not against DML rows).
      case 'setsavepoint':
        this.currentTx.limits.consume('dmlStatements');
        return { apexTypeName: 'System.Savepoint', snapshot: this.currentTx.store.snapshot() };
      case 'rollback': {
        const sp = args[0] as { snapshot?: unknown } | null;
        if (!sp || !sp.snapshot) npe();
        this.currentTx.limits.consume('dmlStatements');
        this.currentTx.store.restore(sp.snapshot as never);
        return null;
      }
      case 'executebatch': {
        const batch = args[0];
        if (!(batch instanceof ApexObject)) npe();
        const scope = args[1] === undefined || args[1] === null ? 200 : (args[1] as number);
        if (scope <= 0 || scope > 2000)
          this.throwApex(
            'System.InvalidParameterValueException',
            'The scope size must be between 1 and 2000'
          );
        return this.currentTx.async.enqueueBatch({ batch, scopeSize: scope }, this.currentTx);
      }
    }
    throw new UnsupportedError(`Database.${key}`, frame.cls.file, e.line);
  }

  private dynBindCache = new WeakMap<object, Map<string, Expr>>();

  private evalDynamicBind(text: string, frame: Frame, e: Extract<Expr, { k: 'call' }>): unknown {
    let perNode = this.dynBindCache.get(e);
    if (!perNode) {
      perNode = new Map();
      this.dynBindCache.set(e, perNode);
    }
    let compiled = perNode.get(text);
    if (!compiled) {
      const scope = (e as { scope?: ReadonlyMap<string, number> }).scope ?? new Map();
      compiled = this.host.compileBind(text, scope, frame.cls);
      perNode.set(text, compiled);
    }
    return this.eval(compiled, frame);
  }

  private newExpr(e: Extract<Expr, { k: 'new' }>, frame: Frame): unknown {
    const args = e.args.map((a) => this.eval(a, frame));
    const cls = this.classByName(e.type.name);
    if (cls) return this.instantiate(cls, args, e.line);
    const name = e.type.name;
    if (name === 'List' || name === 'Set' || name === 'Map') {
      const coll = this.newCollectionOf(e.type);
      if (args.length === 1 && args[0] !== null) {
        const src = args[0];
        if (coll instanceof ApexList) {
          if (typeof src === 'number') return coll; // new List<T>(capacity) has no such form; treat as empty
          coll.items = this.itemsOf(src);
        } else if (coll instanceof ApexSet) for (const v of this.itemsOf(src)) this.setAdd(coll, v);
        else if (coll instanceof ApexMap) {
          if (src instanceof ApexMap)
            for (const [k, v] of src.entries) coll.entries.set(k, { ...v });
          else for (const r of this.itemsOf(src)) this.mapPut(coll, (r as SObjectRecord).id, r);
        }
      } else if (args.length === 1 && args[0] === null) npe();
      return coll;
    }
    const native = this.native(name);
    if (native?.construct) return native.construct(args, this.nativeCtx(e.line, args));
    if (name.toLowerCase() === 'database.dmloptions')
      return { apexTypeName: 'Database.DMLOptions', optAllOrNone: null };
    throw new UnsupportedError(`new ${name}`, frame.cls.file, e.line);
  }

  private itemsOf(src: unknown): unknown[] {
    if (src instanceof ApexList) return src.items.slice();
    if (src instanceof ApexSet) return [...src.entries.values()];
    npe();
  }

  private newCollection(e: Extract<Expr, { k: 'newCollection' }>, frame: Frame): unknown {
    const coll = this.newCollectionOf(e.type);
    if (coll instanceof ApexList) {
      if (e.size) {
        const n = this.eval(e.size, frame) as number;
        if (n === null) npe();
        coll.items = new Array(n).fill(null);
      } else if (e.items)
        coll.items = e.items.map((i) => this.coerce(this.eval(i, frame), coll.elementType));
      return coll;
    }
    if (coll instanceof ApexSet && e.items)
      for (const i of e.items) this.setAdd(coll, this.eval(i, frame));
    return coll;
  }

  // ================================================================= operators

  binary(op: string, l: unknown, r: unknown, line: number): unknown {
    switch (op) {
      case '+':
        if (typeof l === 'string' || typeof r === 'string')
          return this.stringify(l) + this.stringify(r);
        return arith(op, l, r);
      case '-':
      case '*':
      case '/':
        return arith(op, l, r);
      case '==':
        return this.equals(l, r);
      case '!=':
      case '<>':
        return !this.equals(l, r);
      case '===':
        return this.identical(l, r);
      case '!==':
        return !this.identical(l, r);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        if (l === null || r === null) {
          // A non-null String or Id is greater than null; other comparisons with null are false.
          if (typeof l === 'string' || typeof r === 'string') {
            const c = l === null ? (r === null ? 0 : -1) : 1;
            return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
          }
          return false;
        }
        const c = compareValues(l, r);
        if (c === null)
          throw new UnsupportedError(
            `comparison of ${this.typeOf(l).name} and ${this.typeOf(r).name}`,
            this.where().file,
            line
          );
        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      }
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
      case '>>>':
        return bitwise(op, l, r);
    }
    throw new UnsupportedError(`operator ${op}`, this.where().file, line);
  }

  private identical(l: unknown, r: unknown): boolean {
    if (typeof l === 'string' || typeof l === 'number' || typeof l === 'boolean' || l === null)
      return this.equals(l, r);
    return l === r;
  }

  equals(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (a === null || b === null || a === undefined || b === undefined) return false;
    if (typeof a === 'string' && typeof b === 'string') {
      if (
        a.length !== b.length &&
        (a.length === 15 || a.length === 18) &&
        (b.length === 15 || b.length === 18)
      ) {
        const x = toId18(a);
        const y = toId18(b);
        if (x && y) return x === y;
      }
      return a.length === b.length && a.toLowerCase() === b.toLowerCase();
    }
    if (numRank(a) >= 0 && numRank(b) >= 0) return compareValues(a, b) === 0;
    if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
      return a.equals(b);
    if (a instanceof ApexBlob && b instanceof ApexBlob)
      return Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
    if (a instanceof ApexList && b instanceof ApexList) {
      return (
        a.items.length === b.items.length && a.items.every((x, i) => this.equals(x, b.items[i]))
      );
    }
    if (a instanceof ApexSet && b instanceof ApexSet) {
      if (a.entries.size !== b.entries.size) return false;
      for (const k of a.entries.keys()) if (!b.entries.has(k)) return false;
      return true;
    }
    if (a instanceof ApexMap && b instanceof ApexMap) {
      if (a.entries.size !== b.entries.size) return false;
      for (const [k, v] of a.entries) {
        const o = b.entries.get(k);
        if (!o || !this.equals(v.value, o.value)) return false;
      }
      return true;
    }
    if (isSObject(a) && isSObject(b)) {
      if (a.objectDef !== b.objectDef) return false;
      const fa = a.populatedFields();
      const fb = b.populatedFields();
      if (fa.length !== fb.length) return false;
      return fa.every((f) => b.isSet(f) && this.equals(a.get(f), b.get(f)));
    }
    if (a instanceof ApexObject) {
      const m = this.findMethod(a.cls, 'equals', [b]);
      if (m) return this.invoke(m, a, [b]) === true;
      return false;
    }
    if (a instanceof ApexTypeValue && b instanceof ApexTypeValue)
      return typeToString(a.type).toLowerCase() === typeToString(b.type).toLowerCase();
    if (isNativeInstance(a) && isNativeInstance(b)) {
      const native = this.native(nativeTypeName(a)!);
      const eq = native?.instanceMethods?.['equals'];
      if (eq) return eq(a, [b], this.nativeCtx(this.where().line, [b])) === true;
    }
    return false;
  }

  hashKey(value: unknown, keyType?: TypeRef): unknown {
    if (value === null || value === undefined) return '\u0000null';
    if (typeof value === 'string') {
      if (keyType?.name === 'Id') return toId18(value) ?? value;
      return value;
    }
    if (typeof value === 'number' || typeof value === 'bigint') return `\u0000n${value}`;
    if (value instanceof ApexDouble)
      return `\u0000n${Number.isInteger(value.value) ? value.value : value.value}`;
    if (value instanceof Decimal) return `\u0000n${value.toString()}`;
    if (typeof value === 'boolean') return `\u0000b${value}`;
    if (value instanceof ApexDate) return `\u0000d${value.epochDay}`;
    if (value instanceof ApexDatetime) return `\u0000t${value.epochMs}`;
    if (value instanceof ApexTime) return `\u0000T${value.msOfDay}`;
    if (value instanceof ApexObject) {
      const hash = this.findMethod(value.cls, 'hashcode', []);
      if (hash && this.findMethod(value.cls, 'equals', [value]))
        return `\u0000h${value.cls.name}:${String(this.invoke(hash, value, []))}`;
      return value;
    }
    if (
      isSObject(value) ||
      value instanceof ApexList ||
      value instanceof ApexSet ||
      value instanceof ApexMap
    ) {
      return `\u0000c${this.stringify(value)}`;
    }
    if (value instanceof ApexTypeValue) return `\u0000y${typeToString(value.type).toLowerCase()}`;
    return value;
  }

  // ----------------------------------------------------------------- collections

  private checkIndex(list: ApexList, index: unknown): number {
    if (index === null) npe();
    const i = typeof index === 'number' ? index : Number(index);
    if (i < 0 || i >= list.items.length || !Number.isInteger(i)) {
      this.throwApex('System.ListException', `List index out of bounds: ${i}`);
    }
    return i;
  }

  listGet(list: ApexList, index: unknown): unknown {
    return list.items[this.checkIndex(list, index)];
  }

  listSet(list: ApexList, index: unknown, value: unknown): void {
    list.items[this.checkIndex(list, index)] = this.coerce(value, list.elementType);
  }

  setAdd(set: ApexSet, value: unknown): boolean {
    const key = this.hashKey(value, set.elementType);
    if (set.entries.has(key)) return false;
    set.entries.set(
      key,
      set.elementType.name === 'Id' && typeof value === 'string' ? (toId18(value) ?? value) : value
    );
    return true;
  }

  mapPut(map: ApexMap, key: unknown, value: unknown): unknown {
    const k = this.hashKey(key, map.keyType);
    const old = map.entries.get(k);
    const storedKey =
      map.keyType.name === 'Id' && typeof key === 'string' ? (toId18(key) ?? key) : key;
    map.entries.set(k, { key: storedKey, value: this.coerce(value, map.valueType) });
    return old ? old.value : null;
  }

  mapGet(map: ApexMap, key: unknown): unknown {
    return map.entries.get(this.hashKey(key, map.keyType))?.value ?? null;
  }

  private listMethod(list: ApexList, key: string, args: readonly unknown[], line: number): unknown {
    const items = list.items;
    switch (key) {
      case 'add':
        if (args.length === 2) {
          const i = args[0] as number;
          if (i < 0 || i > items.length)
            this.throwApex('System.ListException', `List index out of bounds: ${i}`);
          items.splice(i, 0, this.coerce(args[1], list.elementType));
        } else items.push(this.coerce(args[0], list.elementType));
        return null;
      case 'addall':
        for (const v of this.itemsOf(args[0])) items.push(v);
        return null;
      case 'get':
        return this.listGet(list, args[0]);
      case 'set':
        this.listSet(list, args[0], args[1]);
        return null;
      case 'remove': {
        const i = this.checkIndex(list, args[0]);
        return items.splice(i, 1)[0];
      }
      case 'size':
        return items.length;
      case 'isempty':
        return items.length === 0;
      case 'contains':
        return items.some((v) => this.equals(v, args[0]));
      case 'indexof':
        return items.findIndex((v) => this.equals(v, args[0]));
      case 'clear':
        items.length = 0;
        return null;
      case 'clone': {
        const c = new ApexList(list.elementType, items.slice());
        return c;
      }
      case 'deepclone': {
        // deepClone(preserveId, …): a copy of every record; other elements are shared values.
        const preserveId = args[0] === true;
        return new ApexList(
          list.elementType,
          items.map((v) => (isSObject(v) ? v.clone(preserveId, false) : this.cloneGraph(v)))
        );
      }
      case 'sort':
        if (args.length === 1) {
          // List.sort(Comparator<T>): the comparator's compare(a, b) orders the list.
          const comparator = args[0];
          if (comparator === null) npe();
          items.sort((a, b) => this.callOn(comparator, 'compare', [a, b], line) as number);
        } else this.sortList(list, line);
        return null;
      case 'equals':
        return this.equals(list, args[0]);
      case 'hashcode':
        return stringHash(this.stringify(list));
      case 'iterator':
        return new ListIterator(items.slice());
      case 'tostring':
        return this.stringify(list);
      case 'getsobjecttype': {
        const obj = this.host.schemaObject(list.elementType.name);
        return obj ? sobjectTypeToken(obj.name) : null;
      }
    }
    throw new UnsupportedError(`List.${key}`, this.where().file, line);
  }

  private sortList(list: ApexList, line: number): void {
    const items = list.items;
    const first = items.find((v) => v !== null);
    if (first instanceof ApexObject) {
      items.sort((a, b) => {
        if (a === null) return -1;
        if (b === null) return 1;
        return this.callOn(a, 'compareTo', [b], line) as number;
      });
      return;
    }
    if (isSObject(first)) {
      items.sort((a, b) => {
        if (a === null) return b === null ? 0 : -1;
        if (b === null) return 1;
        return this.compareSObjects(a as SObjectRecord, b as SObjectRecord);
      });
      return;
    }
    if (first instanceof ApexEnumValue) {
      items.sort((a, b) =>
        a === null
          ? -1
          : b === null
            ? 1
            : (a as ApexEnumValue).ordinal - (b as ApexEnumValue).ordinal
      );
      return;
    }
    items.sort((a, b) => {
      if (a === null) return b === null ? 0 : -1;
      if (b === null) return 1;
      if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0; // case-sensitive
      const c = compareValues(a, b);
      if (c === null)
        throw new UnsupportedError(`sorting ${this.typeOf(a).name}`, this.where().file, line);
      return c;
    });
  }

  private readonly sortFields = new WeakMap<ObjectDef, string[]>();

  /**
   * The platform's default order of SObjects (Apex Developer Guide, "Sorting Lists of
   * sObjects"): the object's label, then Name, then the standard fields alphabetically (not Id
   * or Name), then the custom fields alphabetically; empty values first; text by Unicode order.
   */
  compareSObjects(a: SObjectRecord, b: SObjectRecord): number {
    if (a.objectDef !== b.objectDef) {
      const la = a.objectDef.label;
      const lb = b.objectDef.label;
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
    const def = a.objectDef;
    let fields = this.sortFields.get(def);
    if (!fields) {
      const names = [...def.fields.values()].map((f) => f.name);
      const nameField = def.nameField ?? (def.getField('Name') ? 'Name' : undefined);
      const rest = names.filter((n) => n !== 'Id' && n !== nameField);
      const byName = (x: string, y: string) =>
        x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
      const standard = rest.filter((n) => !n.endsWith('__c')).sort(byName);
      const custom = rest.filter((n) => n.endsWith('__c')).sort(byName);
      fields = [...(nameField ? [nameField] : []), ...standard, ...custom];
      this.sortFields.set(def, fields);
    }
    for (const f of fields) {
      const va = a.isSet(f) ? a.get(f) : null;
      const vb = b.isSet(f) ? b.get(f) : null;
      if (va === null && vb === null) continue;
      if (va === null || va === '') return vb === '' ? 0 : -1;
      if (vb === null || vb === '') return 1;
      const c =
        typeof va === 'string' && typeof vb === 'string'
          ? va < vb
            ? -1
            : va > vb
              ? 1
              : 0
          : (compareValues(va, vb) ?? 0);
      if (c !== 0) return c;
    }
    return 0;
  }

  private setMethod(set: ApexSet, key: string, args: readonly unknown[], line: number): unknown {
    switch (key) {
      case 'add':
        return this.setAdd(set, args[0]);
      case 'addall': {
        let changed = false;
        for (const v of this.itemsOf(args[0])) changed = this.setAdd(set, v) || changed;
        return changed;
      }
      case 'contains':
        return set.entries.has(this.hashKey(args[0], set.elementType));
      case 'containsall':
        return this.itemsOf(args[0]).every((v) =>
          set.entries.has(this.hashKey(v, set.elementType))
        );
      case 'remove':
        return set.entries.delete(this.hashKey(args[0], set.elementType));
      case 'removeall': {
        let changed = false;
        for (const v of this.itemsOf(args[0]))
          changed = set.entries.delete(this.hashKey(v, set.elementType)) || changed;
        return changed;
      }
      case 'retainall': {
        const keep = new Set(this.itemsOf(args[0]).map((v) => this.hashKey(v, set.elementType)));
        let changed = false;
        for (const k of [...set.entries.keys()]) {
          if (!keep.has(k)) {
            set.entries.delete(k);
            changed = true;
          }
        }
        return changed;
      }
      case 'size':
        return set.entries.size;
      case 'isempty':
        return set.entries.size === 0;
      case 'clear':
        set.entries.clear();
        return null;
      case 'clone': {
        const c = new ApexSet(set.elementType);
        for (const [k, v] of set.entries) c.entries.set(k, v);
        return c;
      }
      case 'equals':
        return this.equals(set, args[0]);
      case 'hashcode':
        return stringHash(this.stringify(set));
      case 'iterator':
        return new ListIterator([...set.entries.values()]);
      case 'tostring':
        return this.stringify(set);
    }
    throw new UnsupportedError(`Set.${key}`, this.where().file, line);
  }

  private mapMethod(map: ApexMap, key: string, args: readonly unknown[], line: number): unknown {
    switch (key) {
      case 'put':
        return this.mapPut(map, args[0], args[1]);
      case 'putall':
        if (args[0] instanceof ApexMap)
          for (const { key: k, value } of args[0].entries.values()) this.mapPut(map, k, value);
        else for (const r of this.itemsOf(args[0])) this.mapPut(map, (r as SObjectRecord).id, r);
        return null;
      case 'get':
        return this.mapGet(map, args[0]);
      case 'containskey':
        return map.entries.has(this.hashKey(args[0], map.keyType));
      case 'remove': {
        const k = this.hashKey(args[0], map.keyType);
        const old = map.entries.get(k);
        map.entries.delete(k);
        return old ? old.value : null;
      }
      case 'keyset': {
        const s = new ApexSet(map.keyType);
        for (const [k, v] of map.entries) s.entries.set(k, v.key);
        return s;
      }
      case 'values':
        return new ApexList(
          map.valueType,
          [...map.entries.values()].map((v) => v.value)
        );
      case 'size':
        return map.entries.size;
      case 'isempty':
        return map.entries.size === 0;
      case 'clear':
        map.entries.clear();
        return null;
      case 'clone':
      case 'deepclone': {
        const c = new ApexMap(map.keyType, map.valueType);
        for (const [k, v] of map.entries) {
          const value =
            key === 'deepclone' && isSObject(v.value) ? v.value.clone(true, false) : v.value;
          c.entries.set(k, { key: v.key, value });
        }
        return c;
      }
      case 'equals':
        return this.equals(map, args[0]);
      case 'hashcode':
        return stringHash(this.stringify(map));
      case 'tostring':
        return this.stringify(map);
    }
    throw new UnsupportedError(`Map.${key}`, this.where().file, line);
  }

  // ================================================================= types

  typeOf(value: unknown): TypeRef {
    if (value === null || value === undefined) return TYPES.Object;
    switch (typeof value) {
      case 'boolean':
        return TYPES.Boolean;
      case 'number':
        return TYPES.Integer;
      case 'bigint':
        return TYPES.Long;
      case 'string':
        return TYPES.String;
    }
    if (value instanceof ApexDouble) return TYPES.Double;
    if (value instanceof Decimal) return TYPES.Decimal;
    if (value instanceof ApexDate) return TYPES.Date;
    if (value instanceof ApexDatetime) return TYPES.Datetime;
    if (value instanceof ApexTime) return TYPES.Time;
    if (value instanceof ApexBlob) return TYPES.Blob;
    if (value instanceof ApexList) return { name: 'List', args: [value.elementType] };
    if (value instanceof ApexSet) return { name: 'Set', args: [value.elementType] };
    if (value instanceof ApexMap) return { name: 'Map', args: [value.keyType, value.valueType] };
    if (value instanceof ApexObject) return { name: value.cls.name };
    if (value instanceof ApexEnumValue) return { name: value.cls.name };
    if (isSObject(value)) return { name: value.objectDef.name };
    if (value instanceof NativeEnumValue) return { name: value.enumType };
    if (isNativeInstance(value)) return { name: nativeTypeName(value)! };
    return { name: 'Object' };
  }

  /** `instanceof` and cast checks against a declared type. */
  isInstanceOf(v: unknown, type: TypeRef, loose: boolean): boolean {
    const name = type.name;
    switch (name) {
      case 'Object':
        return true;
      case 'Integer':
        return typeof v === 'number';
      case 'Long':
        return typeof v === 'bigint' || (loose && typeof v === 'number');
      case 'Double':
        return (
          v instanceof ApexDouble || (loose && (typeof v === 'number' || typeof v === 'bigint'))
        );
      case 'Decimal':
        return v instanceof Decimal || (loose && numRank(v) >= 0);
      case 'String':
        return typeof v === 'string';
      case 'Id':
        return typeof v === 'string' && toId18(v) !== null;
      case 'Boolean':
        return typeof v === 'boolean';
      case 'Date':
        return v instanceof ApexDate;
      case 'Datetime':
        return v instanceof ApexDatetime;
      case 'Time':
        return v instanceof ApexTime;
      case 'Blob':
        return v instanceof ApexBlob;
      case 'SObject':
        return isSObject(v);
      case 'List':
        return v instanceof ApexList;
      case 'Set':
        return v instanceof ApexSet;
      case 'Map':
        return v instanceof ApexMap;
    }
    if (isSObject(v)) return v.objectDef.name.toLowerCase() === name.toLowerCase();
    if (v instanceof ApexObject || v instanceof ApexEnumValue) {
      const target = this.classByName(name);
      if (!target) return false;
      return this.isSubclass(v.cls, target);
    }
    const native = v instanceof NativeEnumValue ? v.enumType : nativeTypeName(v);
    if (native) return sameTypeName(native, name);
    return false;
  }

  cast(v: unknown, type: TypeRef, _line: number): unknown {
    if (v === null) return null;
    if (v instanceof ApexList && v.soqlResult && type.name !== 'List' && type.name !== 'Object')
      v = this.singleRow(v);
    if (numRank(v) >= 0 && ['Integer', 'Long', 'Double', 'Decimal'].includes(type.name)) {
      if (type.name === 'Integer' && typeof v !== 'number') {
        if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
        this.castFail(v, type);
      }
      return convertNumber(v, type.name);
    }
    if (type.name === 'Id' && typeof v === 'string') return this.coerce(v, type);
    if (!this.isInstanceOf(v, type, false)) {
      if (
        type.name === 'Id' ||
        type.name === 'String' ||
        typeof v !== 'object' ||
        this.classByName(type.name) ||
        this.host.schemaObject(type.name) ||
        ['List', 'Set', 'Map', 'SObject', 'Boolean', 'Date', 'Datetime', 'Time', 'Blob'].includes(
          type.name
        )
      ) {
        this.castFail(v, type);
      }
    }
    if (v instanceof ApexList && type.name === 'List' && type.args?.[0]) {
      // (List<Account>) listOfSObject: same items, the cast element type.
      return v;
    }
    return v;
  }

  private castFail(v: unknown, type: TypeRef): never {
    this.throwApex(
      'System.TypeException',
      `Invalid conversion from runtime type ${typeToString(this.typeOf(v))} to ${typeToString(type)}`
    );
  }

  /** Assignment conversion to a declared type: numeric widening, Id normalisation, SOQL single row. */
  coerce(v: unknown, type: TypeRef): unknown {
    if (v === null || v === undefined) return null;
    switch (type.name) {
      case 'Integer':
      case 'String':
      case 'Boolean':
      case 'Object':
        return v;
      case 'Long':
        return typeof v === 'number' ? BigInt(v) : v;
      case 'Double':
      case 'Decimal':
        return numRank(v) >= 0 ? convertNumber(v, type.name) : v;
      case 'Id':
        if (typeof v === 'string') {
          if (v.length === 18 && /^[a-zA-Z0-9]{18}$/.test(v)) return v;
          const id = toId18(v);
          if (!id) this.throwApex('System.StringException', `Invalid id: ${v}`);
          return id;
        }
        return v;
      case 'List':
      case 'Set':
      case 'Map':
        if (v instanceof ApexList && v.soqlResult) {
          const copy = new ApexList(type.args?.[0] ?? v.elementType, v.items);
          return copy;
        }
        return v;
    }
    if (v instanceof ApexList && v.soqlResult) return this.singleRow(v);
    return v;
  }

  // ================================================================= String.valueOf

  stringify(v: unknown): string {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return v;
    const primitive = primitiveToString(v);
    if (primitive !== undefined) return primitive;
    if (v instanceof ApexList) return `(${v.items.map((x) => this.stringify(x)).join(', ')})`;
    if (v instanceof ApexSet)
      return `{${[...v.entries.values()].map((x) => this.stringify(x)).join(', ')}}`;
    if (v instanceof ApexMap)
      return `{${[...v.entries.values()].map((e) => `${this.stringify(e.key)}=${this.stringify(e.value)}`).join(', ')}}`;
    if (isSObject(v)) {
      const fields = v.populatedFields().map((f) => `${f}=${this.stringify(v.get(f))}`);
      return `${v.objectDef.name}:{${fields.join(', ')}}`;
    }
    if (v instanceof ApexObject) {
      if (v.exc) {
        const m = this.findMethod(v.cls, 'tostring', []);
        if (m) return this.stringify(this.invoke(m, v, []));
        return `${v.cls.name}: ${v.exc.message ?? ''}`;
      }
      const m = this.findMethod(v.cls, 'tostring', []);
      if (m) return this.stringify(this.invoke(m, v, []));
      const parts = Object.entries(v.f).map(
        ([k, x]) => `${this.fieldInfo(v.cls, k)?.name ?? k}=${this.stringify(x)}`
      );
      return `${v.cls.name}:[${parts.join(', ')}]`;
    }
    if (v instanceof ApexTypeValue) return typeToString(v.type);
    if (isNativeInstance(v)) {
      const native = this.native(nativeTypeName(v)!);
      const ts = native?.instanceMethods?.['tostring'];
      if (ts) return String(ts(v, [], this.nativeCtx(this.where().line, [])));
    }
    return String(v);
  }

  // ================================================================= NativeRuntimeServices

  newObject(className: string): ApexObjectRef {
    const cls = this.classByName(className);
    if (!cls) this.throwApex('System.TypeException', `Type not found: ${className}`);
    return this.instantiate(cls, [], this.where().line);
  }

  getObjectField(target: ApexObjectRef, field: string): unknown {
    return this.readField(target as ApexObject, field.toLowerCase(), false, this.where().line);
  }

  setObjectField(target: ApexObjectRef, field: string, value: unknown): void {
    this.writeField(target as ApexObject, field.toLowerCase(), value, false, this.where().line);
  }

  objectFields(className: string): readonly { name: string; type: TypeRef }[] {
    const cls = this.classByName(className);
    if (!cls) return [];
    const out: { name: string; type: TypeRef }[] = [];
    const chain: ClassInfo[] = [];
    for (
      let c: ClassInfo | undefined = cls;
      c;
      c = c.superclass ? this.classByName(c.superclass) : undefined
    )
      chain.unshift(c);
    for (const c of chain)
      for (const f of c.fields.values())
        if (!f.isStatic && !f.isTransient) out.push({ name: f.name, type: f.type });
    return out;
  }

  classExists(className: string): boolean {
    return !!this.classByName(className);
  }

  callMethod(target: ApexObjectRef, method: string, args: readonly unknown[]): unknown {
    return this.callOn(target, method, args, this.where().line);
  }

  /** Deep copy of an object graph (non-Stateful batch between chunks). */
  cloneGraph(v: unknown, seen = new Map<unknown, unknown>()): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof ApexObject) {
      const copy = new ApexObject(v.cls, {});
      seen.set(v, copy);
      copy.exc = v.exc ? { ...v.exc } : null;
      for (const [k, x] of Object.entries(v.f)) {
        const info = this.fieldInfo(v.cls, k);
        copy.f[k] = info?.isTransient ? null : this.cloneGraph(x, seen);
      }
      return copy;
    }
    if (v instanceof ApexList) {
      const copy = new ApexList(v.elementType, []);
      seen.set(v, copy);
      copy.items = v.items.map((x) => this.cloneGraph(x, seen));
      return copy;
    }
    if (v instanceof ApexSet) {
      const copy = new ApexSet(v.elementType);
      seen.set(v, copy);
      for (const [k, x] of v.entries) copy.entries.set(k, this.cloneGraph(x, seen));
      return copy;
    }
    if (v instanceof ApexMap) {
      const copy = new ApexMap(v.keyType, v.valueType);
      seen.set(v, copy);
      for (const [k, x] of v.entries)
        copy.entries.set(k, { key: x.key, value: this.cloneGraph(x.value, seen) });
      return copy;
    }
    if (isSObject(v)) {
      const copy = v.clone(true, true);
      seen.set(v, copy);
      return copy;
    }
    return v;
  }
}

/** A List/Set iterator (`list.iterator()`), with hasNext/next through the native convention. */
class ListIterator {
  readonly apexTypeName = 'System.ListIterator';
  private i = 0;
  constructor(private readonly items: unknown[]) {}
  hasNext(): boolean {
    return this.i < this.items.length;
  }
  next(): unknown {
    if (this.i >= this.items.length)
      throw new ApexThrow('System.NoSuchElementException', 'Iterator has no more elements.');
    return this.items[this.i++];
  }
}

export const ListIteratorClass: NativeClass = {
  name: 'System.ListIterator',
  instanceMethods: {
    hasnext: (self) => (self as ListIterator).hasNext(),
    next: (self) => (self as ListIterator).next()
  }
};

/** Database.UpsertResult / DeleteResult / UndeleteResult (SaveResult and Error come from the library). */
export class DmlResultValue {
  constructor(
    readonly apexTypeName: string,
    readonly result: DmlRowResult
  ) {}
}

const resultMethods: NativeClass['instanceMethods'] = {
  issuccess: (self) => (self as DmlResultValue).result.success,
  getid: (self) => (self as DmlResultValue).result.id,
  iscreated: (self) => (self as DmlResultValue).result.created,
  geterrors: (self) =>
    new ApexList(
      { name: 'Database.Error' },
      (self as DmlResultValue).result.errors.map((e) => new DatabaseErrorValue(e))
    )
};

export const DatabaseNatives: NativeClass[] = [
  { name: 'Database.UpsertResult', instanceMethods: resultMethods },
  { name: 'Database.DeleteResult', instanceMethods: resultMethods },
  { name: 'Database.UndeleteResult', instanceMethods: resultMethods },
  ListIteratorClass
];

function sameTypeName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/^system\./, '') === b.toLowerCase().replace(/^system\./, '');
}

export function typeToString(t: TypeRef): string {
  return t.args && t.args.length > 0 ? `${t.name}<${t.args.map(typeToString).join(',')}>` : t.name;
}

/** `Class.Foo.bar: line 12, column 1` lines, as Exception.getStackTraceString formats them. */
export function formatStack(stack: readonly ApexStackFrame[]): string {
  return stack
    .map((f) => {
      if (f.className.startsWith('AnonymousBlock'))
        return `AnonymousBlock: line ${f.line}, column 1`;
      if (f.file.endsWith('.trigger')) return `Trigger.${f.className}: line ${f.line}, column 1`;
      const method = f.method === f.className.split('.').pop() ? '<init>' : f.method;
      return `Class.${f.className}.${method}: line ${f.line}, column 1`;
    })
    .join('\n');
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityHash(o: object): number {
  let h = identities.get(o);
  if (h === undefined) {
    h = nextIdentity++;
    identities.set(o, h);
  }
  return h;
}

export { toNumber };
