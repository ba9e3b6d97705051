import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { observedIntent } from './helpers/observed-intent.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// What `plan` and a local `run` say at the terminal (issue 24, items 7 and 8): which cluster they
// use, why a snapshot is empty, and nothing every run about rules and channels that cannot apply.

const PODS = '/api/v1/namespaces/shop/pods';
let api: FakeApiServer;
let tmp: string;
const repos: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  tmp = await mkdtemp(join(tmpdir(), 'intentops-console-'));
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await Promise.all([api.close(), rm(tmp, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

/** As `init` writes them: a rule reading what only the example intent captures, and a Slack channel. */
const SCAFFOLD_RULES = `anomaly_rules:
  - name: slow_run
    condition: "duration > expected_duration * 3"
    severity: P3
    action: log_warning
  - name: tmp_filling_up
    condition: "after.metrics.files_in_tmp - before.metrics.files_in_tmp > 100"
    severity: P3
    action: flag_for_review
  - name: always
    condition: "duration >= 0.0"
    severity: P2
    action: flag_for_review
`;
const NOTIFY = `channels:
  - name: team-slack
    kind: slack
    webhook_url_env: SLACK_WEBHOOK_URL
    severities: [P1, P2]
`;

async function repo(capture?: string): Promise<string> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': `${observedIntent(capture === undefined ? {} : { capture })}expected_duration: 30s\n`,
    'intents/anomaly-rules/default.yaml': SCAFFOLD_RULES,
    'intents/notify.yaml': NOTIFY,
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: console\n',
  });
  repos.push(dir);
  return dir;
}

function records(dir: string): ExecutionRecord[] {
  const root = join(dir, 'executions');
  return readdirSync(root)
    .filter((d) => /^\d/.test(d))
    .flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => parse(readFileSync(join(root, d, f), 'utf8')) as ExecutionRecord),
    );
}

/** No kubeconfig anywhere: not in KUBECONFIG, not in ~/.kube/config. */
function noKubeconfig(): void {
  vi.stubEnv('KUBECONFIG', undefined);
  vi.stubEnv('HOME', tmp);
}

describe('plan and a local run name the cluster they use', () => {
  it('plan and run print the kube context and API server, and where the config came from', async () => {
    const kubeconfig = await api.writeKubeconfig(tmp, { context: 'staging' });
    vi.stubEnv('KUBECONFIG', kubeconfig);
    const dir = await repo();
    const line = `Kubernetes: context staging, server ${api.url} (from ${kubeconfig})`;
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(line);
    const run = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(line);
  });

  it('INTENTOPS_KUBE_CONTEXT: the plan says kubectl in steps still uses the current context', async () => {
    const kubeconfig = await api.writeKubeconfig(tmp, {
      context: 'staging',
      others: [{ name: 'prod', server: api.url }],
    });
    vi.stubEnv('KUBECONFIG', kubeconfig);
    vi.stubEnv('INTENTOPS_KUBE_CONTEXT', 'prod');
    const plan = await cli(['--repo', await repo(), 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain(
      `Kubernetes: context prod, server ${api.url} (from ${kubeconfig}); kubectl in steps uses the kubeconfig's current context staging`,
    );
  });
});

describe('the console says why a snapshot is empty', () => {
  it('no kubeconfig: plan says so before, run says it for the snapshot, not only the record', async () => {
    noKubeconfig();
    const dir = await repo();
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toMatch(
      /^Kubernetes: none — no kubeconfig: set KUBECONFIG, give a kubeconfig, or run in a cluster: the Kubernetes snapshot will be empty$/m,
    );
    const run = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(run.stdout).toMatch(
      /^ {2}snapshot kubernetes unavailable \(before and after\): config: no kubeconfig: set KUBECONFIG/m,
    );
  });
});

describe('said once at plan, not on every run', () => {
  it("a scaffolded rule reading what this intent never captures is not 'not evaluated' on its runs", async () => {
    noKubeconfig();
    const dir = await repo('  metrics:\n    load: { run: "echo 1" }\n');
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain(
      '  - tmp_filling_up does not apply: deploy-app never captures after.metrics.files_in_tmp, before.metrics.files_in_tmp  [intents/anomaly-rules/default.yaml]',
    );
    const run = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('tmp_filling_up');
    const [r] = records(dir);
    expect(r?.rules_not_evaluated).toEqual([]);
    expect(r?.rules_evaluated?.map((e) => e.rule)).toEqual(['slow_run', 'always']);
    const replay = await cli(['--repo', dir, 'replay', r?.id ?? '']);
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('a notify channel whose variable is unset: plan names it, the run prints no ✖ for it', async () => {
    noKubeconfig();
    vi.stubEnv('SLACK_WEBHOOK_URL', undefined);
    const dir = await repo('  metrics:\n    load: { run: "echo 1" }\n');
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain(
      'Note: notify channel team-slack (slack, P1/P2): SLACK_WEBHOOK_URL is not set here, so its alerts are skipped',
    );
    // The P2 rule `always` fires: the channel would alert, but its variable is unset.
    const run = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(records(dir)[0]?.anomalies.map((a) => a.rule)).toEqual(['always']);
    expect(run.stderr).not.toMatch(/✖ slack team-slack/);
    expect(existsSync(join(dir, 'incidents', 'notify-log.jsonl'))).toBe(false);
  });
});
