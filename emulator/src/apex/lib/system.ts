/**
 * System, Assert, Limits, UserInfo, TimeZone, FeatureManagement, Test, EventBus, Id, Blob,
 * EncodingUtil, Crypto, and the contexts the async engine hands to Apex.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { NativeCallContext, NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexList, ApexThrow } from '../runtime-types.js';
import type { LimitName, RecordStore, SObjectRecord, TransactionContext } from '../../contracts.js';
import { ApexBlob, ApexDatetime } from '../../values.js';
import { T, int, listOf, nullPointer, str, throwApex } from './util.js';
import { valueToString } from './format.js';
import { enumName } from './enums.js';
import { todayFor } from './datetime.js';
import { isValidTimeZone, offsetMs, userTimeZone } from './timezone.js';
import { SaveResultValue } from './database-results.js';
import { sobjectTypeToken } from './schema.js';
import { registerIdMethods } from './string.js';
import { ID_SHAPE, idChecksum } from '../../data/ids.js';

// ------------------------------------------------------------------------------------------------
// Assertions. System.AssertException: the platform does not let Apex catch it (the interpreter
// must treat it like LimitException); messages as the platform prints them.
// ------------------------------------------------------------------------------------------------

function show(value: unknown, ctx: NativeCallContext): string {
  return valueToString(value, ctx, 'GMT');
}

function assertionFailed(detail: string | null, custom: unknown, ctx: NativeCallContext): never {
  const message = custom === undefined || custom === null ? null : show(custom, ctx);
  const parts = ['Assertion Failed', message, detail].filter(
    (p): p is string => p !== null && p !== ''
  );
  throw new ApexThrow('System.AssertException', parts.join(': '));
}

function checkEquals(args: readonly unknown[], ctx: NativeCallContext): void {
  const [expected, actual, message] = args;
  if (!ctx.runtime.equals(expected, actual)) {
    assertionFailed(`Expected: ${show(expected, ctx)}, Actual: ${show(actual, ctx)}`, message, ctx);
  }
}
function checkNotEquals(args: readonly unknown[], ctx: NativeCallContext): void {
  const [notExpected, actual, message] = args;
  if (ctx.runtime.equals(notExpected, actual))
    assertionFailed(`Same value: ${show(actual, ctx)}`, message, ctx);
}
function checkTrue(
  condition: unknown,
  expected: boolean,
  message: unknown,
  ctx: NativeCallContext,
  detailed: boolean
): void {
  if (condition === null || condition === undefined) {
    if (!detailed) nullPointer();
  }
  if (condition !== expected)
    assertionFailed(
      detailed ? `Expected: ${expected}, Actual: ${show(condition ?? null, ctx)}` : null,
      message,
      ctx
    );
}

/** Is value an instance of the Type argument? Uses the interpreter's typeOf; exact type match or Object. */
function isInstanceOf(value: unknown, type: unknown, ctx: NativeCallContext): boolean {
  if (value === null || value === undefined) return false;
  const target = typeName(type);
  if (target.toLowerCase() === 'object') return true;
  const services = ctx.runtime as unknown as {
    isInstanceOf?: (v: unknown, t: TypeRef, loose: boolean) => boolean;
  };
  if (services.isInstanceOf) return services.isInstanceOf(value, typeRefOfType(type), false);
  const actual = ctx.runtime.typeOf(value).name;
  if (actual.toLowerCase() === target.toLowerCase()) return true;
  throw new Error(
    `unsupported: Assert instance-of check of ${actual} against ${target} needs the interpreter's isInstanceOf at ${ctx.location.file}:${ctx.location.line}`
  );
}

function typeRefOfType(type: unknown): TypeRef {
  const t = type as { type?: TypeRef };
  return t.type && typeof t.type.name === 'string' ? t.type : { name: typeName(type) };
}

