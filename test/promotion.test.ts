import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { startGitHubDouble } from './helpers/github-double.js';
import { startMcp } from './helpers/mcp-client.js';
import { KUBE_CAPTURE, observedIntent } from './helpers/observed-intent.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Staging and production in one repository: a production request waits at plan for the same change
// to have run and baked in staging, and runs once it has, naming that staging execution.

const PODS = '/api/v1/namespaces/shop/pods';
let api: FakeApiServer;
let kubeDir: string;
const repos: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-kubeconfig-'));
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } });
  process.env.KUBECONFIG = await api.writeKubeconfig(kubeDir);
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

const OUTCOMES = `observe: { for: 1s, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 20s
      interval: 200ms
`;

const POLICY = `policies:
  - name: staging-first
    match: { environments: [production] }
    promotion: { from: staging, within: 7d }
`;

async function repo(): Promise<string> {
  const dir = await makeRepo({
    'intents/environments.yaml': 'environments: [{ name: staging }, { name: production }]\n',
    'intents/catalog/deploy-app.yaml': observedIntent({ timeout: '2s', capture: KUBE_CAPTURE }),
    'intents/outcomes/deploy-app.yaml': OUTCOMES,
    'intents/policies/promotion.yaml': POLICY,
    'intents/requests/web-staging.yaml':
      'intent: deploy-app\nenvironment: staging\nparams: { app: web }\nreason: ship web\n',
    'intents/requests/web-production.yaml':
      'intent: deploy-app\nenvironment: production\nparams: { app: web }\nreason: ship web\n',
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

describe('promotion from staging to production', () => {
  it('production waits for the staging run and its bake, then runs naming it; both records carry their environment', async () => {
    const dir = await repo();
    const prod = 'intents/requests/web-production.yaml';

    const before = await cli(['--repo', dir, 'plan', prod]);
    expect(before.stdout).toContain('deploy-app (risk low) in production');
    expect(before.stdout).toMatch(/Policy: HOLD/);
    expect(before.stdout).toContain(
      'staging-first/promotion: hold — waits for staging: no run of deploy-app with these params in staging',
    );

    // Staging runs, its bake not yet: production still waits, saying for what.
    const staged = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/web-staging.yaml']);
    expect(staged.code, staged.stderr).toBe(0);
    const [stagingRun] = await records(dir);
    expect(stagingRun?.environment).toBe('staging');
    const baking = await cli(['--repo', dir, 'plan', prod]);
    expect(baking.stdout).toContain(`the bake of ${stagingRun?.id} in staging is still running`);

    // Execute checks again: run now is refused, with the same reason, and recorded as not run.
    const early = await cli(['--repo', dir, 'run', prod]);
    expect(early.code).not.toBe(0);
    const refused = (await records(dir)).find((r) => r.environment === 'production');
    expect(refused?.status).toBe('denied');
    expect(refused?.policy.verdict).toBe('hold');
    expect(refused?.status_reason).toContain('is still running');

    const baked = await cli(['--repo', dir, 'observe', stagingRun?.id ?? '']);
    expect(baked.code, baked.stderr).toBe(0);
    const follow = (await records(dir)).find((r) => r.observation_of === stagingRun?.id);
    expect(follow?.observation?.verdict).toBe('pass');
    expect(follow?.environment).toBe('staging');

    // Agents see the gate through MCP: plan_intent names the staging execution it passes on.
    const mcp = await startMcp(dir, { agent: 'ops-agent' });
    try {
      const res = mcp.json(
        await mcp.call('plan_intent', {
          intent: 'deploy-app',
          params: { app: 'web' },
          environment: 'production',
        }),
      );
      expect(res).toMatchObject({
        environment: 'production',
        verdict: 'allow',
        promotion: [{ policy: 'staging-first', outcome: 'pass', execution: stagingRun?.id }],
      });
      const listed = mcp.json(await mcp.call('list_executions', { intent: 'deploy-app' }));
      // list_executions' summaries say where each ran.
      expect(JSON.stringify(listed)).toContain(`"id":"${stagingRun?.id}"`);
      expect(JSON.stringify(listed)).toContain('"environment":"staging"');
    } finally {
      await mcp.close();
    }

    const after = await cli(['--repo', dir, 'plan', prod]);
    expect(after.stdout).toMatch(/Policy: ALLOW/);
    expect(after.stdout).toContain(
      `staging-first/promotion: pass — the same change succeeded in staging: ${stagingRun?.id}`,
    );

    // `promote` writes the same change for production, and says what the gate says.
    const typo = await cli(['--repo', dir, 'promote', stagingRun?.id ?? '', '--to', 'prodution']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown environment 'prodution' (did you mean 'production'?)");
    const ofFollowUp = await cli(['--repo', dir, 'promote', follow?.id ?? '', '--to', 'production']);
    expect(ofFollowUp.code).toBe(2);
    expect(ofFollowUp.stderr).toContain(`promote the execution ${stagingRun?.id}`);
    const promoted = await cli(['--repo', dir, 'promote', stagingRun?.id ?? '', '--to', 'production']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stderr).toContain('promotion staging → production; policy verdict: allow');
    const written = /^wrote (\S+)/.exec(promoted.stdout)?.[1] ?? '';
    const text = await readFile(join(dir, written), 'utf8');
    expect(parse(text)).toMatchObject({
      intent: 'deploy-app',
      environment: 'production',
      params: { app: 'web' },
    });
    expect((await cli(['--repo', dir, 'plan', written])).stdout).toMatch(/Policy: ALLOW/);

    // --pr: the same request, opened as a pull request through the API instead of written here.
    const double = await startGitHubDouble();
    const env = { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/gitops', GITHUB_API_URL: double.url };
    Object.assign(process.env, env);
    try {
      const pr = await cli(['--repo', dir, 'promote', stagingRun?.id ?? '', '--to', 'production', '--pr']);
      expect(pr.code, pr.stderr).toBe(0);
      expect(pr.stdout).toMatch(/^opened: \S+\/pull\/\d+ \(intents\/requests\/deploy-app-web-production-/);
      const files = [...double.state.commits.values()].flatMap((c) => [...c.files.entries()]);
      const opened = files.find(([path]) => path.startsWith('intents/requests/deploy-app-web-production-'));
      expect(parse(String(opened?.[1]))).toMatchObject({ environment: 'production', params: { app: 'web' } });
      expect(double.rejected()).toEqual([]);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      await double.stop();
    }

    const ran = await cli(['--repo', dir, 'run', '--no-bake', prod]);
    expect(ran.code, ran.stderr).toBe(0);
    const production = (await records(dir)).filter((r) => r.environment === 'production');
    expect(production.map((r) => r.status)).toEqual(['denied', 'success']);
    expect(production[1]?.policy.reasons.join('\n')).toContain(stagingRun?.id);

    // The report shows the environment beside the target.
    const site = join(dir, 'site');
    const report = await cli(['--repo', dir, 'report', '--out', site]);
    expect(report.code, report.stderr).toBe(0);
    const index = await readFile(join(site, 'index.html'), 'utf8');
    expect(index).toContain('web in staging');
    expect(index).toContain('web in production');
  });

  it('validate names an unknown environment, in a request and in a policy, with did-you-mean', async () => {
    const bad = await makeRepo({
      'intents/environments.yaml': 'environments: [{ name: staging }, { name: production }]\n',
      'intents/catalog/deploy-app.yaml': observedIntent({ timeout: '2s', capture: KUBE_CAPTURE }),
      'intents/policies/p.yaml':
        'policies:\n  - name: p\n    match: { environments: [prod] }\n    approvals: 1\n',
      'intents/requests/r.yaml':
        'intent: deploy-app\nenvironment: prodution\nparams: { app: web }\nreason: x\n',
    });
    repos.push(bad);
    const res = await cli(['--repo', bad, 'validate']);
    expect(res.code).not.toBe(0);
    const out = res.stdout + res.stderr;
    expect(out).toMatch(
      /intents\/requests\/r\.yaml:2:\d+.*unknown environment 'prodution' \(did you mean 'production'\?\)/,
    );
    expect(out).toMatch(/intents\/policies\/p\.yaml:3:\d+.*policy 'p': unknown environment 'prod'/);
  });
});
