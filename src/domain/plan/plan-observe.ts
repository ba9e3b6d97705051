import { TemplateError } from '../input/errors.js';
import type { Expected } from '../observe/outcome-match.js';
import type { Intent } from '../schemas/catalog.js';
import { durationSeconds } from '../schemas/common.js';
import type { SuccessCheck } from '../schemas/outcomes.js';
import { renderExpected } from './expected-template.js';
import { renderKubeName, renderLabelSelector, renderQuery, renderUrl } from './query-template.js';

// The observers' part of a plan, rendered: which pods, queries, streams and backups a run looks at,
// and the built-in outcome checks. Every value went through the template for its target language.

export interface KubeTarget {
  namespace: string;
  selector: string;
  deployment?: string;
}

export interface ObservePlan {
  timeoutMs: number;
  kubernetes?: KubeTarget;
  prometheus?: { url?: string; queries: Record<string, string> };
  loki?: { url?: string; selector: string; lines: number; errorPattern: string; windowMs: number };
  velero?: { namespace: string };
}

/** A built-in check: what it asks and how its answer is judged (the command form has none). */
export type BuiltinProbe =
  | ({ kind: 'pods_ready' } & KubeTarget)
  | { kind: 'prometheus'; query: string; url?: string }
  | { kind: 'http'; url: string; status: number; body?: Expected }
  | { kind: 'velero'; namespace: string; maxAgeMs: number };

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;
export const DEFAULT_ERROR_PATTERN = '(?i)(error|exception|fatal|panic)';

function kube(
  values: Record<string, string>,
  t: { namespace: string; selector: string; deployment?: string | undefined },
): KubeTarget {
  return {
    namespace: renderKubeName(t.namespace, values, 'namespace'),
    selector: renderLabelSelector(t.selector, values),
    ...(t.deployment ? { deployment: renderKubeName(t.deployment, values, 'name') } : {}),
  };
}

export function planObserve(
  capture: Intent['capture'],
  values: Record<string, string>,
): ObservePlan | undefined {
  if (!capture || !(capture.kubernetes || capture.prometheus || capture.loki || capture.velero))
    return undefined;
  const out: ObservePlan = {
    timeoutMs: capture.timeout ? durationSeconds(capture.timeout) * 1000 : DEFAULT_PROVIDER_TIMEOUT_MS,
  };
  if (capture.kubernetes) out.kubernetes = kube(values, capture.kubernetes);
  if (capture.prometheus) {
    out.prometheus = {
      ...(capture.prometheus.url ? { url: capture.prometheus.url } : {}),
      queries: Object.fromEntries(
        Object.entries(capture.prometheus.queries).map(([name, q]) => [name, renderQuery(q, values)]),
      ),
    };
  }
  if (capture.loki) {
    out.loki = {
      ...(capture.loki.url ? { url: capture.loki.url } : {}),
      selector: renderQuery(capture.loki.selector, values),
      lines: capture.loki.lines ?? 50,
      errorPattern: capture.loki.error_pattern ?? DEFAULT_ERROR_PATTERN,
      windowMs: durationSeconds(capture.loki.window ?? '5m') * 1000,
    };
  }
  if (capture.velero) {
    out.velero = { namespace: renderKubeName(capture.velero.namespace ?? 'velero', values, 'namespace') };
  }
  return out;
}

/** The built-in probe of a success check, or undefined for a command check. */
export function planProbe(c: SuccessCheck, values: Record<string, string>): BuiltinProbe | undefined {
  if (c.pods_ready) return { kind: 'pods_ready', ...kube(values, c.pods_ready) };
  if (c.prometheus) {
    return {
      kind: 'prometheus',
      query: renderQuery(c.prometheus.query, values),
      ...(c.prometheus.url ? { url: c.prometheus.url } : {}),
    };
  }
  if (c.http) {
    return {
      kind: 'http',
      url: renderUrl(c.http.url, values),
      status: c.http.status,
      ...(c.http.body !== undefined ? { body: renderExpected(c.http.body, values) } : {}),
    };
  }
  if (c.velero) {
    return {
      kind: 'velero',
      namespace: renderKubeName(c.velero.namespace ?? 'velero', values, 'namespace'),
      maxAgeMs: durationSeconds(c.velero.max_age) * 1000,
    };
  }
  if (c.check === undefined) throw new TemplateError(`check '${c.condition}' has nothing to run`);
  return undefined;
}

/** How a probe reads in a plan, a record's `cmd` and an incident. */
export function describeProbe(p: BuiltinProbe): string {
  switch (p.kind) {
    case 'pods_ready':
      return `pods_ready: namespace ${p.namespace}, selector ${p.selector}`;
    case 'prometheus':
      return `prometheus: ${p.query}`;
    case 'http':
      return `http: GET ${p.url} → ${p.status}`;
    case 'velero':
      return `velero: newest backup in ${p.namespace} Completed and younger than ${p.maxAgeMs / 1000}s`;
  }
}
