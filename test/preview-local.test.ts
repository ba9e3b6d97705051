import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDryRun } from './helpers/dry-run-cluster.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { startMcp } from './helpers/mcp-client.js';
import {
  appManifests,
  LEAKY_TOKEN,
  liveObjects,
  PREVIEW_INTENT,
  SECRET_VALUE,
} from './helpers/preview-repo.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// The previews outside the pull request (issue 27): `intentops plan` and MCP `plan_intent` run the
// same dry-run diffs and preview commands with the current kubeconfig, named; --no-live and
// `previews: false` skip them; a preview command the allow-list refuses stops every preview before
// anything runs. Against the Kubernetes double, which sees no write but dryRun=All.

let api: FakeApiServer;
let dir = '';
let kubeDir = '';
let kubeconfig = '';
const REQUEST = 'intents/requests/web-0.yaml';
const MUTATING = PREVIEW_INTENT.replace(
  'run: [kubectl, version, --client]',
  'run: [kubectl, delete, ns, shop]',
);

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-preview-local-'));
  kubeconfig = await api.writeKubeconfig(kubeDir);
  dir = await makeRepo({
    'intents/catalog/deploy-web.yaml': PREVIEW_INTENT,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    [REQUEST]: 'intent: deploy-web\nparams: { app: web-0, version: "1.5.0" }\nreason: r\n',
    ...appManifests('web-0', '1.5.0'),
  });
});
afterAll(async () => {
  await api.close();
  await removeRepo(dir);
  await rm(kubeDir, { recursive: true, force: true });
});

async function withKubeconfig<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfig;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
}

const dryRunOnly = (cluster: { writes: string[] }) => {
  expect(cluster.writes).toEqual([]);
  for (const r of api.requests.filter((q) => q.method !== 'GET'))
    expect(r.params).toContainEqual(['dryRun', 'All']);
};

describe('intentops plan runs the previews locally', () => {
  it('shows the dry-run diff and the preview command, redacted, with the kubeconfig named', async () => {
    await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    api.requests.length = 0;
    const cluster = serveDryRun(api, liveObjects(['web-0']));
    const shown = await withKubeconfig(() => cli(['--repo', dir, 'plan', REQUEST]));
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`previews (read-only, kubeconfig ${kubeconfig}, context fake`);
    expect(shown.stdout).toContain("  dry-run of step 'apply' (kubectl apply -k apps/web-0)\n");
    expect(shown.stdout).toContain(
      '    -        - image: registry.example/web-0:1.4.0\n    +        - image: registry.example/web-0:1.5.0',
    );
    expect(shown.stdout).toContain("  preview 'manifests'\n");
    expect(shown.stdout).toContain('    Client Version: v');
    expect(shown.stdout).toMatch(/GITHUB_TOKEN: .*REDACTED/);
    expect(shown.stdout).not.toContain(LEAKY_TOKEN);
    expect(shown.stdout).not.toContain(SECRET_VALUE);
    dryRunOnly(cluster);
    expect(cluster.dryRuns.length).toBe(2);

    const json = await withKubeconfig(() => cli(['--repo', dir, '--json', 'plan', REQUEST]));
    const previews = JSON.parse(json.stdout).previews;
    expect(previews.cluster).toContain(`kubeconfig ${kubeconfig}`);
    expect(previews.outputs.map((p: { title: string }) => p.title)).toEqual([
      "dry-run of step 'apply' (kubectl apply -k apps/web-0)",
      "preview 'manifests'",
    ]);
  });

  it('--no-live runs no preview and asks the cluster nothing', async () => {
    await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    api.requests.length = 0;
    serveDryRun(api, liveObjects(['web-0']));
    const shown = await withKubeconfig(() => cli(['--repo', dir, 'plan', '--no-live', REQUEST]));
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain('previews (');
    expect(shown.stdout).not.toContain('Client Version');
    expect(api.requests).toEqual([]);
  });

  it('a preview command the allow-list refuses stops every preview before anything runs', async () => {
    await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), MUTATING);
    api.requests.length = 0;
    serveDryRun(api, liveObjects(['web-0']));
    try {
      const shown = await withKubeconfig(() => cli(['--repo', dir, 'plan', REQUEST]));
      expect(shown.stdout).toMatch(
        /previews: none ran — intent deploy-web preview 'manifests': .*no preview ran/,
      );
      expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(api.requests.filter((r) => r.path.includes('web-0'))).toEqual([]);
    } finally {
      await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    }
  });
});

