import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ActionRun, runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';
import {
  awsSecretKey,
  azureConnectionString,
  azureStorageKey,
  jwt,
  kubeconfig,
  leakedPieces,
  npmToken,
  opaqueToken,
  password,
  pemBodyLines,
  pemKey,
  slackAppToken,
  stripeKey,
} from './helpers/secret-shapes.js';

// Issue 14: records are pushed to git, where GitHub's log masking does not reach. The action runs a
// debugging intent that prints its environment, its kubeconfig and a file of generated secrets of
// every shape (one PEM key cut by the output tail); none may reach a pushed file, an issue, a
// comment, the job summary or the log.

const secrets = {
  aws: awsSecretKey(),
  xOauth: opaqueToken(),
  npm: npmToken(),
  jwt: jwt(),
  bearer: opaqueToken(),
  dbPassword: opaqueToken(),
  pem: pemKey(),
  cutPem: pemKey(),
  deployToken: `dt_${opaqueToken()}`,
  githubToken: `ghs_${opaqueToken()}`,
  runtimeToken: jwt(),
  kubeToken: jwt(),
  kubeKey: pemKey(),
  // Issue 23: shapes that reached records, a webhook that notify.yaml names, a value in halves.
  azureKey: azureStorageKey(),
  stripe: stripeKey(),
  slackApp: slackAppToken(),
  podPassword: password(),
  curlPassword: password(),
  webhookToken: opaqueToken(),
};
/** The webhook notify.yaml names (its variable's name says nothing about a secret). */
const ALERTS_URL = `http://127.0.0.1:9/hooks/${secrets.webhookToken}`;

const LEAKY_INTENT = `name: leaky
description: A debugging intent that prints what it can see
risk: low
params: {}
env: { pass: [SECRETS_DIR, DEPLOY_TOKEN, ALERTS_URL] }
steps:
  - name: env
    run: env
  - name: kubeconfig
    continue_on_error: true # before the fix steps had no KUBECONFIG: the leak checks still run
    run: 'printf "kubeconfig mode=%s sha=%s\\n" "$(stat -c %a "$KUBECONFIG")" "$(sha256sum < "$KUBECONFIG" | cut -c1-64)" && cat "$KUBECONFIG"'
  - name: print
    run: 'cat "$SECRETS_DIR/secrets.txt" && echo "deploy token: $DEPLOY_TOKEN" && mkdir -p state && touch state/leaky-ran'
  - name: long
    run: 'cat "$SECRETS_DIR/long.txt"'
  - name: halves
    run: 'printf "%s\\n" "\${DEPLOY_TOKEN:0:12}"; printf "%s\\n" "\${DEPLOY_TOKEN:12}" >&2; printf "%s" "$ALERTS_URL" | base64 -w 40'
capture:
  timeout: 60s # the Kubernetes client loads on first use: slow on a busy machine
  logs: { run: 'cat "$SECRETS_DIR/secrets.txt"', lines: 60 }
  pod_restarts: { run: "test -e state/leaky-ran && echo 1 || echo 0" }
  kubernetes: { namespace: shop, selector: "app=web" }
`;

function secretsFile(): string {
  return [
    '[default]',
    `aws_secret_access_key =${' '.repeat(37)}${secrets.aws}`,
    `remote: https://${secrets.xOauth}:x-oauth-basic@github.com/acme/app.git`,
    `//registry.npmjs.org/:_authToken=${secrets.npm}`,
    `id_token: ${secrets.jwt}`,
    `> Authorization: Bearer ${secrets.bearer}`,
    `DATABASE_URL=postgres://app:${secrets.dbPassword}@db.internal:5432/app`,
    `storage: ${azureConnectionString(secrets.azureKey)}`,
    `billing key ${secrets.stripe}`,
    `socket mode with ${secrets.slackApp}`,
    `    env:\n    - name: DB_PASSWORD\n      value: ${secrets.podPassword}`,
    `+ curl -fsS -u deploy:${secrets.curlPassword} https://nexus.internal/x`,
    secrets.pem,
    '',
  ].join('\n');
}

/** 16 KiB of output after a point inside the second key's body: the kept tail starts mid-key. */
function longOutput(): string {
  const before = Array.from({ length: 50 }, (_, i) => `filler line ${i} before the key`).join('\n');
  const lines = secrets.cutPem.split('\n');
  const cutAt = secrets.cutPem.length - lines.slice(-4).join('\n').length + 20; // 20 chars into a body line
  const after = `\n${'after the key, padding line\n'.repeat(Math.ceil((16 * 1024 - (secrets.cutPem.length - cutAt)) / 28))}`;
  return `${before}\n${secrets.cutPem}${after}`;
}

let double: GitHubDouble;
let api: FakeApiServer;
let root: string;
let remote: string;
let work: string;
let dir: string;
let kube: string;
let run: ActionRun;

