import { faultPoint } from '../../adapters/fault-point.js';
import {
  type ForeignCommit,
  heldComment,
  heldMarker,
  isSuggestionCommit,
  suggestionCommitMessage,
} from '../../domain/learn/branch-guard.js';
import { branchOf, decide, opened, type PrState, settle } from '../../domain/learn/ledger.js';
import { type LinkContext, prBody } from '../../domain/learn/pr-body.js';
import type { Suggestion } from '../../domain/learn/types.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { LearningTrigger } from '../../domain/schemas/learning.js';
import type { LedgerEntry } from '../../domain/schemas/ledger.js';
import { statusOf } from '../shared/github-calls.js';
import { firstPage, type GitHubPort } from '../shared/github-port.js';
import { upsertStickyComment } from '../shared/sticky-comment.js';

// One branch and one pull request per suggestion, through the API alone. Looked up before created
// (the retry plugin re-sends POSTs); a branch is rewritten only when its files differ from the
// suggestion and it holds no commit the bot did not make (a reviewer's edit is never overwritten:
// the PR gets a comment instead); a PR closed without merge stays closed unless the ledger's rule
// says otherwise.

export const SUGGESTION_LABEL = 'intentops-suggestion';

export interface GitHubTarget {
  github: GitHubPort;
  owner: string;
  repo: string;
  /** Record path → the commit that added it, for evidence links. */
  commitOf: (path: string) => string | undefined;
  serverUrl: string;
  log: (line: string) => void;
}

export interface Published {
  id: string;
  outcome: string;
  pr?: number;
  url?: string;
  pushed: boolean;
}

const status = statusOf;

