import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { trailerMarker } from '../../domain/bot/bot-markers.js';
import {
  DASHBOARD_LABEL,
  DASHBOARD_MARKER_KEY,
  DASHBOARD_TITLE,
  dashboardBody,
  dashboardDigest,
} from '../../domain/dashboard/body.js';
import { parseJsonLines } from '../../domain/incidents/incident-filing.js';
import { ApiCallCounter, statusOf } from '../shared/github-calls.js';
import { firstPage, type GitHubPort } from '../shared/github-port.js';
import { dashboardView, type ViewLinks } from './view.js';

// The one dashboard issue: found by its marker, created once, updated only when its body changed.
// What was last published (issue number, body digest) is a line in incidents/dashboard-log.jsonl,
// committed by the bot like its other logs: comparing with it costs no API call, so an unchanged
// dashboard costs 0 calls; a change costs 1 (update, reopening a closed one in the same call), or 2
// when the issue is not known yet (find by marker, then update or create).
// Pinning is one more call, once in the dashboard's life. It is not made with the create: the find
// cannot be skipped (without the log, only the marker search proves there is no dashboard yet) and
// GitHub has no call that creates and pins, so create + pin would make the first change cost 3. The
// log line says the pin is pending instead, and the next change pins with its update (2 calls).
// The one path above 2: the logged issue was deleted (update answers 404), then find and create.

export const DASHBOARD_LOG = 'incidents/dashboard-log.jsonl';

export interface DashboardPublished {
  at: string;
  issue: number;
  digest: string;
  /** pending: created (or its pin failed), to be pinned with the next change; refused: GitHub would not pin it (not retried). */
  pin?: 'pending' | 'refused';
}

export type DashboardOutcome =
  | { status: 'unchanged'; issue: number }
  /** `pinned`: set when this change also tried to pin it (false: refused, e.g. three pinned, or failed). */
  | { status: 'updated' | 'reopened'; issue: number; published: DashboardPublished; pinned?: boolean }
  | { status: 'created'; issue: number; published: DashboardPublished };

export async function lastPublished(repoDir: string): Promise<DashboardPublished | null> {
  const text = await readFile(join(repoDir, DASHBOARD_LOG), 'utf8').catch(() => '');
  const lines = parseJsonLines<DashboardPublished>(
    text,
    (l) => typeof l.issue === 'number' && typeof l.digest === 'string',
  );
  return lines.at(-1) ?? null;
}

export async function recordPublished(repoDir: string, p: DashboardPublished): Promise<void> {
  const abs = join(repoDir, DASHBOARD_LOG);
  await mkdir(dirname(abs), { recursive: true });
  await appendFile(abs, `${JSON.stringify(p)}\n`);
}

