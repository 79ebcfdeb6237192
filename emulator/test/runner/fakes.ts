/**
 * Small fakes of the language runtime and SOQL engine, so the runner area (limits, async,
 * org, test runner, CLI) is tested on its own. Schema and record store are the real ones.
 * A fake Apex class is a set of JS functions; an "Apex exception" is an ApexThrow, turned into
 * an ApexUncaughtError at the top of a call as the real runtime does.
 */
import {
  ApexUncaughtError,
  type ApexObjectRef,
  type ApexRuntime,
  type Diagnostic,
  type ObjectDef,
  type ParsedSoql,
  type QueryOptions,
  type SObjectRecord,
  type SoqlEngine,
  type TestClassInfo,
  type TransactionContext,
  type TriggerEvent
} from '../../src/contracts.js';
import { ApexThrow } from '../../src/apex/runtime-types.js';
import { loadSchema } from '../../src/schema/index.js';
import { createRecordStore, type RecordStoreImpl } from '../../src/data/index.js';
import type { PartsFactory } from '../../src/org/local-org.js';

export const FIXTURE_PROJECT = 'emulator/test/fixtures/runner-project';

/** SELECT a, b FROM X [WHERE F = 'v'] [LIMIT n] and SELECT COUNT() FROM X. */
export class FakeSoql implements SoqlEngine {
  queries = 0;
  constructor(private readonly store: RecordStoreImpl) {}

  parse(text: string): ParsedSoql {
    const m = /^\s*select\s+(.+?)\s+from\s+(\w+)/i.exec(text);
    if (!m) throw new Error(`fake SOQL cannot parse ${text}`);
    return {
      text,
      fromObject: m[2],
      binds: [],
      isCount: /^count\(\s*\)$/i.test(m[1].trim()),
      isAggregate: false
    };
  }

  execute(
    query: ParsedSoql,
    _binds: readonly unknown[],
    options: QueryOptions
  ): SObjectRecord[] | number {
    this.queries++;
    options.limits.consume('queries');
    const table = this.store.table(query.fromObject);
    const where = /\bwhere\s+(\w+)\s*=\s*'([^']*)'/i.exec(query.text);
    const limit = /\blimit\s+(\d+)/i.exec(query.text);
    let rows = [...table.rows.values()].filter((r) => r.get('isdeleted') !== true);
    if (where) rows = rows.filter((r) => String(r.get(where[1].toLowerCase())) === where[2]);
    if (limit) rows = rows.slice(0, Number(limit[1]));
    options.limits.consume(options.forQueryLocator ? 'queryLocatorRows' : 'queryRows', rows.length);
    if (query.isCount) return rows.length;
    return rows.map((r) => this.store.recordFromRow(table.def, r, { fromSoql: false }));
  }
}

export class FakeObject implements ApexObjectRef {
  constructor(
    readonly className: string,
    public state: Record<string, unknown> = {}
  ) {}
}

type Method = (self: FakeObject, args: readonly unknown[], tx: TransactionContext) => unknown;
type Static = (args: readonly unknown[], tx: TransactionContext) => unknown;

export interface FakeClass {
  readonly name: string;
  readonly interfaces?: readonly string[];
  readonly methods?: Readonly<Record<string, Method>>;
  readonly statics?: Readonly<Record<string, Static>>;
  /** Makes it an @IsTest class: these statics are test methods / @TestSetup methods. */
  readonly testMethods?: readonly string[];
  readonly setupMethods?: readonly string[];
  readonly file?: string;
}

export class FakeRuntime implements ApexRuntime {
  readonly classes = new Map<string, FakeClass>();
  readonly anonymous = new Map<string, Static>();
  readonly triggers = new Map<
    string,
    (
      event: TriggerEvent,
      newRecords: SObjectRecord[] | null,
      oldRecords: SObjectRecord[] | null,
      tx: TransactionContext
    ) => void
  >();
  loadedFiles: string[] = [];
  diagnostics: Diagnostic[] = [];
  coverageData = new Map<string, { executable: Set<number>; covered: Set<number> }>();
  resets = 0;