function typeName(type: unknown): string {
  if (type === null || type === undefined) nullPointer();
  if (typeof type === 'string') return type;
  const t = type as { name?: unknown; typeName?: unknown; type?: { name?: unknown } };
  if (t.type && typeof t.type.name === 'string') return t.type.name; // the interpreter's System.Type value
  if (typeof t.name === 'string') return t.name;
  if (typeof t.typeName === 'string') return t.typeName;
  throw new TypeError(`expected a Type, got ${String(type)}`);
}

const assertClass: NativeClass = {
  name: 'Assert',
  staticMethods: {
    areequal: (_s, args, ctx) => checkEquals(args, ctx),
    arenotequal: (_s, args, ctx) => checkNotEquals(args, ctx),
    istrue: (_s, args, ctx) => checkTrue(args[0], true, args[1], ctx, true),
    isfalse: (_s, args, ctx) => checkTrue(args[0], false, args[1], ctx, true),
    isnull: (_s, args, ctx) => {
      if (args[0] !== null && args[0] !== undefined)
        assertionFailed(`Expected: null, Actual: ${show(args[0], ctx)}`, args[1], ctx);
    },
    isnotnull: (_s, args, ctx) => {
      if (args[0] === null || args[0] === undefined)
        assertionFailed('Expected: not null, Actual: null', args[1], ctx);
    },
    fail: (_s, args, ctx) => assertionFailed(null, args[0], ctx),
    isinstanceoftype: (_s, args, ctx) => {
      if (!isInstanceOf(args[0], args[1], ctx)) {
        assertionFailed(
          `Expected instance of ${typeName(args[1])}, Actual: ${show(args[0], ctx)}`,
          args[2],
          ctx
        );
      }
    },
    isnotinstanceoftype: (_s, args, ctx) => {
      if (isInstanceOf(args[0], args[1], ctx))
        assertionFailed(`Not expected instance of ${typeName(args[1])}`, args[2], ctx);
    }
  },
  returnTypes: Object.fromEntries(
    [
      'areequal',
      'arenotequal',
      'istrue',
      'isfalse',
      'isnull',
      'isnotnull',
      'fail',
      'isinstanceoftype',
      'isnotinstanceoftype'
    ].map((k) => [k, T.Void])
  )
};

// ------------------------------------------------------------------------------------------------
// System
// ------------------------------------------------------------------------------------------------

interface AsyncAwareTx {
  readonly jobId?: string;
  readonly jobType?: string;
}

function asyncKind(ctx: NativeCallContext, kinds: string[]): boolean {
  const tx = ctx.tx as TransactionContext & AsyncAwareTx;
  if (tx.jobType !== undefined) return kinds.includes(tx.jobType);
  if (tx.jobId === undefined || tx.jobId === null) return false;
  throw new Error(
    `unsupported: System.isBatch/isQueueable/isFuture inside an async job: the transaction does not tell its job type (at ${ctx.location.file}:${ctx.location.line})`
  );
}

