import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createOctokit } from '../src/adapters/github/client.js';
import { runAction } from './helpers/action-runner.js';
import { mentions, unbalanced } from './helpers/bot-bodies.js';
import { serveDryRun } from './helpers/dry-run-cluster.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { serveShop } from './helpers/live-cluster.js';
import {
  appManifests,
  LEAKY_TOKEN,
  liveObjects,
  PREVIEW_INTENT,
  SECRET_VALUE,
} from './helpers/preview-repo.js';
import { makeRecord } from './helpers/record-fixture.js';
import { writeFiles } from './helpers/repo.js';

// Issue 27 item 2 through the action: the preview job (command `preview`) on a pull request, with
// the catalog from the base commit, the pull request as data, and the observe kubeconfig; its own
// sticky comment beside the plan comment. A pull request that changes the catalog, or comes from a
// fork, gets no live preview and the comment says why; the double sees no write but dry runs.

const PREVIEW_MARKER = '<!-- intentops:preview -->';
let double: GitHubDouble;
let api: FakeApiServer;

beforeAll(async () => {
  double = await startGitHubDouble();
  api = await FakeApiServer.start();
  serveShop(api, new Date());
});
afterAll(async () => {
  await double.stop();
  await api.close();
  const out = process.env.LIVE_PLAN_MARKDOWN;
  if (out && shown.plan && shown.preview) await writeFile(out, `${shown.plan}\n\n---\n\n${shown.preview}`);
});

const earlier = new Date(Date.now() - 3_600_000).toISOString();
const BASE_FILES: Record<string, string> = {
  'intents/catalog/deploy-web.yaml': PREVIEW_INTENT,
  'intents/anomaly-rules/default.yaml': SEED_RULES,
  ...appManifests('web-0', '1.4.0'),
  // The last execution on web-0, which the live state names.
  [`executions/${earlier.slice(0, 10)}/exec-last-web-0.yaml`]: stringify(
    makeRecord({
      id: 'exec-last-web-0',
      timestamp: earlier,
      intent: 'deploy-web',
      params: { app: 'web-0', version: '1.4.0' },
      status: 'success',
    }),
  ),
};

/**
 * The two comments a reviewer sees, kept for the screenshot of a real live plan
 * (LIVE_PLAN_MARKDOWN=<file> writes them there: docs of issue 27).
 */
const shown: { plan?: string; preview?: string } = {};

async function openIssue(title: string): Promise<number> {
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  return (await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title })).data.number;
}

/**
 * A pull request over BASE_FILES adding `change`, run through the action's `command`; the base
 * commit is checked out apart (`base-path`), as the workflow does. Returns the comment with `marker`.
 */
