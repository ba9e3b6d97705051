import { faultPoint } from '../../adapters/fault-point.js';
import { trailerMarker } from '../../domain/bot/bot-markers.js';
import { incidentAnomalies } from '../../domain/incidents/incident-headline.js';
import {
  DRAFT_LABEL,
  fingerprintOf,
  type IssueInput,
  issueBody,
  issueLabels,
  issueTitle,
  labelStyle,
  markedExecution,
  markedExecutions,
  markedFingerprints,
  occurrenceComment,
  targetKey,
  withOccurrence,
} from '../../domain/incidents/incident-issue.js';
import type { UnsignedRecord } from '../../domain/schemas/record.js';
import type { Stores } from '../records/stores.js';
import { ApiCallCounter, counted, statusOf, writeOnce } from '../shared/github-calls.js';
import type { GitHubPort } from '../shared/github-port.js';
import { RepoLabels } from './repo-labels.js';

export { ApiCallCounter };

// Incident drafts as GitHub issues, one per run, found again by their hidden fingerprint markers
// (one per anomaly rule the issue answers for). API economy: one listing of `incident-draft` issues
// per execution (shared by its anomalies), one label listing per process, then one write for a new
// issue, or two for a repeat (the body kept current, reopening it if closed, then a comment); the
// run's other anomalies on the same issue cost nothing more.

export type IssueAction = 'created' | 'commented' | 'reopened' | 'unchanged';

export interface IncidentIssueResult {
  fingerprint: string;
  number: number;
  url: string;
  action: IssueAction;
}