  define(cls: FakeClass): this {
    this.classes.set(cls.name.toLowerCase(), cls);
    return this;
  }

  private cls(name: string): FakeClass {
    const c = this.classes.get(name.toLowerCase());
    if (!c) throw new Error(`fake runtime: no class ${name}`);
    return c;
  }

  /** Runs body the way the interpreter runs a top-level call: an Apex exception leaves as ApexUncaughtError. */
  private top<T>(className: string, method: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      if (error instanceof ApexThrow)
        throw new ApexUncaughtError(error.apexType, error.apexMessage, [
          { className, method, file: `classes/${className}.cls`, line: 7 }
        ]);
      throw error;
    }
  }

  load(files: readonly { path: string; source: string }[]): readonly Diagnostic[] {
    this.loadedFiles = files.map((f) => f.path);
    return this.diagnostics;
  }
  runAnonymous(source: string, tx: TransactionContext): void {
    const fn = this.anonymous.get(source.trim());
    if (!fn) throw new Error(`fake runtime: no anonymous script ${source}`);
    this.top('AnonymousBlock', 'execute', () => fn([], tx));
  }
  invokeStatic(
    className: string,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown {
    const fn = this.cls(className).statics?.[methodName];
    if (!fn) throw new Error(`fake runtime: no static ${className}.${methodName}`);
    return this.top(className, methodName, () => fn(args, tx));
  }
  callMethod(
    target: ApexObjectRef,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown {
    const fn = this.cls(target.className).methods?.[methodName];
    if (!fn) throw new Error(`fake runtime: no method ${target.className}.${methodName}`);
    return this.top(target.className, methodName, () => fn(target as FakeObject, args, tx));
  }
  cloneObject(target: ApexObjectRef): ApexObjectRef {
    const t = target as FakeObject;
    return new FakeObject(t.className, structuredClone(t.state));
  }
  implementsInterface(target: ApexObjectRef, interfaceName: string): boolean {
    return (this.cls(target.className).interfaces ?? []).some(
      (i) => i.toLowerCase() === interfaceName.toLowerCase()
    );
  }
  fireTriggers(
    object: ObjectDef,
    event: TriggerEvent,
    newRecords: SObjectRecord[] | null,
    oldRecords: SObjectRecord[] | null,
    tx: TransactionContext
  ): void {
    this.triggers.get(object.name.toLowerCase())?.(event, newRecords, oldRecords, tx);
  }
  testClasses(): readonly TestClassInfo[] {
    return [...this.classes.values()]
      .filter((c) => c.testMethods)
      .map((c) => ({
        className: c.name,
        file: c.file ?? `force-app/main/default/classes/${c.name}.cls`,
        testMethods: c.testMethods!,
        setupMethods: c.setupMethods ?? [],
        seeAllData: false
      }));
  }
  coverage(): ReadonlyMap<
    string,
    { executable: ReadonlySet<number>; covered: ReadonlySet<number> }
  > {
    return this.coverageData;
  }
  resetCoverage(): void {
    this.resets++;
  }
}

export interface FakeParts {
  readonly runtime: FakeRuntime;
  readonly factory: PartsFactory;
  soql?: FakeSoql;
  store?: RecordStoreImpl;
}

/** Real schema and store of the fixture project, fake SOQL and runtime. */
export function fakeParts(runtime = new FakeRuntime()): FakeParts {
  const parts: FakeParts = {
    runtime,
    factory: async (project) => {
      const schema = loadSchema(project.dir);
      const store = createRecordStore(schema);
      const soql = new FakeSoql(store);
      parts.soql = soql;
      parts.store = store;
      return { schema, store, soql, runtime };
    }
  };
  return parts;
}
