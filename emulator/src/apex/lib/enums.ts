/**
 * System enums (System.RoundingMode, Schema.DisplayType, Schema.SoapType, System.AccessType,
 * System.LoggingLevel, System.JSONToken …) as native classes: each constant is a static
 * property (lower-cased key) holding a NativeEnumValue; `values()` lists them; instances have
 * name() and ordinal(). String.valueOf / concatenation of a value gives its name.
 */
import type { NativeClass, NativeMethod, TypeRef } from '../runtime-types.js';
import { ApexList } from '../runtime-types.js';
import { T, listOf } from './util.js';

export class NativeEnumValue {
  constructor(
    readonly enumType: string,
    readonly name: string,
    readonly ordinal: number
  ) {}
  toString(): string {
    return this.name;
  }
}

const registry = new Map<string, Map<string, NativeEnumValue>>();

export function defineEnum(typeName: string, names: readonly string[]): NativeClass {
  const values = new Map(
    names.map((n, i) => [n.toLowerCase(), new NativeEnumValue(typeName, n, i)])
  );
  registry.set(typeName.toLowerCase(), values);
  const type: TypeRef = { name: typeName };
  const staticProperties: Record<string, () => unknown> = {};
  for (const [key, value] of values) staticProperties[key] = () => value;
  const instanceMethods: Record<string, NativeMethod> = {
    name: (self) => (self as NativeEnumValue).name,
    ordinal: (self) => (self as NativeEnumValue).ordinal,
    equals: (self, args) => self === args[0],
    hashcode: (self) => (self as NativeEnumValue).ordinal
  };
  return {
    name: typeName,
    staticProperties,
    staticMethods: { values: () => new ApexList(type, [...values.values()]) },
    instanceMethods,
    returnTypes: {
      values: listOf(type),
      name: T.String,
      ordinal: T.Integer,
      equals: T.Boolean,
      hashcode: T.Integer
    }
  };
}

/** The constant of a system enum, e.g. enumValue('RoundingMode', 'HALF_UP'). */
export function enumValue(typeName: string, name: string): NativeEnumValue {
  const value = registry.get(typeName.toLowerCase())?.get(name.toLowerCase());
  if (!value) throw new Error(`no enum constant ${typeName}.${name}`);
  return value;
}

/** The constant name of an enum argument (a NativeEnumValue, or anything with a name). */
export function enumName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof NativeEnumValue) return value.name;
  if (typeof value === 'string') return value;
  const named = value as { name?: unknown; enumName?: unknown; value?: unknown };
  for (const candidate of [named.name, named.enumName, named.value])
    if (typeof candidate === 'string') return candidate;
  throw new TypeError(`expected an enum value, got ${String(value)}`);
}

export const RoundingModeEnum = defineEnum('RoundingMode', [
  'CEILING',
  'DOWN',
  'FLOOR',
  'HALF_DOWN',
  'HALF_EVEN',
  'HALF_UP',
  'UNNECESSARY',
  'UP'
]);
export const LoggingLevelEnum = defineEnum('LoggingLevel', [
  'NONE',
  'ERROR',
  'WARN',
  'INFO',
  'DEBUG',
  'FINE',
  'FINER',
  'FINEST'
]);
export const AccessTypeEnum = defineEnum('AccessType', [
  'CREATABLE',
  'READABLE',
  'UPDATABLE',
  'UPSERTABLE'
]);
export const JSONTokenEnum = defineEnum('JSONToken', [
  'END_ARRAY',
  'END_OBJECT',
  'FIELD_NAME',
  'NOT_AVAILABLE',
  'START_ARRAY',
  'START_OBJECT',
  'VALUE_EMBEDDED_OBJECT',
  'VALUE_FALSE',
  'VALUE_NULL',
  'VALUE_NUMBER_FLOAT',
  'VALUE_NUMBER_INT',
  'VALUE_STRING',
  'VALUE_TRUE'
]);
export const DisplayTypeEnum = defineEnum('Schema.DisplayType', [
  'ADDRESS',
  'ANYTYPE',
  'BASE64',
  'BOOLEAN',
  'COMBOBOX',
  'COMPLEXVALUE',
  'CURRENCY',
  'DATACATEGORYGROUPREFERENCE',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'EMAIL',
  'ENCRYPTEDSTRING',
  'ID',
  'INTEGER',
  'LOCATION',
  'LONG',
  'MULTIPICKLIST',
  'PERCENT',
  'PHONE',
  'PICKLIST',
  'REFERENCE',
  'STRING',
  'TEXTAREA',
  'TIME',
  'URL'
]);
export const SoapTypeEnum = defineEnum('Schema.SoapType', [
  'ANYTYPE',
  'BASE64BINARY',
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'ID',
  'INTEGER',
  'STRING',
  'TIME'
]);

export function systemEnums(): NativeClass[] {
  return [
    RoundingModeEnum,
    LoggingLevelEnum,
    AccessTypeEnum,
    JSONTokenEnum,
    DisplayTypeEnum,
    SoapTypeEnum
  ];
}
