/**
 * Database.SaveResult / Database.Error values built from the DML engine's DmlRowResult, for the
 * library's own callers (EventBus.publish). The interpreter's Database.* may reuse them.
 */
import type { NativeClass } from '../runtime-types.js';
import { ApexList } from '../runtime-types.js';
import type { DmlError, DmlRowResult } from '../../contracts.js';
import { T, listOf } from './util.js';
import { NativeEnumValue } from './enums.js';

export class DatabaseErrorValue {
  readonly nativeClassName = 'Database.Error';
  constructor(readonly error: DmlError) {}
}

export class SaveResultValue {
  readonly nativeClassName = 'Database.SaveResult';
  constructor(readonly result: DmlRowResult) {}
}

const statusCodes = new Map<string, NativeEnumValue>();
/** System.StatusCode constant for a DML status code (created on first use; ordinal by first use). */
export function statusCode(code: string): NativeEnumValue {
  let value = statusCodes.get(code);
  if (!value)
    statusCodes.set(code, (value = new NativeEnumValue('StatusCode', code, statusCodes.size)));
  return value;
}

export const ERROR_TYPE: { name: string } = { name: 'Database.Error' };

export const databaseResultClasses: NativeClass[] = [
  {
    name: 'Database.SaveResult',
    instanceMethods: {
      getid: (self) => (self as SaveResultValue).result.id,
      issuccess: (self) => (self as SaveResultValue).result.success,
      geterrors: (self) =>
        new ApexList(
          ERROR_TYPE,
          (self as SaveResultValue).result.errors.map((e) => new DatabaseErrorValue(e))
        )
    },
    returnTypes: { getid: T.Id, issuccess: T.Boolean, geterrors: listOf(ERROR_TYPE) }
  },
  {
    name: 'Database.Error',
    instanceMethods: {
      getmessage: (self) => (self as DatabaseErrorValue).error.message,
      getstatuscode: (self) => statusCode((self as DatabaseErrorValue).error.statusCode),
      getfields: (self) => new ApexList(T.String, [...(self as DatabaseErrorValue).error.fields])
    },
    returnTypes: {
      getmessage: T.String,
      getstatuscode: { name: 'StatusCode' },
      getfields: listOf(T.String)
    }
  }
];
