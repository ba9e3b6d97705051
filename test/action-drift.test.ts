import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { draftFingerprint } from '../src/domain/incidents/incident-draft.js';
import { seenIn } from '../src/domain/plan/live-state.js';
import { executeOnPush, runAction } from './helpers/action-runner.js';
import { mentions, unbalanced } from './helpers/bot-bodies.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';
import { deployment, liveIntent, serveShop, statefulSet } from './helpers/live-cluster.js';
import { writeFiles } from './helpers/repo.js';

// Issue 27, item 3: the plan comment notes what it saw of each workload (hidden data); at execute
// the action reads it back from the PR through the GitHub port and compares with the cluster. The
// Kubernetes double's deployments change between plan and execute (another actor rolled out):
// under `on_drift: deny` nothing runs and the PR says what moved; by default it runs and says so.

const POLICIES = `policies:
  - name: careful-web-0
    match: { intents: [deploy-app], params: { app: [web-0] } }
    on_drift: deny
`;

const BOT = { login: 'github-actions[bot]', id: 41_898_282, type: 'Bot' as const };

let double: GitHubDouble;
let repo: GitOpsRemote;
let api: FakeApiServer;

beforeAll(async () => {
  double = await startGitHubDouble();
  api = await FakeApiServer.start();
  repo = await gitopsRemote('intentops-drift-', {
    'intents/catalog/deploy-app.yaml': liveIntent(),
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'intents/policies/drift.yaml': POLICIES,
  });
});

afterAll(async () => {
  await double.stop();
  await api.close();
  await repo.cleanup();
});

const REQUESTS = {
  'intents/requests/web-0.yaml':
    'intent: deploy-app\nparams: { app: web-0, version: "1.5.0" }\nreason: drift\n',
  'intents/requests/web-1.yaml':
    'intent: deploy-app\nparams: { app: web-1, version: "1.5.0" }\nreason: drift\n',
  // a StatefulSet in the double (test/helpers/live-cluster.ts)
  'intents/requests/web-8.yaml':
    'intent: deploy-app\nparams: { app: web-8, version: "1.5.0" }\nreason: drift\n',
};
const PATHS = Object.keys(REQUESTS);

/**
 * The plan job on a pull request adding REQUESTS (issue `number` in the double), with `inputs`;
 * returns its plan comment.
 */
