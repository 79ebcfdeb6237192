/** Test doubles for the seams the data and SOQL tests need: limits, a running user, DML options. */
import { join } from 'node:path';
import {
  LimitExceededError,
  type DmlOptions,
  type GovernorLimits,
  type LimitName,
  type QueryOptions,
  type UserContext
} from '../../src/contracts.js';
import { loadSchema } from '../../src/schema/index.js';
import { createRecordStore, type RecordStoreImpl } from '../../src/data/index.js';
import { ApexDatetime } from '../../src/values.js';
import { systemUserContext } from '../../src/org/user-context.js';

export const FIXTURE = join(__dirname, '../fixtures/project-basic');

export class TestLimits implements GovernorLimits {
  readonly async = false;
  readonly counts = new Map<LimitName, number>();
  constructor(private readonly max: Partial<Record<LimitName, number>> = {}) {}
  consume(name: LimitName, n = 1): void {
    const next = (this.counts.get(name) ?? 0) + n;
    this.counts.set(name, next);
    if (next > this.limit(name)) throw new LimitExceededError(name, `Too many ${name}: ${next}`);
  }
  reset(name: LimitName, used: number): void {
    this.counts.set(name, used);
  }
  used(name: LimitName): number {
    return this.counts.get(name) ?? 0;
  }
  limit(name: LimitName): number {
    return this.max[name] ?? 1_000_000_000;
  }
}

export function adminUser(
  store: RecordStoreImpl,
  overrides: Partial<UserContext> = {}
): UserContext {
  const admin = store.table('User').rows.values().next().value!;
  return {
    ...systemUserContext(admin.get('id') as string, admin.get('profileid') as string),
    userName: 'admin@emulator.local',
    hasCustomPermission: () => true,
    ...overrides
  };
}

export const FIXED_NOW = ApexDatetime.ofGmt(2025, 3, 15, 18, 30, 0);

export function setup() {
  const schema = loadSchema(FIXTURE);
  const store = createRecordStore(schema);
  const limits = new TestLimits();
  const user = adminUser(store);
  const dmlOptions = (extra: Partial<DmlOptions> = {}): DmlOptions => ({
    allOrNone: true,
    accessLevel: 'system',
    user,
    limits,
    now: () => FIXED_NOW,
    ...extra
  });
  const queryOptions = (extra: Partial<QueryOptions> = {}): QueryOptions => ({
    accessLevel: 'system',
    user,
    limits,
    now: () => FIXED_NOW,
    ...extra
  });
  return { schema, store, limits, user, dmlOptions, queryOptions };
}
