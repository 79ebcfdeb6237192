/**
 * The Apex system library: every native class the interpreter registers.
 * Conventions: see NativeClass in ../runtime-types.ts. emulator/SEMANTICS.md ("The system
 * library") lists what is supported and every known difference from the platform.
 */
import type { NativeClass } from '../runtime-types.js';
import { StringClass } from './string.js';
import { numberClasses } from './numbers.js';
import { systemEnums } from './enums.js';
import { dateTimeClasses } from './datetime.js';
import { regexClasses } from './regex.js';
import { systemClasses } from './system.js';
import { schemaClasses } from './schema.js';
import { databaseResultClasses } from './database-results.js';
import { jsonClasses } from './json.js';

export function systemLibrary(): NativeClass[] {
  return [
    StringClass,
    ...numberClasses,
    ...dateTimeClasses,
    ...regexClasses,
    ...systemClasses,
    ...schemaClasses,
    ...databaseResultClasses,
    ...jsonClasses,
    ...systemEnums()
  ];
}

export { primitiveToString, valueToString, datetimeString } from './format.js';
export {
  parseDecimal,
  withScale,
  scaleOf,
  decimalToString,
  addScale,
  multiplyScale
} from './decimal-scale.js';
export { NativeEnumValue, enumValue } from './enums.js';
export {
  sobjectTypeToken,
  sobjectFieldToken,
  customObjectStatic,
  customObjectStaticType
} from './schema.js';
export { SaveResultValue, DatabaseErrorValue, statusCode } from './database-results.js';
export { registeredMock } from './system.js';