/** A GitHub call for an incident draft failed for good; says which draft and which operation. */
export class IncidentIssueError extends Error {
  override readonly name = 'IncidentIssueError';
  constructor(
    message: string,
    readonly context: { fingerprint: string; operation: string; status?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** The HTTP status, when GitHub answered: lets callers tell a 5xx from a 4xx. */
  get status(): number | undefined {
    return this.context.status;
  }
}

export interface IncidentIssuesOptions {
  owner: string;
  repo: string;
  log?: (message: string) => void;
  /** Share one counter across components to count an execution's calls. Default: a new one. */
  calls?: ApiCallCounter;
  /** Creation (and comment) attempts after an answer that leaves it unknown whether the write happened. Default 3. */
  writeAttempts?: number;
  /** Wait before looking again after such an answer: n² × this many ms. Default 1000. */
  retryBaseMs?: number;
  /**
   * Create missing labels with a colour and description (one label listing per process, one call
   * per missing label, once per repository). `false`: let GitHub create the labels named on a new
   * issue itself (grey, no description) — no label calls at all. Default true.
   */
  createLabels?: boolean;
}

interface KnownIssue {
  number: number;
  url: string;
  state: 'open' | 'closed';
  body: string;
  comments: number;
}

type ListedIssue = Pick<KnownIssue, 'number' | 'comments'> & {
  html_url: string;
  state: string;
  body?: string | null;
};

const known = (i: ListedIssue): KnownIssue => ({
  number: i.number,
  url: i.html_url,
  state: i.state === 'closed' ? 'closed' : 'open',
  body: i.body ?? '',
  comments: i.comments,
});

export class IncidentIssues {
  readonly calls: ApiCallCounter;
  private readonly repo: { owner: string; repo: string };
  private readonly log: (message: string) => void;
  private readonly attempts: number;
  private readonly retryBaseMs: number;
  /** The listing of draft issues, taken once per execution and kept current by our own writes. */
  private drafts: { execution: string; issues: Promise<KnownIssue[]> } | undefined;
  /** Listed once per process; undefined when GitHub is left to create the labels. */
  private readonly labels: RepoLabels | undefined;

  constructor(
    private readonly github: GitHubPort,
    options: IncidentIssuesOptions,
  ) {
    this.repo = { owner: options.owner, repo: options.repo };
    this.log = options.log ?? (() => {});
    this.calls = options.calls ?? new ApiCallCounter();
    this.attempts = Math.max(1, options.writeAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.labels =
      (options.createLabels ?? true) ? new RepoLabels(github, this.repo, this.calls, labelStyle) : undefined;
  }

  async upsert(input: IssueInput): Promise<IncidentIssueResult> {
    const { record } = input;
    const fp = fingerprintOf(record, input.anomaly);
    const issues = await this.draftsFor(fp, record.id);
    const found = pick(issues, fp);
    const result = (issue: KnownIssue, action: IssueAction) => {
      this.log(`incident draft #${issue.number} (${fp}): ${action}`);
      return { fingerprint: fp, number: issue.number, url: issue.url, action };
    };
    if (!found) return result(await this.create(fp, input, related(issues, record)), 'created');
    // One incident per run: the run's other anomalies are rows of the issue it opened or updated,
    // and the body lists every run it has seen, so a re-run of one is known without more calls.
    if (markedExecutions(found.body).includes(record.id)) return result(found, 'unchanged');
    const reopened = found.state === 'closed';
    // Issues from before issue 31 listed repeats only in comments: look there before adding one.
    const legacy = trailerMarker(found.body, 'target') === undefined;
    if (legacy && !reopened && found.comments > 0 && (await this.hasComment(fp, found.number, record.id))) {
      return result(found, 'unchanged');
    }
    // The body first (it is what people read), then the comment that notifies the watchers. The
    // body is the one listed moments ago: a human's edit in between would be lost, a short window.
    const claimed = new Set(
      issues.filter((i) => i !== found && i.state === 'open').flatMap((i) => markedFingerprints(i.body)),
    );
    const fingerprints = incidentAnomalies(record, input.anomaly)
      .map((a) => fingerprintOf(record, a))
      .filter((f) => !claimed.has(f));
    const body = withOccurrence(found.body, { ...input, reopened, fingerprints });
    await this.call(fp, 'issues/update', () =>
      this.github.issues.update(this.repo, found.number, {
        body,
        ...(reopened ? { state: 'open' as const, state_reason: 'reopened' as const } : {}),
      }),
    );
    Object.assign(found, { body, state: 'open' });
    await this.comment(fp, found, occurrenceComment({ ...input, reopened }), record.id);
    return result(found, reopened ? 'reopened' : 'commented');
  }

  /** One counted API call; a failure becomes an IncidentIssueError naming the draft and the operation. */
  private async call<T>(fp: string, operation: string, send: () => Promise<T>, count = true): Promise<T> {
    if (count) this.calls.add(operation);
    try {
      return await send();
    } catch (err) {
      const status = statusOf(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new IncidentIssueError(
        `GitHub ${operation} for incident draft ${fp} failed${status ? ` (${status})` : ''}: ${message}`,
        { fingerprint: fp, operation, ...(status ? { status } : {}) },
        { cause: err },
      );
    }
  }

  private draftsFor(fp: string, execution: string, fresh = false): Promise<KnownIssue[]> {
    if (fresh || this.drafts?.execution !== execution) {
      const issues = this.call(fp, 'issues/list-for-repo', () => this.listDrafts(), false);
      issues.catch(() => {
        if (this.drafts?.issues === issues) this.drafts = undefined;
      });
      this.drafts = { execution, issues };
    }
    return this.drafts.issues;
  }

  private async listDrafts(): Promise<KnownIssue[]> {
    const out: KnownIssue[] = [];
    const pages = this.github.issues.list(this.repo, { labels: DRAFT_LABEL, state: 'all' });
    for await (const issue of counted(this.calls, 'issues/list-for-repo', pages)) {
      if (!issue.pull_request) out.push(known(issue));
    }
    return out;
  }

  private async create(fp: string, input: IssueInput, relatedTo: number[]): Promise<KnownIssue> {
    const { record, anomaly } = input;
    const labels = issueLabels(record, anomaly);
    if (this.labels) {
      const repoLabels = this.labels;
      await this.call(fp, 'labels', () => repoLabels.ensure(labels), false);
    }
    const params = {
      title: issueTitle(record, anomaly),
      body: issueBody({ ...input, fingerprint: fp, related: relatedTo }),
      labels,
    };
    const issue = await writeOnce({
      send: async () => {
        await faultPoint('incident.create');
        const data = await this.call(fp, 'issues/create', () =>
          this.github.issues.create(this.repo, params, { once: true }),
        );
        return known(data);
      },
      // The issue may exist although the answer was lost: it carries our fingerprint and execution.
      lookup: async () =>
        (await this.draftsFor(fp, record.id, true)).find(
          (i) => markedFingerprints(i.body).includes(fp) && markedExecutions(i.body).includes(record.id),
        ),
      ...this.retrying(`creating the issue for incident draft ${fp}`),
    });
    const listed = await this.draftsFor(fp, record.id);
    if (!listed.some((i) => i.number === issue.number)) listed.push(issue);
    return issue;
  }

  private retrying(what: string) {
    return { attempts: this.attempts, retryBaseMs: this.retryBaseMs, log: this.log, what };
  }

  private async comment(fp: string, issue: KnownIssue, body: string, execution: string): Promise<void> {
    await writeOnce({
      send: () =>
        this.call(fp, 'issues/create-comment', () =>
          this.github.comments.create(this.repo, issue.number, body, { once: true }),
        ).then(() => true),
      lookup: async () => ((await this.hasComment(fp, issue.number, execution)) ? true : undefined),
      ...this.retrying(`commenting on #${issue.number}`),
    });
    issue.comments += 1;
  }

  /** Whether this execution already commented (a re-run of the same execution adds nothing). */
  private hasComment(fp: string, issueNumber: number, execution: string): Promise<boolean> {
    const pages = this.github.comments.list(this.repo, issueNumber);
    return this.call(
      fp,
      'issues/list-comments',
      async () => {
        for await (const c of counted(this.calls, 'issues/list-comments', pages)) {
          if (markedExecution(c.body) === execution) return true;
        }
        return false;
      },
      false,
    );
  }
}

/**
 * The open issue answering for this fingerprint (the oldest, if a past bug made two), else the
 * newest closed one. An issue answers for every anomaly of the run that opened it.
 */
function pick(issues: KnownIssue[], fingerprint: string): KnownIssue | undefined {
  const mine = issues
    .filter((i) => markedFingerprints(i.body).includes(fingerprint))
    .sort((a, b) => a.number - b.number);
  return mine.find((i) => i.state === 'open') ?? mine.at(-1);
}

/**
 * The open incidents a new one links (issue 31, item 3): the same intent on the same target, and
 * the incident of the run a bake watched. GitHub shows the link on their side too.
 */
function related(issues: readonly KnownIssue[], record: UnsignedRecord): number[] {
  const key = targetKey(record);
  return issues
    .filter(
      (i) =>
        i.state === 'open' &&
        (trailerMarker(i.body, 'target') === key ||
          (record.observation_of !== undefined && markedExecutions(i.body).includes(record.observation_of))),
    )
    .map((i) => i.number)
    .sort((a, b) => a - b);
}

/**
 * `Stores.upsertDraft` backed by GitHub issues, for execute.ts. `recordUrlFor` turns the record and
 * its repository path into a link to the record at the commit that holds it.
 */
export function githubDraftStore(
  issues: IncidentIssues,
  recordUrlFor: (record: UnsignedRecord, recordRef: string) => string,
): Stores['upsertDraft'] {
  return async ({ record, anomaly, recordRef }) => {
    const r = await issues.upsert({ record, anomaly, recordUrl: recordUrlFor(record, recordRef) });
    return { fingerprint: r.fingerprint, path: r.url, new: r.action === 'created' };
  };
}
