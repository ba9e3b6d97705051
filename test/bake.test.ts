import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { replayRecord } from '../src/domain/records/replay.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { KUBE_CAPTURE, observedIntent } from './helpers/observed-intent.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// The bake: after a run passed, intentops keeps watching the (recorded) cluster through the real
// Kubernetes client and writes a follow-up record that names the execution.

const PODS = '/api/v1/namespaces/shop/pods';
let api: FakeApiServer;
let kubeDir: string;
const repos: string[] = [];

function healthy(): void {
  api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy');
}

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-kubeconfig-'));
  healthy();
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } });
  process.env.KUBECONFIG = await api.writeKubeconfig(kubeDir);
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

const intent = (extraCapture = '') =>
  observedIntent({ timeout: '2s', capture: `${KUBE_CAPTURE}${extraCapture}` });

const OUTCOMES = `observe: { for: 3s, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 20s
      interval: 200ms
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
    - { pattern: OOMKilled, severity: P1 }
`;

const RESTARTS_RULE = `  - name: restarts_in_bake
    condition: "pod_restarts_after > 3"
    severity: P2
    action: create_incident_draft
`;

async function repo(extraCapture = '', extraRules = ''): Promise<string> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': intent(extraCapture),
    'intents/outcomes/deploy-app.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES + extraRules,
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bake\n',
  });
  repos.push(dir);
  return dir;
}

async function records(dir: string): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  for (const day of (await readdir(join(dir, 'executions'))).filter((d) => /^\d/.test(d)).sort()) {
    for (const f of (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml')).sort())
      out.push(parse(await readFile(join(dir, 'executions', day, f), 'utf8')) as ExecutionRecord);
  }
  return out;
}

describe('bake', () => {
  it('a healthy bake passes: the execution record as written, a follow-up naming it, replayable', async () => {
    healthy();
    const dir = await repo();
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/baking: \d of 3 s, no anomalies so far/);
    const [exec, follow] = [...(await records(dir))].sort((a, b) =>
      a.observation_of ? 1 : b.observation_of ? -1 : 0,
    );
    expect(exec?.status).toBe('success');
    expect(exec?.observation).toBeUndefined();
    expect(follow?.observation_of).toBe(exec?.id);
    expect(follow?.prev_digest).toBe(exec?.digest);
    expect(follow?.observation?.verdict).toBe('pass');
    expect(follow?.observation?.samples.length).toBe(6);
    expect(follow?.status).toBe('success');
    expect(replayRecord(follow as ExecutionRecord).differences).toEqual([]);
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('a crash loop 1.2 s into the bake fails it, saying when it appeared after the run', async () => {
    healthy();
    const dir = await repo('', RESTARTS_RULE);
    const ran = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/r.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    const [exec] = await records(dir);
    expect(await records(dir)).toHaveLength(1);
    const t = setTimeout(() => api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-api-crashloop'), 1200);
    const res = await cli(['--repo', dir, 'observe', exec?.id ?? '']);
    clearTimeout(t);
    healthy();
    expect(res.code).toBe(1);
    const follow = (await records(dir)).find((r) => r.observation_of === exec?.id);
    expect(follow?.observation?.verdict).toBe('fail');
    expect(follow?.status).toBe('failed');
    expect(follow?.observation?.reason).toMatch(/P1 failure indicator '(CrashLoopBackOff|OOMKilled)'/);
    const first = follow?.observation?.first_seen.find((f) =>
      f.what.startsWith('indicator:CrashLoopBackOff'),
    );
    expect(first?.after_run_ms).toBeGreaterThanOrEqual(1000);
    expect(first?.after_run).toMatch(/^\d+ s$/);
    // Stopped at the failure, not at the end of the window.
    expect(follow?.observation?.samples.length).toBeLessThan(6);
    expect(res.stderr).toMatch(/CrashLoopBackOff.* appeared \d+ s after the run ended/);
    // The restarts the crash loop brings fire a rule: its incident draft says when it appeared.
    expect(
      follow?.anomalies.map((a) => a.rule),
      JSON.stringify(follow?.rules_evaluated),
    ).toContain('restarts_in_bake');
    const draft = (await readdir(join(dir, 'incidents', 'drafts'))).find((f) => f.includes('restarts'));
    const text = await readFile(join(dir, 'incidents', 'drafts', draft ?? ''), 'utf8');
    expect(text).toMatch(new RegExp(`appeared \\d+ s after the run ended \\(bake of \`${exec?.id}\`\\)`));
    expect(
      follow?.drafts.some((d) => d.path.includes('restarts-in-bake') || d.path.includes('restarts_in_bake')),
    ).toBe(true);
    expect(replayRecord(follow as ExecutionRecord).differences).toEqual([]);
  });

  it('a provider that cannot be read makes the bake inconclusive, never a silent pass', async () => {
    healthy();
    const dir = await repo(
      '  prometheus:\n    url: http://127.0.0.1:9\n    queries:\n      error_rate: rate(errors[1m])\n',
    );
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code).toBe(1);
    const follow = (await records(dir)).find((r) => r.observation_of);
    expect(follow?.observation?.verdict).toBe('inconclusive');
    expect(follow?.status).toBe('inconclusive');
    expect(follow?.observation?.reason).toMatch(/data missing: prometheus:error_rate/);
  });

  it('observe of an unknown id or an intent without a bake window says why', async () => {
    const dir = await repo();
    const res = await cli(['--repo', dir, 'observe', 'exec-nope']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no execution record with id exec-nope/);
  });

  it('observe of an execution whose intent has no bake window exits 0: there is nothing to bake', async () => {
    healthy();
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': intent(),
      'intents/outcomes/deploy-app.yaml': OUTCOMES.replace(/^observe: .*\n/, ''),
      'intents/anomaly-rules/default.yaml': SEED_RULES,
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bake\n',
    });
    repos.push(dir);
    const ran = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    const [exec] = await records(dir);
    const res = await cli(['--repo', dir, 'observe', exec?.id ?? '']);
    expect(res.stderr).toMatch(/no bake: intent deploy-app declares no bake window/);
    expect(res.code).toBe(0);
    expect(await records(dir)).toHaveLength(1);
  });

  it('prune with a retention shorter than a bake window is refused: the follow-up would name a rolled-up record', async () => {
    const dir = await repo();
    const res = await cli(['--repo', dir, 'prune', '--retention', '2s']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /intents\/outcomes\/deploy-app\.yaml.*retention \(2s\) is shorter than the bake window of deploy-app \(observe\.for 3s\).*keep records at least 3s/,
    );
    expect((await cli(['--repo', dir, 'prune', '--retention', '30d'])).code).toBe(0);
  });

  it('a bake longer than a job may run is refused at file:line', async () => {
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': intent(),
      'intents/outcomes/deploy-app.yaml': OUTCOMES.replace('for: 3s', 'for: 7h'),
    });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/intents\/outcomes\/deploy-app\.yaml:1:\d+.*longer than a GitHub job may run/);
  });
});