const systemClass: NativeClass = {
  name: 'System',
  staticMethods: {
    debug(_s, args, ctx) {
      const level = args.length > 1 ? (enumName(args[0]) ?? 'DEBUG') : 'DEBUG';
      const message = args.length > 1 ? args[1] : args[0];
      ctx.tx.debug.debug(level.toUpperCase(), show(message, ctx), ctx.location);
    },
    now: (_s, _a, ctx) => ctx.tx.now(),
    today: (_s, _a, ctx) => todayFor(ctx),
    currenttimemillis: (_s, _a, ctx) => BigInt(ctx.tx.now().epochMs),
    assert: (_s, args, ctx) => checkTrue(args[0], true, args[1], ctx, false),
    assertequals: (_s, args, ctx) => checkEquals(args, ctx),
    assertnotequals: (_s, args, ctx) => checkNotEquals(args, ctx),
    enqueuejob(_s, args, ctx) {
      const job = args[0];
      if (job === null || job === undefined) nullPointer('Argument cannot be null');
      if (args.length > 1) {
        const delay = int(args, 1);
        if (delay < 0 || delay > 10)
          throwApex(
            'System.InvalidParameterValueException',
            'The delay must be between 0 and 10 minutes'
          );
      }
      return ctx.tx.async.enqueueQueueable(job as { className: string }, ctx.tx);
    },
    abortjob(_s, args, ctx) {
      ctx.tx.async.abortJob(str(args, 0), ctx.tx);
    },
    isbatch: (_s, _a, ctx) => asyncKind(ctx, ['BatchApex', 'BatchApexWorker']),
    isqueueable: (_s, _a, ctx) => asyncKind(ctx, ['Queueable']),
    isfuture: (_s, _a, ctx) => asyncKind(ctx, ['Future']),
    isscheduled: (_s, _a, ctx) => asyncKind(ctx, ['ScheduledApex'])
  },
  returnTypes: {
    debug: T.Void,
    now: T.Datetime,
    today: T.Date,
    currenttimemillis: T.Long,
    assert: T.Void,
    assertequals: T.Void,
    assertnotequals: T.Void,
    enqueuejob: T.Id,
    abortjob: T.Void,
    isbatch: T.Boolean,
    isqueueable: T.Boolean,
    isfuture: T.Boolean,
    isscheduled: T.Boolean
  }
};

// ------------------------------------------------------------------------------------------------
// Limits
// ------------------------------------------------------------------------------------------------

const LIMIT_METHODS: Record<string, LimitName> = {
  queries: 'queries',
  queryrows: 'queryRows',
  querylocatorrows: 'queryLocatorRows',
  dmlstatements: 'dmlStatements',
  dmlrows: 'dmlRows',
  cputime: 'cpuTime',
  heapsize: 'heapSize',
  callouts: 'callouts',
  queueablejobs: 'queueableJobs',
  futurecalls: 'futureCalls',
  publishimmediatedml: 'publishImmediateDml',
  emailinvocations: 'emailInvocations',
  soslqueries: 'soslQueries',
  aggregatequeries: 'aggregateQueries'
};

const limitsStatic: Record<string, NativeMethod> = {};
const limitsReturn: Record<string, TypeRef> = {};
for (const [suffix, name] of Object.entries(LIMIT_METHODS)) {
  limitsStatic[`get${suffix}`] = (_s, _a, ctx) => ctx.tx.limits.used(name);
  limitsStatic[`getlimit${suffix}`] = (_s, _a, ctx) => ctx.tx.limits.limit(name);
  limitsReturn[`get${suffix}`] = T.Integer;
  limitsReturn[`getlimit${suffix}`] = T.Integer;
}
const limitsClass: NativeClass = {
  name: 'Limits',
  staticMethods: limitsStatic,
  returnTypes: limitsReturn
};

// ------------------------------------------------------------------------------------------------
// UserInfo and TimeZone
// ------------------------------------------------------------------------------------------------

/** Reads one record by Id through SOQL without counting against the transaction's limits. */
function readRecord(
  ctx: NativeCallContext,
  object: string,
  fields: string[],
  id: string
): SObjectRecord | null {
  const limits = ctx.tx.limits;
  const free = {
    async: limits.async,
    consume: () => undefined,
    used: (n: LimitName) => limits.used(n),
    limit: (n: LimitName) => limits.limit(n)
  };
  const query = ctx.tx.soql.parse(
    `SELECT ${fields.join(', ')} FROM ${object} WHERE Id = :id LIMIT 1`
  );
  const rows = ctx.tx.soql.execute(query, [id], {
    accessLevel: 'system',
    user: ctx.tx.user,
    limits: free,
    now: () => ctx.tx.now()
  });
  return Array.isArray(rows) && rows.length > 0 ? rows[0] : null;
}

