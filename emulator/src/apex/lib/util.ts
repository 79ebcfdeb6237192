/**
 * Shared helpers of the system library: type references, argument checks, exceptions.
 */
import type { NativeCallContext, TypeRef } from '../runtime-types.js';
import { ApexList, ApexThrow } from '../runtime-types.js';

export const T = {
  String: { name: 'String' },
  Id: { name: 'Id' },
  Integer: { name: 'Integer' },
  Long: { name: 'Long' },
  Decimal: { name: 'Decimal' },
  Double: { name: 'Double' },
  Boolean: { name: 'Boolean' },
  Date: { name: 'Date' },
  Datetime: { name: 'Datetime' },
  Time: { name: 'Time' },
  Blob: { name: 'Blob' },
  Object: { name: 'Object' },
  SObject: { name: 'SObject' },
  Void: { name: 'void' }
} as const satisfies Record<string, TypeRef>;

export function listOf(element: TypeRef): TypeRef {
  return { name: 'List', args: [element] };
}
export function setOf(element: TypeRef): TypeRef {
  return { name: 'Set', args: [element] };
}
export function mapOf(key: TypeRef, value: TypeRef): TypeRef {
  return { name: 'Map', args: [key, value] };
}

export function stringList(items: string[]): ApexList {
  return new ApexList(T.String, items);
}

export function throwApex(type: string, message: string): never {
  throw new ApexThrow(type, message);
}

export function nullPointer(message = 'Attempt to de-reference a null object'): never {
  throw new ApexThrow('System.NullPointerException', message);
}

/** Every overload of a native method that does not exist for that argument list ends here. */
export function noOverload(
  className: string,
  method: string,
  args: readonly unknown[],
  ctx?: NativeCallContext
): never {
  const types = ctx?.argTypes?.length
    ? ctx.argTypes.map(typeName).join(', ')
    : `${args.length} argument(s)`;
  const where = ctx ? ` at ${ctx.location.file}:${ctx.location.line}` : '';
  throw new Error(`unsupported: ${className}.${method}(${types})${where}`);
}

export function typeName(type: TypeRef): string {
  return type.args?.length ? `${type.name}<${type.args.map(typeName).join(', ')}>` : type.name;
}

/** A required String argument: null raises NullPointerException as the platform's Java-backed methods do. */
export function str(args: readonly unknown[], index: number): string {
  const value = args[index];
  if (value === null || value === undefined)
    nullPointer('Argument ' + (index + 1) + ' cannot be null');
  if (typeof value !== 'string')
    throw new TypeError(
      `expected a String argument at position ${index + 1}, got ${describe(value)}`
    );
  return value;
}

/** An optional String argument (StringUtils-backed methods treat null as "nothing"). */
export function strOrNull(args: readonly unknown[], index: number): string | null {
  const value = args[index];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string')
    throw new TypeError(
      `expected a String argument at position ${index + 1}, got ${describe(value)}`
    );
  return value;
}

export function int(args: readonly unknown[], index: number): number {
  const value = args[index];
  if (value === null || value === undefined)
    nullPointer('Argument ' + (index + 1) + ' cannot be null');
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(BigInt.asIntN(32, value));
  throw new TypeError(
    `expected an Integer argument at position ${index + 1}, got ${describe(value)}`
  );
}

export function bool(args: readonly unknown[], index: number): boolean {
  const value = args[index];
  if (value === null || value === undefined)
    nullPointer('Argument ' + (index + 1) + ' cannot be null');
  if (typeof value !== 'boolean')
    throw new TypeError(
      `expected a Boolean argument at position ${index + 1}, got ${describe(value)}`
    );
  return value;
}

export function self<V>(value: unknown, check: (v: unknown) => v is V, what: string): V {
  if (value === null || value === undefined) nullPointer();
  if (!check(value)) throw new TypeError(`expected a ${what} receiver, got ${describe(value)}`);
  return value;
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** Wraps an int to 32 bits as Java int arithmetic does. */
export function toInt32(value: number): number {
  return value | 0;
}
