import { createHash } from 'node:crypto';
import { blobSha, type CommitRecord, type GitHubState, type IssueRecord } from './model.js';
import { issueJson, repoJson, repoUrls, userJson } from './shapes.js';

/** JSON for pull requests, file contents and commits (see shapes.ts for the conventions). */

/** The newest commit reachable from both, walking `head`'s first parents. */
export function mergeBase(s: GitHubState, baseSha: string, headSha: string): string | undefined {
  let current: string | undefined = headSha;
  while (current) {
    if (s.isAncestor(current, baseSha)) return current;
    current = s.commits.get(current)?.parents[0];
  }
  return undefined;
}

/** Paths whose content differs between two commits. */
export function changedPaths(from: CommitRecord | undefined, to: CommitRecord | undefined): string[] {
  const a = from?.files ?? new Map<string, Buffer>();
  const b = to?.files ?? new Map<string, Buffer>();
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => {
    const before = a.get(p);
    const after = b.get(p);
    return !(before && after && before.equals(after));
  });
}

/** Whether the head's changes since the merge base touch no path the base changed too. */
export function mergeable(s: GitHubState, baseSha: string, headSha: string): boolean {
  const root = mergeBase(s, baseSha, headSha);
  const fromRoot = root ? s.commits.get(root) : undefined;
  const ours = new Set(changedPaths(fromRoot, s.commits.get(baseSha)));
  return changedPaths(fromRoot, s.commits.get(headSha)).every((p) => !ours.has(p));
}

export function pullJson(api: string, s: GitHubState, i: IssueRecord): Record<string, unknown> {
  const p = i.pull;
  if (!p) throw new Error(`github-double: #${i.number} is not a pull request`);
  const { api: r, html } = repoUrls(api, s);
  const raw = issueJson(api, s, i);
  // GitHub's description types a pull request's label description as a string (issues allow null).
  const issue = {
    ...raw,
    labels: (raw.labels as { description: string | null }[]).map((l) => ({
      ...l,
      description: l.description ?? '',
    })),
  };
  const url = `${r}/pulls/${i.number}`;
  const baseSha = s.branchSha(p.base) ?? '';
  const headSha = s.branchSha(p.head) ?? p.mergeCommitSha ?? baseSha;
  const root = mergeBase(s, baseSha, headSha);
  const changed = changedPaths(root ? s.commits.get(root) : undefined, s.commits.get(headSha));
  let commits = 0;
  for (let c: string | undefined = headSha; c && c !== root; c = s.commits.get(c)?.parents[0]) commits++;
  const owner = userJson(api, { login: s.owner, id: 9_919, type: 'User' });
  const repo = repoJson(api, s);
  const side = (ref: string, sha: string) => ({ label: `${s.owner}:${ref}`, ref, sha, user: owner, repo });
  const open = i.state === 'open';
  const canMerge = open && !p.merged && mergeable(s, baseSha, headSha);
  return {
    ...issue,
    url,
    html_url: `${html}/pull/${i.number}`,
    diff_url: `${html}/pull/${i.number}.diff`,
    patch_url: `${html}/pull/${i.number}.patch`,
    issue_url: `${r}/issues/${i.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${i.number}/comments`,
    statuses_url: `${r}/statuses/${headSha}`,
    pull_request: undefined,
    state_reason: undefined,
    closed_by: undefined,
    head: side(p.head, headSha),
    base: side(p.base, baseSha),
    _links: {
      self: { href: url },
      html: { href: `${html}/pull/${i.number}` },
      issue: { href: `${r}/issues/${i.number}` },
      comments: { href: `${r}/issues/${i.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${r}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${r}/statuses/${headSha}` },
    },
    requested_reviewers: [],
    requested_teams: [],
    draft: p.draft,
    auto_merge: p.autoMerge
      ? {
          enabled_by: userJson(api, p.autoMerge.enabledBy),
          merge_method: p.autoMerge.mergeMethod.toLowerCase(),
          commit_title: i.title,
          commit_message: '',
        }
      : null,
    merged: p.merged,
    merged_at: p.mergedAt,
    merged_by: p.mergedBy ? userJson(api, p.mergedBy) : null,
    merge_commit_sha: p.mergeCommitSha,
    mergeable: open ? canMerge : null,
    mergeable_state: canMerge ? 'clean' : open ? 'dirty' : 'unknown',
    rebaseable: canMerge,
    maintainer_can_modify: p.maintainerCanModify,
    review_comments: 0,
    commits,
    additions: changed.length,
    deletions: 0,
    changed_files: changed.length,
  };
}