function userField(ctx: NativeCallContext, field: string): unknown {
  const record = readRecord(ctx, 'User', [field], ctx.tx.user.userId);
  if (!record)
    throw new Error(
      `unsupported: UserInfo: the running user ${ctx.tx.user.userId} has no User record in the store`
    );
  return record.get(field);
}

function organizationField(ctx: NativeCallContext, field: string): unknown {
  const query = ctx.tx.soql.parse(`SELECT ${field} FROM Organization LIMIT 1`);
  const limits = ctx.tx.limits;
  const free = {
    async: limits.async,
    consume: () => undefined,
    used: (n: LimitName) => limits.used(n),
    limit: (n: LimitName) => limits.limit(n)
  };
  const rows = ctx.tx.soql.execute(query, [], {
    accessLevel: 'system',
    user: ctx.tx.user,
    limits: free,
    now: () => ctx.tx.now()
  });
  if (!Array.isArray(rows) || rows.length === 0)
    throw new Error('unsupported: UserInfo: the org has no Organization record');
  return rows[0].get(field);
}

export class TimeZoneValue {
  readonly nativeClassName = 'TimeZone';
  constructor(readonly id: string) {}
  toString(): string {
    return this.id;
  }
}

function standardName(id: string): string {
  if (id === 'GMT' || id === 'UTC') return 'Greenwich Mean Time';
  const year = 2024;
  const jan = Date.UTC(year, 0, 15);
  const jul = Date.UTC(year, 6, 15);
  const instant = offsetMs(jan, id) <= offsetMs(jul, id) ? jan : jul;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: id,
    timeZoneName: 'long'
  }).formatToParts(new Date(instant));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? id;
}

const timeZoneClass: NativeClass = {
  name: 'TimeZone',
  staticMethods: {
    gettimezone: (_s, args) => {
      const id = str(args, 0);
      return new TimeZoneValue(isValidTimeZone(id) ? id : 'GMT');
    }
  },
  instanceMethods: {
    getid: (self) => (self as TimeZoneValue).id,
    getdisplayname: (self) => standardName((self as TimeZoneValue).id),
    getoffset: (self, args) => {
      const at = args[0];
      if (!(at instanceof ApexDatetime)) nullPointer();
      const id = (self as TimeZoneValue).id;
      return id === 'GMT' || id === 'UTC' ? 0 : offsetMs(at.epochMs, id);
    },
    tostring: (self) => (self as TimeZoneValue).id
  },
  returnTypes: {
    gettimezone: { name: 'TimeZone' },
    getid: T.String,
    getdisplayname: T.String,
    getoffset: T.Integer,
    tostring: T.String
  }
};

const userInfoClass: NativeClass = {
  name: 'UserInfo',
  staticMethods: {
    getuserid: (_s, _a, ctx) => ctx.tx.user.userId,
    getusername: (_s, _a, ctx) => ctx.tx.user.userName,
    getprofileid: (_s, _a, ctx) => ctx.tx.user.profileId,
    getlocale: (_s, _a, ctx) => ctx.tx.user.locale,
    getlanguage: (_s, _a, ctx) =>
      (userField(ctx, 'LanguageLocaleKey') as string | null) ?? ctx.tx.user.locale,
    gettimezone: (_s, _a, ctx) => new TimeZoneValue(userTimeZone(ctx)),
    getname: (_s, _a, ctx) => userField(ctx, 'Name'),
    getfirstname: (_s, _a, ctx) => userField(ctx, 'FirstName'),
    getlastname: (_s, _a, ctx) => userField(ctx, 'LastName'),
    getuseremail: (_s, _a, ctx) => userField(ctx, 'Email'),
    getusertype: () => 'Standard',
    getorganizationid: (_s, _a, ctx) => organizationField(ctx, 'Id'),
    getorganizationname: (_s, _a, ctx) => organizationField(ctx, 'Name'),
    ismulticurrencyorganization: () => false,
    getdefaultcurrency: () => 'USD',
    getuithemedisplayed: () => 'Theme4d',
    getuitheme: () => 'Theme4d'
  },
  returnTypes: {
    getuserid: T.Id,
    getusername: T.String,
    getprofileid: T.Id,
    getlocale: T.String,
    getlanguage: T.String,
    gettimezone: { name: 'TimeZone' },
    getname: T.String,
    getfirstname: T.String,
    getlastname: T.String,
    getuseremail: T.String,
    getusertype: T.String,
    getorganizationid: T.Id,
    getorganizationname: T.String,
    ismulticurrencyorganization: T.Boolean,
    getdefaultcurrency: T.String,
    getuithemedisplayed: T.String,
    getuitheme: T.String
  }
};

