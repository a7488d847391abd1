import { Ajv, type ErrorObject } from 'ajv';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
const schemas = require('har-schema') as Record<string, { $id: string }>;

/**
 * HAR 1.2 JSON Schema (har-schema, draft-06) with ajv. har-schema uses `format`s that ajv only knows
 * through ajv-formats (not installed); they are defined here as loosely as HAR producers write them,
 * except ipv4/ipv6, which must stay distinct because serverIPAddress is a oneOf of the two.
 */
function makeValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addFormat('date-time', /^\d{4}-?\d\d-?\d\dT?\d\d:?\d\d:?\d\d/);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i);
  ajv.addFormat('ipv4', /^(\d{1,3}\.){3}\d{1,3}$/);
  ajv.addFormat('ipv6', /^\[?[0-9a-f:.]*:[0-9a-f:.]*\]?$/i);
  for (const s of Object.values(schemas)) ajv.addSchema(s);
  const validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har-schema: har.json# not found');
  return validate;
}

let validator: ReturnType<typeof makeValidator> | undefined;

/** Schema errors as `path: message` strings (empty when valid). */
export function harSchemaErrors(har: unknown): string[] {
  validator ??= makeValidator();
  if (validator(har)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message}`);
}
