import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { scaffoldFiles } from '../../../src/app/init/scaffold.js';
import { VERSION } from '../../../src/version.js';

// What the fuzzer starts from (test/helpers/validate-fuzz.ts): valid repositories, each a set of
// files under intents/.

/** A repository to mutate: every file under intents/ by path. */
export interface FuzzBase {
  name: string;
  files: Record<string, string>;
}

function filesUnder(root: string, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = relative(root, join(e.parentPath, e.name)).split('\\').join('/');
    out[rel] = readFileSync(join(root, rel), 'utf8');
  }
  return out;
}

/** The project's example repository (intents/), with one request per intent so plans are made too. */
export function examplesBase(root: string): FuzzBase {
  const files = filesUnder(root, 'intents');
  files['intents/requests/deploy.yaml'] =
    'intent: deploy-app\nparams:\n  app: home-portal\n  tag: v1.2.3\nreason: fuzz\n';
  files['intents/requests/restart.yaml'] = 'intent: restart-app\nparams: { app: web }\nreason: fuzz\n';
  files['intents/requests/backups.yaml'] = 'intent: verify-backups\nreason: fuzz\n';
  return { name: 'examples', files };
}

/**
 * The examples use few of the features: this adds a policy with every rule, an outcome spec with
 * every kind of check and templated expectations, intent-bound rules and init's notify and execute
 * settings, each reached by a request, so mutations land where windows, prechecks and plans are
 * evaluated.
 */
export function everyFeatureBase(root: string, init: FuzzBase): FuzzBase {
  const files = { ...examplesBase(root).files };
  for (const f of ['intents/notify.yaml', 'intents/execute.yaml'])
    if (init.files[f] !== undefined) files[f] = init.files[f] as string;
  files['intents/policies/every-rule.yaml'] = `policies:
  - name: every-rule
    description: Every rule a policy can have
    match: { risk: [low, medium, high], params: { app: [web, home-portal, cache] } }
    approvals: 1
    proposers: { allow: ["*"], deny: ["blocked-*", "@acme/outsiders"] }
    autonomy: { agents: [intentops-agent], auto_merge: true, max_risk: medium }
    windows:
      - { cron: "0 9 * * 1-5", duration: 8h, timezone: Europe/Berlin }
      - { cron: "30 22 * * 0", duration: 90m }
      - { cron: "@daily", duration: 1h, timezone: UTC }
    freezes:
      - { from: "2026-12-23", to: "2027-01-02", reason: year-end }
      - { from: "2026-06-01T10:00:00Z", to: "2026-06-01T12:00:00+02:00" }
    rate_limit: { max: 3, per: 1h, scope: target }
    rollback: ask
    params:
      app: { allow: [web, home-portal, cache] }
    prechecks:
      - { name: cluster_ready, run: [kubectl, get, --raw, /readyz], expected: ok, timeout: 10s }
      - { name: app_answers, http: { url: "https://{{app}}.example.com/health", status: 200, body: { regex: "^ok" } } }
      - { name: error_ratio, prometheus: { query: 'sum(rate(errors_total{app="{{app}}"}[5m]))' }, expected: { op: "<", value: 0.1 } }
`;
  files['intents/outcomes/clear-cache.yaml'] = `intent: clear-cache
observe: { for: 10m, interval: 30s }
outcomes:
  success:
    - { condition: flushed, check: "redis-cli -n {{db}} dbsize", expected: { op: "<=", value: "{{db}}" }, timeout: 30s, interval: 2s }
    - { condition: pods_ready, pods_ready: { namespace: "{{app}}", selector: "app={{app}}" }, timeout: 120s }
    - { condition: error_rate, prometheus: { query: 'sum(rate(http_requests_total{namespace="{{app}}",code=~"5.."}[5m]))' }, expected: { op: "<", value: 0.1 } }
    - { condition: healthy, http: { url: "https://{{app}}.example.com/health", status: 200, body: { regex: "^ok$" } } }
    - { condition: backup_fresh, velero: { namespace: velero, max_age: 24h } }
    - { condition: echoed, check: [echo, "{{app}}"], expected: "{{app}}" }
  failure_indicators:
    - { pattern: "{{app}} crashed", severity: P1 }
    - { pattern: "^OOM.*{{app}}$", regex: true, severity: P2, description: out of memory }
`;
  files['intents/anomaly-rules/deploy-app.yaml'] = `intent: deploy-app
anomaly_rules:
  - { name: slow, condition: "duration > expected_duration * 2", severity: P3, action: log_warning }
  - { name: restarts, condition: "pod_restarts_after - pod_restarts_before > 2", severity: P2, action: create_incident_draft }
  - { name: wrong_params, condition: 'params.app == "home-portal" && status != "success"', severity: P2, action: flag_for_review }
`;
  files['intents/requests/cache.yaml'] =
    'intent: clear-cache\nparams: { app: cache, db: 3 }\nreason: fuzz\nproposed_by: intentops-agent\n';
  return { name: 'every-feature', files };
}

/** Every file `intentops init` writes that validate reads (intents/; workflows and schemas it never opens). */
export async function initBase(): Promise<FuzzBase> {
  const all = await scaffoldFiles({ actionRepo: 'intentops/intentops', version: VERSION, now: new Date(0) });
  return {
    name: 'init',
    files: Object.fromEntries(all.filter((f) => f.path.startsWith('intents/')).map((f) => [f.path, f.text])),
  };
}

/** Writes a base once into `dir` (a fresh folder). */
export function writeBase(dir: string, base: FuzzBase): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(base.files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}