const featureManagementClass: NativeClass = {
  name: 'FeatureManagement',
  staticMethods: {
    checkpermission: (_s, args, ctx) => ctx.tx.user.hasCustomPermission(str(args, 0))
  },
  returnTypes: { checkpermission: T.Boolean }
};

// ------------------------------------------------------------------------------------------------
// Test
// ------------------------------------------------------------------------------------------------

/** HttpCalloutMock / WebServiceMock registered with Test.setMock, per transaction, by interface name. */
const mocks = new WeakMap<TransactionContext, Map<string, unknown>>();
export function registeredMock(tx: TransactionContext, interfaceName: string): unknown {
  return mocks.get(tx)?.get(interfaceName.toLowerCase()) ?? null;
}

export class TestEventBusValue {
  readonly nativeClassName = 'EventBus.TestBroker';
}

function requireTest(ctx: NativeCallContext, method: string): void {
  if (!ctx.tx.isTest)
    throwApex('System.FinalException', `Test.${method}() can only be called from a test method`);
}

const testClass: NativeClass = {
  name: 'Test',
  staticMethods: {
    isrunningtest: (_s, _a, ctx) => ctx.tx.isTest,
    starttest: (_s, _a, ctx) => {
      requireTest(ctx, 'startTest');
      ctx.tx.startTest();
    },
    stoptest: (_s, _a, ctx) => {
      requireTest(ctx, 'stopTest');
      ctx.tx.stopTest();
    },
    setfixedsearchresults: (_s, args, ctx) => {
      const ids = args[0];
      ctx.tx.fixedSearchResults = ids instanceof ApexList ? ids.items.map((x) => String(x)) : [];
    },
    geteventbus: (_s, _a, ctx) => {
      requireTest(ctx, 'getEventBus');
      return new TestEventBusValue();
    },
    setcreateddate: (_s, args, ctx) => {
      requireTest(ctx, 'setCreatedDate');
      const id = str(args, 0);
      const when = args[1];
      if (!(when instanceof ApexDatetime)) nullPointer('Argument 2 cannot be null');
      const store = ctx.tx.store as RecordStore & {
        updateSystem?(id: string, fields: Record<string, ApexDatetime>): void;
      };
      if (!store.updateSystem)
        throw new Error(
          'unsupported: Test.setCreatedDate: the record store cannot update system fields'
        );
      store.updateSystem(id, { CreatedDate: when });
    },
    setmock: (_s, args, ctx) => {
      requireTest(ctx, 'setMock');
      let byInterface = mocks.get(ctx.tx);
      if (!byInterface) mocks.set(ctx.tx, (byInterface = new Map()));
      byInterface.set(typeName(args[0]).toLowerCase(), args[1]);
    }
  },
  returnTypes: {
    isrunningtest: T.Boolean,
    starttest: T.Void,
    stoptest: T.Void,
    setfixedsearchresults: T.Void,
    geteventbus: { name: 'EventBus.TestBroker' },
    setmock: T.Void,
    setcreateddate: T.Void
  }
};

