import type { OrgSchema } from '../contracts.js';
import type { OrgSchemaImpl } from '../schema/model.js';
import { RecordStoreImpl } from './store.js';

export { RecordStoreImpl, dmlErrorMessage } from './store.js';
export { SObjectRecordImpl, coerceFieldValue, fieldApexType } from './sobject.js';
export { idChecksum, isValidId, to18, sameId, makeId } from './ids.js';
export { EMULATOR_ORG_NAME, DEFAULT_ADMIN_USERNAME } from './standard-records.js';

/** The record store of an org with this schema (from schema/loadSchema), with its standard setup records. */
export function createRecordStore(schema: OrgSchema): RecordStoreImpl {
  return new RecordStoreImpl(schema as OrgSchemaImpl);
}
