import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../../src/domain/schemas/record.js';
import { writeFiles } from './repo.js';

// A GitOps repository as GitHub holds it (a bare remote), a developer's clone that merges requests,
// and a fresh runner checkout per job, made as actions/checkout makes it (blobless, or shallow).

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The `with:` of the execute job's actions/checkout step in .github/workflows/execute.yml. */
export function executeJobCheckoutInputs(): Record<string, string | number | boolean> {
  const wf = parse(
    readFileSync(join(import.meta.dirname, '../../.github/workflows/execute.yml'), 'utf8'),
  ) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, string | number | boolean> }[] }>;
  };
  const step = wf.jobs.execute?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
  if (!step?.with) throw new Error('execute.yml: the execute job has no actions/checkout step with inputs');
  return step.with;
}

/**
 * What actions/checkout does with those inputs: non-cone sparse patterns written to
 * info/sparse-checkout, a fetch of the commit (depth, filter), then the checkout of the branch.
 */
export function executeJobCheckout(url: string, dir: string): void {
  const w = executeJobCheckoutInputs();
  if (w['sparse-checkout-cone-mode'] !== false)
    throw new Error('execute.yml: expected a non-cone sparse checkout');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git(dir, 'remote', 'add', 'origin', url);
  git(dir, 'config', 'core.sparseCheckout', 'true');
  writeFileSync(join(dir, '.git', 'info', 'sparse-checkout'), `${String(w['sparse-checkout']).trim()}\n`);
  git(
    dir,
    'fetch',
    '-q',
    '--no-tags',
    `--depth=${w['fetch-depth']}`,
    `--filter=${w.filter}`,
    'origin',
    '+refs/heads/main:refs/remotes/origin/main',
  );
  git(dir, 'checkout', '-q', '-B', 'main', 'refs/remotes/origin/main');
}

export interface GitOpsRemote {
  root: string;
  remote: string;
  dev: string;
  /** Commits the files in the developer clone and pushes them to main; returns the new commit. */
  merge(
    files: Record<string, string>,
    message: string,
    opts?: { date?: Date; remove?: string[] },
  ): Promise<string>;
  /**
   * A new runner checkout of main, like actions/checkout: `filter: blob:none` (default), `fetch-depth: 1`,
   * or `execute-job`: what execute.yml's checkout inputs make (depth 1, blobless, its sparse patterns).
   */
  checkout(mode?: 'blobless' | 'shallow' | 'execute-job'): string;
  /** Files on the remote's branch. */
  files(branch?: string): string[];
  show(path: string, branch?: string): string;
  /** The execution records on the remote's branch, parsed. */
  records(branch?: string): ExecutionRecord[];
  log(branch?: string): string[];
  cleanup(): Promise<void>;
}

export async function gitopsRemote(prefix: string, files: Record<string, string>): Promise<GitOpsRemote> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const remote = join(root, 'remote.git');
  const dev = join(root, 'dev');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(remote, 'config', 'uploadpack.allowFilter', 'true');
  git(remote, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  git(root, 'clone', '-q', remote, dev);
  git(dev, 'config', 'user.email', 'dev@example.com');
  git(dev, 'config', 'user.name', 'dev');
  await writeFiles(dev, files);
  git(dev, 'add', '-A');
  git(dev, 'commit', '-qm', 'catalog');
  git(dev, 'push', '-q', 'origin', 'main');
  let runners = 0;
  return {
    root,
    remote,
    dev,
    async merge(more, message, opts = {}) {
      git(dev, 'pull', '-q', '--rebase', 'origin', 'main');
      await writeFiles(dev, more);
      for (const r of opts.remove ?? []) git(dev, 'rm', '-q', r);
      git(dev, 'add', '-A');
      const env = opts.date
        ? {
            ...process.env,
            GIT_AUTHOR_DATE: opts.date.toISOString(),
            GIT_COMMITTER_DATE: opts.date.toISOString(),
          }
        : process.env;
      execFileSync('git', ['commit', '-qm', message], { cwd: dev, env });
      git(dev, 'push', '-q', 'origin', 'main');
      return git(dev, 'rev-parse', 'HEAD');
    },
    checkout(mode = 'blobless') {
      const dir = join(root, `runner-${++runners}`);
      const url = `file://${remote}`;
      if (mode === 'shallow') git(root, 'clone', '-q', '--depth', '1', '--branch', 'main', url, dir);
      else if (mode === 'execute-job') executeJobCheckout(url, dir);
      else git(root, 'clone', '-q', '--filter=blob:none', '--branch', 'main', url, dir);
      return dir;
    },
    files(branch = 'main') {
      return git(remote, 'ls-tree', '-r', '--name-only', branch).split('\n').filter(Boolean);
    },
    show(path, branch = 'main') {
      return git(remote, 'show', `${branch}:${path}`);
    },
    records(branch = 'main') {
      return git(remote, 'ls-tree', '-r', '--name-only', branch)
        .split('\n')
        .filter((f) => /^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(f))
        .map((f) => parse(git(remote, 'show', `${branch}:${f}`)) as ExecutionRecord);
    },
    log(branch = 'main') {
      return git(remote, 'log', '--format=%s', branch).split('\n');
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
