import type { ChangedFile } from '../../adapters/git-diff.js';
import type { Plan } from '../../domain/plan/plan.js';
import { classifyRequestPath } from '../../domain/request/request-path.js';
import type { GitHubPort } from '../shared/github-port.js';

// An agent's request that the policies let proceed without a human: GitHub's auto-merge (GraphQL
// only) merges the PR once its required checks pass, and the merge's execute run judges it again.
// The policies judge the requests only: auto-merge must not carry anything else into the branch
// (an app's manifests, the notify config, the bot's own logs and records), so a PR gets it only
// when each of its changes is a new request file.

/** The agent and whether its PR may merge alone; `others` are the changes that need a human's eye. */
export interface AutoMergeVerdict {
  agent: string;
  /** Changes besides new request files, as `path (what happened)`: any one of them needs a human. */
  others: string[];
}

const WHAT: Record<ChangedFile['status'], string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type changed',
};

/** Every change of the PR that is not a new file under `intents/requests/`. */
export function notNewRequests(diff: readonly ChangedFile[]): string[] {
  return diff
    .filter((f) => !(f.status === 'A' && classifyRequestPath(f.path).kind === 'request'))
    .map((f) => `${f.path} (${WHAT[f.status] ?? f.status})`);
}

/**
 * The agent, when every request in the PR is one the policies let merge alone: with `others`
 * empty, the PR may auto-merge; otherwise it holds more than new requests and a human merges it.
 * Undefined when the policies themselves want a human (or the PR is invalid or has no request).
 */
export function autoMergeAgent(
  requests: readonly { plan?: Plan }[],
  opts: { valid: boolean; diff: readonly ChangedFile[] },
): AutoMergeVerdict | undefined {
  if (!opts.valid || requests.length === 0) return undefined;
  const agents = new Set<string>();
  for (const r of requests) {
    const policy = r.plan?.policy;
    if (policy?.verdict !== 'allow' || !policy.autoMerge || !policy.agent) return undefined;
    agents.add(policy.agent);
  }
  return { agent: [...agents].join(', '), others: notNewRequests(opts.diff) };
}

/**
 * Switches auto-merge to `on`. The switch is sent once (never re-sent blindly: a second switch is
 * not what was asked); when it fails, GitHub is asked how the PR stands, and a switch that was made
 * but whose answer was lost is a switch made.
 */
async function switchAutoMerge(github: GitHubPort, nodeId: string, on: boolean): Promise<void> {
  try {
    await github.pulls.setAutoMerge(nodeId, on);
  } catch (err) {
    const now = await github.pulls.autoMergeOn(nodeId).catch(() => !on);
    if (now !== on) throw err;
  }
}

/** Enables squash auto-merge once: a PR that already has it (a re-run, a new push) is left alone. */
export async function enableAutoMerge(
  github: GitHubPort,
  where: { owner: string; repo: string; number: number },
): Promise<'enabled' | 'already enabled'> {
  const pull = await github.pulls.get({ owner: where.owner, repo: where.repo }, where.number);
  if (await github.pulls.autoMergeOn(pull.node_id)) return 'already enabled';
  await switchAutoMerge(github, pull.node_id, true);
  return 'enabled';
}

/**
 * Turns auto-merge off when it is on: a PR that had it (an earlier push held only a request) and
 * now holds more must wait for a human. GitHub keeps auto-merge across pushes by writers.
 */
export async function disableAutoMerge(
  github: GitHubPort,
  where: { owner: string; repo: string; number: number },
): Promise<'disabled' | 'was off'> {
  const pull = await github.pulls.get({ owner: where.owner, repo: where.repo }, where.number);
  if (!(await github.pulls.autoMergeOn(pull.node_id))) return 'was off';
  await switchAutoMerge(github, pull.node_id, false);
  return 'disabled';
}
