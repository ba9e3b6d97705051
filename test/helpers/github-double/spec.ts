import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * GitHub's official REST description (npm `@octokit/openapi`, dereferenced: every $ref inlined),
 * read once per process — it is 73 MB and takes ~0.5 s to parse — and indexed by method for
 * matching a request path to its operation.
 */

export type OpenApiSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
  'x-multi-segment'?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: OpenApiSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }>;
  externalDocs?: { url: string };
}

export interface MatchedOperation {
  method: string;
  /** As written in the description, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  operation: OpenApiOperation;
  /** Decoded path parameter values, still strings. */
  pathParams: Record<string, string>;
}

interface Route {
  template: string;
  regex: RegExp;
  names: string[];
  /** Literal characters in the template: the more, the more specific. */
  literal: number;
  operation: OpenApiOperation;
}

export const DESCRIPTION_FILE = '@octokit/openapi/generated/api.github.com.deref.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

let loaded: { routes: Map<string, Route[]>; loadMs: number } | undefined;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

function toRoute(template: string, operation: OpenApiOperation): Route {
  const multi = new Set(
    (operation.parameters ?? []).filter((p) => p.in === 'path' && p['x-multi-segment']).map((p) => p.name),
  );
  const names: string[] = [];
  let pattern = '';
  let literal = 0;
  for (const part of template.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      pattern += escapeRegex(part);
      literal += part.length;
    } else {
      names.push(name);
      // `{base}...{head}` shares a segment with a literal, so a single-segment value stops at `.` there.
      pattern += multi.has(name) ? '(.+?)' : '([^/]+?)';
    }
  }
  return { template, regex: new RegExp(`^${pattern}$`), names, literal, operation };
}

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const started = performance.now();
  const file = createRequire(import.meta.url).resolve(DESCRIPTION_FILE);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const routes = new Map<string, Route[]>();
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OpenApiOperation | undefined;
      if (!operation) continue;
      const list = routes.get(method) ?? [];
      list.push(toRoute(template, operation));
      routes.set(method, list);
    }
  }
  for (const list of routes.values()) list.sort((a, b) => b.literal - a.literal);
  loaded = { routes, loadMs: Math.round(performance.now() - started) };
  return loaded;
}

/** Reads the description now (the first call pays the cost) and says how long that took. */
export function loadDescription(): { loadMs: number; operations: number } {
  const { routes, loadMs } = load();
  let operations = 0;
  for (const list of routes.values()) operations += list.length;
  return { loadMs, operations };
}

/** The operation GitHub's description defines for this method and raw (still encoded) path, if any. */
export function matchOperation(method: string, rawPath: string): MatchedOperation | undefined {
  const lower = method.toLowerCase();
  for (const route of load().routes.get(lower) ?? []) {
    const m = route.regex.exec(rawPath);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
      });
    } catch {
      continue; // a malformed %-escape cannot be a value GitHub would accept
    }
    return { method: lower, template: route.template, operation: route.operation, pathParams };
  }
  return undefined;
}

/** The operation for a method and template exactly as written in the description. */
export function operationAt(method: string, template: string): OpenApiOperation | undefined {
  return load()
    .routes.get(method.toLowerCase())
    ?.find((r) => r.template === template)?.operation;
}
