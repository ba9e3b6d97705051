import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Git } from './git.js';
import { ensureAttributesUnion, type PublishOptions, type PublishResult, publish } from './git-publish.js';

// The job's checkout as a place the bot writes files to and publishes from. A queued or re-run job
// checks out the commit of its event, not the branch's tip: `sync` brings the checkout up to the
// remote branch first, so what the bot looks for (an earlier filing, a recorded note) is current.

export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  constructor(
    message: string,
    readonly context: { branch: string; operation: string },
  ) {
    super(message);
  }
}

export interface CheckoutOptions {
  remote?: string;
  /** Passed on to publish() (attempts, backoff, jitter…). */
  publish?: Omit<PublishOptions, 'paths' | 'message' | 'branch' | 'remote'>;
}

export class Checkout {
  private readonly remote: string;

  constructor(
    readonly git: Git,
    readonly branch: string,
    private readonly options: CheckoutOptions = {},
  ) {
    this.remote = options.remote ?? 'origin';
  }

  /** Fast-forwards (rebases, if the bot committed locally) onto the remote branch. */
  async sync(): Promise<void> {
    await this.git.fetch(this.remote, this.branch);
    const r = await this.git.rebaseOnto(`${this.remote}/${this.branch}`);
    if (r.status !== 'ok') {
      await this.git.abortRebase();
      throw new CheckoutError(`cannot bring the checkout up to ${this.remote}/${this.branch}: ${r.stderr}`, {
        branch: this.branch,
        operation: 'sync',
      });
    }
  }

  private path(rel: string): string {
    const n = normalize(rel);
    if (n.startsWith('..') || n.startsWith('/'))
      throw new TypeError(`not a path inside the checkout: ${rel}`);
    return join(this.git.dir, n);
  }

  async read(rel: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(rel), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(rel: string, text: string): Promise<void> {
    await mkdir(dirname(this.path(rel)), { recursive: true });
    await writeFile(this.path(rel), text);
  }

  async append(rel: string, text: string): Promise<void> {
    await mkdir(dirname(this.path(rel)), { recursive: true });
    await appendFile(this.path(rel), text);
  }

  /**
   * Lets git merge an append-only file as the union of both sides, so two runs appending at once
   * both land. Written to `.git/info/attributes` (holds at once) and `.gitattributes` (every clone
   * agrees). Returns the paths that changed and must be committed with the file.
   */
  async unionMerge(rel: string): Promise<string[]> {
    const line = `${rel} merge=union`;
    const present = (text: string) => text.split('\n').some((l) => l.trim() === line);
    const ensure = async (file: string) => {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (present(text)) return false;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`);
      return true;
    };
    await ensure(await this.git.gitPath('info/attributes'));
    await ensureAttributesUnion(this.git);
    return (await ensure(join(this.git.dir, '.gitattributes'))) ? ['.gitattributes'] : [];
  }

  /** Commits `paths` and pushes to the branch, surviving races (see publish()). */
  publish(paths: readonly string[], message: string): Promise<PublishResult> {
    return publish(this.git, {
      ...this.options.publish,
      paths,
      message,
      branch: this.branch,
      remote: this.remote,
    });
  }
}
