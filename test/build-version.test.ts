import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionRefOf, buildFacts, describeBuild } from '../src/build-version.js';
import { VERSION } from '../src/version.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// A build from an unreleased tree says so: `<version>+<commit>` in `--version` and in records;
// a release (HEAD is the tag v<version>, or the action unpacked at a release tag) is the bare version.

const ROOT = join(import.meta.dirname, '..');
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** What this checkout is: the bare version when HEAD is the tag v<version>, else +<12 hex of HEAD>. */
function expectedHere(): string {
  const head = git(ROOT, 'rev-parse', 'HEAD');
  let tagged: string | undefined;
  try {
    tagged = git(ROOT, 'rev-parse', '-q', '--verify', `refs/tags/v${VERSION}^{commit}`);
  } catch {}
  return head === tagged ? VERSION : `${VERSION}+${head.slice(0, 12)}`;
}

describe('the build version', () => {
  it('describes a release, an unreleased commit, an unreadable checkout and action refs', () => {
    const head = 'a'.repeat(40);
    expect(describeBuild('0.2.0', {})).toBe('0.2.0');
    expect(describeBuild('0.2.0', { git: { head, tagged: head } })).toBe('0.2.0');
    expect(describeBuild('0.2.0', { git: { head } })).toBe('0.2.0+aaaaaaaaaaaa');
    expect(describeBuild('0.2.0', { git: { head, tagged: 'b'.repeat(40) } })).toBe('0.2.0+aaaaaaaaaaaa');
    expect(describeBuild('0.2.0', { git: 'unreadable' })).toBe('0.2.0+checkout');
    for (const tag of ['v0', 'v0.2', 'v0.2.0'])
      expect(describeBuild('0.2.0', { actionRef: tag })).toBe('0.2.0');
    expect(describeBuild('0.2.0', { actionRef: 'v1' })).toBe('0.2.0+v1');
    expect(describeBuild('0.2.0', { actionRef: 'main' })).toBe('0.2.0+main');
    expect(describeBuild('0.2.0', { actionRef: 'feature/x_y' })).toBe('0.2.0+feature-x-y');
    expect(describeBuild('0.2.0', { actionRef: 'c'.repeat(40) })).toBe(`0.2.0+${'c'.repeat(40)}`);
    expect(actionRefOf('/home/runner/work/_actions/acme/intentops/v0')).toBe('v0');
    expect(actionRefOf('/home/runner/work/_actions/acme/intentops/feature/x')).toBe('feature/x');
    expect(actionRefOf('/home/runner/work/acme/intentops')).toBeUndefined();
  });

  it('reads git: +<commit> until HEAD is the tag v<version>, and again after the next commit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-build-version-'));
    cleanup.push(dir);
    git(dir, 'init', '-q');
    git(dir, 'config', 'user.email', 't@example.com');
    git(dir, 'config', 'user.name', 't');
    await writeFile(join(dir, 'package.json'), '{}\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'one');
    const one = git(dir, 'rev-parse', 'HEAD');
    expect(describeBuild('0.2.0', await buildFacts(dir, '0.2.0'))).toBe(`0.2.0+${one.slice(0, 12)}`);
    git(dir, 'tag', '-a', 'v0.2.0', '-m', 'release');
    expect(describeBuild('0.2.0', await buildFacts(dir, '0.2.0'))).toBe('0.2.0');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'two');
    const two = git(dir, 'rev-parse', 'HEAD');
    expect(describeBuild('0.2.0', await buildFacts(dir, '0.2.0'))).toBe(`0.2.0+${two.slice(0, 12)}`);
    // Not a checkout (the npm package), or unpacked by the runner at a branch.
    const pkg = join(dir, 'node_modules', 'intentops');
    await mkdir(pkg, { recursive: true });
    expect(await buildFacts(pkg, '0.2.0')).toEqual({});
    const action = join(dir, '_actions', 'acme', 'intentops', 'main');
    await mkdir(action, { recursive: true });
    expect(describeBuild('0.2.0', await buildFacts(action, '0.2.0'))).toBe('0.2.0+main');
  });

  it('--version and a local record name this checkout', async () => {
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(expectedHere());
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/requests/r.yaml': request({ app: 'a', mem: 1, restarts: 0 }),
    });
    try {
      const r = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml', '--no-bake']);
      expect(r.code, r.stderr).toBe(0);
      const day = readdirSync(join(dir, 'executions')).find((d) => /^\d{4}-/.test(d)) as string;
      const file = readdirSync(join(dir, 'executions', day))[0] as string;
      const record = parse(readFileSync(join(dir, 'executions', day, file), 'utf8')) as {
        tool: { version: string };
      };
      expect(record.tool.version).toBe(expectedHere());
    } finally {
      await removeRepo(dir);
    }
    expect(existsSync(join(ROOT, '.git'))).toBe(true);
  });
});
