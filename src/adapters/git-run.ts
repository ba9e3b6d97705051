import { spawn } from 'node:child_process';
import { DRIVER_KEY, gitAuth, hasGitCredential } from './git-auth.js';

/*
 * The one place the bot starts git: never a prompt or an editor (it runs unattended), the bot's
 * credential on a pipe when it has one (./git-auth.ts), output kept as bytes. Callers decide how to
 * read it: a path git gives is never trimmed.
 */

export interface GitRunOptions {
  /** Added to the environment (which is this process's: no secret of the action is in it). */
  env?: Record<string, string>;
  /** Written to git's standard input. */
  input?: string;
  timeoutMs?: number;
  /** Bytes of stdout kept; more kills git and fails the call. */
  maxBuffer?: number;
}

export interface GitRunResult {
  ok: boolean;
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export async function runGit(
  cwd: string,
  args: readonly string[],
  o: GitRunOptions = {},
): Promise<GitRunResult> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    ...o.env,
  };
  // With a credential, first the commands the repository's configuration names (drivers a step may
  // have planted), asked without the credential, so that they can be neutralised (./git-auth.ts).
  const drivers = hasGitCredential() ? await configuredDrivers(cwd, base) : [];
  return spawnGit(cwd, args, o, base, gitAuth(base, drivers));
}

async function configuredDrivers(cwd: string, env: Record<string, string | undefined>): Promise<string[]> {
  const r = await spawnGit(
    cwd,
    ['config', '-z', '--name-only', '--get-regexp', '^(filter|merge|diff)\\.'],
    {},
    env,
    undefined,
  );
  return r.stdout
    .toString('utf8')
    .split('\0')
    .filter((k) => DRIVER_KEY.test(k));
}

function spawnGit(
  cwd: string,
  args: readonly string[],
  o: GitRunOptions,
  base: Record<string, string | undefined>,
  auth: ReturnType<typeof gitAuth>,
): Promise<GitRunResult> {
  const maxBuffer = o.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise((settle) => {
    let settled = false;
    const resolve = (r: GitRunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle(r);
    };
    const child = spawn('git', [...args], {
      cwd,
      env: { ...base, ...auth?.env },
      stdio: ['pipe', 'pipe', 'pipe', ...(auth ? (['pipe'] as const) : [])],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `timed out after ${o.timeoutMs} ms`;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 60_000);
    child.stdout?.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > maxBuffer) {
        failure = `more than ${maxBuffer} bytes of output`;
        child.kill('SIGKILL');
      } else out.push(b);
    });
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => resolve({ ok: false, code: null, stdout: Buffer.alloc(0), stderr: e.message }));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        ok: code === 0 && failure === undefined,
        code,
        stdout: Buffer.concat(out),
        stderr: failure ? `${stderr}${stderr ? '\n' : ''}${failure}` : stderr,
      });
    });
    // git may exit before reading all of its input, and never reads the credential it was not asked for.
    child.stdin?.on('error', () => {});
    child.stdin?.end(o.input ?? '');
    const fd3 = child.stdio[3] as import('node:stream').Writable | null | undefined;
    if (auth && fd3) {
      fd3.on('error', () => {});
      fd3.end(auth.fd3);
    }
  });
}
