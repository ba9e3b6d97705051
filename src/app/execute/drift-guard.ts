import { trailerMarkers } from '../../domain/bot/bot-markers.js';
import { driftOf, type SeenWorkload, seenIn } from '../../domain/plan/live-state.js';
import { allOf, type GitHubPort, type Repo } from '../shared/github-port.js';
import type { Observers } from '../shared/providers.js';

// The drift guard: the plan comment's hidden data says what the plan saw of each workload when the
// approvals were given; at execute the cluster is read again (list calls only) and compared. What
// moved is said; the policies' `on_drift` decides whether the request still runs (run-request.ts).

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

/** What moved since `seen`, one line per workload; one list of deployments per namespace. */
export async function driftSince(
  seen: readonly SeenWorkload[],
  observers: Pick<Observers, 'kube'>,
  timeoutMs = 5_000,
): Promise<string[]> {
  if (seen.length === 0) return [];
  const kube = await observers.kube();
  if (!kube.namespaceState) return [];
  const namespaces = [...new Set(seen.map((w) => w.namespace))];
  const now = (
    await Promise.all(
      namespaces.map(async (namespace) =>
        (
          await (kube.namespaceState as NonNullable<typeof kube.namespaceState>)(namespace, { timeoutMs })
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
  return driftOf(seen, now);
}
