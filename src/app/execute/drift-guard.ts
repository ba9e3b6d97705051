import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { trailerMarkers } from '../../domain/bot/bot-markers.js';
import { driftOf, type SeenWorkload, seenIn } from '../../domain/plan/live-state.js';
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

/**
 * The workloads `seen` names, as they are now (one list of deployments per namespace); a workload
 * gone is absent. Undefined when the cluster cannot be listed.
 */
export async function liveNow(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs = 5_000,
): Promise<SeenWorkload[] | undefined> {
  if (seen.length === 0) return [];
  const kube = await observers.kube();
  const list = kube.namespaceState;
  if (!list) return undefined;
  const namespaces = [...new Set(seen.map((w) => w.namespace))];
  const now = (
    await Promise.all(
      namespaces.map(async (namespace) =>
        (
          await list(namespace, { timeoutMs })
        ).deployments.map(
          (d): SeenWorkload => ({
            namespace,
            name: d.name,
            generation: d.generation,
            images: d.images,
            replicas: d.desired,
          }),
        ),
      ),
    )
  ).flat();
  return now.filter((n) => seen.some((s) => s.namespace === n.namespace && s.name === n.name));
}

/** What moved since `seen`; nothing when the cluster cannot be listed. */
export async function driftSince(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs = 5_000,
): Promise<Drift> {
  const now = await liveNow(seen, observers, timeoutMs);
  if (!now) return { moved: [], now: [] };
  return { moved: driftOf(seen, now), now };
}