async function job(
  command: 'preview' | 'plan',
  change: Record<string, string>,
  inputs: Record<string, string> = {},
  headRepo: string | null = 'acme/gitops',
  /** The pull request to run on again (a later push); a new one without. */
  onPr?: number,
): Promise<{ body: string; summary: string; number: number }> {
  const number = onPr ?? (await openIssue(`${command} ${Object.keys(change).join(' ')}`));
  const dir = await mkdtemp(join(tmpdir(), 'intentops-preview-pr-'));
  const baseDir = `${dir}-base`;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    await writeFiles(dir, BASE_FILES);
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    await writeFiles(dir, change);
    git('add', '-A');
    git('commit', '-qm', 'change');
    const head = git('rev-parse', 'HEAD');
    git('worktree', 'add', '-q', '--detach', baseDir, base);
    const r = await runAction({
      inputs: {
        command,
        'github-token': 'ghs_test',
        'repo-path': dir,
        ...(command === 'preview' ? { 'base-path': baseDir } : {}),
        'dry-run': 'false',
        ...inputs,
      },
      event: {
        number,
        pull_request: {
          number,
          base: { sha: base, repo: { full_name: 'acme/gitops' } },
          head: { sha: head, repo: headRepo === null ? null : { full_name: headRepo } },
        },
      },
      eventName: 'pull_request',
      sha: head,
      apiUrl: double.url,
      cwd: dir,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const marker = command === 'preview' ? PREVIEW_MARKER : '<!-- intentops:plan -->';
    const body = double.state.commentsOf(number).find((c) => c.body?.includes(marker))?.body ?? '';
    return { body, summary: r.summary ?? '', number };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(baseDir, { recursive: true, force: true });
  }
}

const REQUEST = {
  'intents/requests/web-0.yaml': 'intent: deploy-web\nparams: { app: web-0, version: "1.5.0" }\nreason: r\n',
  ...appManifests('web-0', '1.5.0'),
};

describe('action: the preview job', { timeout: 300_000 }, () => {
  it('comments the dry-run diff and the preview commands, with dryRun=All the only write the double sees', async () => {
    const cluster = serveDryRun(api, liveObjects(['web-0']));
    api.requests.length = 0;
    const { body } = await job('preview', REQUEST, { kubeconfig: api.kubeconfig({ context: 'observe' }) });
    shown.preview = body;
    expect(body).toContain('## intentops preview — 2 preview(s) of 1 request(s)');
    expect(body).toContain('Read-only, at');
    expect(body).toContain('the kubeconfig input, context observe');
    expect(body).toContain("<summary>dry-run of step 'apply' (kubectl apply -k apps/web-0)</summary>");
    expect(body).toContain(
      '-        - image: registry.example/web-0:1.4.0\n+        - image: registry.example/web-0:1.5.0',
    );
    expect(body).toContain("# Secret shop/web-0-db: not shown (a Secret's data is never previewed)");
    expect(body).not.toContain(SECRET_VALUE);
    expect(body).not.toContain(LEAKY_TOKEN);
    expect(body).not.toContain(api.url);
    expect(mentions(body)).toEqual([]);
    expect(unbalanced(body)).toEqual([]);
    expect(cluster.writes).toEqual([]);
    const writes = api.requests.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes)
      expect([w.method, w.params.find(([k]) => k === 'dryRun')]).toEqual(['PATCH', ['dryRun', 'All']]);
  });

  it('runs the base branch catalog: a pull request changing the catalog gets no live preview, and says why', async () => {
    api.requests.length = 0;
    const evil = PREVIEW_INTENT.replace(
      'run: [kubectl, version, --client]',
      'run: [kubectl, delete, ns, shop]',
    );
    const { body } = await job(
      'preview',
      { ...REQUEST, 'intents/catalog/deploy-web.yaml': evil },
      {
        kubeconfig: api.kubeconfig(),
      },
    );
    expect(body).toContain('## intentops preview — not made');
    expect(body).toContain(
      'This pull request changes what decides which commands a preview runs (`intents/catalog/deploy-web.yaml`): no live preview until that change is merged on its own.',
    );
    expect(api.requests).toEqual([]);
  });

  it('a fork pull request gets no live preview', async () => {
    api.requests.length = 0;
    const { summary } = await job('preview', REQUEST, { kubeconfig: api.kubeconfig() }, 'someone/gitops');
    expect(summary).toContain('A pull request from a fork gets no live preview');
    expect(api.requests).toEqual([]);
    // A deleted fork: GitHub names no head repository.
    const gone = await job('preview', REQUEST, { kubeconfig: api.kubeconfig() }, null);
    expect(gone.summary).toContain('A pull request from a fork gets no live preview');
    expect(api.requests).toEqual([]);
  });

  it('without a kubeconfig the dry run says it was not made, and the commands still run', async () => {
    const { body } = await job('preview', REQUEST);
    expect(body).toContain(
      "dry-run of step 'apply' (kubectl apply -k apps/web-0) — not made: the cluster was not read — the preview job has no read-only kubeconfig",
    );
    expect(body).toMatch(/preview 'manifests'<\/summary>\n\n```text\nClient Version: v/);
  });

  it('writes no comment when no changed request has anything to preview', async () => {
    const plain = PREVIEW_INTENT.replace(
      /steps:[\s\S]*?capture:/,
      'steps:\n  - name: echo\n    run: [echo, "{{app}}"]\ncapture:',
    );
    BASE_FILES['intents/catalog/deploy-web.yaml'] = plain;
    try {
      const { body, summary } = await job('preview', REQUEST, { kubeconfig: api.kubeconfig() });
      expect(body).toBe('');
      expect(summary).toContain('No changed request has a preview or applies manifests from the repository.');
    } finally {
      BASE_FILES['intents/catalog/deploy-web.yaml'] = PREVIEW_INTENT;
    }
  });

  it('a later push with nothing to preview updates the earlier preview comment to say so', async () => {
    serveDryRun(api, liveObjects(['web-0']));
    const first = await job('preview', REQUEST, { kubeconfig: api.kubeconfig() });
    expect(first.body).toContain('## intentops preview — 2 preview(s) of 1 request(s)');
    // The next push leaves the request out: no request changed.
    const gone = await job(
      'preview',
      { 'README.md': 'x\n' },
      { kubeconfig: api.kubeconfig() },
      'acme/gitops',
      first.number,
    );
    expect(gone.body).toContain('## intentops preview — nothing to preview');
    expect(gone.body).toContain('No request changed: nothing to preview.');
    expect(gone.body).toContain('The earlier preview no longer applies');
    expect(gone.body).not.toContain('registry.example/web-0');
    expect(
      double.state.commentsOf(first.number).filter((c) => c.body?.includes(PREVIEW_MARKER)),
    ).toHaveLength(1);
    // Back with a preview, then a push whose request has nothing to preview.
    await job('preview', REQUEST, { kubeconfig: api.kubeconfig() }, 'acme/gitops', first.number);
    const plain = PREVIEW_INTENT.replace(
      /steps:[\s\S]*?capture:/,
      'steps:\n  - name: echo\n    run: [echo, "{{app}}"]\ncapture:',
    );
    BASE_FILES['intents/catalog/deploy-web.yaml'] = plain;
    try {
      const none = await job(
        'preview',
        REQUEST,
        { kubeconfig: api.kubeconfig() },
        'acme/gitops',
        first.number,
      );
      expect(none.body).toContain('## intentops preview — nothing to preview');
      expect(none.body).toContain(
        'No changed request has a preview or applies manifests from the repository.',
      );
      expect(mentions(none.body)).toEqual([]);
    } finally {
      BASE_FILES['intents/catalog/deploy-web.yaml'] = PREVIEW_INTENT;
    }
    expect(
      double.state.commentsOf(first.number).filter((c) => c.body?.includes(PREVIEW_MARKER)),
    ).toHaveLength(1);
  });

  it('the plan comment points to the preview comment and shows the live state read with the kubeconfig input', async () => {
    const { body } = await job('plan', REQUEST, { kubeconfig: api.kubeconfig({ context: 'observe' }) });
    shown.plan = body;
    expect(body).toContain('last execution on this target: exec-last-web-0 — success, no bake recorded');
    expect(body).toContain(
      "Previews of 1 request(s) (dry-run diffs of the manifests they apply, their `preview:` commands): in the **intentops preview** comment, made by the workflow's preview job with read-only credentials.",
    );
    expect(body).toContain(
      'Live state read with read-only credentials (the kubeconfig input, context observe)',
    );
    expect(body).toContain('deployment shop/web-0: registry.example/web-0:1.4.0');
  });
});
