import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { replayRecord } from '../src/domain/records/replay.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { hasPushgateway, type Pushgateway, startPushgateway } from './helpers/pushgateway.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Rollback end to end through the CLI, against the real Kubernetes client and a recorded API server:
// a deploy passes its checks, its pods start crash-looping during the bake → follow-up record,
// incident draft, and (policy auto) a rollback record that names the execution; with policy ask, no
// rollback until a person runs `intentops rollback`.

const PODS = '/api/v1/namespaces/shop/pods';
const HEAL = '/intentops-test/heal';
let api: FakeApiServer;
let kubeDir: string;
const repos: string[] = [];
const timers: NodeJS.Timeout[] = [];

function healthy(): void {
  api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy');
}
function crashLoop(): void {
  api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-api-crashloop');
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

afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
  healthy();
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

// The rollback step heals the (recorded) cluster and waits for it, like `kubectl rollout status`.
const HEAL_SCRIPT = [
  'const u = process.argv[1];',
  `await fetch(u + '${HEAL}');`,
  `for (;;) { const t = await (await fetch(u + '${PODS}?labelSelector=app%3Dweb')).text();`,
  "if (!t.includes('CrashLoopBackOff')) break; await new Promise((r) => setTimeout(r, 50)); }",
].join(' ');

const intent = (rollback: string) => `name: deploy-app
description: observed deploy that can be undone
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, "rolled out {{app}}"]
${rollback}
capture:
  timeout: 2s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;

const healRollback = () =>
  `rollback:
  - name: undo
    run: [node, --input-type=module, -e, ${JSON.stringify(HEAL_SCRIPT)}, "${api.url}"]
    timeout: 30s
`;

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

const policy = (mode: string) => `policies:
  - name: rollback-${mode}
    match: { intents: [deploy-app] }
    rollback: ${mode}
`;

async function repo(o: { rollback?: string; mode?: string }): Promise<string> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': intent(o.rollback ?? healRollback()),
    'intents/outcomes/deploy-app.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES + RESTARTS_RULE,
    ...(o.mode ? { 'intents/policies/rollback.yaml': policy(o.mode) } : {}),
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: rollback\n',
  });
  repos.push(dir);
  return dir;
}

async function records(dir: string): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  const root = join(dir, 'executions');
  for (const day of (await readdir(root).catch(() => [] as string[])).filter((d) => /^\d/.test(d)).sort()) {
    for (const f of (await readdir(join(root, day))).filter((f) => f.endsWith('.yaml')).sort())
      out.push(parse(await readFile(join(root, day, f), 'utf8')) as ExecutionRecord);
  }
  return out;
}

/**
 * The cluster goes bad once the execution record is written (the bake has begun) and heals when the
 * rollback step asks: events, not delays, so a loaded machine changes nothing.
 */
function scenario(dir: string): void {
  let bad = false;
  let healed = false;
  timers.push(
    setInterval(() => {
      if (!bad && existsSync(join(dir, 'executions')) && !healed) {
        bad = true;
        crashLoop();
      }
      if (!healed && api.requests.some((r) => r.path === HEAL)) {
        healed = true;
        healthy();
      }
    }, 20),
  );
}

async function draftText(dir: string): Promise<string> {
  const files = await readdir(join(dir, 'incidents', 'drafts'));
  const texts = await Promise.all(files.map((f) => readFile(join(dir, 'incidents', 'drafts', f), 'utf8')));
  return texts.join('\n');
}

function clean(all: ExecutionRecord[]): void {
  for (const r of all) expect(replayRecord(r).differences, r.id).toEqual([]);
}

describe('rollback', () => {
  it('policy auto: a crash loop in the bake rolls back at once; every record linked and replayable', async () => {
    api.requests.length = 0;
    const dir = await repo({ mode: 'auto' });
    scenario(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(1);
    const all = await records(dir);
    const exec = all.find((r) => !r.observation_of && !r.rollback_of);
    const follow = all.find((r) => r.observation_of === exec?.id);
    const rollback = all.find((r) => r.rollback_of === exec?.id);
    expect(exec?.status).toBe('success');
    expect(follow?.observation?.verdict, res.stderr).toBe('fail');
    expect(rollback, res.stderr).toBeDefined();
    expect(rollback?.rollback).toMatchObject({ mode: 'auto', by: 'policy' });
    expect(rollback?.rollback?.trigger).toMatch(new RegExp(`the bake of ${exec?.id} failed`));
    expect(rollback?.commands_run.map((c) => c.step)).toEqual(['undo']);
    expect(rollback?.status, rollback?.status_reason).toBe('success');
    // The rollback is baked like any run: its own follow-up.
    expect(all.find((r) => r.observation_of === rollback?.id)?.observation?.verdict).toBe('pass');
    // Exactly one rollback, and it comes after the failed bake in the digest chain.
    expect(all.filter((r) => r.rollback_of)).toHaveLength(1);
    expect(rollback?.prev_digest).toBe(follow?.digest);
    // The incident draft of the bake says what was rolled back, when and by whom.
    const text = await draftText(dir);
    expect(text).toContain(
      `Rolled back** \`${exec?.id}\` automatically (policy: auto) at ${rollback?.timestamp}`,
    );
    expect(text).toContain(`rollback execution \`${rollback?.id}\` ended success`);
    clean(all);
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const replay = await cli(['--repo', dir, 'replay', exec?.id ?? '']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout + replay.stderr).toContain(`rolled back by ${rollback?.id}`);
  });

  it('policy ask: nothing is rolled back until a person runs `intentops rollback`', async () => {
    api.requests.length = 0;
    const dir = await repo({ mode: 'ask' });
    scenario(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(1);
    let all = await records(dir);
    const exec = all.find((r) => !r.observation_of && !r.rollback_of);
    expect(all.find((r) => r.observation_of === exec?.id)?.observation?.verdict).toBe('fail');
    expect(all.some((r) => r.rollback_of)).toBe(false);
    expect(await draftText(dir)).toContain(`\`/rollback ${exec?.id}\``);
    expect(res.stderr).toContain(`intentops rollback ${exec?.id}`);

    process.env.USER = 'alice';
    const rb = await cli(['--repo', dir, 'rollback', exec?.id ?? '']);
    expect(rb.code, rb.stderr).toBe(0);
    all = await records(dir);
    const rollback = all.find((r) => r.rollback_of === exec?.id);
    expect(rollback?.rollback).toMatchObject({ mode: 'ask', by: 'alice' });
    expect(rollback?.status).toBe('success');
    expect(await draftText(dir)).toContain(
      `Rolled back** \`${exec?.id}\` by alice at ${rollback?.timestamp}`,
    );
    clean(all);

    // Once is enough, and a rollback is never rolled back.
    const again = await cli(['--repo', dir, 'rollback', exec?.id ?? '']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`${exec?.id} was already rolled back`));
    const loop = await cli(['--repo', dir, 'rollback', rollback?.id ?? '']);
    expect(loop.code).toBe(2);
    expect(loop.stderr).toMatch(/is itself a rollback .*a rollback is never rolled back/);
    expect((await records(dir)).filter((r) => r.rollback_of)).toHaveLength(1);
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('a rollback that fails is recorded once, never rolled back, and a human is asked', async () => {
    api.requests.length = 0;
    const dir = await repo({
      mode: 'auto',
      rollback: 'rollback:\n  - name: undo\n    run: [sh, -c, "echo cannot undo >&2; exit 3"]\n',
    });
    scenario(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code).toBe(1);
    const all = await records(dir);
    const rollbacks = all.filter((r) => r.rollback_of);
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]?.status).toBe('failed');
    expect(rollbacks[0]?.status_reason).toMatch(/step 'undo' failed/);
    expect(await draftText(dir)).toMatch(/The rollback `exec-[^`]+` did not succeed: a human is needed/);
    clean(all);
  });

  it('policy never: no rollback, and the draft says so', async () => {
    api.requests.length = 0;
    const dir = await repo({ mode: 'never' });
    scenario(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code).toBe(1);
    const all = await records(dir);
    expect(all.some((r) => r.rollback_of)).toBe(false);
    expect(await draftText(dir)).toContain('`rollback-never` says `rollback: never`');
    const exec = all.find((r) => !r.observation_of);
    const refused = await cli(['--repo', dir, 'rollback', exec?.id ?? '']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/policy rollback-never says `rollback: never`/);
  });

  it('`rollback` of an execution whose intent declares none says there is nothing to run', async () => {
    const dir = await repo({ rollback: '' });
    const ran = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/r.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    const [exec] = await records(dir);
    const res = await cli(['--repo', dir, 'rollback', exec?.id ?? '']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/intent deploy-app declares no rollback steps, so there is nothing to run/);
    const unknown = await cli(['--repo', dir, 'rollback', 'exec-nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no execution record with id exec-nope/);
  });

  it('a rollback naming a param the execution never had (the catalog changed since) is refused, naming it', async () => {
    const dir = await repo({ rollback: 'rollback:\n  - name: undo\n    run: [echo, "undo {{app}}"]\n' });
    const ran = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/r.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    const [exec] = await records(dir);
    // Later the intent gains a required param, and its rollback uses it: the record has no value.
    await writeFile(
      join(dir, 'intents/catalog/deploy-app.yaml'),
      intent(
        'rollback:\n  - name: undo\n    run: [kubectl, rollout, undo, "deployment/{{app}}", "--to-revision={{revision}}"]\n',
      ).replace(
        '  app: { type: string, pattern: "^[a-z0-9-]+$" }\n',
        '  app: { type: string, pattern: "^[a-z0-9-]+$" }\n  revision: { type: string, pattern: "^[0-9]+$" }\n',
      ),
    );
    const res = await cli(['--repo', dir, 'rollback', exec?.id ?? '']);
    expect(res.code, res.stdout + res.stderr).toBe(2);
    expect(res.stderr).toMatch(/revision/);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack
    expect((await records(dir)).some((r) => r.rollback_of)).toBe(false);
  });

  it('plan shows the rollback steps, rendered, and what the policy says', async () => {
    const dir = await repo({
      mode: 'never',
      rollback: 'rollback:\n  - name: undo\n    run: [kubectl, rollout, undo, "deployment/{{app}}"]\n',
    });
    const res = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Rollback (never, policy rollback-never: never runs');
    expect(res.stdout).toContain('1. undo (timeout 300s)\n     $ kubectl rollout undo deployment/web');
  });

  it('a rollback step naming an undeclared param is a validate error at file:line', async () => {
    const dir = await repo({
      rollback: 'rollback:\n  - name: undo\n    run: [kubectl, rollout, undo, "deployment/{{ap}}"]\n',
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    // Line 11 is the rollback step's `run:`.
    expect(res.stderr).toMatch(
      /intents\/catalog\/deploy-app\.yaml:11:\d+: undeclared placeholder \{\{ap\}\}/,
    );
    expect(res.stderr).toMatch(/rollback step 'undo': undeclared placeholder \{\{ap\}\}/);
  });
});

// The same with a metric: a real Pushgateway and Prometheus. The error ratio the bake re-asks at
// each interval goes bad once the execution record is written; policy auto rolls back, and the
// rollback step puts it right (its own check waits until Prometheus says so).
describe.skipIf(!hasPrometheus || !hasPushgateway)('rollback on a metric, with a real Prometheus', () => {
  let prom: PrometheusServer;
  let gateway: Pushgateway;
  const METRIC = 'demo_error_ratio';

  beforeAll(async () => {
    gateway = await startPushgateway();
    prom = await startPrometheus({
      scrape: [{ job: 'pushgateway', url: `${gateway.url}/metrics` }],
      scrapeInterval: '1s',
    });
    await gateway.push('demo', `${METRIC} 0`, { app: 'web' });
    // The first scrape of a new target takes up to 5 s (Prometheus 2.42's tick).
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(`max(${METRIC})`)}`);
      const body = (await r.json()) as { data: { result: unknown[] } };
      if (body.data.result.length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([prom?.stop(), gateway?.stop()]);
  });

  const push = (value: number) =>
    `[${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(`fetch(process.env.PUSH_URL, { method: "PUT", body: "${METRIC} ${value}\\n" }).then((r) => { if (!r.ok) process.exit(1); })`)}]`;

  it('policy auto: the error ratio goes bad in the bake → follow-up, rollback record, replayable', async () => {
    const env = `    env:\n      PUSH_URL: ${JSON.stringify(`${gateway.url}/metrics/job/demo/app/{{app}}`)}\n`;
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': `name: deploy-app
description: a deploy whose error ratio Prometheus watches
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: ${push(0)}
${env}rollback:
  - name: undo
    run: ${push(0)}
${env}capture:
  timeout: 3s
  prometheus:
    url: ${prom.url}
    queries:
      error_ratio: 'max(${METRIC}{app="{{app}}"})'
`,
      'intents/outcomes/deploy-app.yaml': `observe: { for: 10s, interval: 500ms }
outcomes:
  success:
    - condition: error_ratio_low
      prometheus: { query: 'max(${METRIC}{app="{{app}}"})', url: "${prom.url}" }
      expected: { op: "<", value: 0.5 }
      timeout: 15s
      interval: 200ms
`,
      'intents/anomaly-rules/default.yaml': SEED_RULES,
      'intents/policies/rollback.yaml': policy('auto'),
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: rollback\n',
    });
    repos.push(dir);
    let bad = false;
    timers.push(
      setInterval(() => {
        if (bad || !existsSync(join(dir, 'executions'))) return;
        bad = true;
        void gateway.push('demo', `${METRIC} 0.9`, { app: 'web' });
      }, 20),
    );
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(1);
    const all = await records(dir);
    const exec = all.find((r) => !r.observation_of && !r.rollback_of);
    expect(exec?.status).toBe('success');
    const follow = all.find((r) => r.observation_of === exec?.id);
    expect(follow?.observation?.verdict, res.stderr).toBe('fail');
    expect(follow?.observation?.reason).toMatch(/error_ratio_low/);
    const rollback = all.find((r) => r.rollback_of === exec?.id);
    expect(rollback?.rollback).toMatchObject({ mode: 'auto', by: 'policy' });
    expect(rollback?.status, rollback?.status_reason).toBe('success');
    expect(all.find((r) => r.observation_of === rollback?.id)?.observation?.verdict).toBe('pass');
    clean(all);
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
