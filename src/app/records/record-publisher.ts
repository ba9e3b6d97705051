import { type Git, GitError } from '../../adapters/git.js';
import { type PublishResult, publish } from '../../adapters/git-publish.js';

// Where the execute job's claims and records go: the branch it reconciles, one commit per claim and
// per record, pushed at once. When the branch refuses (protection rules, or a push that keeps
// failing) the records go to `intentops/records/<run-id>` instead, which the job then offers as a
// pull request and fails on: a record never lives only in a workspace GitHub throws away.

export const FALLBACK_PREFIX = 'intentops/records/';

/**
 * Pushes per publish, and the longest wait between two: a branch that the shard jobs of one run
 * (issue 26) and the jobs beside them push to at once keeps moving under each push, and every one
 * of them must land. Thirty pushes at most 1 s (+ jitter) apart wait out a busy minute's worth of
 * pushers, each trying again soon after the branch frees up (a longer cap left it idle between
 * pushes); a push to a quiet branch lands at once.
 */
const BUSY_ATTEMPTS = 30;
const BUSY_MAX_DELAY_MS = 1000;

export type PublishOutcome =
  | { pushed: true; branch: string; sha: string | null }
  /** Another run pushed the same claim first: our commit is dropped. */
  | { pushed: false; taken: true; busy?: false; error: string }
  /** A claim (`busy: 'fail'`) still behind after every push: our commit is dropped, nothing is lost. */
  | { pushed: false; taken?: false; busy: true; error: string }
  | { pushed: false; taken?: false; busy?: false; error: string };

export interface PublisherOptions {
  branch: string;
  /** Names the fallback branch: the GitHub run id, or a local name. */
  runId: string;
  remote?: string;
  log: (line: string) => void;
  /** publish() retry settings, for tests. */
  attempts?: number;
  baseDelayMs?: number;
}

export class RecordPublisher {
  private target: string;
  readonly fallback: string;
  private readonly remote: string;

  constructor(
    private readonly git: Git,
    private readonly opts: PublisherOptions,
  ) {
    this.target = opts.branch;
    this.fallback = `${FALLBACK_PREFIX}${opts.runId}`;
    this.remote = opts.remote ?? 'origin';
  }

  /** True once the branch refused and everything goes to the fallback branch. */
  get diverted(): boolean {
    return this.target !== this.opts.branch;
  }

  get branch(): string {
    return this.target;
  }

  /**
   * Commits `paths` with `message` (plus trailers) and pushes; a claim conflict is reported as taken.
   * `busy: 'fail'` (a claim): still behind after every retry, it is not pushed rather than moved to
   * the fallback branch — a claim there would not keep out the runs racing for it on the branch. Its
   * commit is dropped (as after a lost race), so the records that follow go onto the branch as it is.
   */
  async publish(
    paths: readonly string[],
    message: string,
    trailers: Record<string, string> = {},
    o: { busy?: 'divert' | 'fail' } = {},
  ): Promise<PublishOutcome> {
    const lines = Object.entries(trailers).map(([k, v]) => `${k}: ${v}`);
    const full = lines.length ? `${message}\n\n${lines.join('\n')}` : message;
    const first = await this.push(paths, full);
    if (first.pushed) return { pushed: true, branch: this.target, sha: first.sha };
    if (first.rejected === 'non-fast-forward' && /conflict in executions\/claims\//.test(first.error ?? '')) {
      await this.dropLocal();
      return { pushed: false, taken: true, error: first.error ?? 'claimed by another run' };
    }
    if (this.diverted) return { pushed: false, error: first.error ?? 'push failed' };
    if (o.busy === 'fail' && first.rejected === 'non-fast-forward') {
      await this.dropLocal();
      return { pushed: false, busy: true, error: first.error ?? `${this.target} kept moving` };
    }
    // The branch refuses or keeps failing: the same commit goes to the fallback branch.
    this.opts.log(`✖ ${first.error}; publishing to ${this.fallback} instead`);
    this.target = this.fallback;
    const again = await this.push([], full);
    return again.pushed
      ? { pushed: true, branch: this.target, sha: again.sha }
      : { pushed: false, error: `${first.error}; and to ${this.fallback}: ${again.error}` };
  }

  private async push(paths: readonly string[], message: string): Promise<PublishResult> {
    if (this.diverted) await this.git.fetch(this.remote, this.target).catch(() => {});
    return publish(this.git, {
      paths,
      message,
      branch: this.target,
      remote: this.remote,
      attempts: this.opts.attempts ?? BUSY_ATTEMPTS,
      maxDelayMs: BUSY_MAX_DELAY_MS,
      ...(this.opts.baseDelayMs !== undefined ? { baseDelayMs: this.opts.baseDelayMs } : {}),
    });
  }

  /** Commits and pushes `paths` only when something under them changed (e.g. a delivery log). */
  async publishChanges(paths: readonly string[], message: string): Promise<PublishOutcome | null> {
    return (await this.git.hasChanges(paths)) ? this.publish(paths, message) : null;
  }

  /** After a lost or crowded-out claim: back to what the remote has, which holds everything we pushed. */
  private async dropLocal(): Promise<void> {
    try {
      await this.git.fetch(this.remote, this.target);
      await this.git.resetHard(`${this.remote}/${this.target}`);
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      this.opts.log(`✖ could not reset to ${this.remote}/${this.target}: ${err.message}`);
    }
  }
}