const testBrokerClass: NativeClass = {
  name: 'EventBus.TestBroker',
  instanceMethods: {
    deliver: (_self, _a, ctx) => {
      const tx = ctx.tx as TransactionContext & { deliverTestEvents?: () => void };
      if (!tx.deliverTestEvents)
        throw new Error(
          'unsupported: Test.getEventBus().deliver(): the transaction cannot deliver test events'
        );
      tx.deliverTestEvents();
    }
  },
  returnTypes: { deliver: T.Void }
};

const SAVE_RESULT: TypeRef = { name: 'Database.SaveResult' };

const eventBusClass: NativeClass = {
  name: 'EventBus',
  staticMethods: {
    publish(_s, args, ctx) {
      const arg = args[0];
      if (arg === null || arg === undefined) nullPointer();
      const events =
        arg instanceof ApexList ? (arg.items as SObjectRecord[]) : [arg as SObjectRecord];
      const results = ctx.tx.async.publishEvents(events, ctx.tx).map((r) => new SaveResultValue(r));
      return arg instanceof ApexList ? new ApexList(SAVE_RESULT, results) : results[0];
    }
  },
  returnTypes: {
    publish: (argTypes) => (argTypes[0]?.name === 'List' ? listOf(SAVE_RESULT) : SAVE_RESULT)
  }
};

// ------------------------------------------------------------------------------------------------
// Id
// ------------------------------------------------------------------------------------------------

/** The 18-character Id of a 15/18-character text, or null when it is not a valid Id. */
export function normalizeId(text: string): string | null {
  if (!ID_SHAPE.test(text)) return null;
  const base = text.slice(0, 15);
  const suffix = idChecksum(base);
  if (text.length === 18 && text.slice(15).toUpperCase() !== suffix) return null;
  return base + suffix;
}

const idMethods = {
  getsobjecttype(self: unknown, _a: readonly unknown[], ctx: NativeCallContext) {
    if (self === null || self === undefined) nullPointer();
    const object = ctx.tx.store.schema.objectByKeyPrefix(String(self).slice(0, 3));
    if (!object)
      throw new Error(
        `unsupported: Id.getSObjectType: no object with key prefix ${String(self).slice(0, 3)} in the schema`
      );
    return sobjectTypeToken(object.name);
  },
  to15(self: unknown) {
    if (self === null || self === undefined) nullPointer();
    return String(self).slice(0, 15);
  }
};
registerIdMethods(idMethods);

const idClass: NativeClass = {
  name: 'Id',
  staticMethods: {
    valueof(_s, args) {
      const text = args[0];
      if (text === null || text === undefined) return null;
      const id = typeof text === 'string' ? normalizeId(text) : null;
      if (id === null) throwApex('System.StringException', `Invalid id: ${String(text)}`);
      return id;
    }
  },
  instanceMethods: idMethods,
  returnTypes: { valueof: T.Id, getsobjecttype: { name: 'Schema.SObjectType' }, to15: T.String }
};

// ------------------------------------------------------------------------------------------------
// Blob, EncodingUtil, Crypto
// ------------------------------------------------------------------------------------------------

const blobArg = (args: readonly unknown[], i: number): ApexBlob => {
  const v = args[i];
  if (v === null || v === undefined) nullPointer('Argument cannot be null');
  if (!(v instanceof ApexBlob)) throw new TypeError('expected a Blob argument');
  return v;
};
const toBlob = (bytes: Uint8Array | Buffer) => new ApexBlob(new Uint8Array(bytes));

const blobClass: NativeClass = {
  name: 'Blob',
  staticMethods: {
    valueof: (_s, args) => toBlob(Buffer.from(str(args, 0), 'utf8'))
  },
  instanceMethods: {
    size: (self) => (self as ApexBlob).bytes.length,
    tostring: (self) => {
      const bytes = (self as ApexBlob).bytes;
      const text = new TextDecoder('utf-8', { fatal: true });
      try {
        return text.decode(bytes);
      } catch {
        return throwApex('System.StringException', 'BLOB is not a valid UTF-8 string');
      }
    }
  },
  returnTypes: { valueof: T.Blob, size: T.Integer, tostring: T.String }
};