/** GitHub wraps base64 file content at 60 characters. */
function wrapBase64(content: Buffer): string {
  return (content.toString('base64').match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

export function contentEntryJson(
  api: string,
  s: GitHubState,
  ref: string,
  path: string,
  file: Buffer | undefined,
): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const sha = file ? blobSha(file) : createHash('sha1').update(`tree ${path}`).digest('hex');
  const url = `${r}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${r}/git/${file ? 'blobs' : 'trees'}/${sha}`;
  const htmlUrl = `${html}/${file ? 'blob' : 'tree'}/${ref}/${path}`;
  return {
    type: file ? 'file' : 'dir',
    size: file?.length ?? 0,
    name: path.split('/').pop(),
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: file ? `https://raw.githubusercontent.com/${s.owner}/${s.repo}/${ref}/${path}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

export function contentFileJson(
  api: string,
  s: GitHubState,
  ref: string,
  path: string,
  file: Buffer,
): Record<string, unknown> {
  return { ...contentEntryJson(api, s, ref, path, file), content: wrapBase64(file), encoding: 'base64' };
}

export function commitJson(api: string, s: GitHubState, c: CommitRecord): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const person = {
    name: c.author?.name ?? s.actor.login,
    email: c.author?.email ?? `${s.actor.id}+${s.actor.login}@users.noreply.github.com`,
    date: c.date,
  };
  const tree = createHash('sha1').update(`tree ${c.sha}`).digest('hex');
  return {
    sha: c.sha,
    node_id: `C_kwDO${Buffer.from(c.sha.slice(0, 12)).toString('base64')}`,
    url: `${r}/git/commits/${c.sha}`,
    html_url: `${html}/commit/${c.sha}`,
    author: person,
    committer: person,
    message: c.message,
    tree: { url: `${r}/git/trees/${tree}`, sha: tree },
    parents: c.parents.map((sha) => ({
      url: `${r}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
      sha,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** A commit as the REST commits and compare endpoints show it (the git commit inside). */
export function restCommitJson(api: string, s: GitHubState, c: CommitRecord): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const { sha, node_id, url: _u, html_url: _h, parents, ...git } = commitJson(api, s, c);
  return {
    sha,
    node_id,
    url: `${r}/commits/${c.sha}`,
    html_url: `${html}/commit/${c.sha}`,
    comments_url: `${r}/commits/${c.sha}/comments`,
    commit: { url: `${r}/git/commits/${c.sha}`, comment_count: 0, ...git },
    // Git identities the double does not map to accounts: GitHub answers null for those.
    author: null,
    committer: null,
    parents,
  };
}

/** `GET /compare/{base}...{head}`: the head's commits since the merge base, oldest first. */
export function comparisonJson(
  api: string,
  s: GitHubState,
  base: CommitRecord,
  head: CommitRecord,
): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const root = mergeBase(s, base.sha, head.sha);
  const ahead: CommitRecord[] = [];
  for (let c: CommitRecord | undefined = head; c && c.sha !== root; c = s.commits.get(c.parents[0] ?? ''))
    ahead.unshift(c);
  let behind = 0;
  for (let c: CommitRecord | undefined = base; c && c.sha !== root; c = s.commits.get(c.parents[0] ?? ''))
    behind++;
  const rootCommit = root ? s.commits.get(root) : undefined;
  const spec = `${base.sha}...${head.sha}`;
  return {
    url: `${r}/compare/${spec}`,
    html_url: `${html}/compare/${spec}`,
    permalink_url: `${html}/compare/${spec}`,
    diff_url: `${html}/compare/${spec}.diff`,
    patch_url: `${html}/compare/${spec}.patch`,
    base_commit: restCommitJson(api, s, base),
    merge_base_commit: restCommitJson(api, s, rootCommit ?? base),
    status: ahead.length === 0 ? (behind ? 'behind' : 'identical') : behind ? 'diverged' : 'ahead',
    ahead_by: ahead.length,
    behind_by: behind,
    total_commits: ahead.length,
    commits: ahead.map((c) => restCommitJson(api, s, c)),
    files: [],
  };
}
