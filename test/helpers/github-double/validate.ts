import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenApiOperation, OpenApiSchema } from './spec.js';

/**
 * ajv validators built from the description's schemas: query and path parameters, JSON request
 * bodies, and (to keep the double honest) its own responses. Validators are compiled on first use
 * and shared between operations whose schemas are identical (the pull-request object appears in
 * several), because compiling one of GitHub's large response schemas takes ~0.2 s.
 */

// ajv-formats is CommonJS; under NodeNext its plugin function is the namespace's `.default`.
const addFormats = addFormatsModule.default;

export interface SchemaProblem {
  /** Where in the value, as a JSON pointer (`/labels`), or the parameter name. */
  field: string;
  message: string;
}

/** Formats used by the description that ajv-formats does not define; accepted as is. */
const EXTRA_FORMATS = ['uri-template', 'timestamp', 'repo.nwo', 'binary'];

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, useDefaults: coerceTypes });
  addFormats(ajv);
  for (const format of EXTRA_FORMATS) ajv.addFormat(format, true);
  return ajv;
}

const paramsAjv = makeAjv(true);
const dataAjv = makeAjv(false);
const cache = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a null alternative (ajv's own `nullable`
 * needs a sibling `type` and ignores `enum`); annotations are dropped. `closeObjects` makes objects
 * that list their properties reject others, so a misspelt field is caught rather than ignored.
 * `oneOf` becomes `anyOf` where the description's alternatives overlap (its 409 error is a oneOf of
 * two shapes a plain error satisfies both of), which is the case for responses.
 */
export function toJsonSchema(
  schema: unknown,
  opts: { closeObjects: boolean; oneOfAsAnyOf: boolean },
): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, opts));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as OpenApiSchema)) {
    if (key === 'example' || key === 'examples' || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === 'enum' || key === 'default' || key === 'required') out[key] = value;
    else if (key === 'properties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonSchema(v, opts)]),
      );
    } else out[key === 'oneOf' && opts.oneOfAsAnyOf ? 'anyOf' : key] = toJsonSchema(value, opts);
  }
  if (opts.closeObjects && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if ((schema as OpenApiSchema).nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return { anyOf: [out, { type: 'null' }] };
}

function compile(ajv: Ajv, kind: string, schema: unknown): ValidateFunction {
  const key = `${kind}:${JSON.stringify(schema)}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv.compile(schema as object);
    cache.set(key, fn);
  }
  return fn;
}

function problems(errors: ErrorObject[] | null | undefined, prefix = ''): SchemaProblem[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : '';
    return { field: `${prefix}${e.instancePath}` || '/', message: `${e.message ?? e.keyword}${extra}` };
  });
}

/**
 * Checks the path and query parameters against the operation's `parameters`; unknown query
 * parameters are refused. Values are coerced in place to the declared types (`per_page` → number),
 * and declared defaults are filled in.
 */
export function validateParams(
  op: OpenApiOperation,
  where: 'path' | 'query',
  values: Record<string, unknown>,
): SchemaProblem[] {
  const params = (op.parameters ?? []).filter((p) => p.in === where);
  const schema = {
    type: 'object',
    properties: Object.fromEntries(
      params.map((p) => [p.name, toJsonSchema(p.schema ?? {}, { closeObjects: false, oneOfAsAnyOf: false })]),
    ),
    required: params.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
  const fn = compile(paramsAjv, `params-${where}`, schema);
  return fn(values) ? [] : problems(fn.errors, where === 'query' ? '?' : ':');
}

/** The JSON schema of the request body, when the operation takes one. */
function bodySchema(op: OpenApiOperation): OpenApiSchema | undefined {
  return op.requestBody?.content['application/json']?.schema;
}

export function validateBody(op: OpenApiOperation, body: unknown, strictBodies: boolean): SchemaProblem[] {
  const schema = bodySchema(op);
  if (!schema) {
    return body === undefined ? [] : [{ field: '/', message: 'this operation takes no request body' }];
  }
  if (body === undefined) {
    return op.requestBody?.required ? [{ field: '/', message: 'a JSON request body is required' }] : [];
  }
  const json = toJsonSchema(schema, { closeObjects: strictBodies, oneOfAsAnyOf: false });
  const fn = compile(dataAjv, `body-${strictBodies}`, json);
  return fn(body) ? [] : problems(fn.errors);
}

/**
 * GitHub answers these for any operation (a missing resource, no access) though the description
 * lists them only for some; they carry its usual error object.
 */
const UNLISTED_ERRORS = [401, 403, 404];
/**
 * Errors GitHub answers for one operation that its description leaves out: a dispatch with an unknown
 * ref, undeclared inputs or to a workflow without the trigger is a 422 with the usual error object.
 */
const UNLISTED_FOR: Record<string, number[]> = { 'actions/create-workflow-dispatch': [422] };
const BASIC_ERROR = {
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['message'],
        properties: { message: { type: 'string' }, documentation_url: { type: 'string' } },
      },
    },
  },
};

/**
 * Checks a response body against the schema the description gives for that status. A status the
 * operation does not list is itself a problem; so is a body for a status described without one.
 */
export function validateResponse(op: OpenApiOperation, status: number, body: unknown): SchemaProblem[] {
  const response =
    op.responses[String(status)] ??
    ([...UNLISTED_ERRORS, ...(UNLISTED_FOR[op.operationId] ?? [])].includes(status)
      ? BASIC_ERROR
      : undefined);
  if (!response) {
    const listed = Object.keys(op.responses).join(', ');
    return [
      { field: '/', message: `status ${status} is not among ${op.operationId}'s responses (${listed})` },
    ];
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    return body === undefined
      ? []
      : [{ field: '/', message: `status ${status} is described without a body` }];
  }
  const fn = compile(dataAjv, 'response', toJsonSchema(schema, { closeObjects: false, oneOfAsAnyOf: true }));
  return fn(body) ? [] : problems(fn.errors);
}
