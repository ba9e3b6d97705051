import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGit } from './adapters/git-run.js';
import { VERSION } from './version.js';

/*
 * The version records and `--version` show: package.json's version for a release, and
 * `<version>+<commit>` (SemVer build metadata) for a build from an unreleased tree.
 *
 * The commit is found at run time, never baked into dist/: a commit cannot hold its own id, so a
 * baked one would name the parent, and CI's `npm run check-dist` (which rebuilds dist/ in another
 * checkout and compares byte for byte) would differ on every commit. What the bundle bakes in is
 * package.json's version only, the same in every checkout of a commit. At run time:
 * - from a git checkout of intentops (its folder holds .git: `node dist/cli.js`, `tsx`, `uses: ./`)
 *   it is a release when HEAD is the commit the tag v<version> names; otherwise `+<12 hex of HEAD>`;
 * - run by GitHub as `uses: owner/repo@ref`, the runner unpacks the action into
 *   `_actions/<owner>/<repo>/<ref>/`: a release tag (`v0`, `v0.2`, `v0.2.0`) is a release (the
 *   release workflow moves those tags to release commits only); a branch or commit pin is `+<ref>`;
 * - anything else (the npm package) is the release its version names.
 */

/** The folder of the running intentops (package.json, templates/, dist/ or src/), from src/… or dist/…. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates', 'gitops'))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

export interface BuildFacts {
  /** From git, when the package folder is a checkout: HEAD, and the commit the tag v<version> names. */
  git?: { head: string; tagged?: string } | 'unreadable';
  /** The ref of `_actions/<owner>/<repo>/<ref>` when GitHub's runner unpacked the action there. */
  actionRef?: string;
}

/** SemVer build metadata: dot-separated [0-9A-Za-z-] identifiers. */
function metadata(s: string): string {
  return (
    s
      .replace(/[^0-9A-Za-z.-]+/g, '-')
      .split('.')
      .filter(Boolean)
      .join('.') || 'unknown'
  );
}

export function describeBuild(version: string, facts: BuildFacts): string {
  if (facts.git === 'unreadable') return `${version}+checkout`;
  if (facts.git)
    return facts.git.head === facts.git.tagged ? version : `${version}+${facts.git.head.slice(0, 12)}`;
  if (facts.actionRef !== undefined) {
    const [major, minor] = version.split('.');
    const releaseTags = [`v${major}`, `v${major}.${minor}`, `v${version}`];
    return releaseTags.includes(facts.actionRef) ? version : `${version}+${metadata(facts.actionRef)}`;
  }
  return version;
}

/** `_actions/<owner>/<repo>/<ref…>` → ref (a branch name may hold slashes). */
export function actionRefOf(root: string): string | undefined {
  const parts = root.split(sep);
  const at = parts.lastIndexOf('_actions');
  if (at < 0 || parts.length < at + 4) return undefined;
  return parts.slice(at + 3).join('/');
}

/** HEAD and the tag's commit of a checkout; 'unreadable' when git cannot say. */
export async function gitFacts(root: string, version: string): Promise<BuildFacts['git']> {
  const head = await runGit(root, ['rev-parse', '--verify', 'HEAD'], { timeoutMs: 10_000 });
  if (!head.ok) return 'unreadable';
  const tag = await runGit(root, ['rev-parse', '-q', '--verify', `refs/tags/v${version}^{commit}`], {
    timeoutMs: 10_000,
  });
  const tagged = tag.ok ? tag.stdout.toString('utf8').trim() : undefined;
  return { head: head.stdout.toString('utf8').trim(), ...(tagged ? { tagged } : {}) };
}

export async function buildFacts(root: string | undefined, version: string): Promise<BuildFacts> {
  if (root === undefined) return {};
  // .git in the package folder itself: an npm package inside someone's repository is not a checkout of intentops.
  if (existsSync(join(root, '.git'))) return { git: await gitFacts(root, version) };
  const ref = actionRefOf(root);
  return ref === undefined ? {} : { actionRef: ref };
}

let cached: Promise<string> | undefined;

/** The running build's version (memoized: one look at git per process). */
export function buildVersion(): Promise<string> {
  cached ??= buildFacts(packageRoot(), VERSION).then((facts) => describeBuild(VERSION, facts));
  return cached;
}
