import { describe, expect, it } from 'vitest';
import { githubRepo, githubRepoOfRemote, repoHref } from './links.js';

describe('report links to the repository', () => {
  it('reads owner/repo from an option or a github.com remote, and nothing else', () => {
    expect(githubRepo('acme/gitops')).toEqual({ owner: 'acme', repo: 'gitops' });
    for (const bad of ['acme', 'acme/gitops/x', '"><x/y', 'a b/c', '../x', '', undefined])
      expect(githubRepo(bad), String(bad)).toBeUndefined();
    for (const url of [
      'https://github.com/acme/gitops.git',
      'https://x-access-token:t@github.com/acme/gitops',
      'git@github.com:acme/gitops.git',
      'ssh://git@github.com/acme/gitops.git',
    ])
      expect(githubRepoOfRemote(url), url).toEqual({ owner: 'acme', repo: 'gitops' });
    expect(githubRepoOfRemote('https://gitlab.com/acme/gitops.git')).toBeUndefined();
    expect(githubRepoOfRemote('/srv/git/gitops.git')).toBeUndefined();
    expect(githubRepoOfRemote(null)).toBeUndefined();
  });

  it('encodes each path segment; keeps an https issue URL; relative links climb out of pages', () => {
    const gh = { kind: 'github', owner: 'acme', repo: 'gitops', ref: 'feature/x' } as const;
    expect(repoHref(gh, 'executions/2026-12-01/a b#c.yaml')).toBe(
      'https://github.com/acme/gitops/blob/feature/x/executions/2026-12-01/a%20b%23c.yaml',
    );
    expect(repoHref(gh, '../../incidents/drafts/d.md')).toBe(
      'https://github.com/acme/gitops/blob/feature/x/incidents/drafts/d.md',
    );
    expect(repoHref(gh, 'https://github.com/acme/gitops/issues/3')).toBe(
      'https://github.com/acme/gitops/issues/3',
    );
    // Not a web link: a javascript: value is a path like any other, so it stays inside the repository.
    expect(repoHref(gh, 'javascript:alert(1)')).toBe(
      'https://github.com/acme/gitops/blob/feature/x/javascript%3Aalert(1)',
    );
    const rel = { kind: 'relative', prefix: '../' } as const;
    expect(repoHref(rel, 'executions/d/x.yaml')).toBe('../executions/d/x.yaml');
    expect(repoHref(rel, 'executions/d/x.yaml', 1)).toBe('../../executions/d/x.yaml');
    expect(repoHref({ kind: 'relative', prefix: '' }, 'javascript:alert(1)')).toBe('javascript%3Aalert(1)');
  });
});