beforeAll(async () => {
  double = await startGitHubDouble();
  api = await FakeApiServer.start();
  api
    .on('GET', '/api/v1/namespaces/shop/pods', { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on(
      'GET',
      '/api/v1/namespaces/shop/events',
      { fieldSelector: 'type=Warning' },
      { body: { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [] } },
    );
  ({ root, remote, work } = await checkoutWithRemote(
    'intentops-action-secrets-',
    {
      ...baseFiles(),
      'intents/catalog/leaky.yaml': LEAKY_INTENT,
      'intents/notify.yaml': 'channels:\n  - { name: ops, kind: slack, webhook_url_env: ALERTS_URL }\n',
    },
    'catalog',
  ));
  dir = await mkdtemp(join(tmpdir(), 'intentops-secrets-'));
  await writeFile(join(dir, 'secrets.txt'), secretsFile());
  await writeFile(join(dir, 'long.txt'), longOutput());
  kube = kubeconfig(api.url, secrets.kubeToken, secrets.kubeKey);

  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  const before = git(work, 'rev-parse', 'HEAD');
  await writeFiles(work, { 'intents/requests/leaky.yaml': 'intent: leaky\nreason: debugging\n' });
  git(work, 'add', '--', 'intents/requests/leaky.yaml');
  git(work, 'commit', '-qm', 'merge: leaky');
  git(work, 'push', '-q', 'origin', 'main');
  const after = git(work, 'rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge: leaky');
  run = await runAction({
    inputs: {
      command: 'execute',
      'github-token': secrets.githubToken,
      'repo-path': work,
      'dry-run': 'false',
      kubeconfig: kube,
    },
    event: { ref: 'refs/heads/main', before, after, commits: [] },
    eventName: 'push',
    sha: after,
    apiUrl: double.url,
    cwd: work,
    env: {
      SECRETS_DIR: dir,
      DEPLOY_TOKEN: secrets.deployToken,
      ACTIONS_RUNTIME_TOKEN: secrets.runtimeToken,
      ALERTS_URL,
    },
  });
}, 180_000);

afterAll(async () => {
  if (process.env.KEEP_SECRETS_TEST) console.log(`kept ${root} ${dir}`);
  else await rm(root, { recursive: true, force: true });
  await double.stop();
  await api.close();
  if (process.env.KEEP_SECRETS_TEST) return;
  await rm(dir, { recursive: true, force: true });
});

/** The record as pushed. */
async function pushedRecord(): Promise<ExecutionRecord> {
  const path = git(remote, 'ls-tree', '-r', '--name-only', 'main')
    .split('\n')
    .find((f) => f.startsWith('executions/') && f.endsWith('.yaml'));
  expect(path).toBeDefined();
  return parse(git(remote, 'show', `main:${path}`)) as ExecutionRecord;
}

/** What must stay secret, as the pieces that must not appear. */
function secretTexts(): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value.includes('-----BEGIN')) {
      for (const line of pemBodyLines(value)) out.push([`${name} body line`, line]);
    } else if (value.startsWith('eyJ')) {
      out.push([name, value.split('.').slice(1).join('.')]); // a JWT header is not secret
    } else out.push([name, value]);
  }
  out.push(['kubeconfig client-key-data', Buffer.from(secrets.kubeKey).toString('base64')]);
  // The `halves` step prints the webhook in base64 over two lines; its first half encodes the host.
  out.push(['webhook in base64', Buffer.from(ALERTS_URL).toString('base64').slice(40)]);
  return out;
}

describe('action: no secret reaches git, GitHub or the log', () => {
  it('the run succeeds and steps see the kubeconfig file, not the input', async () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const record = await pushedRecord();
    expect(record.status, record.status_reason).toBe('success');
    const step = (name: string) => record.commands_run.find((c) => c.step === name);
    // Actions trims input values; the file holds the input as the action read it.
    const sha = createHash('sha256').update(kube.trim()).digest('hex');
    expect(step('kubeconfig')?.stdout_tail).toContain(`kubeconfig mode=600 sha=${sha}`);
    const env = step('env')?.stdout_tail ?? '';
    expect(env).not.toMatch(/^(?:INPUT_|ACTIONS_|GITHUB_TOKEN|GITHUB_OUTPUT|GITHUB_ENV)/m);
    const path = /^KUBECONFIG=(.+)$/m.exec(env)?.[1];
    expect(path).toBeDefined();
    expect(existsSync(path ?? ''), 'the kubeconfig file outlives the action').toBe(false);
  });

  it('the Kubernetes client used the same file: its token reached the API server', async () => {
    const record = await pushedRecord();
    expect((record.before?.kubernetes as { pods?: unknown[] } | undefined)?.pods?.length).toBeGreaterThan(0);
    expect(api.requests.some((r) => r.headers.authorization === `Bearer ${secrets.kubeToken}`)).toBe(true);
  });

  it('the long step kept a tail that starts inside a key', async () => {
    const record = await pushedRecord();
    const tail = record.commands_run.find((c) => c.step === 'long')?.stdout_tail ?? '';
    expect(tail).toContain(
      '-----END PRIVATE KEY-----'.replace('-----END PRIVATE KEY-----', '') || 'after the key',
    );
    expect(tail).not.toContain('filler line');
  });

  it('no piece of any secret is in a pushed file, an issue, a comment, the summary or the log', async () => {
    const pushed = git(remote, 'log', '--all', '-p', '--format=%H%n%B');
    const github = JSON.stringify(double.requests.map((r) => r.body ?? null));
    const issues = JSON.stringify([...double.state.issues.values()].map((i) => [i.title, i.body]));
    const comments = JSON.stringify([...double.state.comments.values()].map((c) => c.body));
    expect(double.state.issues.size, 'the incident issue carries the record excerpts').toBeGreaterThan(0);
    // `::add-mask::` lines are how the action tells the runner what to mask; the runner consumes them.
    const log = (run.stdout + run.stderr)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const places = { pushed, github, issues, comments, summary: run.summary, log };
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(places)) {
      for (const [name, secret] of secretTexts()) {
        const pieces = leakedPieces(text, secret, 12);
        if (pieces.length) leaks.push(`${name} in ${where}: ${pieces[0]}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
