/**
 * A fake NativeCallContext for calling the system library's natives directly, without the
 * interpreter: a transaction with a configurable user, clock, limits, async queue and debug sink.
 */
import type {
  NativeCallContext,
  NativeClass,
  NativeRuntimeServices,
  TypeRef
} from '../../src/apex/runtime-types.js';
import { ApexList, ApexMap, ApexSet } from '../../src/apex/runtime-types.js';
import type {
  ApexObjectRef,
  AsyncQueue,
  DmlRowResult,
  GovernorLimits,
  LimitName,
  SObjectRecord,
  TransactionContext,
  UserContext
} from '../../src/contracts.js';
import { ApexDatetime } from '../../src/values.js';
import { systemLibrary } from '../../src/apex/lib/index.js';
import { primitiveToString } from '../../src/apex/lib/format.js';

export interface FakeUserOptions {
  timeZoneSidKey?: string;
  locale?: string;
  modifyAllData?: boolean;
  customPermissions?: string[];
  readableObjects?: string[];
  /** `Object.Field`, lower-cased */
  unreadableFields?: string[];
}

export function fakeUser(options: FakeUserOptions = {}): UserContext {
  const perms = new Set((options.customPermissions ?? []).map((p) => p.toLowerCase()));
  const readable = new Set((options.readableObjects ?? []).map((p) => p.toLowerCase()));
  const unreadableFields = new Set(options.unreadableFields ?? []);
  const admin = options.modifyAllData ?? true;
  const obj = (o: string) => admin || readable.has(o.toLowerCase());
  return {
    userId: '005000000000001AAA',
    profileId: '00e000000000001AAA',
    profileName: 'System Administrator',
    userName: 'admin@converse.local',
    timeZoneSidKey: options.timeZoneSidKey ?? 'America/Los_Angeles',
    locale: options.locale ?? 'en_US',
    modifyAllData: admin,
    canReadObject: obj,
    canCreateObject: obj,
    canEditObject: obj,
    canDeleteObject: obj,
    canReadField: (o, f) => obj(o) && !unreadableFields.has(`${o}.${f}`.toLowerCase()),
    canEditField: (o, f) => obj(o) && !unreadableFields.has(`${o}.${f}`.toLowerCase()),
    hasCustomPermission: (name) => perms.has(name.toLowerCase())
  };
}

export class FakeLimits implements GovernorLimits {
  readonly counters = new Map<LimitName, number>();
  constructor(readonly async = false) {}
  consume(name: LimitName, n = 1): void {
    this.counters.set(name, this.used(name) + n);
  }
  used(name: LimitName): number {
    return this.counters.get(name) ?? 0;
  }
  limit(name: LimitName): number {
    const limits: Partial<Record<LimitName, number>> = {
      queries: 100,
      dmlStatements: 150,
      queryRows: 50000,
      dmlRows: 10000,
      cpuTime: 10000,
      heapSize: 6000000,
      queueableJobs: 50
    };
    return limits[name] ?? 0;
  }
}

export interface Recorded {
  debug: { level: string; message: string; location: { file: string; line: number } }[];
  queueables: ApexObjectRef[];
  published: SObjectRecord[][];
  aborted: string[];
  startStop: string[];
}

export interface FakeOptions {
  user?: UserContext;
  now?: ApexDatetime;
  isTest?: boolean;
  argTypes?: TypeRef[];
  runtime?: Partial<NativeRuntimeServices>;
}

export function fakeContext(options: FakeOptions = {}): NativeCallContext & { recorded: Recorded } {
  const recorded: Recorded = {
    debug: [],
    queueables: [],
    published: [],
    aborted: [],
    startStop: []
  };
  const asyncQueue: AsyncQueue = {
    enqueueBatch: () => '707000000000001AAA',
    enqueueQueueable: (job) => {
      recorded.queueables.push(job);
      return '707000000000002AAA';
    },
    publishEvents: (events): DmlRowResult[] => {
      recorded.published.push(events);
      return events.map(() => ({
        id: 'e00000000000001AAA',
        success: true,
        created: true,
        errors: []
      }));
    },
    abortJob: (id) => {
      recorded.aborted.push(id);
    }
  };
  const now = options.now ?? ApexDatetime.ofGmt(2024, 1, 31, 10, 0, 0);
  let inStartStop = false;
  const tx: TransactionContext = {
    store: undefined as never,
    soql: undefined as never,
    limits: new FakeLimits(),
    user: options.user ?? fakeUser(),
    async: asyncQueue,
    debug: {
      debug: (level, message, location) => recorded.debug.push({ level, message, location })
    },
    isTest: options.isTest ?? true,
    get inStartStopTest() {
      return inStartStop;
    },
    now: () => now,
    startTest: () => {
      inStartStop = true;
      recorded.startStop.push('start');
    },
    stopTest: () => {
      inStartStop = false;
      recorded.startStop.push('stop');
    },
    runAs: (_userId, body) => body(),
    fixedSearchResults: null
  };
  const runtime: NativeRuntimeServices = {
    typeOf: () => ({ name: 'Object' }),
    stringify: (v) =>
      primitiveToString(v) ??
      (v instanceof ApexList
        ? `(${v.items.map((x) => primitiveToString(x)).join(', ')})`
        : String(v)),
    equals: (a, b) => a === b,
    hashKey: (v) => v,
    newObject: (className) => ({ className }),
    getObjectField: () => null,
    setObjectField: () => undefined,
    objectFields: () => [],
    classExists: () => false,
    callMethod: () => null,
    ...options.runtime
  };
  return {
    tx,
    runtime,
    location: { file: 'Test.cls', line: 7 },
    argTypes: options.argTypes ?? [],
    recorded
  };
}