async function planJob(number: number, inputs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-drift-pr-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    await writeFiles(dir, {
      'intents/catalog/deploy-app.yaml': liveIntent(),
      'intents/anomaly-rules/default.yaml': SEED_RULES,
      'intents/policies/drift.yaml': POLICIES,
    });
    git('add', '-A');
    git('commit', '-qm', 'catalog');
    const base = git('rev-parse', 'HEAD');
    await writeFiles(dir, REQUESTS);
    git('add', '-A');
    git('commit', '-qm', 'requests');
    const head = git('rev-parse', 'HEAD');
    const r = await runAction({
      inputs: {
        command: 'plan',
        'github-token': 'ghs_test',
        'repo-path': dir,
        'dry-run': 'false',
        ...inputs,
      },
      event: { number, pull_request: { number, base: { sha: base }, head: { sha: head } } },
      eventName: 'pull_request',
      sha: head,
      apiUrl: double.url,
      cwd: dir,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const comment = double.state
      .commentsOf(number)
      .filter((c) => c.body?.includes('<!-- intentops:plan -->'))
      .at(-1);
    return comment?.body ?? '';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function openIssue(title: string): Promise<number> {
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  return (await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title })).data.number;
}

describe('action: the live plan and the drift guard at execute', { timeout: 300_000 }, () => {
  let plan = '';
  let deniedId = '';
  let drifted = 0;

  it('the plan job reads the live state with the kubeconfig input only, and says when it did not', async () => {
    serveShop(api, new Date());
    api.requests.length = 0;
    const without = await planJob(await openIssue('no credentials'), {});
    expect(without).toContain(
      'Live state: the cluster was not read — the plan job has no read-only kubeconfig (give the action the kubeconfig input, e.g. secrets.INTENTOPS_OBSERVE_KUBECONFIG).',
    );
    expect(seenIn(without)).toBeUndefined();
    expect(api.requests).toEqual([]);

    const skipped = await planJob(await openIssue('no live'), {
      kubeconfig: api.kubeconfig(),
      live: 'false',
    });
    expect(skipped).not.toContain('live state');
    expect(skipped).not.toContain('Live state');
    expect(api.requests).toEqual([]);

    // An incident issue open on web-0 (its fingerprint: intent + rule + target), none on web-1.
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    const fp = draftFingerprint('deploy-app', 'memory_spike', 'web-0');
    await gh.rest.issues.create({
      owner: 'acme',
      repo: 'gitops',
      title: 'deploy-app web-0: memory spike',
      body: `what happened\n\n<!-- intentops:fingerprint=${fp} -->\n`,
      labels: ['incident-draft', 'intent:deploy-app', 'anomaly:memory_spike'],
    });
    plan = await planJob(await openIssue('live'), { kubeconfig: api.kubeconfig() });
    const section = (name: string) =>
      plan.slice(plan.indexOf(`live state — <code>intents/requests/${name}.yaml`)).split('</details>')[0] ??
      '';
    expect(section('web-0')).toContain('open incidents on this target: deploy-app web-0: memory spike (');
    expect(section('web-1')).toContain('open incidents on this target: none');
    expect(plan).toContain(
      'Live state read with read-only credentials (the kubeconfig input, context fake):',
    );
    expect(plan).not.toContain(api.url); // the API server's address stays out of the public comment
    expect(plan).toContain('deployment shop/web-0: registry.example/web-0:1.4.0 (generation 3)');
    expect(plan).toContain('deploy-app app=web-0 version=1.5.0 (1.4.0 → 1.5.0)');
    expect(plan).toContain('statefulset shop/web-8: registry.example/web-8:1.4.0 (generation 3)');
    expect(Object.keys(seenIn(plan) ?? {})).toEqual(PATHS);
    expect(seenIn(plan)?.['intents/requests/web-8.yaml']).toEqual([
      {
        kind: 'statefulset',
        namespace: 'shop',
        name: 'web-8',
        generation: 3,
        images: ['registry.example/web-8:1.4.0'],
        replicas: 3,
      },
    ]);
    expect(api.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });

  it('denies under on_drift: deny and says what moved; proceeds by default and says so on the PR', async () => {
    expect(plan).toContain('<!-- intentops:plan-seen=');
    const shop = serveShop(api, new Date());

    const sha = await repo.merge(REQUESTS, 'merge drift');
    double.state.adoptCommit(sha, 'merge drift');
    const pr = double.state.mergedPull(sha, 'drift');
    double.state.addComment(pr, plan, BOT);
    // A forged plan comment by a person is not data: it says nothing moved.
    double.state.addComment(pr, plan.replace(/plan-seen=[^ ]*/, 'plan-seen=e30='), {
      login: 'mallory',
      id: 666,
      type: 'User',
    });

    // Another actor rolls out between the approval and the merge's execute job.
    shop.put(deployment('web-0', '1.5.1', 4));
    shop.put(deployment('web-1', '1.4.0', 3, 5));
    api.collection('/apis/apps/v1/namespaces/shop/statefulsets', '', [statefulSet('web-8', '1.4.0', 4, 5)]);

    api.requests.length = 0;
    const r = await runAction(
      executeOnPush(repo.checkout(), double.url, {
        inputs: {
          command: 'execute',
          'github-token': 'ghs_test',
          'repo-path': repo.checkout(),
          'dry-run': 'false',
          kubeconfig: api.kubeconfig(),
        },
      }),
    );
    const records = repo.records();
    const web0 = records.find((x) => x.request.path === 'intents/requests/web-0.yaml');
    const web1 = records.find((x) => x.request.path === 'intents/requests/web-1.yaml');
    expect(web0?.status, r.stdout + r.stderr).toBe('denied');
    expect(web0?.status_reason).toContain(
      'the cluster moved since the approved plan: deployment shop/web-0: generation 3 → 4; image registry.example/web-0:1.4.0 → registry.example/web-0:1.5.1',
    );
    // The live state now, and how to go on: a fresh approval by a writer, or a new request.
    expect(web0?.status_reason).toContain(
      'live now: deployment shop/web-0: registry.example/web-0:1.5.1, 2 replicas (generation 4)',
    );
    expect(web0?.status_reason).toContain('/retry');
    expect(web0?.commands_run).toEqual([]);
    deniedId = web0?.id ?? '';
    drifted = pr;

    expect(web1?.status).toBe('success');
    expect(web1?.policy.reasons.join('\n')).toContain(
      'default/on_drift: info — the cluster moved since the approved plan: deployment shop/web-1: replicas 2 → 5; on_drift: proceed',
    );

    const bodies = double.state.commentsOf(pr).map((c) => c.body ?? '');
    // The denied request's row in the PR's one outcome comment says what moved.
    const outcome = bodies.find((b) => b.includes('<!-- intentops:outcome -->')) ?? '';
    const deniedRow = outcome.split('\n').find((l) => l.includes('web-0') && l.includes('denied')) ?? '';
    expect(deniedRow).toContain('deployment shop/web-0: generation 3 → 4');
    expect(deniedRow).toContain('live now: deployment shop/web-0: registry.example/web-0:1.5.1');
    expect(deniedRow).toContain(
      'someone with write access comments <code>/retry</code>: it re-plans against the live state now and runs',
    );
    expect(mentions(outcome)).toEqual([]);
    const drift = bodies.find((b) => b.includes(`intentops:drift=${web1?.id}`)) ?? '';
    expect(drift).toContain('- deployment shop/web-1: replicas 2 → 5');
    expect(drift).toContain('`on_drift: proceed`');
    // The StatefulSet is compared with the StatefulSet list, and only the kinds the plan saw are listed.
    const web8 = records.find((x) => x.request.path === 'intents/requests/web-8.yaml');
    expect(web8?.status).toBe('success');
    const sts = bodies.find((b) => b.includes(`intentops:drift=${web8?.id}`)) ?? '';
    expect(sts).toContain('- statefulset shop/web-8: generation 3 → 4; replicas 3 → 5');
    expect(api.requests.filter((q) => q.path.endsWith('/daemonsets'))).toEqual([]);
    expect(unbalanced(drift)).toEqual([]);
    expect(mentions(drift)).toEqual([]);
    // The guard only reads the cluster.
    expect(api.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });

  it('/retry by a writer re-plans on the live state now: a second drift before it runs denies again; the next runs', async () => {
    expect(deniedId).not.toBe('');
    const shop = serveShop(api, new Date());
    shop.put(deployment('web-0', '1.5.2', 5));
    double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
    const retry = (id: number, env: Record<string, string> = {}) =>
      runAction(
        executeOnPush(repo.checkout(), double.url, {
          inputs: {
            command: 'execute',
            'github-token': 'ghs_test',
            'repo-path': repo.checkout(),
            'dry-run': 'false',
            kubeconfig: api.kubeconfig(),
          },
          eventName: 'issue_comment',
          event: {
            action: 'created',
            issue: { number: drifted, pull_request: { url: 'x' } },
            comment: { id, body: '/retry', user: { login: 'alice', type: 'User' } },
          },
          env,
        }),
      );
    const web0 = () => repo.records().filter((x) => x.request.path === 'intents/requests/web-0.yaml');

    // The /retry job is lost right after its grant is pushed (before its reply): the grant holds
    // the fresh plan's live state (generation 5), and nothing ran.
    const lost = await retry(9001, { INTENTOPS_FAULT: 'github.write:kill' });
    expect(lost.code).not.toBe(0);
    const grants = repo.files().filter((f) => f.startsWith('executions/retries/'));
    expect(grants).toEqual([`executions/retries/${deniedId}-c9001.yaml`]);
    expect(repo.show(grants[0] as string)).toContain('registry.example/web-0:1.5.2');
    expect(web0().map((x) => x.status)).toEqual(['denied']);

    // Another actor rolls out again before the schedule's reconcile runs the grant: denied again.
    shop.put(deployment('web-0', '1.5.3', 6));
    const scheduled = await runAction(
      executeOnPush(repo.checkout(), double.url, {
        inputs: {
          command: 'execute',
          'github-token': 'ghs_test',
          'repo-path': repo.checkout(),
          'dry-run': 'false',
          kubeconfig: api.kubeconfig(),
        },
      }),
    );
    const again = web0().find((x) => x.retry_of === deniedId);
    expect(again?.status, scheduled.stdout + scheduled.stderr).toBe('denied');
    expect(again?.status_reason).toContain('deployment shop/web-0: generation 5 → 6');
    expect(again?.commands_run).toEqual([]);
    const row = () =>
      (
        double.state
          .commentsOf(drifted)
          .map((c) => c.body ?? '')
          .find((b) => b.includes('<!-- intentops:outcome -->')) ?? ''
      )
        .split('\n')
        .find((l) => l.startsWith('| `web-0.yaml`')) ?? '';
    expect(row()).toContain('⛔ denied');
    expect(row()).toContain(`retry of <code>${deniedId}</code>`);
    expect(row()).toContain('<code>/retry</code>');

    // A fresh /retry now: nothing moves between its plan and its run, so it runs.
    api.requests.length = 0;
    const ran = await retry(9002);
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const done = web0().filter((x) => x.retry_of === deniedId && x.status === 'success');
    expect(done).toHaveLength(1);
    expect(done[0]?.commands_run.map((c) => c.step)).toEqual(['deploy']);
    expect(row()).toContain('✅ succeeded');
    // A /retry once it has run is refused: nothing runs a third time.
    const third = await retry(9003);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(web0()).toHaveLength(3);
    const reply = double.state.commentsOf(drifted).find((c) => c.body?.includes('intentops:retry=9003'));
    expect(reply?.body).toContain('`intents/requests/web-0.yaml`: its last retry ended as success');
    // Still exactly one record of the request's own (the first denial); the rest are retries.
    expect(web0().filter((x) => !x.retry_of)).toHaveLength(1);
    expect(api.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });
});
