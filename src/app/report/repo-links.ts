import { relative, resolve, sep } from 'node:path';
import { Git } from '../../adapters/git.js';
import { githubRepo, githubRepoOfRemote, type RepoLinks } from '../../domain/report/links.js';

// Which repository the report's paths link to: the --repository option, else GITHUB_REPOSITORY
// (set on every Actions runner), else the git remote `origin` when it is on github.com. The ref is
// --ref, else GITHUB_SHA (the commit the report was built from), else HEAD (GitHub resolves it to
// the default branch). Without a GitHub repository, paths link to the files relative to the pages.

export class RepositoryOptionError extends Error {
  override readonly name = 'RepositoryOptionError';
}

export async function resolveRepoLinks(opts: {
  repoDir: string;
  /** The report's folder: relative links go from there to the repository. */
  outDir?: string;
  repository?: string;
  ref?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RepoLinks> {
  const env = opts.env ?? process.env;
  if (opts.repository !== undefined && !githubRepo(opts.repository))
    throw new RepositoryOptionError(`expected owner/repo, got ${JSON.stringify(opts.repository)}`);
  const gh =
    githubRepo(opts.repository) ??
    githubRepo(env.GITHUB_REPOSITORY) ??
    githubRepoOfRemote(await new Git(opts.repoDir).remoteUrl('origin'));
  if (gh) return { kind: 'github', ...gh, ref: opts.ref || env.GITHUB_SHA || 'HEAD' };
  const rel = opts.outDir ? relative(resolve(opts.outDir), resolve(opts.repoDir)) : '';
  return { kind: 'relative', prefix: rel ? `${rel.split(sep).join('/')}/` : '' };
}
