import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordStore } from '../../adapters/record-store.js';
import { followUpSuffix } from '../../domain/records/bake-record.js';
import { targetOf } from '../../domain/request/target.js';
import type { BakeWindow } from '../../domain/schemas/outcomes.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { outcomesFor } from '../plan/prepare.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';
import type { Catalog } from '../shared/load-repo.js';
import { prForCommit } from '../shared/pr-facts.js';

// Which runs get a bake, under which concurrency key, and which bakes a re-run of the execute job
// must start again (the action dispatches them: action/bake-dispatch.ts; docs/bake.md).

/** The bake window a run of this intent gets: the outcome spec's, else the catalog intent's (as the plan). */
export function bakeWindowOf(catalog: Catalog, intent: string): BakeWindow | undefined {
  return outcomesFor(catalog, intent)?.data.observe ?? catalog.intents.get(intent)?.data.observe;
}

/** The concurrency key of a bake: the execution's target, else its intent. */
export function bakeTarget(r: Pick<ExecutionRecord, 'params' | 'intent'>): string {
  return targetOf(r.params) ?? `intent-${r.intent}`;
}

/** Whether a follow-up of this execution is in the checkout: found by file name, from its day on. */
export async function hasFollowUp(repoDir: string, r: ExecutionRecord): Promise<string | null> {
  const suffix = `-${followUpSuffix(r)}.yaml`;
  const day = r.timestamp.slice(0, 10);
  const root = join(repoDir, 'executions');
  const days = (await readdir(root).catch(() => [] as string[])).filter(
    (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= day,
  );
  for (const d of days.sort()) {
    const f = (await readdir(join(root, d))).find((x) => x.endsWith(suffix));
    if (f) return `executions/${d}/${f}`;
  }
  return null;
}

/**
 * A re-run attempt of the execute job finds its records already pushed and runs nothing, so it would
 * never dispatch: when the first attempt died between the push and the dispatch, the bake would be
 * lost. On a re-run (attempt > 1), the records this workflow run pushed (same run id) that passed,
 * have a bake window and no follow-up yet are dispatched again. A bake still running from an earlier
 * attempt is then replaced (same concurrency group): it records `cancelled`, the new one the verdict.
 */
export async function rerunBakes(
  repoDir: string,
  catalog: Catalog,
  run: { id: string; attempt: number } | undefined,
): Promise<ExecutionRecord[]> {
  if (!run || run.attempt <= 1) return [];
  const store = new RecordStore(repoDir);
  // Records of this run were written while it ran: the newest two days hold them (a job runs ≤ 6 h).
  const all = await store.list();
  const days = [...new Set(all.map((p) => p.split('/')[1]))].slice(-2);
  const out: ExecutionRecord[] = [];
  for (const rel of all.filter((p) => days.includes(p.split('/')[1]))) {
    const r = await store.read(rel);
    if (r.observation_of || r.status !== 'success' || r.run?.id !== run.id) continue;
    if (!bakeWindowOf(catalog, r.intent)) continue;
    if (await hasFollowUp(repoDir, r)) continue;
    out.push(r);
  }
  return out;
}

/** A newer execution (not a follow-up) for the same target on the branch as checked out. */
export async function newerExecution(store: RecordStore, x: ExecutionRecord): Promise<string | null> {
  const stamp = (id: string) => id.split('-').slice(1, 3).join('-');
  const day = x.timestamp.slice(0, 10);
  const candidates = (await store.list()).filter((p) => {
    const id =
      p
        .split('/')
        .pop()
        ?.replace(/\.yaml$/, '') ?? '';
    return (p.split('/')[1] ?? '') >= day && id !== x.id && stamp(id) >= stamp(x.id);
  });
  for (const rel of candidates) {
    const r = await store.read(rel).catch(() => null);
    if (r && !r.observation_of && r.timestamp > x.timestamp && bakeTarget(r) === bakeTarget(x)) return r.id;
  }
  return null;
}

/** The request PR of an execution: the one its approvals were counted on, else the merge commit's. */
export async function prOfExecution(
  github: GitHubPort,
  repo: Repo,
  x: ExecutionRecord,
): Promise<number | undefined> {
  if (x.approvals?.pr !== undefined) return x.approvals.pr;
  if (!x.request.commit) return undefined;
  return (await prForCommit(github, { ...repo, sha: x.request.commit }))?.number;
}
