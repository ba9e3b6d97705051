import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManifestDryRun } from '../src/adapters/kubernetes-dry-run.js';
import { runProcess } from '../src/adapters/process-runner.js';
import { createRedactor } from '../src/adapters/redactor.js';
import { planRequests } from '../src/app/plan/plan-requests.js';
import { runPreviews } from '../src/app/plan/previews.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { serveDryRun } from './helpers/dry-run-cluster.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import {
  appManifests,
  LEAKY_TOKEN,
  liveObjects,
  PREVIEW_INTENT,
  SECRET_VALUE,
} from './helpers/preview-repo.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// The built-in preview against the Kubernetes double: the pull request's kustomization built by the
// real kubectl, each object read and applied with dryRun=All through the real client, diffed
// against live; the double sees no other write.

let api: FakeApiServer;
let dir: string;
let kubeDir: string;
const now = new Date('2026-12-06T07:00:00Z');

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-preview-'));
  dir = await makeRepo({
    'intents/catalog/deploy-web.yaml': PREVIEW_INTENT,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'intents/requests/web-0.yaml':
      'intent: deploy-web\nparams: { app: web-0, version: "1.5.0" }\nreason: r\n',
    ...appManifests('web-0', '1.5.0'),
  });
});
afterAll(async () => {
  await api.close();
  await removeRepo(dir);
  await rm(kubeDir, { recursive: true, force: true });
});

async function previews(env: Record<string, string | undefined>, intent = PREVIEW_INTENT) {
  await writeFile(join(dir, 'intents/catalog/deploy-web.yaml'), intent);
  const paths = ['intents/requests/web-0.yaml'];
  const { catalog } = await loadRepo(dir, paths);
  const requests = planRequests(catalog, paths, { now, approvals: null, history: [] });
  const kubeconfigPath = await api.writeKubeconfig(kubeDir);
  return runPreviews(requests, {
    repoDir: dir,
    cluster: createManifestDryRun({ kubeconfigPath }),
    runProcess,
    env: { KUBECONFIG: kubeconfigPath, ...env },
    redactor: await createRedactor({ env: {} }),
  });
}