describe('a preview the allow-list only doubts is not run outside the pull request either', () => {
  // Here the kubeconfig is the user's own, often an admin's: a shell line, a script or an unknown
  // program is never run, only named with why.
  it('intentops plan and MCP plan_intent leave a shell line alone', async () => {
    const marker = join(kubeDir, 'pwned');
    const shell = PREVIEW_INTENT.replace(
      'run: [kubectl, version, --client]',
      `run: "kubectl version --client; echo pwned > ${marker}"`,
    );
    await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), shell);
    serveDryRun(api, liveObjects(['web-0']));
    const mcp = await startMcp(dir, { agent: 'ops-agent', env: { KUBECONFIG: kubeconfig } });
    try {
      const shown = await withKubeconfig(() => cli(['--repo', dir, 'plan', REQUEST]));
      expect(shown.stdout).toMatch(/preview 'manifests': a shell string preview cannot be checked/);
      const args = { intent: 'deploy-web', params: { app: 'web-0', version: '1.5.0' } };
      const data = mcp.json(await mcp.call('plan_intent', args));
      expect(JSON.stringify(data.captured)).toContain('a shell string preview cannot be checked');
      await expect(stat(marker)).rejects.toThrow(/ENOENT/);
    } finally {
      await mcp.close();
      await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    }
  });
});

describe('MCP plan_intent returns the previews', () => {
  it('as untrusted data beside the live state; previews: false leaves them out', async () => {
    await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    api.requests.length = 0;
    const cluster = serveDryRun(api, liveObjects(['web-0']));
    const mcp = await startMcp(dir, { agent: 'ops-agent', env: { KUBECONFIG: kubeconfig } });
    try {
      const args = { intent: 'deploy-web', params: { app: 'web-0', version: '1.5.0' } };
      const res = await mcp.call('plan_intent', args);
      const data = mcp.json(res);
      expect(data.untrusted).toBe(true);
      const captured = data.captured as { live: unknown; previews: Record<string, unknown> };
      expect(captured.live).toMatchObject({ looked: true });
      expect(captured.previews.cluster).toContain(`kubeconfig ${kubeconfig}`);
      const outputs = captured.previews.outputs as { title: string; text: string }[];
      expect(outputs.map((p) => p.title)).toEqual([
        "dry-run of step 'apply' (kubectl apply -k apps/web-0)",
        "preview 'manifests'",
      ]);
      expect(outputs[0]?.text).toContain('+        - image: registry.example/web-0:1.5.0');
      expect(JSON.stringify(res)).not.toContain(LEAKY_TOKEN);
      expect(JSON.stringify(res)).not.toContain(SECRET_VALUE);
      // The outputs are in the fence only, never in the plain part.
      const plain = res.content[0]?.type === 'text' ? res.content[0].text : '';
      expect(plain).not.toContain('registry.example/web-0:1.5.0');
      expect(
        res.content.some((c) => c.type === 'text' && c.text.includes('<untrusted-data source="live_state">')),
      ).toBe(true);
      dryRunOnly(cluster);

      api.requests.length = 0;
      const without = mcp.json(await mcp.call('plan_intent', { ...args, previews: false }));
      expect((without.captured as Record<string, unknown>).previews).toBeUndefined();
      expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), MUTATING);
      api.requests.length = 0;
      const refused = mcp.json(await mcp.call('plan_intent', { ...args, live: false }));
      expect((refused.captured as { previews: unknown }).previews).toMatchObject({
        ran: false,
        why: expect.stringContaining("intent deploy-web preview 'manifests'"),
      });
      expect(api.requests).toEqual([]);
    } finally {
      await mcp.close();
      await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), PREVIEW_INTENT);
    }
  });
});