export class DashboardIssueError extends Error {
  override readonly name = 'DashboardIssueError';
  constructor(
    message: string,
    readonly context: { operation: string; issue?: number; status?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class DashboardIssue {
  readonly calls: ApiCallCounter;
  private readonly repo: { owner: string; repo: string };

  constructor(
    private readonly github: GitHubPort,
    opts: {
      owner: string;
      repo: string;
      calls?: ApiCallCounter;
      now?: () => Date;
      log?: (m: string) => void;
    },
  ) {
    this.log = opts.log ?? (() => {});
    this.repo = { owner: opts.owner, repo: opts.repo };
    this.calls = opts.calls ?? new ApiCallCounter();
    this.now = opts.now ?? (() => new Date());
  }
  private readonly now: () => Date;
  private readonly log: (m: string) => void;

  private async call<T>(operation: string, issue: number | undefined, fn: () => Promise<T>): Promise<T> {
    this.calls.add(operation);
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      throw new DashboardIssueError(
        `dashboard issue: ${operation} failed${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}`,
        { operation, ...(issue !== undefined ? { issue } : {}), ...(status !== undefined ? { status } : {}) },
        { cause: err },
      );
    }
  }

  /** The bot's dashboard issue, open or closed (the oldest, should a past bug have made two). */
  private async find(): Promise<{ number: number; state: string } | undefined> {
    // The first page only (oldest first): the dashboard is among the first issues so labelled.
    const data = await this.call('issues/list-for-repo', undefined, () =>
      firstPage(
        this.github.issues.list(this.repo, {
          labels: DASHBOARD_LABEL,
          state: 'all',
          sort: 'created',
          direction: 'asc',
        }),
      ),
    );
    const ours = data.filter(
      (i) =>
        !i.pull_request &&
        trailerMarker(i.body, DASHBOARD_MARKER_KEY) !== undefined &&
        i.user?.type === 'Bot',
    );
    const first = ours[0];
    return first ? { number: first.number, state: first.state } : undefined;
  }

  /** `nodeId`: the issue's GraphQL id, from the answer (what a pin needs). */
  private async update(
    issue: number,
    body: string,
  ): Promise<{ done: 'updated' | 'reopened' | 'gone'; nodeId?: string }> {
    try {
      this.calls.add('issues/update');
      const data = await this.github.issues.update(this.repo, issue, { body, state: 'open' }, { once: true });
      // The answer does not say whether it was closed before: the closed_at of a reopened issue stays null.
      return data.state === 'open' ? { done: 'updated', nodeId: data.node_id } : { done: 'gone' };
    } catch (err) {
      const status = statusOf(err);
      if (status === 404 || status === 410) return { done: 'gone' }; // deleted or transferred: find or create again
      throw new DashboardIssueError(
        `dashboard issue: issues/update failed${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}`,
        { operation: 'issues/update', issue, ...(status !== undefined ? { status } : {}) },
        { cause: err },
      );
    }
  }

  /**
   * Publishes `body` unless the last published digest says it is there already. `last`: what
   * DASHBOARD_LOG says was published (null when nothing was, or the log was lost).
   */
  async publish(body: string, last: DashboardPublished | null): Promise<DashboardOutcome> {
    const digest = dashboardDigest(body);
    if (last && last.digest === digest) return { status: 'unchanged', issue: last.issue };
    const at = this.now().toISOString();
    if (last) {
      const { done, nodeId } = await this.update(last.issue, body);
      if (done !== 'gone') {
        const published: DashboardPublished = { at, issue: last.issue, digest };
        if (last.pin === 'refused') published.pin = 'refused';
        if (last.pin !== 'pending' || !nodeId) return { status: done, issue: last.issue, published };
        const pin = await this.pin(last.issue, nodeId);
        // A pin GitHub refused is not asked again; one whose request failed waits for the next change.
        if (pin !== 'pinned') published.pin = pin === 'refused' ? 'refused' : 'pending';
        return { status: done, issue: last.issue, published, pinned: pin === 'pinned' };
      }
    }
    const found = await this.find();
    if (found) {
      const { done } = await this.update(found.number, body);
      if (done !== 'gone') {
        const status = found.state === 'closed' ? 'reopened' : 'updated';
        const published: DashboardPublished = { at, issue: found.number, digest };
        // The issue the log names, answered 404 a moment ago (GitHub catching up) and found again:
        // its pin stays as the log had it, so a pending one is still made by the next change.
        if (last?.issue === found.number && last.pin) published.pin = last.pin;
        return { status, issue: found.number, published };
      }
    }
    const data = await this.call('issues/create', undefined, () =>
      this.github.issues.create(
        this.repo,
        { title: DASHBOARD_TITLE, body, labels: [DASHBOARD_LABEL] },
        { once: true },
      ),
    );
    return {
      status: 'created',
      issue: data.number,
      published: { at, issue: data.number, digest, pin: 'pending' },
    };
  }

  /**
   * Pins the issue (GraphQL only: REST has no pin). `refused`: GitHub answered and would not pin it
   * (e.g. three are pinned); `failed`: the request itself failed (an HTTP error, a lost connection).
   */
  private async pin(issue: number, nodeId: string): Promise<'pinned' | 'refused' | 'failed'> {
    this.calls.add('graphql/pinIssue');
    try {
      return (await this.github.issues.pin(nodeId)) ? 'pinned' : 'refused';
    } catch (err) {
      this.log(`dashboard issue #${issue} not pinned: ${(err as Error).message}`);
      // GraphQL's own refusal arrives as an answer with `errors`; anything else never reached it.
      return Array.isArray((err as { errors?: unknown }).errors) ? 'refused' : 'failed';
    }
  }
}

/**
 * The whole refresh: the view from the repository, the body, and a publish only if it changed; a
 * change is appended to DASHBOARD_LOG (the caller commits it with the bot's other writes).
 */
export async function refreshDashboard(opts: {
  github: GitHubPort;
  owner: string;
  repo: string;
  repoDir: string;
  now: Date;
  links?: ViewLinks;
  calls?: ApiCallCounter;
  log?: (m: string) => void;
}): Promise<DashboardOutcome> {
  const view = await dashboardView(opts.repoDir, opts.now, opts.links ?? {});
  const issue = new DashboardIssue(opts.github, {
    owner: opts.owner,
    repo: opts.repo,
    now: () => opts.now,
    ...(opts.calls ? { calls: opts.calls } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const outcome = await issue.publish(dashboardBody(view), await lastPublished(opts.repoDir));
  if (outcome.status !== 'unchanged') await recordPublished(opts.repoDir, outcome.published);
  return outcome;
}
