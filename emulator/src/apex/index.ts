/**
 * The Apex language runtime: load (parse + resolve into IR), run anonymous Apex, call methods,
 * fire triggers, report tests and coverage. See contracts.ts (ApexRuntime).
 */
import {
  ApexUncaughtError,
  type ApexStackFrame,
  type LimitExceededError,
  type ApexObjectRef,
  type ApexRuntime,
  type Diagnostic,
  type ObjectDef,
  type OrgSchema,
  type SObjectRecord,
  type TestClassInfo,
  type TransactionContext,
  type TriggerEvent
} from '../contracts.js';
import {
  CompileError,
  compileExpression,
  parseAnonymous,
  parseFile,
  type PendingBody,
  type TypeUniverse
} from './frontend.js';
import type { ClassInfo, FileUnit } from './ir.js';
import { cacheKey, readCache, writeCache } from './ir-cache.js';
import { ApexObject, DatabaseNatives, Interpreter, registerSystemClasses } from './interpreter.js';
import type { NativeClass } from './runtime-types.js';

export { ApexObject, ApexEnumValue, ApexTypeValue, formatStack } from './interpreter.js';

/**
 * Where a LimitExceededError was hit: the Apex stack (innermost first) the interpreter records on
 * it as `stack_`, the same shape as ApexUncaughtError.stack_; empty when it came from outside Apex.
 */
export function limitErrorStack(error: LimitExceededError): readonly ApexStackFrame[] {
  return error.stack_ ?? [];
}

export function createApexRuntime(schema: OrgSchema, natives: readonly NativeClass[]): ApexRuntime {
  return new ApexRuntimeImpl(schema, natives);
}

export class ApexRuntimeImpl implements ApexRuntime {
  readonly universe: TypeUniverse;
  readonly interp: Interpreter;
  private readonly nativeMap = new Map<string, NativeClass>();
  /** Per loaded file: hit flags by line (the interpreter writes them). */
  private readonly hits = new Map<string, Uint8Array>();
  private readonly units = new Map<string, FileUnit>();
  /** Cache key of the last load (identifies every source loaded so far). */
  private loadChain = '';

  constructor(
    readonly schema: OrgSchema,
    natives: readonly NativeClass[]
  ) {
    for (const n of [...DatabaseNatives, ...natives]) {
      const lower = n.name.toLowerCase();
      this.nativeMap.set(lower, n);
      if (lower.startsWith('system.')) this.nativeMap.set(lower.slice(7), n);
    }
    const nativeNames = new Map<string, string>();
    for (const n of this.nativeMap.values()) {
      nativeNames.set(n.name.toLowerCase(), n.name);
      if (n.name.toLowerCase().startsWith('system.'))
        nativeNames.set(n.name.toLowerCase().slice(7), n.name);
    }
    for (const extra of [
      'Database',
      'Trigger',
      'Type',
      'AccessLevel',
      'Database.QueryLocator',
      'Database.BatchableContext',
      'Database.DMLOptions',
      'Savepoint',
      'System.Savepoint',
      'AggregateResult',
      'QueueableContext',
      'SchedulableContext'
    ]) {
      if (!nativeNames.has(extra.toLowerCase())) nativeNames.set(extra.toLowerCase(), extra);
    }
    const classes = new Map<string, ClassInfo>();
    registerSystemClasses(classes);
    this.universe = { schema, classes, natives: nativeNames };
    this.interp = new Interpreter({
      classes,
      natives: this.nativeMap,
      coverage: this.hits,
      schemaObject: (name) => schema.getObject(name),
      compileBind: (text, scope, cls) => compileExpression(text, scope, cls, this.universe)
    });
  }

  load(files: readonly { path: string; source: string }[]): readonly Diagnostic[] {
    const key = cacheKey({
      files,
      // The keys of earlier loads stand for their sources: a change there invalidates this one.
      loadedClasses: [this.loadChain, ...[...this.universe.classes.keys()].sort()],
      objectNames: this.schema
        .objects()
        .map((o) => o.name)
        .sort(),
      nativeNames: [...this.universe.natives.keys()].sort()
    });
    this.loadChain = key;
    const cached = readCache(key);
    if (cached) {
      for (const unit of cached.units) {
        for (const cls of unit.classes) this.universe.classes.set(cls.name.toLowerCase(), cls);
        this.register(unit);
      }
      return cached.diagnostics;
    }
    const result = this.loadFromSource(files);
    writeCache(key, result);
    return result.diagnostics;
  }

  private register(unit: FileUnit): void {
    this.units.set(unit.path, unit);
    this.hits.set(unit.path, new Uint8Array(Math.max(0, ...unit.executable) + 2));
  }

  private loadFromSource(files: readonly { path: string; source: string }[]): {
    units: FileUnit[];
    diagnostics: Diagnostic[];
  } {
    const diagnostics: Diagnostic[] = [];
    const pending: { file: string; body: PendingBody }[] = [];
    const loaded: FileUnit[] = [];
    for (const file of files) {
      try {
        const parsed = parseFile(file.path, file.source, this.universe);
        if (Array.isArray(parsed)) {
          diagnostics.push(...parsed);
          continue;
        }
        loaded.push(parsed.unit);
        for (const body of parsed.pending) pending.push({ file: file.path, body });
      } catch (err) {
        diagnostics.push(this.diagnostic(file.path, err));
      }
    }
    const failed = new Set<string>();
    for (const phase of [0, 1, 2]) {
      for (const { file, body } of pending) {
        if (body.phase !== phase || failed.has(file)) continue;
        try {
          body.run();
        } catch (err) {
          diagnostics.push(this.diagnostic(file, err));
          failed.add(file);
        }
      }
    }
    const units: FileUnit[] = [];
    for (const unit of loaded) {
      if (failed.has(unit.path)) {
        for (const cls of unit.classes) this.universe.classes.delete(cls.name.toLowerCase());
        continue;
      }
      this.register(unit);
      units.push(unit);
    }
    return { units, diagnostics };
  }

