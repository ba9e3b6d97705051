import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NO_NAMES } from '../../src/domain/reconcile/shard.js';
import type { ExecutionRecord } from '../../src/domain/schemas/record.js';
import { git } from '../helpers/gitops-remote.js';
import { checkInvariants } from './invariants.js';
import {
  type JobEnd,
  type JobSpec,
  mergeRequests,
  runJob,
  startJob,
  startWorld,
  type World,
} from './world.js';

// The sharded execute workflow (issue 26 item 3): a `shards` job lists the environment × target
// shards with work, and one execute job per shard runs them at once. Real processes (the bundled
// action), one bare remote and the GitHub double; the jobs decide on the same history (they hold at
// the same fault point), so the races are the ones GitHub's runners would have.

/** A second intent whose target is `service`: two requests for one target, told apart in the marks. */
const MARK_FOR = `name: mark-for
description: notes each run in the marker file, acting on a service
risk: low
params:
  service: { type: string, pattern: "^[a-z0-9-]+$" }
  label: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: one
    run: echo "one {{label}}" >> {{marks}}/steps
    timeout: 30s
  - name: two
    run: echo "two {{label}}" >> {{marks}}/steps
    timeout: 30s
`;

let w: World;
beforeAll(async () => {
  w = await startWorld('intentops-shards-');
  w.double.state.adoptCommit(
    await w.repo.merge({ 'intents/catalog/mark-for.yaml': MARK_FOR }, 'catalog: mark-for'),
    'catalog: mark-for',
  );
});
afterAll(async () => {
  await w.stop();
});

