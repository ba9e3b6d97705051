import { fenced } from '../../domain/bot/bot-markers.js';
import { parseProposalBranch, proposalBranch, RETRY_WINDOW_MS } from '../../domain/request/proposal-key.js';
import { formatPlan } from '../plan/format.js';
import { statusOf } from '../shared/github-calls.js';
import { allOf, firstPage, type GitHubPort } from '../shared/github-port.js';
import type { Proposal } from './propose.js';

// `intentops propose --pr`: the request file on its own branch and a pull request for it, through the
// API alone (no local clone needed — agents run this too). Looked up before created, so a retry
// (same intent, params and proposer: see proposal-key.ts), a re-run or a re-sent POST never opens
// a second PR.

export interface OpenedPr {
  number: number;
  url: string;
  branch: string;
  /** The request file the PR adds. */
  path: string;
  /** False when an earlier proposal's PR was found and returned instead. */
  created: boolean;
  state: 'open' | 'merged' | 'closed';
}

interface PullSummary {
  number: number;
  html_url: string;
  state: string;
  created_at: string;
  merged_at: string | null;
  head: { ref: string; repo: { full_name: string } | null };
}

function opened(pr: PullSummary, created: boolean): OpenedPr {
  const branch = pr.head.ref;
  return {
    number: pr.number,
    url: pr.html_url,
    branch,
    path: parseProposalBranch(branch)?.path ?? '',
    created,
    state: pr.state === 'open' ? 'open' : pr.merged_at ? 'merged' : 'closed',
  };
}

/**
 * The PR of an earlier proposal with the same key: an open one whatever its age (the request is
 * still pending), else one merged or closed that was opened within the retry window. Only branches
 * of this repository count: a fork's PR can take any branch name.
 */
export async function findProposalPr(
  github: GitHubPort,
  repo: { owner: string; repo: string },
  key: string,
  now: Date,
): Promise<OpenedPr | undefined> {
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  const ours = (pr: PullSummary) =>
    pr.head.repo?.full_name.toLowerCase() === self && parseProposalBranch(pr.head.ref)?.key === key;
  const open = await allOf(github.pulls.list(repo, { state: 'open' }));
  const pending = open.find(ours);
  if (pending) return opened(pending, false);
  const since = now.getTime() - RETRY_WINDOW_MS;
  const closed: PullSummary[] = [];
  for await (const page of github.pulls.list(repo, { state: 'closed', sort: 'created', direction: 'desc' })) {
    closed.push(...page);
    // Newest first: a page reaching past the window is the last one needed.
    if (page.some((pr) => Date.parse(pr.created_at) < since)) break;
  }
  const recent = closed.filter((pr) => Date.parse(pr.created_at) >= since);
  const done = recent.find(ours);
  return done ? opened(done, false) : undefined;
}

export async function openProposalPr(
  github: GitHubPort,
  repo: { owner: string; repo: string },
  p: Proposal,
  reason: string,
  now: Date = new Date(),
): Promise<OpenedPr> {
  const existing = await findProposalPr(github, repo, p.key, now);
  if (existing) return existing;
  const branch = proposalBranch(p.path, p.key);

  const base = await github.branches.defaultBranch(repo);
  const baseSha = await github.branches.head(repo, base);
  try {
    await github.branches.create(repo, branch, baseSha);
  } catch (err) {
    if (statusOf(err) !== 422) throw err; // 422: the branch exists from an earlier try
  }
  const current = await github.contents
    .get(repo, p.path, branch)
    .then((f) => f?.sha)
    .catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
  await github.contents.put(repo, {
    path: p.path,
    branch,
    message: `Propose ${p.plan.intent}: ${reason}`.slice(0, 200),
    text: p.text,
    ...(current ? { sha: current } : {}),
  });
  const title = `Propose ${p.plan.intent}${
    Object.keys(p.plan.params).length
      ? ` (${Object.entries(p.plan.params)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`
      : ''
  }`;
  const body = [
    reason,
    '',
    `Policy verdict: **${p.plan.policy.verdict}**`,
    '',
    '<details><summary>Plan</summary>',
    '',
    fenced(formatPlan(p.plan, p.path), 'text'),
    '</details>',
  ].join('\n');
  try {
    const pr = await github.pulls.create(repo, { head: branch, base, title: title.slice(0, 250), body });
    return {
      number: pr.number,
      url: pr.html_url,
      branch,
      path: p.path,
      created: true,
      state: 'open',
    };
  } catch (err) {
    // A create re-sent after a lost answer finds its own PR: "a pull request already exists".
    if (statusOf(err) !== 422) throw err;
    const [again] = await firstPage(
      github.pulls.list(repo, { head: `${repo.owner}:${branch}`, state: 'open', perPage: 1 }),
    );
    if (!again) throw err;
    return { number: again.number, url: again.html_url, branch, path: p.path, created: true, state: 'open' };
  }
}
