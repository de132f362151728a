import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// The HSDS 3.0 service schema (compiled, with its definitions), as Ajv checks it. The file declares
// no `$schema` and uses `definitions` with `#/definitions/...` references: JSON Schema draft-07,
// Ajv's default class. Its documentation keywords (name, core, constraints, example, …) are declared
// as a vocabulary, so Ajv stays in strict mode for everything else.

const schemaFile = new URL('./hsds-3.0/service_with_definitions.json', import.meta.url);

const HSDS_DOC_KEYWORDS = ['name', 'path', 'core', 'constraints', 'example', 'order', 'datapackage_metadata', 'datapackage_type', 'tabular_required'];

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | undefined;

export function hsdsServiceValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    ajv.addVocabulary(HSDS_DOC_KEYWORDS);
    validator = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  }
  return validator;
}

/** Problems of one HSDS service against the schema: the field (dotted path) and Ajv's message. */
export function validateHsdsService(service: unknown): { field: string; message: string }[] {
  const validate = hsdsServiceValidator();
  if (validate(service)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => ({
    field: error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || 'service',
    message: error.keyword === 'required' ? `${String(error.params.missingProperty)} is required` : (error.message ?? 'invalid'),
  }));
}
