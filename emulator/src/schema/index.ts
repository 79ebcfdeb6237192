export { loadSchema, standardSchema, SchemaLoadError } from './load.js';
export { ObjectDefImpl, OrgSchemaImpl, field } from './model.js';
export { STANDARD_PROFILES } from './standard-objects.js';
