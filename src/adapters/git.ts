import { execFile } from 'node:child_process';

// Git behind intention-named methods over one choke point, like actions/checkout's git helper.
// Plain execFile: these calls are short and bounded, and the CLI's start-up should not pay for more.

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed: ${stderr}`);
  }
}

export class Git {
  constructor(private readonly dir: string) {}

  private exec(args: readonly string[]): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        [...args],
        { cwd: this.dir, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({
            ok: !err,
            stdout: String(stdout).trim(),
            stderr: String(stderr || err?.message || '').trim(),
          });
        },
      );
    });
  }

  private async must(args: readonly string[]): Promise<GitResult> {
    const r = await this.exec(args);
    if (!r.ok) throw new GitError(args, r.stderr);
    return r;
  }

  /** The commit that last touched `path`, or null when it is not committed (or this is no git repo). */
  async lastCommitOf(path: string): Promise<string | null> {
    const r = await this.exec(['log', '-1', '--format=%H', '--', path]);
    return r.ok && /^[0-9a-f]{40}$/.test(r.stdout) ? r.stdout : null;
  }

  async init(): Promise<void> {
    await this.must(['init', '-q', '-b', 'main']);
    await this.must(['config', 'user.name', 'intentops']);
    await this.must(['config', 'user.email', 'intentops@localhost']);
    await this.must(['config', 'commit.gpgsign', 'false']);
  }

  async commitAll(message: string): Promise<string> {
    await this.must(['add', '-A']);
    await this.must(['commit', '-q', '--no-verify', '-m', message]);
    return (await this.must(['rev-parse', 'HEAD'])).stdout;
  }

  async log(limit: number): Promise<string[]> {
    return (await this.must(['log', `-${limit}`, '--format=%h %s'])).stdout.split('\n').filter(Boolean);
  }
}
