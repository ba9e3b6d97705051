// GitHub API calls a reconcile costs (issue 13): the bundled action against the GitHub double, on a
// repository where 0, 1 and 50 requests are pending, each merged through its own pull request with
// one approval, as a team merges them. Prints the calls by operation; asserts nothing.
// Usage: npm run bundle && npx tsx bench/reconcile-api.ts
import { runAction } from '../test/helpers/action-runner.js';
import { startGitHubDouble } from '../test/helpers/github-double.js';
import { git, gitopsRemote } from '../test/helpers/gitops-remote.js';

const INTENT = `name: note
description: writes one line
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: note
    run: [echo, "{{app}}"]
`;

const double = await startGitHubDouble();
const repo = await gitopsRemote('intentops-bench-api-', { 'intents/catalog/note.yaml': INTENT });
const dev = { login: 'dev', id: 303, type: 'User' as const };
const alice = { login: 'alice', id: 401, type: 'User' as const };
double.state.grant(alice, 'write');
let n = 0;

async function mergeRequests(count: number): Promise<void> {
  for (let i = 0; i < count; i++, n++) {
    const sha = await repo.merge(
      { [`intents/requests/note-${n}.yaml`]: `intent: note\nparams: { app: app-${n} }\nreason: bench\n` },
      `Merge #${n}`,
    );
    double.state.adoptCommit(sha, `Merge #${n}`);
    const s = double.state;
    const number = s.nextNumber();
    const now = s.now();
    s.issues.set(number, {
      ...{ number, id: s.nextId(), title: `note ${n}`, body: null, state: 'closed', stateReason: null },
      ...{ labels: [], user: dev, locked: false, createdAt: now, updatedAt: now, closedAt: now },
      closedBy: null,
      pull: {
        ...{ head: `req-${n}`, base: 'main', draft: false, merged: true, mergedAt: now },
        ...{ mergedBy: alice, mergeCommitSha: sha, maintainerCanModify: true },
      },
    });
    s.addReview(number, 'APPROVED', alice);
  }
}

try {
  for (const pending of [0, 1, 50]) {
    await mergeRequests(pending);
    const work = repo.checkout();
    const before = double.requests.length;
    const t = performance.now();
    const r = await runAction({
      inputs: { command: 'execute', 'github-token': 'ghs_bench', 'repo-path': work, 'dry-run': 'false' },
      event: { ref: 'refs/heads/main' },
      eventName: 'schedule',
      sha: git(work, 'rev-parse', 'HEAD'),
      apiUrl: double.url,
      cwd: work,
      entry: 'dist',
    });
    const calls = double.requests.slice(before);
    const by = new Map<string, number>();
    for (const c of calls) by.set(c.operationId ?? c.path, (by.get(c.operationId ?? c.path) ?? 0) + 1);
    console.log(
      `pending ${String(pending).padStart(2)}: exit ${r.code}, ${calls.length} API calls in ${((performance.now() - t) / 1000).toFixed(1)} s` +
        (calls.length ? ` — ${[...by].map(([k, v]) => `${k} ×${v}`).join(', ')}` : ''),
    );
    if (double.rejected().length) console.log('rejected by the double:', double.rejected());
  }
} finally {
  await double.stop();
  await repo.cleanup();
}
