/**
 * The seams between the emulator's areas. Each area owns its folder and implements the
 * interfaces here that name it; the others depend only on these interfaces.
 *
 *   schema/  (data owner)     loads metadata into an OrgSchema
 *   data/    (data owner)     SObjectRecord, the record store, DML engine
 *   soql/    (data owner)     SOQL parser and evaluator
 *   apex/    (language owner) front end, resolved IR, interpreter, exceptions, type system
 *   apex/lib (library owner)  the system library: String, Decimal, Date/Datetime, JSON, regex, Math…
 *   limits/, async/, runner/, cli/, org/ (runner owner)  governor limits, batch/queueable/events,
 *                             the Apex test runner and coverage, the CLI, the persistent local org
 *
 * Entry points (each area's index.ts):
 *   schema/index.ts   export function loadSchema(projectDir: string): OrgSchema
 *   data/index.ts     export function createRecordStore(schema: OrgSchema): RecordStore
 *   soql/index.ts     export function createSoqlEngine(store: RecordStore): SoqlEngine
 *   apex/index.ts     export function createApexRuntime(schema: OrgSchema, natives: readonly NativeClass[]): ApexRuntime
 *   apex/lib/index.ts export function systemLibrary(): NativeClass[]   (NativeClass: apex/runtime-types.ts)
 *   index.ts          the emulator's public TypeScript API (runner owner)
 *
 * Change an interface here only together with every implementer and caller.
 */
import type { ApexPrimitive, ApexDatetime } from './values.js';

// ---------------------------------------------------------------------------------------------
// schema/
// ---------------------------------------------------------------------------------------------

export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Html'
  | 'EncryptedText'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Picklist'
  | 'MultiselectPicklist'
  | 'Checkbox'
  | 'Number'
  | 'Currency'
  | 'Percent'
  | 'Date'
  | 'DateTime'
  | 'Time'
  | 'Lookup'
  | 'MasterDetail'
  | 'AutoNumber'
  | 'Formula'
  | 'Summary';

export interface FieldDef {
  /** Canonical API name, as the metadata spells it (e.g. `Unformatted_Phone__c`, `CreatedDate`). */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly required: boolean;
  readonly unique: boolean;
  readonly caseSensitive: boolean;
  readonly externalId: boolean;
  /** The value a new record gets when the field is not set (already converted), or undefined. */
  readonly defaultValue?: ApexPrimitive;
  readonly picklistValues?: readonly string[];
  /** Lookup / master-detail targets (canonical object names); `Owner` style polymorphic fields list several. */
  readonly referenceTo?: readonly string[];
  /** Parent relationship name used in SOQL paths (`Account` for AccountId, `Conversation__r`). */
  readonly relationshipName?: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  /** System fields the platform sets (Id, CreatedDate…): not writable except audit fields on insert where allowed. */
  readonly system: boolean;
  readonly description?: string;
  readonly inlineHelpText?: string;
  /** Picklist whose values are restricted to the value set (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  readonly restrictedPicklist?: boolean;
  /** Lookups: what deleting the parent does ('SetNull' default, 'Restrict', 'Cascade'); master-detail always cascades. */
  readonly deleteConstraint?: 'SetNull' | 'Restrict' | 'Cascade';
  /** AutoNumber display format, e.g. `SR-{00000}`. */
  readonly autoNumberFormat?: string;
  /** Formula text of a Formula field (not evaluated by the emulator: reading one is unsupported). */
  readonly formula?: string;
  /** Text fields the platform computes from others (Contact/Lead/User `Name`): the source fields. */
  readonly computedFrom?: readonly string[];
  /** Not filterable in SOQL WHERE (long text area, …). */
  readonly filterable?: boolean;
}

export interface ChildRelationshipDef {
  /** Name used in subqueries, e.g. `Contacts`, `Messages__r`. */
  readonly relationshipName: string;
  readonly childObject: string;
  readonly field: string;
  readonly cascadeDelete: boolean;
}

