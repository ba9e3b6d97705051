import type { GitHubClient } from '../adapters/github-client.js';

// One bot comment per PR, found by its hidden marker and edited on every push, never duplicated.

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
}

export async function upsertStickyComment(
  octokit: GitHubClient,
  where: { owner: string; repo: string; issue_number: number },
  marker: string,
  body: string,
): Promise<StickyResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
  const mine = comments.find((c) => c.body?.includes(marker));
  if (mine) {
    if (mine.body === body) return { action: 'unchanged', id: mine.id };
    await octokit.rest.issues.updateComment({
      owner: where.owner,
      repo: where.repo,
      comment_id: mine.id,
      body,
    });
    return { action: 'updated', id: mine.id };
  }
  const created = await octokit.rest.issues.createComment({ ...where, body });
  return { action: 'created', id: created.data.id };
}
