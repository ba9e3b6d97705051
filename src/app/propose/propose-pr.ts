import type { GitHubClient } from '../../adapters/github-client.js';
import { fenced } from '../../domain/bot/bot-markers.js';
import { parseProposalBranch, proposalBranch, RETRY_WINDOW_MS } from '../../domain/request/proposal-key.js';
import { formatPlan } from '../plan/format.js';
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
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  key: string,
  now: Date,
): Promise<OpenedPr | undefined> {
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  const ours = (pr: PullSummary) =>
    pr.head.repo?.full_name.toLowerCase() === self && parseProposalBranch(pr.head.ref)?.key === key;
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
  const pending = (open as PullSummary[]).find(ours);
  if (pending) return opened(pending, false);
  const since = now.getTime() - RETRY_WINDOW_MS;
  const recent = (
    (await octokit.paginate(
      octokit.rest.pulls.list,
      { ...repo, state: 'closed', sort: 'created', direction: 'desc', per_page: 100 },
      (res, done) => {
        // Newest first: a page reaching past the window is the last one needed.
        if (res.data.some((pr) => Date.parse(pr.created_at) < since)) done();
        return res.data;
      },
    )) as PullSummary[]
  ).filter((pr) => Date.parse(pr.created_at) >= since);
  const done = recent.find(ours);
  return done ? opened(done, false) : undefined;
}

export async function openProposalPr(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  p: Proposal,
  reason: string,
  now: Date = new Date(),
): Promise<OpenedPr> {
  const existing = await findProposalPr(octokit, repo, p.key, now);
  if (existing) return existing;
  const branch = proposalBranch(p.path, p.key);

  const base = (await octokit.rest.repos.get(repo)).data.default_branch;
  const baseSha = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` })).data.object.sha;
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseSha });
  } catch (err) {
    if ((err as { status?: number }).status !== 422) throw err; // 422: the branch exists from an earlier try
  }
  const current = await octokit.rest.repos
    .getContent({ ...repo, path: p.path, ref: branch })
    .then((r) => (Array.isArray(r.data) ? undefined : r.data.sha))
    .catch((err: { status?: number }) => {
      if (err.status === 404) return undefined;
      throw err;
    });
  await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: p.path,
    branch,
    message: `Propose ${p.plan.intent}: ${reason}`.slice(0, 200),
    content: Buffer.from(p.text).toString('base64'),
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
    const pr = await octokit.rest.pulls.create({
      ...repo,
      head: branch,
      base,
      title: title.slice(0, 250),
      body,
    });
    return {
      number: pr.data.number,
      url: pr.data.html_url,
      branch,
      path: p.path,
      created: true,
      state: 'open',
    };
  } catch (err) {
    // A create re-sent after a lost answer finds its own PR: "a pull request already exists".
    if ((err as { status?: number }).status !== 422) throw err;
    const again = (
      await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'open', per_page: 1 })
    ).data[0];
    if (!again) throw err;
    return { number: again.number, url: again.html_url, branch, path: p.path, created: true, state: 'open' };
  }
}