/** java.net.URLEncoder.encode(s, "UTF-8"). */
function urlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function checkEncoding(args: readonly unknown[], i: number): void {
  const enc = str(args, i);
  if (!/^utf-?8$/i.test(enc))
    throw new Error(`unsupported: EncodingUtil with encoding ${enc} (only UTF-8 is emulated)`);
}

const encodingUtilClass: NativeClass = {
  name: 'EncodingUtil',
  staticMethods: {
    base64encode: (_s, args) => Buffer.from(blobArg(args, 0).bytes).toString('base64'),
    base64decode: (_s, args) => {
      const text = str(args, 0);
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text))
        throwApex('System.StringException', 'Unrecognized base64 character');
      return toBlob(Buffer.from(text, 'base64'));
    },
    urlencode: (_s, args) => {
      checkEncoding(args, 1);
      return urlEncode(str(args, 0));
    },
    urldecode: (_s, args) => {
      checkEncoding(args, 1);
      try {
        return decodeURIComponent(str(args, 0).replace(/\+/g, ' '));
      } catch {
        return throwApex(
          'System.StringException',
          `URLDecoder: Illegal hex characters in escape (%) pattern`
        );
      }
    },
    converttohex: (_s, args) => Buffer.from(blobArg(args, 0).bytes).toString('hex'),
    convertfromhex: (_s, args) => {
      const text = str(args, 0);
      if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text))
        throwApex('System.InvalidParameterValueException', 'Invalid hex string');
      return toBlob(Buffer.from(text, 'hex'));
    }
  },
  returnTypes: {
    base64encode: T.String,
    base64decode: T.Blob,
    urlencode: T.String,
    urldecode: T.String,
    converttohex: T.String,
    convertfromhex: T.Blob
  }
};

const DIGESTS: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
  'sha-512': 'sha512',
  sha512: 'sha512',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512'
};
const MACS: Record<string, string> = {
  hmacmd5: 'md5',
  hmacsha1: 'sha1',
  hmacsha256: 'sha256',
  hmacsha512: 'sha512'
};

const cryptoClass: NativeClass = {
  name: 'Crypto',
  staticMethods: {
    generatedigest(_s, args) {
      const algorithm = DIGESTS[str(args, 0).toLowerCase()];
      if (!algorithm)
        throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(args[0])}`);
      return toBlob(createHash(algorithm).update(blobArg(args, 1).bytes).digest());
    },
    generatemac(_s, args) {
      const algorithm = MACS[str(args, 0).toLowerCase()];
      if (!algorithm)
        throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(args[0])}`);
      return toBlob(
        createHmac(algorithm, blobArg(args, 2).bytes).update(blobArg(args, 1).bytes).digest()
      );
    },
    getrandominteger: () => randomBytes(4).readInt32BE(0),
    getrandomlong: () => randomBytes(8).readBigInt64BE(0)
  },
  returnTypes: {
    generatedigest: T.Blob,
    generatemac: T.Blob,
    getrandominteger: T.Integer,
    getrandomlong: T.Long
  }
};

// ------------------------------------------------------------------------------------------------
// URL
// ------------------------------------------------------------------------------------------------

/** The emulated org's My Domain (there is no real one): what URL.getOrgDomainUrl() returns. */
export const ORG_DOMAIN_URL = 'https://converse-emulator.my.salesforce.com';

export class UrlValue {
  readonly nativeClassName = 'Url';
  constructor(readonly url: URL) {}
  toString(): string {
    return externalForm(this.url);
  }
}

/** java.net.URL.toExternalForm: the URL as written (no slash added after a bare host). */
function externalForm(url: URL): string {
  return `${url.protocol}//${url.host}${rawHadSlash.get(url) ? url.pathname : ''}${url.search}${url.hash}`;
}
const rawHadSlash = new WeakMap<URL, boolean>();

