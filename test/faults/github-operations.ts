import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';

// Which GitHub operations intentops can call, read from the one file that calls GitHub
// (src/adapters/github/github-adapter.ts), so the sweep can say which of them no probe met: an
// operation added to the adapter is listed as unmet until a probe makes it, without editing a list.

export const ADAPTER_PATH = new URL('../../src/adapters/github/github-adapter.ts', import.meta.url);

/** GraphQL is one route on the wire; the sweep names its calls by root field (`POST /graphql pinIssue`). */
export const GRAPHQL = 'POST /graphql';

/**
 * `METHOD /route` of each REST method the source calls (`rest.<scope>.<method>`), as Octokit's
 * endpoint map routes it, and GraphQL as a line of its own when the source calls `octokit.graphql`.
 * A `rest.x.y` Octokit does not know is an error: the adapter would not compile either.
 */
export function operationsIn(source: string): string[] {
  const rest = new Octokit().rest as unknown as Record<
    string,
    Record<string, { endpoint?: { DEFAULTS: { method: string; url: string } } }>
  >;
  const out = new Set<string>();
  for (const [, scope, method] of source.matchAll(/\brest\.(\w+)\.(\w+)\b/g)) {
    const defaults = rest[scope as string]?.[method as string]?.endpoint?.DEFAULTS;
    if (!defaults) throw new Error(`Octokit has no rest.${scope}.${method}`);
    out.add(`${defaults.method} ${defaults.url}`);
  }
  if (/\boctokit\.graphql\b/.test(source)) out.add(GRAPHQL);
  return [...out].sort();
}

/**
 * A call by the shape of its URL: a segment made of parameters only is one `{}`, however GitHub's
 * description spells it. The double matches `GET …/compare/a...b` to `{base}...{head}`, Octokit
 * routes it as `{basehead}`: the same URL, so the same operation. GraphQL ones by route alone.
 */
export function shapeOf(call: string): string {
  if (call.startsWith(`${GRAPHQL} `)) return GRAPHQL;
  return call
    .split('/')
    .map((seg) => (/^(\{[^}]+\}[^A-Za-z0-9{}]*)+$/.test(seg) ? '{}' : seg))
    .join('/');
}

/** The adapter's operations that no met call (`METHOD template`, GraphQL ones by root field) covers. */
export function unmetOperations(operations: readonly string[], met: Iterable<string>): string[] {
  const seen = new Set([...met].map(shapeOf));
  return operations.filter((op) => !seen.has(shapeOf(op)));
}

export function adapterOperations(): string[] {
  return operationsIn(readFileSync(ADAPTER_PATH, 'utf8'));
}
