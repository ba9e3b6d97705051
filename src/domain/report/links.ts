import { safeHref } from './html.js';

// Where a repository path (a record, a request, a local incident draft) links to from a report
// page: the file on GitHub when the repository is known, else the file itself, relative to the page
// (the report folder is usually inside the repository, e.g. ./site).

export type RepoLinks =
  | { kind: 'github'; owner: string; repo: string; ref: string }
  /** `prefix`: from the report root to the repository root, e.g. "../" (empty: the report is the root). */
  | { kind: 'relative'; prefix: string };

const NAME = /^[A-Za-z0-9_.-]+$/;

/** owner/repo as GitHub spells names; anything else (a URL, markup, a path) is no repository. */
export function githubRepo(text: string | undefined): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = (text ?? '').trim().split('/');
  if (!owner || !repo || rest.length || !NAME.test(owner) || !NAME.test(repo)) return undefined;
  if (owner.startsWith('.') || repo === '.' || repo === '..') return undefined;
  return { owner, repo: repo.replace(/\.git$/, '') };
}

/** owner/repo of a git remote URL on github.com (https, ssh or scp form), else undefined. */
export function githubRepoOfRemote(
  url: string | null | undefined,
): { owner: string; repo: string } | undefined {
  const m =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|ssh:\/\/git@github\.com\/|git@github\.com:)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      (url ?? '').trim(),
    );
  return m ? githubRepo(m[1]) : undefined;
}

/**
 * The href of a repository path from a page `depth` folders below the report root. An http(s) URL
 * (an incident issue) is kept; a path is encoded segment by segment, so no value can leave it.
 */
export function repoHref(links: RepoLinks, pathOrUrl: string, depth = 0): string {
  if (/^https:\/\/[^\s"'<>]+$/.test(pathOrUrl)) return pathOrUrl;
  // Records name drafts relative to themselves (../../incidents/…): from the repository root here.
  const path = safeHref(pathOrUrl.replace(/^(\.\.\/)+/, '').replace(/^\.\//, ''));
  if (links.kind === 'github')
    return `https://github.com/${links.owner}/${links.repo}/blob/${safeHref(links.ref)}/${path}`;
  return `${'../'.repeat(depth)}${links.prefix}${path}`;
}