export type ObjectKind =
  'standard' | 'custom' | 'customSetting' | 'customMetadata' | 'platformEvent';

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly kind: ObjectKind;
  /** Three-character Id prefix (standard ones as the platform: 001 Account, 003 Contact, 00Q Lead…). */
  readonly keyPrefix: string;
  /** 'Hierarchy' | 'List' for custom settings. */
  readonly customSettingsType?: 'Hierarchy' | 'List';
  /** Field lookup is case-insensitive: key is the lower-cased API name. */
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly childRelationships: ReadonlyMap<string, ChildRelationshipDef>;
  getField(name: string): FieldDef | undefined;
  /** Object-level DML from Apex (false for setup objects such as AsyncApexJob, ApexClass, Organization, Profile, custom metadata). Default true. */
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly deletable?: boolean;
  /** Field of the `Name` role (`Name`, or `Subject` for Task); undefined when the object has none. */
  readonly nameField?: string;
}

export interface CustomMetadataRecordDef {
  readonly type: string;
  readonly developerName: string;
  readonly label: string;
  readonly values: Readonly<Record<string, ApexPrimitive>>;
}

export interface PermissionSetDef {
  readonly name: string;
  readonly label: string;
  readonly objectPermissions: ReadonlyMap<
    string,
    {
      read: boolean;
      create: boolean;
      edit: boolean;
      delete: boolean;
      viewAll: boolean;
      modifyAll: boolean;
    }
  >;
  /** key `Object.Field`, lower-cased */
  readonly fieldPermissions: ReadonlyMap<string, { readable: boolean; editable: boolean }>;
  readonly customPermissions: ReadonlySet<string>;
  readonly classAccesses: ReadonlySet<string>;
}

export interface OrgSchema {
  getObject(name: string): ObjectDef | undefined;
  objects(): readonly ObjectDef[];
  objectByKeyPrefix(prefix: string): ObjectDef | undefined;
  customMetadataRecords(type: string): readonly CustomMetadataRecordDef[];
  permissionSets(): readonly PermissionSetDef[];
  customPermissions(): readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Running user and access (runner owner creates them; data and apex read them)
// ---------------------------------------------------------------------------------------------

export interface UserContext {
  readonly userId: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly userName: string;
  readonly timeZoneSidKey: string;
  readonly locale: string;
  /** System Administrator: true, every object and field regardless of permission sets. */
  readonly modifyAllData: boolean;
  canReadObject(object: string): boolean;
  canCreateObject(object: string): boolean;
  canEditObject(object: string): boolean;
  canDeleteObject(object: string): boolean;
  canReadField(object: string, field: string): boolean;
  canEditField(object: string, field: string): boolean;
  hasCustomPermission(name: string): boolean;
}

// ---------------------------------------------------------------------------------------------
// limits/
// ---------------------------------------------------------------------------------------------

export type LimitName =
  | 'queries'
  | 'queryRows'
  | 'queryLocatorRows'
  | 'dmlStatements'
  | 'dmlRows'
  | 'cpuTime'
  | 'heapSize'
  | 'callouts'
  | 'queueableJobs'
  | 'futureCalls'
  | 'publishImmediateDml'
  | 'emailInvocations'
  | 'soslQueries'
  | 'aggregateQueries';

export interface GovernorLimits {
  readonly async: boolean;
  /** Adds n to a counter; throws LimitExceededError (uncatchable in Apex) past the limit. */
  consume(name: LimitName, n?: number): void;
  used(name: LimitName): number;
  limit(name: LimitName): number;
  /**
   * Optional: sets a counter back (the DML engine resets the limits before a partial-save retry,
   * as the platform does: "governor limits are reset to their original state before the first attempt").
   */
  reset?(name: LimitName, used: number): void;
}

/** Thrown by GovernorLimits.consume. The interpreter must not let Apex catch blocks see it. */
export class LimitExceededError extends Error {
  /** Where the limit was hit (innermost frame first), set by the interpreter; undefined outside Apex. */
  stack_?: readonly ApexStackFrame[];