describe('built-in preview: server-side dry-run diff', () => {
  it('diffs the kustomization against live with dryRun=All only, redacted, Secrets never shown', async () => {
    api.requests.length = 0;
    const cluster = serveDryRun(api, liveObjects(['web-0']));
    const out = (await previews({ PATH: process.env.PATH }))['intents/requests/web-0.yaml'] ?? [];
    expect(out.map((p) => [p.title, p.problem])).toEqual([
      ["dry-run of step 'apply' (kubectl apply -k apps/web-0)", undefined],
      ["preview 'manifests'", undefined],
    ]);
    const diff = out[0]?.text ?? '';
    expect(diff).toContain('--- Deployment shop/web-0 (live)\n+++ Deployment shop/web-0 (after apply)');
    expect(diff).toContain(
      '-        - image: registry.example/web-0:1.4.0\n+        - image: registry.example/web-0:1.5.0',
    );
    expect(diff).toMatch(/^- {2}replicas: 2\n\+ {2}replicas: 3$/m);
    expect(diff).toContain('--- ConfigMap shop/web-0-config (new)');
    expect(diff).toContain('+  LOG_LEVEL: info');
    expect(diff).toContain("# Secret shop/web-0-db: not shown (a Secret's data is never previewed)");
    expect(diff).not.toContain(SECRET_VALUE);
    expect(diff).not.toContain(LEAKY_TOKEN);
    expect(diff).toMatch(/GITHUB_TOKEN: .*REDACTED/);
    expect(out[1]?.text).toMatch(/^Client Version: v/);
    // The double saw reads and dry runs only: no write was refused, every PATCH carried dryRun=All.
    expect(cluster.writes).toEqual([]);
    const nonGet = api.requests.filter((r) => r.method !== 'GET');
    expect(nonGet.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    for (const r of nonGet) {
      expect(r.params).toContainEqual(['dryRun', 'All']);
      expect(r.headers['content-type']).toBe('application/apply-patch+yaml');
    }
    expect(nonGet.map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces/shop/configmaps/web-0-config',
      '/apis/apps/v1/namespaces/shop/deployments/web-0',
    ]);
  });

  it("finds no program in the pull request's checkout, even with a relative entry on PATH", async () => {
    serveDryRun(api, liveObjects(['web-0']));
    await writeFile(join(dir, 'kubectl'), '#!/bin/sh\necho pwned\n', { mode: 0o755 });
    try {
      const out = (await previews({ PATH: `.:${process.env.PATH}` }))['intents/requests/web-0.yaml'] ?? [];
      expect(out[1]?.title).toBe("preview 'manifests'");
      expect(out[1]?.text).not.toContain('pwned');
      expect(out[1]?.text).toContain('Client Version');
    } finally {
      await rm(join(dir, 'kubectl'));
    }
  });

  it('says the preview was not made when kubectl is not there to build the kustomization', async () => {
    serveDryRun(api, liveObjects(['web-0']));
    const empty = await mkdtemp(join(tmpdir(), 'intentops-nopath-'));
    try {
      const out = (await previews({ PATH: empty }))['intents/requests/web-0.yaml'] ?? [];
      expect(out[0]?.problem).toBe(
        'not made: kubectl is not on the runner, and the kustomization needs `kubectl kustomize` to be built',
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reads -f manifests from the pull request itself, never through a link out of it', async () => {
    serveDryRun(api, liveObjects(['web-0']));
    await symlink(kubeDir, join(dir, 'apps/outside'));
    const intent = PREVIEW_INTENT.replace(
      '    run: [kubectl, apply, -k, "apps/{{app}}"]',
      '    run: [kubectl, apply, -f, "apps/{{app}}/deployment.yaml", -n, shop]\n  - name: other\n    run: [kubectl, apply, -f, apps/outside]',
    );
    const out = (await previews({ PATH: process.env.PATH }, intent))['intents/requests/web-0.yaml'] ?? [];
    expect(out[0]?.title).toBe("dry-run of step 'apply' (kubectl apply -f apps/web-0/deployment.yaml)");
    expect(out[0]?.text).toContain('+        - image: registry.example/web-0:1.5.0');
    expect(out[1]?.problem).toBe('not made: apps/outside leads outside the repository');
  });

  it('refuses to build a kustomization that fetches from the network, saying which, and fetches nothing', async () => {
    serveDryRun(api, liveObjects(['web-0']));
    const fetched: string[] = [];
    const server = createServer((req, res) => {
      fetched.push(req.url ?? '');
      res.end('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fetched }\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata.yaml`;
    const kust = join(dir, 'apps/web-0/kustomization.yaml');
    const saved = await readFile(kust, 'utf8');
    await mkdir(join(dir, 'apps/web-0/base'), { recursive: true });
    await writeFile(join(dir, 'apps/web-0/base/kustomization.yaml'), `resources:\n  - ${url}\n`);
    await writeFile(kust, saved.replace('resources: [', 'resources: [base, '));
    try {
      const intent = PREVIEW_INTENT.replace(
        'run: [kubectl, version, --client]',
        'run: [kubectl, diff, -k, "apps/{{app}}"]',
      );
      const out = (await previews({ PATH: process.env.PATH }, intent))['intents/requests/web-0.yaml'] ?? [];
      const why = `apps/web-0/base/kustomization.yaml names a remote (resources: ${url}): a pull request's kustomization may not fetch from the network`;
      expect(out[0]?.problem).toBe(`not made: ${why}`);
      expect(out[1]?.problem).toBe(`not run: ${why}`);
      expect(fetched).toEqual([]);
    } finally {
      await writeFile(kust, saved);
      await rm(join(dir, 'apps/web-0/base'), { recursive: true, force: true });
      await new Promise((r) => server.close(r));
    }
  });
});
