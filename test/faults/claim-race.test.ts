import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import { type JobEnd, type JobSpec, mergeRequests, startJob, startWorld, type World } from './world.js';

// The first bug the fault probe found: four execute jobs started together over four merged requests
// (a push run, the schedule, a dispatch, a re-run). Each request ran once, but the jobs that lost a
// claim race reset to the remote, which brought the winners' later claims into their checkout, and
// their next claim write failed with EEXIST: red jobs instead of green ones saying who had it.

let w: World;
beforeAll(async () => {
  w = await startWorld('intentops-claim-race-');
});
afterAll(async () => {
  await w.stop();
});

async function until(cond: () => boolean, what: string): Promise<void> {
  // A ceiling for a loaded machine, never a timing check: the jobs say when they are held.
  for (let i = 0; i < 1200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

describe('jobs that lose a claim race', { timeout: 240_000 }, () => {
  it('four jobs decided on the same scan: each request runs once, every job ends green, the losers say which run has it', async () => {
    const apps = ['app1', 'app2', 'app3', 'app4'];
    await mergeRequests(w, apps);
    const holds = mkdtempSync(join(tmpdir(), 'intentops-holds-'));
    const specs: JobSpec[] = [
      { kind: 'push', runId: 101 },
      { kind: 'schedule', runId: 102 },
      { kind: 'dispatch', runId: 103 },
      { kind: 'rerun', runId: 104, attempt: 2 },
    ];
    // Every job holds right after deciding what is pending, so all four decide on the same history.
    const started = await Promise.all(
      specs.map((s) =>
        startJob(w, { ...s, fault: 'reconcile.scanned:hold', env: { INTENTOPS_FAULT_DIR: holds } }),
      ),
    );
    await until(
      () => readdirSync(holds).filter((f) => f.startsWith('reconcile.scanned.held')).length === 4,
      'all four jobs held',
    );
    writeFileSync(join(holds, 'reconcile.scanned.go'), '');
    const ends: JobEnd[] = await Promise.all(started.map((s) => s.done));

    for (const e of ends) {
      expect(e.stdout + e.stderr, `run ${e.spec.runId}`).not.toContain('EEXIST');
      expect(e.code, `run ${e.spec.runId}: ${e.stdout}`).toBe(0);
    }
    // Each request ran in exactly one job; the others named the run that had it.
    const ranIds = ends.flatMap((e) => (e.outputs['execution-ids'] ?? '').split(',').filter(Boolean));
    expect(ranIds).toHaveLength(4);
    const told = ends.map((e) => e.stdout).join('\n');
    expect(told).toMatch(/claimed by run 10[1-4] attempt \d/);
    expect(await checkInvariants(w)).toEqual([]);
  });
});
