/**
 * The Org facade: schema + record store + SOQL + Apex runtime + users + async engine, and the
 * rows a new org has (Organization, the standard profiles, the running user, permission sets,
 * custom permissions and their access, ApexClass and ApexTrigger rows).
 */
import {
  ApexUncaughtError,
  LimitExceededError,
  type ApexRuntime,
  type ApexStackFrame,
  type DebugSink,
  type OrgSchema,
  type RecordStore,
  type SObjectRecord,
  type SoqlEngine,
  type UserContext
} from '../contracts.js';
import { ApexDatetime, type ApexPrimitive } from '../values.js';
import { AsyncEngine, type AsyncHost } from '../async/engine.js';
import { UnlimitedLimits } from '../limits/index.js';
import { Transaction, type TransactionOptions } from './transaction.js';
import {
  createUserContext,
  systemUserContext,
  type UserDirectory,
  type UserRow
} from './user-context.js';
import { STANDARD_PROFILES, SYSTEM_ADMINISTRATOR } from './profiles.js';
import { toFieldValue } from './fields.js';
import { triggerHeader, type ApexSourceFile } from '../runner/project.js';
import { makeId } from '../data/ids.js';

export interface OrgParts {
  readonly schema: OrgSchema;
  readonly store: RecordStore;
  readonly soql: SoqlEngine;
  readonly runtime: ApexRuntime;
}

export interface OrgOptions {
  /** Scale of the CPU-time estimate (1 = the platform's limit; Infinity = not enforced). */
  readonly cpuScale?: number;
  readonly now?: () => ApexDatetime;
}

/** The running user's Username (the record store seeds this System Administrator). */
export const RUNNING_USER_NAME = 'admin@emulator.local';
export const RUNNING_USER_TIME_ZONE = 'America/Los_Angeles';
export const RUNNING_USER_LOCALE = 'en_US';

export interface DebugLine {
  readonly level: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

export class Org implements AsyncHost, UserDirectory {
  readonly schema: OrgSchema;
  readonly store: RecordStore;
  readonly soql: SoqlEngine;
  readonly runtime: ApexRuntime;
  readonly async = new AsyncEngine();
  readonly warnings: string[] = [];
  /** System.debug lines go here (the CLI prints them, the test runner keeps them per test). */
  debugListener: (line: DebugLine) => void = () => {};
  private readonly cpuScale: number;
  private readonly clock: () => ApexDatetime;
  private runningUser: string | null = null;
  private readonly classIds = new Map<string, string>();
  private readonly warnedFields = new Set<string>();

  constructor(parts: OrgParts, options: OrgOptions = {}) {
    this.schema = parts.schema;
    this.store = parts.store;
    this.soql = parts.soql;
    this.runtime = parts.runtime;
    this.cpuScale = options.cpuScale ?? 1;
    this.clock = options.now ?? (() => ApexDatetime.fromEpochMs(Date.now()));
    this.async.attach(this);
    this.async.warn = (m) => this.warn(m);
  }

  get runningUserId(): string {
    if (!this.runningUser) throw new Error('the org has no running user: seed() or adopt() first');
    return this.runningUser;
  }