function parseUrl(spec: string): UrlValue {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return throwApex('System.StringException', `Invalid URL: ${spec}`);
  }
  rawHadSlash.set(url, /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(spec));
  return new UrlValue(url);
}

const u = (self: unknown): URL => {
  if (self === null || self === undefined) nullPointer();
  return (self as UrlValue).url;
};

const urlClass: NativeClass = {
  name: 'Url',
  construct(args) {
    if (args.length === 1) return parseUrl(str(args, 0));
    if (args.length === 2) {
      const context = args[0] as UrlValue;
      if (context === null) nullPointer();
      return parseUrl(new URL(str(args, 1), context.url).href);
    }
    const [protocol, host] = [str(args, 0), str(args, 1)];
    const port = args.length === 4 ? int(args, 2) : -1;
    const file = str(args, args.length - 1);
    return parseUrl(`${protocol}://${host}${port >= 0 ? `:${port}` : ''}${file}`);
  },
  staticMethods: {
    getorgdomainurl: () => parseUrl(ORG_DOMAIN_URL),
    getsalesforcebaseurl: () => parseUrl(ORG_DOMAIN_URL)
  },
  instanceMethods: {
    toexternalform: (self) => externalForm(u(self)),
    tostring: (self) => externalForm(u(self)),
    getprotocol: (self) => u(self).protocol.replace(/:$/, ''),
    gethost: (self) => u(self).hostname,
    getport: (self) => (u(self).port === '' ? -1 : Number(u(self).port)),
    getdefaultport: (self) =>
      ({ 'https:': 443, 'http:': 80 })[u(self).protocol as 'https:' | 'http:'] ?? -1,
    getauthority: (self) => u(self).host,
    getpath: (self) => (rawHadSlash.get(u(self)) ? u(self).pathname : ''),
    getquery: (self) => (u(self).search === '' ? null : u(self).search.slice(1)),
    getref: (self) => (u(self).hash === '' ? null : u(self).hash.slice(1)),
    getfile: (self) => (rawHadSlash.get(u(self)) ? u(self).pathname : '') + u(self).search
  },
  returnTypes: {
    getorgdomainurl: { name: 'Url' },
    getsalesforcebaseurl: { name: 'Url' },
    toexternalform: T.String,
    tostring: T.String,
    getprotocol: T.String,
    gethost: T.String,
    getport: T.Integer,
    getdefaultport: T.Integer,
    getauthority: T.String,
    getpath: T.String,
    getquery: T.String,
    getref: T.String,
    getfile: T.String
  }
};

// ------------------------------------------------------------------------------------------------
// Contexts handed to Apex by the async engine (async/work.ts): BatchableContextValue, QueueableContextValue.
// ------------------------------------------------------------------------------------------------

interface JobContext {
  readonly jobId: string;
  readonly childJobId?: string | null;
}

const batchableContextClass: NativeClass = {
  name: 'Database.BatchableContext',
  instanceMethods: {
    getjobid: (self) => (self as JobContext).jobId,
    getchildjobid: (self) => (self as JobContext).childJobId ?? null
  },
  returnTypes: { getjobid: T.Id, getchildjobid: T.Id }
};

const queueableContextClass: NativeClass = {
  name: 'QueueableContext',
  instanceMethods: {
    getjobid: (self) => (self as JobContext).jobId
  },
  returnTypes: { getjobid: T.Id }
};

export const systemClasses: NativeClass[] = [
  systemClass,
  assertClass,
  limitsClass,
  userInfoClass,
  timeZoneClass,
  featureManagementClass,
  testClass,
  testBrokerClass,
  eventBusClass,
  idClass,
  blobClass,
  encodingUtilClass,
  cryptoClass,
  batchableContextClass,
  queueableContextClass,
  urlClass,
  { ...urlClass, name: 'System.Url' }
];
