// Request params checked against an intent's declared params: pure, so validate, plan and run agree.

import { matchesParamPattern } from './param-pattern.js';

export type ParamValue = string | number | boolean;

export interface ParamSpecLike {
  type?: 'string' | 'integer' | 'number' | 'boolean';
  pattern?: string;
  enum?: readonly unknown[];
  default?: unknown;
  required?: boolean;
  min?: number;
  max?: number;
  max_length?: number;
  allow_leading_dash?: boolean;
}

export interface ParamProblem {
  param: string;
  /** Where to point: the param's key, its value, or (missing) the params mapping itself. */
  at: 'key' | 'value' | 'missing';
  message: string;
}

export interface ResolvedParams {
  values: Record<string, ParamValue>;
  problems: ParamProblem[];
}

const DEFAULT_MAX_LENGTH = 256;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function checkParamValue(name: string, spec: ParamSpecLike, value: unknown): string | undefined {
  const type = spec.type ?? 'string';
  switch (type) {
    case 'string': {
      if (typeof value !== 'string') {
        const hint =
          typeof value === 'number' || typeof value === 'boolean' ? ` — quote it: "${String(value)}"` : '';
        return `param '${name}' must be a string, got ${typeName(value)}${hint}`;
      }
      if (value.includes('\u0000')) return `param '${name}' contains a NUL character`;
      const max = spec.max_length ?? DEFAULT_MAX_LENGTH;
      if ([...value].length > max) return `param '${name}' is longer than ${max} characters`;
      if (spec.pattern !== undefined && !matchesParamPattern(spec.pattern, value)) {
        return `param '${name}' value ${JSON.stringify(value)} does not match pattern ${spec.pattern}`;
      }
      break;
    }
    case 'integer':
    case 'number': {
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (type === 'integer' && !Number.isInteger(value))
      ) {
        return `param '${name}' must be ${type === 'integer' ? 'an integer' : 'a number'}, got ${typeName(value)}`;
      }
      if (spec.min !== undefined && value < spec.min)
        return `param '${name}' must be ≥ ${spec.min}, got ${value}`;
      if (spec.max !== undefined && value > spec.max)
        return `param '${name}' must be ≤ ${spec.max}, got ${value}`;
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return `param '${name}' must be true or false, got ${typeName(value)}`;
      break;
  }
  if (spec.enum && !spec.enum.some((e) => e === value)) {
    return `param '${name}' must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Fill defaults, refuse unknown and missing params, check every value against its spec. */
export function resolveParams(
  intentName: string,
  declared: Readonly<Record<string, ParamSpecLike>>,
  given: Readonly<Record<string, unknown>>,
): ResolvedParams {
  const values: Record<string, ParamValue> = {};
  const problems: ParamProblem[] = [];
  for (const [name, value] of Object.entries(given)) {
    // Own properties only: a param named `constructor` or `toString` is not declared by Object.prototype.
    const spec = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!spec) {
      const known = Object.keys(declared);
      problems.push({
        param: name,
        at: 'key',
        message: `unknown param '${name}' for intent '${intentName}'; declared: ${known.length ? known.join(', ') : 'none'}`,
      });
      continue;
    }
    const problem = checkParamValue(name, spec, value);
    if (problem) problems.push({ param: name, at: 'value', message: problem });
    else values[name] = value as ParamValue;
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (Object.hasOwn(given, name)) continue;
    if (spec.default !== undefined) values[name] = spec.default as ParamValue;
    else if (spec.required !== false) {
      problems.push({
        param: name,
        at: 'missing',
        message: `missing required param '${name}' for intent '${intentName}'`,
      });
    }
  }
  return { values, problems };
}

/** Template values are text: numbers and booleans as YAML would print them. */
export function asTemplateValues(values: Readonly<Record<string, ParamValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}
