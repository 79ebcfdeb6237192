/**
 * Test doubles for the language runtime: a transaction over the real schema and record store,
 * with fake limits, async queue, debug sink and a minimal SOQL engine (the real one is tested
 * by the soql area), and a tiny native `System` class so snippets can print.
 */
import {
  LimitExceededError,
  type AsyncQueue,
  type GovernorLimits,
  type LimitName,
  type ParsedSoql,
  type SObjectRecord,
  type SoqlEngine,
  type TransactionContext,
  type UserContext
} from '../../src/contracts.js';
import { standardSchema } from '../../src/schema/index.js';
import { createRecordStore, type RecordStoreImpl } from '../../src/data/index.js';
import { ApexDatetime } from '../../src/values.js';
import { createApexRuntime, type ApexRuntimeImpl } from '../../src/apex/index.js';
import { ApexThrow, type NativeClass } from '../../src/apex/runtime-types.js';
import { systemLibrary } from '../../src/apex/lib/index.js';
import { systemUserContext } from '../../src/org/user-context.js';

export class FakeLimits implements GovernorLimits {
  readonly async = false;
  readonly counts = new Map<LimitName, number>();
  constructor(private readonly max: Partial<Record<LimitName, number>> = {}) {}
  consume(name: LimitName, n = 1): void {
    const next = (this.counts.get(name) ?? 0) + n;
    this.counts.set(name, next);
    if (next > this.limit(name)) throw new LimitExceededError(name, `Too many ${name}: ${next}`);
  }
  used(name: LimitName): number {
    return this.counts.get(name) ?? 0;
  }
  limit(name: LimitName): number {
    return this.max[name] ?? 1_000_000_000;
  }
}

/** SOQL double: `SELECT … FROM X` returns every stored X; binds are recorded for assertions. */
export class FakeSoql implements SoqlEngine {
  readonly executed: { text: string; binds: unknown[] }[] = [];
  constructor(private readonly store: RecordStoreImpl) {}
  parse(text: string): ParsedSoql {
    const from = /\bfrom\s+(\w+)/i.exec(text);
    if (!from) throw new Error(`fake soql: no FROM in ${text}`);
    const binds = [...text.matchAll(/:\s*([\w.]+(?:\([^)]*\))?)/g)].map((m, index) => ({
      index,
      expressionText: m[1]
    }));
    const isCount = /select\s+count\(\)/i.test(text);
    return { text, fromObject: from[1], binds, isCount, isAggregate: false };
  }
  execute(query: ParsedSoql, bindValues: readonly unknown[]): SObjectRecord[] | number {
    this.executed.push({ text: query.text, binds: [...bindValues] });
    const table = this.store.table(query.fromObject);
    const rows = [...table.rows.keys()].map((id) => this.store.getRecord!(id as string)!);
    return query.isCount ? rows.length : rows;
  }
}

export const FIXED_NOW = ApexDatetime.ofGmt(2025, 3, 15, 18, 30, 0);

export interface Harness {
  runtime: ApexRuntimeImpl;
  tx: TransactionContext & { output: string[] };
  store: RecordStoreImpl;
  soql: FakeSoql;
  limits: FakeLimits;
  queued: unknown[];
  /** Loads classes (name → source); fails the test on any diagnostic. */
  load(classes: Record<string, string>): void;
  /** Runs anonymous Apex and returns the System.debug lines. */
  run(source: string): string[];
}

export const TestSystem: NativeClass = {
  name: 'System',
  staticMethods: {
    debug: (_self, args, ctx) => {
      ctx.tx.debug.debug('DEBUG', ctx.runtime.stringify(args[args.length - 1]), ctx.location);
      return null;
    },
    assertequals: (_self, args, ctx) => {
      if (!ctx.runtime.equals(args[0], args[1])) {
        throw new ApexThrow(
          'System.AssertException',
          `Assertion Failed: Expected: ${ctx.runtime.stringify(args[0])}, Actual: ${ctx.runtime.stringify(args[1])}`
        );
      }
      return null;
    },
    assert: (_self, args) => {
      if (args[0] !== true) throw new ApexThrow('System.AssertException', 'Assertion Failed');
      return null;
    }
  }
};

/** The system library, plus the test System class where the library has none yet. */
export function defaultNatives(): NativeClass[] {
  const lib = systemLibrary();
  return lib.some((n) => n.name === 'System') ? lib : [...lib, TestSystem];
}

export function harness(natives: NativeClass[] = defaultNatives()): Harness {
  const schema = standardSchema();
  const store = createRecordStore(schema);
  const runtime = createApexRuntime(schema, natives) as ApexRuntimeImpl;
  const limits = new FakeLimits();
  const soql = new FakeSoql(store);
  const output: string[] = [];
  const queued: unknown[] = [];
  const admin = [...store.table('User').rows.keys()][0] as string;
  const user: UserContext = {
    ...systemUserContext(admin, '00e000000000001AAA'),
    userName: 'admin@emulator.local',
    hasCustomPermission: () => true
  };
  const asyncQueue: AsyncQueue = {
    enqueueBatch: (request) => {
      queued.push(request);
      return '707000000000001AAA';
    },
    enqueueQueueable: (job) => {
      queued.push(job);
      return '707000000000002AAA';
    },
    publishEvents: () => [],
    abortJob: () => undefined
  };
  const tx = {
    store,
    soql,
    limits,
    user,
    async: asyncQueue,
    debug: { debug: (_level: string, message: string) => output.push(message) },
    isTest: true,
    inStartStopTest: false,
    now: () => FIXED_NOW,
    startTest: () => undefined,
    stopTest: () => undefined,
    runAs: (_userId: string, body: () => void) => body(),
    fixedSearchResults: null,
    output
  };
  const self: Harness = {
    runtime,
    tx,
    store,
    soql,
    limits,
    queued,
    load(classes) {
      const files = Object.entries(classes).map(([name, source]) => ({
        path: name.includes('.') ? name : `classes/${name}.cls`,
        source
      }));
      const diagnostics = runtime.load(files);
      if (diagnostics.length > 0) {
        throw new Error(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
      }
    },
    run(source) {
      output.length = 0;
      runtime.runAnonymous(source, self.tx);
      return [...output];
    }
  };
  return self;
}