  private diagnostic(file: string, err: unknown): Diagnostic {
    if (err instanceof CompileError)
      return { file, line: err.line, column: err.column, message: err.message };
    return { file, line: 0, column: 0, message: err instanceof Error ? err.message : String(err) };
  }

  runAnonymous(source: string, tx: TransactionContext): void {
    for (const key of [...this.universe.classes.keys()]) {
      if (key === 'anonymousblock' || key.startsWith('anonymousblock.'))
        this.universe.classes.delete(key);
    }
    const key = cacheKey({
      files: [{ path: 'AnonymousBlock', source }],
      loadedClasses: [this.loadChain, ...[...this.universe.classes.keys()].sort()],
      objectNames: this.schema
        .objects()
        .map((o) => o.name)
        .sort(),
      nativeNames: [...this.universe.natives.keys()].sort()
    });
    const cached = readCache(key);
    let cls: ClassInfo;
    if (cached && cached.units.length === 1) {
      for (const c of cached.units[0].classes) this.universe.classes.set(c.name.toLowerCase(), c);
      cls = cached.units[0].classes[0];
    } else {
      cls = this.compileAnonymous(source);
      const unit: FileUnit = {
        path: 'AnonymousBlock',
        classes: [...this.universe.classes.values()].filter(
          (c) => c.name === 'AnonymousBlock' || c.name.startsWith('AnonymousBlock.')
        ),
        executable: new Set()
      };
      unit.classes.sort((a, b) => (a === cls ? -1 : b === cls ? 1 : 0));
      writeCache(key, { units: [unit], diagnostics: [] });
    }
    const method = cls.methods.get('execute')![0];
    this.interp.enter(tx, () => this.interp.invoke(method, null, []));
  }

  private compileAnonymous(source: string): ClassInfo {
    let parsed: ReturnType<typeof parseAnonymous>;
    try {
      parsed = parseAnonymous(source, this.universe, 'AnonymousBlock');
    } catch (err) {
      throw new ApexUncaughtError(
        'System.CompileException',
        err instanceof Error ? err.message : String(err),
        []
      );
    }
    if (Array.isArray(parsed)) {
      const first = parsed[0];
      throw new ApexUncaughtError(
        'System.CompileException',
        `line ${first.line}, column ${first.column}: ${first.message}`,
        []
      );
    }
    const { cls, pending } = parsed;
    try {
      for (const phase of [0, 1, 2]) for (const p of pending) if (p.phase === phase) p.run();
    } catch (err) {
      if (err instanceof CompileError) {
        throw new ApexUncaughtError(
          'System.CompileException',
          `line ${err.line}, column ${err.column}: ${err.message}`,
          []
        );
      }
      throw err;
    }
    return cls;
  }

  invokeStatic(
    className: string,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown {
    const cls = this.interp.classByName(className);
    if (!cls) throw new Error(`Apex class not found: ${className}`);
    return this.interp.enter(tx, () => {
      const method = this.interp.findMethod(cls, methodName.toLowerCase(), args);
      if (!method || !method.isStatic)
        throw new Error(`Static method not found: ${className}.${methodName}(${args.length} args)`);
      return this.interp.invoke(method, null, args);
    });
  }

  callMethod(
    target: ApexObjectRef,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown {
    return this.interp.enter(tx, () => this.interp.callOn(target, methodName, args, 0));
  }

  cloneObject(target: ApexObjectRef): ApexObjectRef {
    return this.interp.cloneGraph(target) as ApexObjectRef;
  }

  implementsInterface(target: ApexObjectRef, interfaceName: string): boolean {
    if (!(target instanceof ApexObject)) return false;
    const iface = this.interp.classByName(interfaceName);
    return !!iface && this.interp.isSubclass(target.cls, iface);
  }

  fireTriggers(
    object: ObjectDef,
    event: TriggerEvent,
    newRecords: SObjectRecord[] | null,
    oldRecords: SObjectRecord[] | null,
    tx: TransactionContext
  ): void {
    this.interp.enter(tx, () => this.interp.fireTriggers(object, event, newRecords, oldRecords));
  }

  testClasses(): readonly TestClassInfo[] {
    const out: TestClassInfo[] = [];
    for (const unit of this.units.values()) {
      for (const cls of unit.classes) {
        if (cls.outer || !cls.annotations.has('istest')) continue;
        const testMethods: string[] = [];
        const setupMethods: string[] = [];
        for (const list of cls.methods.values()) {
          for (const m of list) {
            if (m.annotations.has('istest')) testMethods.push(m.name);
            if (m.annotations.has('testsetup')) setupMethods.push(m.name);
          }
        }
        const seeAll = cls.annotations.get('istest')?.get('seealldata');
        out.push({
          className: cls.name,
          file: unit.path,
          testMethods,
          setupMethods,
          seeAllData: String(seeAll).toLowerCase() === 'true'
        });
      }
    }
    return out;
  }

  coverage(): ReadonlyMap<
    string,
    { executable: ReadonlySet<number>; covered: ReadonlySet<number> }
  > {
    const out = new Map<
      string,
      { executable: ReadonlySet<number>; covered: ReadonlySet<number> }
    >();
    for (const [path, unit] of this.units) {
      const hits = this.hits.get(path)!;
      const covered = new Set<number>();
      for (const line of unit.executable) if (hits[line]) covered.add(line);
      out.set(path, { executable: unit.executable, covered });
    }
    return out;
  }

  resetCoverage(): void {
    for (const hits of this.hits.values()) hits.fill(0);
  }
}
