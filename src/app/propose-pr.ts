import type { GitHubClient } from '../adapters/github-client.js';
import { fenced } from '../domain/bot-markers.js';
import { formatPlan } from './format.js';
import type { Proposal } from './propose.js';

// `intentops propose --pr`: the request file on its own branch and a pull request for it, through the
// API alone (no local clone needed — agents run this too). Looked up before created, so a re-run
// or a re-sent POST never opens a second PR.

export interface OpenedPr {
  number: number;
  url: string;
  branch: string;
  created: boolean;
}

export function proposalBranch(p: Proposal): string {
  return `intentops/propose/${(p.path.split('/').pop() ?? p.path).replace(/\.ya?ml$/, '')}`;
}

export async function openProposalPr(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  p: Proposal,
  reason: string,
): Promise<OpenedPr> {
  const branch = proposalBranch(p);
  const open = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${branch}`,
    state: 'open',
    per_page: 1,
  });
  const existing = open.data[0];
  if (existing) return { number: existing.number, url: existing.html_url, branch, created: false };

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
    return { number: pr.data.number, url: pr.data.html_url, branch, created: true };
  } catch (err) {
    // A create re-sent after a lost answer finds its own PR: "a pull request already exists".
    if ((err as { status?: number }).status !== 422) throw err;
    const again = (
      await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'open', per_page: 1 })
    ).data[0];
    if (!again) throw err;
    return { number: again.number, url: again.html_url, branch, created: true };
  }
}
