import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { trailerMarkers } from '../../domain/bot/bot-markers.js';
import {
  driftOf,
  kindOf,
  type SeenWorkload,
  sameWorkload,
  seenIn,
  seenOf,
  type WorkloadKind,
} from '../../domain/plan/live-state.js';
import { RetryGrantSchema } from '../../domain/reconcile/retry-grant.js';
import { allOf, type GitHubPort, type Repo } from '../shared/github-port.js';
import type { Observers } from '../shared/providers.js';

// The drift guard: the plan comment's hidden data says what the plan saw of each workload when the
// approvals were given (or a writer's `/retry` grant says what it saw when it approved again); at
// execute the cluster is read again (list calls only) and compared. What moved is said; the
// policies' `on_drift` decides whether the request still runs (run-request.ts).

/** What moved since the approval, one line per workload, and those workloads as they are now. */
export interface Drift {
  moved: string[];
  now: SeenWorkload[];
  /** Kinds not listed (`statefulsets in shop (forbidden)`): their workloads were not compared. */
  unread?: string[];
}

/**
 * What the approved plan saw of the request's workloads: from the bot's plan comment on the PR
 * (a Bot account's comment whose trailer carries the plan marker; anyone else's text is not data).
 * Undefined when the plan noted nothing (no live state, or another version of intentops).
 */
export async function approvedSeen(
  github: GitHubPort,
  repo: Repo,
  pr: number,
  path: string,
): Promise<SeenWorkload[] | undefined> {
  const comments = await allOf(github.comments.list(repo, pr));
  const plan = comments
    .filter((c) => c.user?.type === 'Bot' && trailerMarkers(c.body).get('plan') === '')
    .at(-1);
  return seenIn(plan?.body)?.[path];
}

/** What a `/retry` grant approved of the workloads (a drift-denied request's fresh plan), if anything. */
export async function grantedSeen(repoDir: string, grant: string): Promise<SeenWorkload[] | undefined> {
  const text = await readFile(join(repoDir, grant), 'utf8').catch(() => '');
  const g = RetryGrantSchema.safeParse(parse(text));
  return g.success ? g.data.seen : undefined;
}

interface Now {
  now: SeenWorkload[];
  /** Kinds the identity may not list in a namespace: their workloads cannot be compared. */
  unread: { kind: WorkloadKind; namespace: string; why: string }[];
}

/**
 * The workloads `seen` names, as they are now: one list per kind and namespace, of the kinds `seen`
 * holds only (an older plan's trailer, deployments only, lists deployments only). A workload gone is
 * absent. Undefined when the cluster cannot be listed.
 */
async function readNow(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs: number,
): Promise<Now | undefined> {
  if (seen.length === 0) return { now: [], unread: [] };
  const kube = await observers.kube();
  const list = kube.namespaceState;
  if (!list) return undefined;
  const namespaces = [...new Set(seen.map((w) => w.namespace))];
  const unread: Now['unread'] = [];
  const now = (
    await Promise.all(
      namespaces.map(async (namespace) => {
        const kinds = [...new Set(seen.filter((w) => w.namespace === namespace).map(kindOf))];
        const state = await list(namespace, { timeoutMs, kinds });
        for (const u of state.unlisted ?? []) unread.push({ ...u, namespace });
        return state.workloads.map((w) => seenOf(namespace, w));
      }),
    )
  ).flat();
  return { now: now.filter((n) => seen.some((s) => sameWorkload(s, n))), unread };
}

/**
 * The workloads `seen` names, as they are now; a workload gone is absent. Undefined when the cluster
 * cannot be listed, or not every kind of them: a fresh plan must not approve a state nobody saw.
 */
export async function liveNow(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs = 5_000,
): Promise<SeenWorkload[] | undefined> {
  const read = await readNow(seen, observers, timeoutMs);
  return read && read.unread.length === 0 ? read.now : undefined;
}

/**
 * What moved since `seen`; nothing when the cluster cannot be listed. The workloads of a kind the
 * identity may not list are not compared (never called gone): `unread` says which.
 */
export async function driftSince(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs = 5_000,
): Promise<Drift> {
  const read = await readNow(seen, observers, timeoutMs);
  if (!read) return { moved: [], now: [] };
  const readable = seen.filter(
    (s) => !read.unread.some((u) => u.kind === kindOf(s) && u.namespace === s.namespace),
  );
  const unread = read.unread.map((u) => `${u.kind}s in ${u.namespace} (${u.why})`);
  return { moved: driftOf(readable, read.now), now: read.now, ...(unread.length ? { unread } : {}) };
}
