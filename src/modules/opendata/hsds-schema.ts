import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldProblem } from './hsds-import.ts';

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

/** What Ajv found, as a message: the usual keywords with their values, another with Ajv's own (English) words. */
function problemOf(error: ErrorObject): Omit<FieldProblem, 'field'> {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { key: 'opendata.problem.hsdsRequired', params: { property: String(params.missingProperty) } };
    case 'type':
      return { key: 'opendata.problem.hsdsType', params: { type: [params.type].flat().join(', ') } };
    case 'format':
      return { key: 'opendata.problem.hsdsFormat', params: { format: String(params.format) } };
    case 'enum':
      return { key: 'opendata.problem.hsdsEnum', params: { allowed: (Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String).join(', ') } };
    default:
      return { key: 'opendata.problem.hsdsInvalid', params: { detail: error.message ?? error.keyword } };
  }
}

/** Problems of one HSDS service against the schema: the field (dotted path) and what is wrong there. */
export function validateHsdsService(service: unknown): FieldProblem[] {
  const validate = hsdsServiceValidator();
  if (validate(service)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => ({
    field: error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || 'service',
    ...problemOf(error),
  }));
}
