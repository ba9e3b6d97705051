import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createManifestDryRun } from '../src/adapters/kubernetes-dry-run.js';
import { runProcess } from '../src/adapters/process-runner.js';
import { createRedactor } from '../src/adapters/redactor.js';
import { planRequests } from '../src/app/plan/plan-requests.js';
import { runPreviews } from '../src/app/plan/previews.js';
import { deriveRbac } from '../src/app/rbac/rbac.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { allows, type IdentityRbac } from '../src/domain/rbac/grants.js';
import { serveDryRun } from './helpers/dry-run-cluster.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { type ApiCall, apiCall } from './helpers/fake-cluster.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// `intentops rbac --preview` against what the preview job really calls: the built-in dry-run diff
// and a preview command (the real kubectl) run against the Kubernetes double; every call must be
// allowed by the derived role, every right it grants used by one, and what it cannot derive (a path
// that depends on a param) listed to add by hand.

const INTENT = `name: preview-app
description: apply a kustomization, preview with kubectl get
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: apply
    run: [kubectl, apply, -k, deploy/base]
  - name: apply-app
    run: kubectl apply -f apps/{{app}} -n shop
preview:
  - name: current
    run: [kubectl, get, deployment, "{{app}}", -n, shop, -o, name]
`;
const KUSTOMIZATION = 'namespace: shop\nresources: [service.yaml, config.yaml]\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n';
const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config }\ndata: { mode: fast }\n';

let api: FakeApiServer;
let dir = '';
let kubeDir = '';

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-rbac-preview-'));
  dir = await makeRepo({
    'intents/catalog/preview-app.yaml': INTENT,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'intents/requests/web.yaml': 'intent: preview-app\nparams: { app: web }\nreason: r\n',
    'deploy/base/kustomization.yaml': KUSTOMIZATION,
    'deploy/base/service.yaml': SERVICE,
    'deploy/base/config.yaml': CONFIG,
    'apps/web/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n',
  });
});
afterAll(async () => {
  await api.close();
  await removeRepo(dir);
  await rm(kubeDir, { recursive: true, force: true });
});

describe('intentops rbac --preview', () => {
  it('derives the dry-run role the preview job uses, exactly, bound to intentops-observe', async () => {
    const { identities } = await deriveRbac(dir, { preview: true });
    const role = identities.find((i) => i.name === 'intentops-preview-dry-run') as IdentityRbac;
    expect(role.boundTo).toBe('intentops-observe');
    expect(role.roles.map((r) => r.namespace)).toEqual(['shop']);
    expect(role.byHand).toEqual([
      {
        command: 'kubectl apply -f apps/{{app}} -n shop',
        where: 'preview-app step apply-app (dry-run diff)',
        reason: 'the path apps/{{app}} depends on a param: the kinds it holds are not known',
      },
    ]);

    // What the preview job calls for deploy/base and the preview command, through the double.
    api.requests.length = 0;
    // Both objects are new: their dry runs are authorized as creates too.
    const cluster = serveDryRun(api, []);
    const kubeconfigPath = await api.writeKubeconfig(kubeDir);
    const { catalog } = await loadRepo(dir, ['intents/requests/web.yaml']);
    const requests = planRequests(catalog, ['intents/requests/web.yaml'], {
      now: new Date(),
      approvals: null,
      history: [],
    });
    const out = await runPreviews(requests, {
      repoDir: dir,
      cluster: createManifestDryRun({ kubeconfigPath }),
      runProcess,
      env: { KUBECONFIG: kubeconfigPath, PATH: process.env.PATH },
      redactor: await createRedactor({ env: {} }),
    });
    expect(out['intents/requests/web.yaml']?.map((p) => p.title)).toEqual([
      "dry-run of step 'apply' (kubectl apply -k deploy/base)",
      "dry-run of step 'apply-app' (kubectl apply -f apps/web)",
      "preview 'current'",
    ]);
    expect(cluster.writes).toEqual([]);
    const calls = api.requests.flatMap((r) => {
      const c = apiCall(r);
      if (!c) return [];
      // A server-side apply of an object that does not exist yet is authorized as a create too.
      const isNew = r.method === 'PATCH' && !cluster.objects.has(r.path);
      return isNew ? [c, { ...c, verb: 'create' }] : [c];
    }) as ApiCall[];
    // The param's path (apps/web, a Deployment) is the one the derivation could not see.
    const seen = calls.filter((c) => c.resource !== 'deployments' || c.verb === 'get');
    const refused = seen.filter((c) => !allows(role, c));
    expect(refused).toEqual([]);
    const granted = role.roles.flatMap((r) =>
      r.rules.flatMap((rule) =>
        rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${r.namespace} ${resource} ${verb}`)),
      ),
    );
    const used = new Set(seen.map((c) => `${c.namespace} ${c.resource} ${c.verb}`));
    expect(granted.filter((g) => !used.has(g))).toEqual([]);
    expect(granted.sort()).toEqual([
      'shop configmaps create',
      'shop configmaps get',
      'shop configmaps patch',
      'shop deployments get',
      'shop services create',
      'shop services get',
      'shop services patch',
    ]);
  });

  it('prints the role and its binding to the observe ServiceAccount, with the add-by-hand lines', async () => {
    const plain = await cli(['--repo', dir, 'rbac']);
    expect(plain.stdout).not.toContain('intentops-preview-dry-run');
    const res = await cli(['--repo', dir, 'rbac', '--preview', '--sa-namespace', 'ops']);
    expect(res.code, res.stderr).toBe(0);
    const docs = parseAllDocuments(res.stdout).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; metadata: { name: string }; subjects?: { name: string }[] };
    });
    const mine = docs.filter((d) => d?.metadata?.name === 'intentops-preview-dry-run');
    expect(mine.map((d) => d.kind)).toEqual(['Role', 'RoleBinding']);
    expect(mine[1]?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'intentops-observe', namespace: 'ops' },
    ]);
    expect(docs.filter((d) => d?.kind === 'ServiceAccount').map((d) => d.metadata.name)).toEqual([
      'intentops-execute',
      'intentops-observe',
    ]);
    expect(res.stdout).toContain(
      '# add by hand: kubectl apply -f apps/{{app}} -n shop  (preview-app step apply-app (dry-run diff): the path apps/{{app}} depends on a param',
    );
    const json = JSON.parse((await cli(['--repo', dir, '--json', 'rbac', '--preview'])).stdout) as {
      identities: { name: string; bound_to?: string }[];
    };
    expect(json.identities.find((i) => i.name === 'intentops-preview-dry-run')?.bound_to).toBe(
      'intentops-observe',
    );
  });
});
