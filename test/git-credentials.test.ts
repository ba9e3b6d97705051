import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useGitCredentials } from '../src/action/git-credentials.js';
import { Git } from '../src/adapters/git.js';
import { useGitToken } from '../src/adapters/git-auth.js';
import { type GitHttpServer, startGitHttpServer } from './helpers/git-http-server.js';
import { type ProcHit, scanProc, tokenForms } from './helpers/proc-scan.js';

// Issue 23: the bot's git processes authenticate to GitHub without the token in their environment,
// on their command line or in .git/config — the three places a step's leftover process reads. The
// remote is git's own http-backend behind Basic auth, so git really asks for the credential.

const TOKEN = `ghs_${'0123456789abcdefghijABCDEFGHIJ012345'}`;
let root: string;
let server: GitHttpServer;
const seen: ProcHit[][] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'intentops-gitauth-'));
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', join(root, 'remote.git')]);
  execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: join(root, 'remote.git') });
  // While git waits for the server's answer: every process this user can see, searched for the token.
  server = await startGitHttpServer(root, TOKEN, () => {
    seen.push(scanProc(tokenForms(TOKEN), new Set([process.pid])));
  });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => useGitToken('', ''));

function work(name: string): string {
  const dir = join(root, name);
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', name],
    {
      cwd: dir,
    },
  );
  execFileSync('git', ['remote', 'add', 'origin', `${server.url}/remote.git`], { cwd: dir });
  return dir;
}

describe('the bot’s git credentials', () => {
  it('push and fetch with the token, which no process’s environment or command line holds', async () => {
    const dir = work('push');
    expect(await useGitCredentials(dir, server.url, TOKEN)).toBe(true);
    const git = new Git(dir);
    const before = server.authenticated;
    expect((await git.tryPush('origin', 'main')).ok).toBe(true);
    await git.fetch('origin', 'main');
    expect(server.authenticated).toBeGreaterThan(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.flat()).toEqual([]);
    expect(readFileSync(join(dir, '.git', 'config'), 'utf8')).not.toContain(TOKEN.slice(4, 20));
  });

  it('without the token the remote refuses (the test remote does ask)', async () => {
    const dir = work('refused');
    const r = await new Git(dir).tryPush('origin', 'main');
    expect(r.ok).toBe(false);
  });

  it('answers only the server it was given', async () => {
    const dir = work('other-server');
    useGitToken('https://github.example', TOKEN);
    expect((await new Git(dir).tryPush('origin', 'main')).ok).toBe(false);
  });

  it('adds nothing when the checkout persisted a header already (two would be refused)', async () => {
    const dir = work('persisted');
    execFileSync(
      'git',
      ['config', '--local', `http.${server.url}/.extraheader`, 'AUTHORIZATION: basic persisted'],
      {
        cwd: dir,
      },
    );
    expect(await useGitCredentials(dir, server.url, TOKEN)).toBe(false);
    expect((await new Git(dir).tryPush('origin', 'main')).ok).toBe(false);
  });
});