  now(): ApexDatetime {
    return this.clock();
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  private readonly debugSink: DebugSink = {
    debug: (level, message, location) =>
      this.debugListener({ level, message, file: location.file, line: location.line })
  };

  // -------------------------------------------------------------------------------------------
  // Transactions
  // -------------------------------------------------------------------------------------------

  newTransaction(options: TransactionOptions): Transaction {
    return new Transaction(
      {
        store: this.store,
        soql: this.soql,
        async: this.async,
        debug: this.debugSink,
        userContext: (id) => this.userContext(id),
        cpuScale: this.cpuScale,
        now: () => this.now()
      },
      options
    );
  }

  /** A synchronous transaction as the running user (or userId). */
  transaction(options: { isTest?: boolean; userId?: string } = {}): Transaction {
    return this.newTransaction({
      user: this.userContext(options.userId ?? this.runningUserId),
      isTest: options.isTest ?? false,
      limits: { async: false }
    });
  }

  /**
   * Runs body in a new transaction: on return the transaction commits and its async work is
   * queued; when it throws, every write it made is rolled back and the error rethrown.
   */
  execute<T>(body: (tx: Transaction) => T, options: { userId?: string } = {}): T {
    const tx = this.transaction(options);
    const snapshot = this.store.snapshot();
    try {
      const result = body(tx);
      this.async.commit(tx);
      this.committed();
      return result;
    } catch (error) {
      this.store.restore(snapshot);
      throw error;
    }
  }

  /** A top-level transaction committed: the store may drop its undo history (older snapshots end). */
  committed(): void {
    (this.store as { forgetHistory?: () => void }).forgetHistory?.();
  }

  /** Runs the async work queued by committed transactions, to completion. */
  drainAsync(): number {
    return this.async.drain();
  }

  // -------------------------------------------------------------------------------------------
  // Users
  // -------------------------------------------------------------------------------------------

  userContext(userId: string): UserContext {
    return createUserContext(this.schema, this, userId);
  }

  private systemContext(): UserContext {
    return systemUserContext(this.runningUser ?? '005000000000000AAA', '00e000000000000AAA');
  }

  /** SOQL for the emulator's own reads: system mode, no limits. */
  systemQuery(soqlText: string, binds: readonly unknown[] = []): SObjectRecord[] {
    const rows = this.soql.execute(this.soql.parse(soqlText), binds, {
      accessLevel: 'system',
      user: this.systemContext(),
      limits: new UnlimitedLimits(),
      now: () => this.now()
    });
    if (!Array.isArray(rows)) throw new Error(`expected rows from ${soqlText}`);
    return rows;
  }

  private record(id: string, object: string, fields: string): SObjectRecord | null {
    if (this.store.getRecord) return this.store.getRecord(id);
    const id15 = id.slice(0, 15);
    return (
      this.systemQuery(`SELECT ${fields} FROM ${object}`).find(
        (r) => r.id !== null && r.id.slice(0, 15) === id15
      ) ?? null
    );
  }

  user(userId: string): UserRow | null {
    const row = this.record(
      userId,
      'User',
      'Id, Username, ProfileId, TimeZoneSidKey, LocaleSidKey'
    );
    if (!row || row.objectDef.name !== 'User') return null;
    return {
      id: row.id!,
      userName: String(row.get('Username') ?? ''),
      profileId: String(row.get('ProfileId') ?? ''),
      timeZoneSidKey: String(row.get('TimeZoneSidKey') ?? RUNNING_USER_TIME_ZONE),
      locale: String(row.get('LocaleSidKey') ?? RUNNING_USER_LOCALE)
    };
  }

  profileName(profileId: string): string | null {
    const row = this.record(profileId, 'Profile', 'Id, Name');
    return row && row.objectDef.name === 'Profile' ? String(row.get('Name')) : null;
  }

  permissionSetNames(userId: string): readonly string[] {
    const id15 = userId.slice(0, 15);
    const assigned = this.systemQuery(
      'SELECT AssigneeId, PermissionSetId FROM PermissionSetAssignment'
    )
      .filter((r) => String(r.get('AssigneeId') ?? '').slice(0, 15) === id15)
      .map((r) => String(r.get('PermissionSetId')).slice(0, 15));
    if (assigned.length === 0) return [];
    const wanted = new Set(assigned);
    return this.systemQuery('SELECT Id, Name FROM PermissionSet')
      .filter((r) => r.id !== null && wanted.has(r.id.slice(0, 15)))
      .map((r) => String(r.get('Name')));
  }

  apexClassId(className: string): string | null {
    return this.classIds.get(className.toLowerCase()) ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // A new org's rows
  // -------------------------------------------------------------------------------------------

  private insert(object: string, fields: Record<string, ApexPrimitive | number>): string {
    if (!this.store.insertSystem)
      throw new Error('the record store lacks insertSystem (needed to seed the org)');
    const def = this.schema.getObject(object);
    if (!def) throw new Error(`the schema has no ${object} object (needed to seed the org)`);
    const known: Record<string, ApexPrimitive> = {};
    for (const [name, value] of Object.entries(fields)) {
      const field = def.getField(name);
      if (field) known[field.name] = toFieldValue(field, value);
      else if (!this.warnedFields.has(`${object}.${name}`)) {
        this.warnedFields.add(`${object}.${name}`);
        this.warn(`${object}.${name} is not in the schema; the seeded org leaves it out`);
      }
    }
    return this.store.insertSystem(object, known);
  }

  /** Creates the rows of a new org for the project's Apex files. */
  seed(apexFiles: readonly ApexSourceFile[]): void {
    const now = this.now();
    // The record store may create some of these rows itself; reuse what is there.
    if (this.systemQuery('SELECT Id FROM Organization').length === 0) {
      this.insert('Organization', {
        Name: 'Converse Emulator',
        OrganizationType: 'Developer Edition',
        IsSandbox: false,
        TimeZoneSidKey: RUNNING_USER_TIME_ZONE,
        LanguageLocaleKey: 'en_US',
        DefaultLocaleSidKey: RUNNING_USER_LOCALE,
        NamespacePrefix: null,
        InstanceName: 'EMU1'
      });
    }
    const profileIds = new Map<string, string>();
    for (const row of this.systemQuery('SELECT Id, Name FROM Profile')) {
      if (row.id) profileIds.set(String(row.get('Name')).toLowerCase(), row.id);
    }
    for (const profile of STANDARD_PROFILES) {
      if (profileIds.has(profile.name.toLowerCase())) continue;
      profileIds.set(
        profile.name.toLowerCase(),
        this.insert('Profile', {
          Name: profile.name,
          UserType: 'Standard',
          PermissionsModifyAllData: profile.modifyAllData
        })
      );
    }
    // The store may already hold the default System Administrator; it becomes the running user.
    const adminProfileId = profileIds.get(SYSTEM_ADMINISTRATOR.toLowerCase())!;
    const existingAdmin = this.systemQuery('SELECT Id, Username FROM User').find(
      (r) => String(r.get('Username')).toLowerCase() === RUNNING_USER_NAME
    );
    this.runningUser =
      existingAdmin?.id ??
      this.insert('User', {
        Username: RUNNING_USER_NAME,
        LastName: 'Admin',
        FirstName: 'Emulator',
        Alias: 'eadmin',
        Email: RUNNING_USER_NAME,
        ProfileId: adminProfileId,
        TimeZoneSidKey: RUNNING_USER_TIME_ZONE,
        LocaleSidKey: RUNNING_USER_LOCALE,
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        IsActive: true,
        CreatedDate: now
      });
    const customPermissionIds = new Map<string, string>();
    for (const row of this.systemQuery('SELECT Id, DeveloperName FROM CustomPermission')) {
      if (row.id) customPermissionIds.set(String(row.get('DeveloperName')).toLowerCase(), row.id);
    }
    for (const name of this.schema.customPermissions()) {
      if (customPermissionIds.has(name.toLowerCase())) continue;
      customPermissionIds.set(
        name.toLowerCase(),
        this.insert('CustomPermission', {
          DeveloperName: name,
          MasterLabel: name,
          NamespacePrefix: null
        })
      );
    }
    const permissionSetNames = new Set(
      this.systemQuery('SELECT Id, Name FROM PermissionSet').map((r) =>
        String(r.get('Name')).toLowerCase()
      )
    );
    for (const ps of this.schema.permissionSets()) {
      if (permissionSetNames.has(ps.name.toLowerCase())) continue;
      const psId = this.insert('PermissionSet', {
        Name: ps.name,
        Label: ps.label,
        IsOwnedByProfile: false,
        NamespacePrefix: null
      });
      for (const cp of ps.customPermissions) {
        const cpId = customPermissionIds.get(cp.toLowerCase());
        if (cpId)
          this.insert('SetupEntityAccess', {
            ParentId: psId,
            SetupEntityId: cpId,
            SetupEntityType: 'CustomPermission'
          });
      }
    }
    this.seedApex(apexFiles);
  }

  /**
   * The platform keys a custom object by the Id of its CustomObject (EntityDefinition.DurableId,
   * ApexTrigger.TableEnumOrId, FlowDefinitionView.TriggerObjectOrEventId); a standard object by
   * its name. Deterministic `01I…` ids, by sorted API name.
   */
  durableId(objectName: string): string {
    const def = this.schema.getObject(objectName);
    if (!def || def.kind === 'standard') return def?.name ?? objectName;
    const customs = this.schema
      .objects()
      .filter((o) => o.kind !== 'standard')
      .map((o) => o.name)
      .sort();
    return makeId('01I', customs.indexOf(def.name) + 1);
  }

  private seedEntityDefinitions(): void {
    if (!this.schema.getObject('EntityDefinition')) return;
    for (const def of this.schema.objects()) {
      if (def.name === 'EntityDefinition') continue;
      this.insert('EntityDefinition', {
        QualifiedApiName: def.name,
        DeveloperName: def.name.replace(/__\w+$/, ''),
        DurableId: this.durableId(def.name),
        Label: def.label,
        PluralLabel: def.labelPlural,
        KeyPrefix: def.keyPrefix,
        NamespacePrefix: null,
        IsCustomizable: true
      });
    }
  }

  private seedApex(apexFiles: readonly ApexSourceFile[], withEntities = true): void {
    if (withEntities) this.seedEntityDefinitions();
    for (const file of apexFiles) {
      if (file.kind === 'class') {
        const id = this.insert('ApexClass', {
          Name: file.name,
          Status: 'Active',
          IsValid: true,
          NamespacePrefix: null,
          ApiVersion: 62,
          LengthWithoutComments: file.source.length
        });
        this.classIds.set(file.name.toLowerCase(), id);
      } else {
        const header = triggerHeader(file.source);
        const has = (event: string) => !!header?.events.includes(event);
        this.insert('ApexTrigger', {
          Name: file.name,
          TableEnumOrId: header ? this.durableId(header.object) : null,
          Status: file.status,
          IsValid: true,
          NamespacePrefix: null,
          ApiVersion: 62,
          UsageBeforeInsert: has('before insert'),
          UsageAfterInsert: has('after insert'),
          UsageBeforeUpdate: has('before update'),
          UsageAfterUpdate: has('after update'),
          UsageBeforeDelete: has('before delete'),
          UsageAfterDelete: has('after delete'),
          UsageAfterUndelete: has('after undelete')
        });
      }
    }
  }

  /** After loading a persisted store: finds the running user and the ApexClass rows. */
  adopt(apexFiles: readonly ApexSourceFile[] = []): void {
    const user = this.systemQuery('SELECT Id, Username FROM User').find(
      (r) => String(r.get('Username')).toLowerCase() === RUNNING_USER_NAME
    );
    if (!user?.id)
      throw new Error(`the persisted org has no running user ${RUNNING_USER_NAME}; run reset`);
    this.runningUser = user.id;
    for (const row of this.systemQuery('SELECT Id, Name FROM ApexClass')) {
      if (row.id) this.classIds.set(String(row.get('Name')).toLowerCase(), row.id);
    }
    // The project may have changed since the org was saved: rows for new classes and triggers,
    // Status Deleted for removed ones, the trigger status of its -meta.xml.
    const triggers = new Map(
      this.systemQuery('SELECT Id, Name, Status FROM ApexTrigger').map((r) => [
        String(r.get('Name')).toLowerCase(),
        r
      ])
    );
    const present = new Set(apexFiles.map((f) => `${f.kind}:${f.name.toLowerCase()}`));
    this.seedApex(
      apexFiles.filter((f) =>
        f.kind === 'class'
          ? !this.classIds.has(f.name.toLowerCase())
          : !triggers.has(f.name.toLowerCase())
      ),
      false
    );
    for (const file of apexFiles) {
      const row = file.kind === 'trigger' ? triggers.get(file.name.toLowerCase()) : undefined;
      if (row?.id && row.get('Status') !== file.status)
        this.store.updateSystem?.(row.id, { Status: file.status });
    }
    for (const [name, id] of this.classIds) {
      if (!present.has(`class:${name}`)) this.store.updateSystem?.(id, { Status: 'Deleted' });
    }
    for (const [name, row] of triggers) {
      if (!present.has(`trigger:${name}`) && row.id)
        this.store.updateSystem?.(row.id, { Status: 'Deleted' });
    }
  }
}

/** The Apex stack of an uncaught error, one frame a line, as the CLI and the runner print it. */
export function formatApexError(error: unknown): string {
  const frames = (stack: readonly ApexStackFrame[]) =>
    stack.map((f) => `  at ${f.className}.${f.method} (${f.file}:${f.line})`);
  if (error instanceof ApexUncaughtError) {
    return [`${error.apexType}: ${error.apexMessage}`, ...frames(error.stack_)].join('\n');
  }
  if (error instanceof LimitExceededError) {
    return [`${error.name}: ${error.message}`, ...frames(error.stack_ ?? [])].join('\n');
  }
  if (error instanceof Error) {
    return error.name && error.name !== 'Error' && !error.message.startsWith(error.name)
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
}