export async function publishOnGitHub(
  t: GitHubTarget,
  suggestions: readonly Suggestion[],
  ledger: readonly LedgerEntry[],
  triggers: readonly LearningTrigger[],
  now: Date,
): Promise<{ entries: LedgerEntry[]; published: Published[] }> {
  const repo = { owner: t.owner, repo: t.repo };
  const entries = new Map(ledger.map((e) => [e.id, e]));
  const byId = new Map(suggestions.map((s) => [s.id, s]));
  let base: { branch: string; sha: string } | undefined;
  const baseOf = async () => {
    if (!base) {
      const branch = await t.github.branches.defaultBranch(repo);
      const sha = await t.github.branches.head(repo, branch);
      base = { branch, sha };
    }
    return base;
  };

  const latestPr = async (branch: string): Promise<PrState | null> => {
    const data = await firstPage(
      t.github.pulls.list(repo, { head: `${t.owner}:${branch}`, state: 'all', perPage: 20 }),
    );
    const pr = [...data].sort((a, b) => b.number - a.number)[0];
    return pr
      ? {
          number: pr.number,
          url: pr.html_url,
          open: pr.state === 'open',
          merged: !!pr.merged_at,
          closedAt: pr.closed_at,
          mergedAt: pr.merged_at,
          body: pr.body,
          title: pr.title,
        }
      : null;
  };

  /** The branch's file, or null when the branch or the file is missing. */
  const fileOn = async (branch: string, path: string): Promise<{ text: string; sha: string } | null> => {
    try {
      return (await t.github.contents.get(repo, path, branch)) ?? null;
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  };

  /** The branch's commits (since it left the default branch) that the bot did not make. */
  const foreignCommits = async (s: Suggestion): Promise<ForeignCommit[]> => {
    const commits = await t.github.branches.commitsSince(repo, (await baseOf()).branch, branchOf(s.id));
    return commits
      .filter((c) => !isSuggestionCommit(c.message, s.id))
      .map((c) => ({
        sha: c.sha,
        // Named, not @mentioned: the held comment is no reason to notify them.
        author: c.author ?? 'unknown',
        message: c.message,
      }));
  };

  /**
   * Rewrites the branch from the default branch's head when its files differ ('pushed'); leaves
   * it when they are equal ('unchanged') or when it holds commits the bot did not make ('held').
   */
  const push = async (
    s: Suggestion,
    branchExists: boolean,
  ): Promise<{ kind: 'pushed' | 'unchanged' } | { kind: 'held'; foreign: ForeignCommit[] }> => {
    const branch = branchOf(s.id);
    if (branchExists) {
      const now = await Promise.all(s.changes.map((c) => fileOn(branch, c.path)));
      if (now.every((f, i) => f?.text === s.changes[i]?.after)) return { kind: 'unchanged' };
      const foreign = await foreignCommits(s);
      if (foreign.length) return { kind: 'held', foreign };
    }
    const { sha } = await baseOf();
    const restart = () => t.github.branches.reset(repo, branch, sha);
    if (branchExists) await restart();
    else {
      try {
        await t.github.branches.create(repo, branch, sha);
      } catch (err) {
        if (status(err) !== 422) throw err; // created meanwhile (or by a re-sent POST): start it again
        // Refused for another reason than being there already: that refusal is the story, not the reset's.
        await restart().catch(() => {
          throw err;
        });
      }
    }
    for (const c of s.changes) {
      const current = await fileOn(branch, c.path);
      try {
        await t.github.contents.put(repo, {
          path: c.path,
          branch,
          message: suggestionCommitMessage(s),
          text: c.after,
          ...(current ? { sha: current.sha } : {}),
        });
      } catch (err) {
        // A PUT re-sent after its answer was lost (a 502 after GitHub wrote the file) is refused
        // 422, its sha now stale or missing: the file as we wanted it on the branch is success.
        if (status(err) !== 422 || (await fileOn(branch, c.path))?.text !== c.after) throw err;
      }
    }
    return { kind: 'pushed' };
  };

  const branchExists = async (branch: string) => {
    try {
      await t.github.branches.head(repo, branch);
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw err;
    }
  };

  const published: Published[] = [];
  const ids = new Set([...byId.keys(), ...ledger.filter((e) => e.state === 'open').map((e) => e.id)]);
  for (const id of ids) {
    const branch = branchOf(id);
    const pr = await latestPr(branch);
    let entry = entries.get(id);
    if (entry && pr && !pr.open) entry = settle(entry, pr);
    const s = byId.get(id);
    if (!s) {
      if (entry) entries.set(id, entry);
      published.push({
        id,
        outcome: entry?.state === 'open' ? 'no longer suggested; PR left open' : `PR ${entry?.state}`,
        pushed: false,
      });
      continue;
    }
    const trigger = triggers.find((x) => x.pattern === s.trigger);
    const d = decide(s, entry, pr, now, durationSeconds(trigger?.cooldown ?? '30d'));
    if (d.kind === 'keep-closed') {
      if (entry) entries.set(id, entry);
      published.push({
        id,
        outcome: `stays closed: ${d.why}`,
        pushed: false,
        ...(pr ? { pr: pr.number, url: pr.url } : {}),
      });
      continue;
    }
    const link: LinkContext = {
      repoUrl: `${t.serverUrl}/${t.owner}/${t.repo}`,
      commitOf: t.commitOf,
      branch: (await baseOf()).branch,
    };
    const body = prBody(s, link);
    await faultPoint('learn.branch');
    const result = await push(s, pr?.open === true ? true : await branchExists(branch));
    if (result.kind === 'held') {
      // Someone else's commits are on the branch: comment (once, then edited) instead of rewriting.
      const commented = pr
        ? await upsertStickyComment(
            t.github,
            { ...repo, issue_number: pr.number },
            heldMarker(id),
            heldComment(s, result.foreign),
          )
        : undefined;
      const kept = entry ?? opened(s, undefined, now, { state: 'open' });
      entries.set(id, {
        ...kept,
        held: {
          since: kept.held?.since ?? now.toISOString(),
          commits: result.foreign.map((c) => c.sha),
        },
      });
      const shas = result.foreign.map((c) => c.sha.slice(0, 7)).join(', ');
      const where = pr
        ? `; ${commented?.action === 'unchanged' ? 'comment' : `comment ${commented?.action}`} on ${pr.url}`
        : '';
      const outcome = `held: ${branch} has commits intentops did not make (${shas}), not rewritten${where}`;
      published.push({ id, outcome, pushed: false, ...(pr ? { pr: pr.number, url: pr.url } : {}) });
      t.log(`suggestion ${id}: ${outcome}`);
      continue;
    }
    const pushed = result.kind === 'pushed';
    let number: number;
    let url: string;
    if (pr?.open) {
      ({ number, url } = pr);
      if (pr.body !== body || pr.title !== s.title) {
        await t.github.pulls.update(repo, number, { title: s.title, body });
      }
    } else {
      await faultPoint('learn.pr');
      ({ number, url } = await createPr(t, s, body, (await baseOf()).branch));
      await t.github.issues.addLabels(repo, number, [SUGGESTION_LABEL]);
    }
    entries.set(id, opened(s, entry, now, { state: 'open', pr: number, url }));
    const what = pr?.open
      ? pushed
        ? 'updated'
        : 'unchanged'
      : d.kind === 'reopen'
        ? `opened again (${d.why})`
        : 'opened';
    published.push({ id, outcome: `${what}: ${url}`, pr: number, url, pushed });
    t.log(`suggestion ${id}: ${what} ${url}`);
  }
  return { entries: [...entries.values()], published };
}

async function createPr(
  t: GitHubTarget,
  s: Suggestion,
  body: string,
  base: string,
): Promise<{ number: number; url: string }> {
  const repo = { owner: t.owner, repo: t.repo };
  const head = branchOf(s.id);
  try {
    const pr = await t.github.pulls.create(repo, { head, base, title: s.title.slice(0, 250), body });
    return { number: pr.number, url: pr.html_url };
  } catch (err) {
    // A create re-sent after a lost answer finds its own PR.
    if (status(err) !== 422) throw err;
    const [again] = await firstPage(
      t.github.pulls.list(repo, { head: `${t.owner}:${head}`, state: 'open', perPage: 1 }),
    );
    if (!again) throw err;
    return { number: again.number, url: again.html_url };
  }
}