async function until(cond: () => boolean, what: string): Promise<void> {
  // A ceiling for a loaded machine, never a timing check: the jobs say when they are held.
  for (let i = 0; i < 1200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

/** A request of mark-for on `service`, marked as `label` (its own path, `intents/requests/<label>.yaml`). */
async function mergeFor(service: string, label: string): Promise<string> {
  const path = `intents/requests/${label}.yaml`;
  const sha = await w.repo.merge(
    {
      [path]: `intent: mark-for\nparams: { service: ${service}, label: ${label}, marks: ${w.marks} }\nreason: shards\n`,
    },
    `merge ${label}`,
  );
  w.double.state.adoptCommit(sha, `merge ${label}`);
  w.requests.push(path);
  return path;
}

function recordsOf(path: string): ExecutionRecord[] {
  return w.repo
    .files()
    .filter((f) => /^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(f))
    .map((f) => parse(w.repo.show(f)) as ExecutionRecord)
    .filter((r) => r.request.path === path && !r.rollback_of);
}

/** Subjects of the bot's commits on main, oldest first. */
function botCommits(): string[] {
  return git(w.repo.remote, 'log', '--reverse', '--format=%s', 'main')
    .split('\n')
    .filter((s) => s.startsWith('intentops: '));
}

async function shardsJob(runId: number): Promise<JobEnd> {
  return runJob(w, { kind: 'schedule', runId, inputs: { command: 'shards' } });
}

/** Starts the jobs held right after their scan, releases them together, and waits for their ends. */
async function together(specs: JobSpec[]): Promise<JobEnd[]> {
  const holds = mkdtempSync(join(tmpdir(), 'intentops-holds-'));
  const started = await Promise.all(
    specs.map((s) =>
      startJob(w, { ...s, fault: 'reconcile.scanned:hold', env: { INTENTOPS_FAULT_DIR: holds } }),
    ),
  );
  await until(
    () => readdirSync(holds).filter((f) => f.startsWith('reconcile.scanned.held')).length === specs.length,
    `all ${specs.length} jobs held`,
  );
  writeFileSync(join(holds, 'reconcile.scanned.go'), '');
  return Promise.all(started.map((s) => s.done));
}

describe('the sharded execute workflow', { timeout: 300_000 }, () => {
  it('shards lists one shard per target, oldest merge first, and writes nothing', async () => {
    await mergeRequests(w, ['app1', 'app2']);
    await mergeFor('app1', 'app1-late');
    await mergeRequests(w, ['app3']);
    const head = git(w.repo.remote, 'rev-parse', 'main').trim();
    const calls = w.double.requests.length;
    const end = await shardsJob(201);
    expect(end.code, end.stdout + end.stderr).toBe(0);
    const matrix = JSON.parse(end.outputs.matrix ?? '{}') as { include: Record<string, string>[] };
    expect(matrix.include).toEqual([
      { environment: '', github_environment: 'production', target: 'app1', shard: '/app1', ...NO_NAMES },
      { environment: '', github_environment: 'production', target: 'app2', shard: '/app2', ...NO_NAMES },
      { environment: '', github_environment: 'production', target: 'app3', shard: '/app3', ...NO_NAMES },
    ]);
    expect([end.outputs.count, end.outputs['max-parallel']]).toEqual(['3', '4']);
    // Read only: nothing pushed, nothing asked of GitHub.
    expect(git(w.repo.remote, 'rev-parse', 'main').trim()).toBe(head);
    expect(w.double.requests.length).toBe(calls);
  });

  it('shard jobs, a repeated push and a schedule run at once: each request once, one target in merge order', async () => {
    const ends = await together([
      { kind: 'push', runId: 211, inputs: { shard: '/app1' } },
      { kind: 'push', runId: 212, inputs: { shard: '/app2' } },
      { kind: 'push', runId: 213, inputs: { shard: '/app3' } },
      // The same push delivered twice: a second matrix, the same shards.
      { kind: 'push', runId: 214, inputs: { shard: '/app1' } },
      { kind: 'push', runId: 215, inputs: { shard: '/app2' } },
      // A run of the old unsharded workflow (or a /retry job) beside them.
      { kind: 'schedule', runId: 216 },
    ]);
    for (const e of ends) expect(e.code, `run ${e.spec.runId}: ${e.stdout}${e.stderr}`).toBe(0);
    const ran = ends.flatMap((e) => (e.outputs['execution-ids'] ?? '').split(',').filter(Boolean));
    expect(ran.sort()).toEqual([...new Set(ran)].sort());
    expect(ran).toHaveLength(4);
    // A shard job never runs another shard's request.
    for (const e of ends.filter((x) => x.spec.inputs?.shard)) {
      const target = e.spec.inputs?.shard?.slice(1);
      for (const id of (e.outputs['execution-ids'] ?? '').split(',').filter(Boolean))
        expect(id, `run ${e.spec.runId}`).toContain(target === 'app1' ? 'app1' : (target as string));
    }
    for (const p of ['app1', 'app2', 'app1-late', 'app3'])
      expect(recordsOf(`intents/requests/${p}.yaml`)).toHaveLength(1);
    // One target, one at a time in merge order: app1-late is claimed only once app1's record is pushed.
    const [first] = recordsOf('intents/requests/app1.yaml');
    const [late] = recordsOf('intents/requests/app1-late.yaml');
    const log = botCommits();
    expect(log.indexOf(`intentops: record ${first?.id}`)).toBeGreaterThanOrEqual(0);
    expect(log.indexOf(`intentops: claim ${late?.id}`)).toBeGreaterThan(
      log.indexOf(`intentops: record ${first?.id}`),
    );
    expect(await checkInvariants(w)).toEqual([]);
    // Nothing left: the next shards job lists no shard.
    const next = await shardsJob(217);
    expect([next.code, next.outputs.count, next.outputs.matrix]).toEqual([0, '0', '{"include":[]}']);
  });

  it('a failing shard does not block another', async () => {
    await mergeRequests(w, ['app4'], { fail: true });
    await mergeRequests(w, ['app5']);
    const list = await shardsJob(220);
    expect(list.outputs.matrix).toContain('"/app4"');
    const ends = await together([
      { kind: 'push', runId: 221, inputs: { shard: '/app4' } },
      { kind: 'push', runId: 222, inputs: { shard: '/app5' } },
    ]);
    const [failing, other] = ends;
    expect(failing?.code).not.toBe(0);
    expect(failing?.outputs.status).toBe('failed');
    expect(other?.code, other?.stdout).toBe(0);
    expect(recordsOf('intents/requests/app4.yaml').map((r) => r.status)).toEqual(['failed']);
    expect(recordsOf('intents/requests/app5.yaml').map((r) => r.status)).toEqual(['success']);
    expect(await checkInvariants(w)).toEqual([]);
  });

  it('a shard job and an unsharded run on the same scan: the one that loses a target leaves its later requests', async () => {
    await mergeRequests(w, ['app6']);
    await mergeFor('app6', 'app6-late');
    const [dirW, dirL] = [
      mkdtempSync(join(tmpdir(), 'intentops-w-')),
      mkdtempSync(join(tmpdir(), 'intentops-l-')),
    ];
    const held = (dir: string, point: string) => readdirSync(dir).some((f) => f.startsWith(`${point}.held`));
    // W (the shard job) claims app6 and holds before its steps; L (an unsharded run that decided on
    // the same history) then loses app6 to W, and must leave app6-late to whoever holds app6.
    const jobW = await startJob(w, {
      kind: 'push',
      runId: 241,
      inputs: { shard: '/app6' },
      fault: 'reconcile.scanned:hold,claim.pushed:hold',
      env: { INTENTOPS_FAULT_DIR: dirW },
    });
    const jobL = await startJob(w, {
      kind: 'schedule',
      runId: 242,
      fault: 'reconcile.scanned:hold',
      env: { INTENTOPS_FAULT_DIR: dirL },
    });
    await until(
      () => held(dirW, 'reconcile.scanned') && held(dirL, 'reconcile.scanned'),
      'both jobs scanned',
    );
    writeFileSync(join(dirW, 'reconcile.scanned.go'), '');
    await until(() => held(dirW, 'claim.pushed'), 'W claimed app6');
    writeFileSync(join(dirL, 'reconcile.scanned.go'), '');
    const endL = await jobL.done;
    writeFileSync(join(dirW, 'claim.pushed.go'), '');
    const endW = await jobW.done;
    for (const e of [endW, endL]) expect(e.code, `run ${e.spec.runId}: ${e.stdout}${e.stderr}`).toBe(0);
    expect(endL.outputs['execution-ids']).toBe('');
    expect(endL.stdout).toContain('app6-late.yaml: waiting behind');
    const [first] = recordsOf('intents/requests/app6.yaml');
    const [late] = recordsOf('intents/requests/app6-late.yaml');
    const log = botCommits();
    expect(log.indexOf(`intentops: claim ${late?.id}`)).toBeGreaterThan(
      log.indexOf(`intentops: record ${first?.id}`),
    );
    expect(await checkInvariants(w)).toEqual([]);
  });

  it('a branch that keeps moving under a claim: that request and its target wait for the next run, the job stays green', async () => {
    await mergeRequests(w, ['app7']);
    await mergeFor('app7', 'app7-late');
    await mergeRequests(w, ['app8']);
    // Every push of app7's claim finds main moved by someone else (the remote moves it first, as a
    // busy minute of other jobs would): the claim is still behind after its capped pushes.
    const busyFor = join(w.repo.remote, 'busy-for');
    writeFileSync(busyFor, 'app7');
    const outside = 'env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES';
    const hook = join(w.repo.remote, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      `#!/bin/sh
[ -f '${busyFor}' ] || exit 0
want=$(cat '${busyFor}')
while read old new ref; do
  [ "$ref" = refs/heads/main ] || continue
  for f in $(git diff --name-only "$old" "$new" -- executions/claims/); do
    git show "$new:$f" | grep -q "request: intents/requests/$want.yaml" || continue
    tip=$(${outside} git rev-parse refs/heads/main)
    moved=$(${outside} GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=o@localhost GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=o@localhost git commit-tree "$tip^{tree}" -p "$tip" -m "another job")
    ${outside} git update-ref refs/heads/main "$moved" "$tip"
  done
done
exit 0
`,
    );
    chmodSync(hook, 0o755);
    let busy: JobEnd;
    try {
      busy = await runJob(w, { kind: 'schedule', runId: 251 });
    } finally {
      rmSync(busyFor, { force: true });
    }
    expect(busy.code, busy.stdout + busy.stderr).toBe(0);
    expect(busy.stdout).not.toContain('::error');
    expect(busy.stdout).toMatch(/app7\.yaml: waiting for the next run: main kept moving/);
    expect(busy.stdout).toContain('app7-late.yaml: waiting behind');
    // Another target is not held up by it.
    const [app8] = recordsOf('intents/requests/app8.yaml');
    expect(busy.outputs['execution-ids']).toBe(app8?.id);
    expect(recordsOf('intents/requests/app7.yaml')).toEqual([]);
    const claims = w.repo.files().filter((f) => f.startsWith('executions/claims/'));
    expect(claims.filter((f) => w.repo.show(f).includes('intents/requests/app7'))).toEqual([]);

    const next = await runJob(w, { kind: 'schedule', runId: 252 });
    expect(next.code, next.stdout + next.stderr).toBe(0);
    const [first] = recordsOf('intents/requests/app7.yaml');
    const [late] = recordsOf('intents/requests/app7-late.yaml');
    expect([first?.status, late?.status]).toEqual(['success', 'success']);
    const log = botCommits();
    expect(log.indexOf(`intentops: claim ${late?.id}`)).toBeGreaterThan(
      log.indexOf(`intentops: record ${first?.id}`),
    );
    expect(await checkInvariants(w)).toEqual([]);
  });

  it('a shard that is no shard: a clear error, nothing run', async () => {
    const end = await runJob(w, { kind: 'push', runId: 230, inputs: { shard: 'app1' } });
    expect(end.code).not.toBe(0);
    expect(end.stdout).toContain("input 'shard': expected <environment>/<target>");
    expect(end.stdout + end.stderr).not.toMatch(/\n\s+at /);
  });
});
