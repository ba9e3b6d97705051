// Plan with the live state for 10 requests against the Kubernetes double (the real client, one list
// per kind and namespace), with records and a local incident draft, as the plan job reads them.
// Target: ≤ 5 s. Prints the API calls the double saw; any call but a GET is a failure.
// Then the preview job's work for 10 requests (each a kustomization built by the real kubectl, its
// objects read and applied with dryRun=All through the real client, diffed, plus one preview
// command): any write but a dryRun=All PATCH is a failure.
//   npm run bench:live-plan          (BENCH_ROUNDS=5 for more rounds)

import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderPlanComment } from '../src/action/plan-comment.js';
import { renderPreviewComment } from '../src/action/preview-comment.js';
import { createManifestDryRun } from '../src/adapters/kubernetes-dry-run.js';
import { runProcess } from '../src/adapters/process-runner.js';
import { createRedactor } from '../src/adapters/redactor.js';
import { localDrafts } from '../src/app/incidents/open-incidents.js';
import { clusterOf, readLive } from '../src/app/plan/live-state.js';
import { planRequests } from '../src/app/plan/plan-requests.js';
import { runPreviews } from '../src/app/plan/previews.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { createObservers } from '../src/app/shared/providers.js';
import { serveDryRun } from '../test/helpers/dry-run-cluster.js';
import { FakeApiServer } from '../test/helpers/fake-apiserver.js';
import { SEED_RULES } from '../test/helpers/fixture-catalog.js';
import { APPS, liveRepoFiles, REQUEST_PATHS, serveShop } from '../test/helpers/live-cluster.js';
import { appManifests, liveObjects, PREVIEW_INTENT } from '../test/helpers/preview-repo.js';
import { makeRepo, removeRepo } from '../test/helpers/repo.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
const now = new Date();
const api = await FakeApiServer.start();
serveShop(api, now);
const kubeDir = await mkdtemp(join(tmpdir(), 'intentops-bench-live-'));
const dir = await makeRepo(liveRepoFiles('http://127.0.0.1:9', now));
const previewFiles: Record<string, string> = {
  'intents/catalog/deploy-web.yaml': PREVIEW_INTENT,
  'intents/anomaly-rules/default.yaml': SEED_RULES,
};
for (const a of APPS) {
  Object.assign(previewFiles, appManifests(a, '1.5.0'));
  previewFiles[`intents/requests/${a}.yaml`] =
    `intent: deploy-web\nparams: { app: ${a}, version: "1.5.0" }\nreason: r\n`;
}
const previewDir = await makeRepo(previewFiles);
let mutating = 0;
try {
  const kubeconfigPath = await api.writeKubeconfig(kubeDir);
  for (let round = 1; round <= ROUNDS; round++) {
    api.requests.length = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { catalog } = await loadRepo(dir, REQUEST_PATHS);
    const requests = planRequests(catalog, REQUEST_PATHS, { now, approvals: null, history: [] });
    // A fresh client each round, as each plan job starts one (round 1 also loads the client module).
    const observers = createObservers({ kubeconfigPath }, 5_000);
    const live = await readLive(requests, {
      repoDir: dir,
      now,
      ...(await clusterOf(requests, observers)),
      incidents: () => localDrafts(dir),
    });
    const body = renderPlanComment({
      requests,
      diagnostics: [],
      checkedFiles: REQUEST_PATHS.length,
      mixed: [],
      sha: 'abcdef1234',
      live,
    });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const calls = api.requests.filter((r) => r.path.includes('/namespaces/'));
    mutating += api.requests.filter((r) => r.method !== 'GET').length;
    console.log(
      `round ${round}: plan + live state of ${REQUEST_PATHS.length} requests ${(ms / 1000).toFixed(2)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s cpu; ${calls.length} list calls (${calls.map((c) => c.path.split('/').pop()).join(', ')}); comment ${body.length} chars`,
    );
  }
  console.log(`mutating calls seen by the double: ${mutating}`);

  const cluster = serveDryRun(api, liveObjects(APPS));
  const redactor = await createRedactor({ env: {} });
  for (let round = 1; round <= ROUNDS; round++) {
    api.requests.length = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { catalog } = await loadRepo(previewDir, REQUEST_PATHS);
    const requests = planRequests(catalog, REQUEST_PATHS, { now, approvals: null, history: [] });
    const byPath = await runPreviews(requests, {
      repoDir: previewDir,
      cluster: createManifestDryRun({ kubeconfigPath }),
      runProcess,
      env: { PATH: process.env.PATH, KUBECONFIG: kubeconfigPath },
      redactor,
    });
    const body = renderPreviewComment({ ran: true, cluster: 'the double', byPath, sha: 'abcdef1234' });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const writes = api.requests.filter((r) => r.method !== 'GET');
    const dryRuns = writes.filter(
      (r) => r.method === 'PATCH' && r.params.some(([k, v]) => k === 'dryRun' && v === 'All'),
    );
    mutating += writes.length - dryRuns.length;
    const previews = Object.values(byPath).flat();
    console.log(
      `round ${round}: previews of ${Object.keys(byPath).length} requests (${previews.length} previews, ${previews.filter((p) => p.problem).length} failed) ${(ms / 1000).toFixed(2)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s cpu (kubectl kustomize in child processes not counted); ${api.requests.length} API calls, ${dryRuns.length} of them dryRun=All PATCHes; comment ${body.length} chars`,
    );
  }
  console.log(
    `writes refused by the double: ${cluster.writes.length}; mutating calls but dry runs: ${mutating}`,
  );
  mutating += cluster.writes.length;
} finally {
  await api.close();
  await removeRepo(dir);
  await removeRepo(previewDir);
  await rm(kubeDir, { recursive: true, force: true });
}
if (mutating > 0) process.exitCode = 1;