  constructor(
    readonly limitName: LimitName,
    message: string
  ) {
    super(message);
    this.name = 'System.LimitException';
  }
}

// ---------------------------------------------------------------------------------------------
// data/ and soql/
// ---------------------------------------------------------------------------------------------

/**
 * One SObject instance as Apex sees it (`new Account(Name='x')`, a query row, Trigger.new[i]).
 * Implemented by data/sobject.ts. Field access is case-insensitive; getting a field that was
 * neither queried nor set throws SObjectFieldNotQueriedError (the platform's
 * "SObject row was retrieved via SOQL without querying the requested field") when the record
 * came from SOQL, and returns null for records built in Apex.
 */
export interface SObjectRecord {
  readonly objectDef: ObjectDef;
  readonly id: string | null;
  get(field: string): ApexPrimitive;
  put(field: string, value: ApexPrimitive): void;
  /** Parent reached by relationship name (`Account`, `Conversation__r`), or null. */
  getParent(relationshipName: string): SObjectRecord | null;
  putParent(relationshipName: string, parent: SObjectRecord | null): void;
  /** Children of a subquery (`Contacts`), or null when the relationship was not queried. */
  getChildren(relationshipName: string): SObjectRecord[] | null;
  /** Field names that are populated (set or queried), canonical case. */
  populatedFields(): string[];
  isSet(field: string): boolean;
  clone(preserveId: boolean, deep: boolean): SObjectRecord;
  addError(message: string, field?: string): void;
  readonly errors: readonly { message: string; field?: string }[];
}

export interface QueryOptions {
  /** SYSTEM_MODE unless the query says WITH USER_MODE / SECURITY_ENFORCED or Database.query(..., AccessLevel.USER_MODE). */
  readonly accessLevel: 'system' | 'user';
  readonly user: UserContext;
  readonly limits: GovernorLimits;
  readonly now: () => ApexDatetime;
  /** True when the query feeds Database.getQueryLocator (counts queryLocatorRows, up to 50M). */
  readonly forQueryLocator?: boolean;
}

/** A parsed SOQL statement. Bind placeholders are numbered in source order. */
export interface ParsedSoql {
  readonly text: string;
  readonly fromObject: string;
  readonly binds: readonly { readonly index: number; readonly expressionText: string }[];
  /** COUNT() query: the result is a number. Aggregate query: rows are AggregateResult records. */
  readonly isCount: boolean;
  readonly isAggregate: boolean;
}

export interface SoqlEngine {
  /** Parses SOQL text (inline literal body or a dynamic string); throws SoqlParseError with the position. */
  parse(text: string): ParsedSoql;
  /** bindValues[i] is the value of binds[i]. */
  execute(
    query: ParsedSoql,
    bindValues: readonly ApexPrimitive[] | readonly unknown[],
    options: QueryOptions
  ): SObjectRecord[] | number;
  /**
   * SOSL (`FIND {…} IN … RETURNING …`): one list per RETURNING object, in order. Binds as for SOQL
   * (parseSosl gives them). Inside a test, only the ids of Test.setFixedSearchResults are candidates
   * (none when it was never called): pass options.fixedSearchResults (undefined outside tests).
   */
  parseSosl?(text: string): ParsedSoql;
  executeSosl?(
    query: ParsedSoql,
    bindValues: readonly unknown[],
    options: QueryOptions & {
      readonly isTest: boolean;
      readonly fixedSearchResults?: readonly string[] | null;
    }
  ): SObjectRecord[][];
}

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

export interface DmlError {
  readonly statusCode: string; // REQUIRED_FIELD_MISSING, DUPLICATE_VALUE, FIELD_CUSTOM_VALIDATION_EXCEPTION…
  readonly message: string;
  readonly fields: readonly string[];
}

export interface DmlRowResult {
  readonly id: string | null;
  readonly success: boolean;
  readonly created: boolean;
  readonly errors: readonly DmlError[];
}

export type TriggerEvent =
  | 'before insert'
  | 'after insert'
  | 'before update'
  | 'after update'
  | 'before delete'
  | 'after delete'
  | 'after undelete';

export interface DmlOptions {
  readonly allOrNone: boolean;
  readonly accessLevel: 'system' | 'user';
  readonly user: UserContext;
  readonly limits: GovernorLimits;
  readonly now: () => ApexDatetime;
  /** Upsert key (API name); default Id. */
  readonly externalIdField?: string;
  /** Lets CreatedDate / CreatedById / LastModifiedDate be set on insert (tree import, Test.setCreatedDate). */
  readonly allowAuditFields?: boolean;
  /**
   * Called by the DML engine at each trigger point with the records the trigger sees.
   * The apex runtime implements it (runs the triggers of that object in that event);
   * errors added with addError make those rows fail.
   */
  readonly fireTriggers?: (
    object: ObjectDef,
    event: TriggerEvent,
    newRecords: SObjectRecord[] | null,
    oldRecords: SObjectRecord[] | null
  ) => void;
}

/**
 * The record store: every record of the org, per object. Savepoints snapshot it; a test
 * method starts from a snapshot taken after @TestSetup.
 */
export interface RecordStore {
  readonly schema: OrgSchema;
  dml(operation: DmlOperation, records: SObjectRecord[], options: DmlOptions): DmlRowResult[];
  newRecord(object: string, fields?: Record<string, ApexPrimitive>): SObjectRecord;
  newId(object: string): string;
  snapshot(): StoreSnapshot;
  restore(snapshot: StoreSnapshot): void;
  /** Plain JSON of every record (for the persistent local org); loadJson is its inverse. */
  toJson(): unknown;
  loadJson(json: unknown): void;
  /** A copy of one live record (every field), or null. Accepts 15- or 18-character ids. */
  getRecord?(id: string): SObjectRecord | null;
  /**
   * Hierarchy custom settings (getInstance(userId) / getInstance(profileId) / getOrgDefaults()):
   * the user's record, else the profile's, else the org default; fields empty at the lower level are
   * filled from the levels above, as the platform merges them. Null when no level has a record.
   * Pass userId null to look at the profile level only, both null for the org default alone.
   */
  lookupHierarchySetting?(
    object: string,
    userId: string | null,
    profileId: string | null
  ): SObjectRecord | null;
  /** List custom settings: every record, keyed by Name (getAll / getValues(name)). */
  listSettingValues?(object: string): ReadonlyMap<string, SObjectRecord>;
  /**
   * Writes by the emulator itself (AsyncApexJob progress, ApexClass rows, users the runner creates):
   * no triggers, no validation, no access checks, no limits. Returns the id.
   */
  insertSystem?(object: string, fields: Record<string, ApexPrimitive>): string;
  updateSystem?(id: string, fields: Record<string, ApexPrimitive>): void;
}

export interface StoreSnapshot {
  readonly token: unknown;
}

/**
 * Thrown by DmlOptions.fireTriggers when a trigger raised an unhandled Apex exception. The store
 * fails every row of that trigger batch with `error` (the platform's CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY,
 * message "<TriggerName>: execution of AfterInsert\n\ncaused by: System.NullPointerException: …"),
 * then allOrNone / partial-save rules apply. Any other error thrown by fireTriggers rolls back the
 * whole statement and propagates unchanged.
 */
export class TriggerExecutionError extends Error {
  constructor(readonly error: DmlError) {
    super(`${error.statusCode}: ${error.message}`);
    this.name = 'TriggerExecutionError';
  }
}

/**
 * Thrown by RecordStore.dml when allOrNone is true and a row fails: nothing was written.
 * The interpreter turns it into a System.DmlException (getNumDml, getDmlType(i), getDmlMessage(i),
 * getDmlFields(i), getDmlIndex(i)); `message` is already the platform's text
 * ("Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [LastName]: [LastName]").
 */
export class DmlFailure extends Error {
  constructor(
    readonly operation: DmlOperation,
    /** Every failed row, in row order (index = position in the DML list). */
    readonly failures: readonly { readonly index: number; readonly errors: readonly DmlError[] }[],
    message: string
  ) {
    super(message);
    this.name = 'System.DmlException';
  }
}

// ---------------------------------------------------------------------------------------------
// The transaction: what one synchronous Apex execution sees (runner owner builds it; apex uses it)
// ---------------------------------------------------------------------------------------------

/** An Apex object (class instance) as the runner sees it: opaque outside apex/. */
export interface ApexObjectRef {
  readonly className: string;
}

export interface BatchJobRequest {
  readonly batch: ApexObjectRef;
  readonly scopeSize: number;
}

export type AsyncJobType =
  'BatchApex' | 'BatchApexWorker' | 'Queueable' | 'Future' | 'ScheduledApex';
export type AsyncJobStatus =
  'Holding' | 'Queued' | 'Preparing' | 'Processing' | 'Aborted' | 'Completed' | 'Failed';

/**
 * Implemented by async/. Apex's Database.executeBatch, System.enqueueJob and EventBus.publish
 * call it. Jobs queue as AsyncApexJob records (Queued); they run after the transaction
 * commits (the runner drains the queue), or at Test.stopTest() inside a test.
 */
export interface AsyncQueue {
  enqueueBatch(request: BatchJobRequest, tx: TransactionContext): string;
  enqueueQueueable(job: ApexObjectRef, tx: TransactionContext): string;
  /** Platform events: delivered to their after-insert triggers after commit (or at stopTest / Test.getEventBus().deliver()). */
  publishEvents(events: SObjectRecord[], tx: TransactionContext): DmlRowResult[];
  abortJob(jobId: string, tx: TransactionContext): void;
}

export interface DebugSink {
  debug(level: string, message: string, location: { file: string; line: number }): void;
}

export interface TransactionContext {
  readonly store: RecordStore;
  readonly soql: SoqlEngine;
  readonly limits: GovernorLimits;
  readonly user: UserContext;
  readonly async: AsyncQueue;
  readonly debug: DebugSink;
  /** Inside an @IsTest method (Test.isRunningTest()). */
  readonly isTest: boolean;
  /** Between Test.startTest and Test.stopTest: fresh limits, async collected until stopTest. */
  readonly inStartStopTest: boolean;
  now(): ApexDatetime;
  /** Test.startTest(): a fresh set of limits until stopTest. Runner implements. */
  startTest(): void;
  /** Test.stopTest(): restores the limits and runs the async work queued since startTest, to completion. */
  stopTest(): void;
  /** System.runAs: runs body as that user (user record id); restores the user after, even on exception. */
  runAs(userId: string, body: () => void): void;
  /** Test.setFixedSearchResults: what SOSL returns inside this test; null when never set. */
  fixedSearchResults: readonly string[] | null;
}

/**
 * Implemented by apex/: what the runner, async and the CLI need from the language runtime.
 * Errors that Apex code raised and did not catch come out as ApexUncaughtError.
 */
export interface ApexRuntime {
  /** Loads (parses, resolves) every class and trigger of the given files; returns diagnostics, never throws on a bad file. */
  load(files: readonly { path: string; source: string }[]): readonly Diagnostic[];
  runAnonymous(source: string, tx: TransactionContext): void;
  invokeStatic(
    className: string,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown;
  callMethod(
    target: ApexObjectRef,
    methodName: string,
    args: readonly unknown[],
    tx: TransactionContext
  ): unknown;
  /** Deep copy of an object graph, as the platform serializes a non-Stateful batch between chunks. */
  cloneObject(target: ApexObjectRef): ApexObjectRef;
  implementsInterface(target: ApexObjectRef, interfaceName: string): boolean;
  /** Runs the triggers of an object for one event (DmlOptions.fireTriggers delegates here). */
  fireTriggers(
    object: ObjectDef,
    event: TriggerEvent,
    newRecords: SObjectRecord[] | null,
    oldRecords: SObjectRecord[] | null,
    tx: TransactionContext
  ): void;
  testClasses(): readonly TestClassInfo[];
  /** Executable line numbers per file, and the lines hit since the last reset. */
  coverage(): ReadonlyMap<
    string,
    { executable: ReadonlySet<number>; covered: ReadonlySet<number> }
  >;
  resetCoverage(): void;
}

export interface TestClassInfo {
  readonly className: string;
  readonly file: string;
  readonly testMethods: readonly string[];
  readonly setupMethods: readonly string[];
  readonly seeAllData: boolean;
}

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ApexStackFrame {
  readonly className: string;
  readonly method: string;
  readonly file: string;
  readonly line: number;
}

/** An Apex exception that reached the top of a transaction. */
export class ApexUncaughtError extends Error {
  constructor(
    readonly apexType: string,
    readonly apexMessage: string,
    readonly stack_: readonly ApexStackFrame[]
  ) {
    super(`${apexType}: ${apexMessage}`);
    this.name = 'ApexUncaughtError';
  }
}

/** A construct the emulator does not support: always fails loudly with the place. */
export class UnsupportedError extends Error {
  constructor(what: string, file: string, line: number) {
    super(`unsupported: ${what} at ${file}:${line}`);
    this.name = 'UnsupportedError';
  }
}
