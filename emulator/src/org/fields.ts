import type { FieldDef } from '../contracts.js';
import { Decimal, type ApexPrimitive } from '../values.js';

/** A JS number written by the emulator becomes the field's representation (Decimal for numeric fields). */
export function toFieldValue(field: FieldDef, value: ApexPrimitive | number): ApexPrimitive {
  if (typeof value === 'number' && ['Number', 'Currency', 'Percent'].includes(field.type))
    return new Decimal(value);
  return value;
}