const classes = new Map(systemLibrary().map((c) => [c.name.toLowerCase(), c]));

export function nativeClass(name: string): NativeClass {
  const c = classes.get(name.toLowerCase());
  if (!c) throw new Error(`no native class ${name}`);
  return c;
}

/** Calls a static method: callStatic('String', 'valueOf', [1]). */
export function callStatic(
  className: string,
  method: string,
  args: unknown[],
  ctx = fakeContext()
): unknown {
  const fn = nativeClass(className).staticMethods?.[method.toLowerCase()];
  if (!fn) throw new Error(`no static method ${className}.${method}`);
  return fn(null, args, ctx);
}

/** Calls an instance method: call('String', 'abc', 'substring', [1]). */
export function call(
  className: string,
  target: unknown,
  method: string,
  args: unknown[] = [],
  ctx = fakeContext()
): unknown {
  const fn = nativeClass(className).instanceMethods?.[method.toLowerCase()];
  if (!fn) throw new Error(`no instance method ${className}.${method}`);
  return fn(target, args, ctx);
}

export function list(items: unknown[], elementType: TypeRef = { name: 'Object' }): ApexList {
  return new ApexList(elementType, items);
}

export { ApexList, ApexMap, ApexSet };

// ------------------------------------------------------------------------------------------------
// A small fake schema and store for describe, custom settings and stripInaccessible.
// ------------------------------------------------------------------------------------------------

import type {
  FieldDef,
  ObjectDef,
  OrgSchema,
  RecordStore,
  ChildRelationshipDef
} from '../../src/contracts.js';
import type { ApexPrimitive } from '../../src/values.js';

export function field(
  name: string,
  type: FieldDef['type'],
  extra: Partial<FieldDef> = {}
): FieldDef {
  return {
    name,
    label: name.replace(/__c$/, '').replace(/_/g, ' '),
    type,
    required: false,
    unique: false,
    caseSensitive: false,
    externalId: false,
    createable: true,
    updateable: true,
    system: false,
    ...extra
  };
}

export function objectDef(
  name: string,
  keyPrefix: string,
  fields: FieldDef[],
  extra: Partial<ObjectDef> = {},
  children: ChildRelationshipDef[] = []
): ObjectDef {
  const map = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const idField = field('Id', 'Id', { createable: false, updateable: false, system: true });
  map.set('id', idField);
  return {
    name,
    label: name.replace(/__c$/, ''),
    labelPlural: name.replace(/__c$/, '') + 's',
    kind: name.endsWith('__c') ? 'custom' : 'standard',
    keyPrefix,
    fields: map,
    childRelationships: new Map(children.map((c) => [c.relationshipName.toLowerCase(), c])),
    getField: (n) => map.get(n.toLowerCase()),
    ...extra
  };
}

export class FakeRecord {
  readonly values = new Map<string, ApexPrimitive>();
  readonly errors: { message: string; field?: string }[] = [];
  constructor(readonly objectDef: ObjectDef) {}
  get id(): string | null {
    return (this.values.get('id') as string | undefined) ?? null;
  }
  get(f: string): ApexPrimitive {
    return this.values.get(f.toLowerCase()) ?? null;
  }
  put(f: string, v: ApexPrimitive): void {
    this.values.set(f.toLowerCase(), v);
  }
  putRaw(f: string, v: ApexPrimitive): void {
    this.values.set(f.toLowerCase(), v);
  }
  getParent(): null {
    return null;
  }
  putParent(): void {}
  getChildren(): null {
    return null;
  }
  populatedFields(): string[] {
    return [...this.values.keys()].map((k) => this.objectDef.getField(k)?.name ?? k);
  }
  isSet(f: string): boolean {
    return this.values.has(f.toLowerCase());
  }
  clone(preserveId: boolean): FakeRecord {
    const copy = new FakeRecord(this.objectDef);
    for (const [k, v] of this.values) if (preserveId || k !== 'id') copy.values.set(k, v);
    return copy;
  }
  addError(message: string, f?: string): void {
    this.errors.push({ message, field: f });
  }
}

export function fakeSchema(objects: ObjectDef[]): OrgSchema {
  return {
    getObject: (n) => objects.find((o) => o.name.toLowerCase() === n.toLowerCase()),
    objects: () => objects,
    objectByKeyPrefix: (p) => objects.find((o) => o.keyPrefix === p),
    customMetadataRecords: () => [],
    permissionSets: () => [],
    customPermissions: () => []
  };
}

export function fakeStore(schema: OrgSchema, extra: Record<string, unknown> = {}): RecordStore {
  return {
    schema,
    dml: () => [],
    newRecord: (object, fields = {}) => {
      const r = new FakeRecord(schema.getObject(object)!);
      for (const [k, v] of Object.entries(fields)) r.put(k, v);
      return r as unknown as SObjectRecord;
    },
    newId: () => '001000000000001AAA',
    snapshot: () => ({ token: null }),
    restore: () => undefined,
    toJson: () => null,
    loadJson: () => undefined,
    ...extra
  } as RecordStore;
}

/** A context whose transaction has this store (and its schema). */
export function contextWithStore(
  store: RecordStore,
  options: FakeOptions = {}
): ReturnType<typeof fakeContext> {
  const ctx = fakeContext(options);
  (ctx.tx as { store: RecordStore }).store = store;
  return ctx;
}
