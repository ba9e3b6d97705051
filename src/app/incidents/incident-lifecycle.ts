import type { Checkout } from '../../adapters/checkout.js';
import {
  CLOSINGS_LOG,
  closingLine,
  type IncidentClosing,
  isRecorded,
} from '../../domain/incidents/incident-closing.js';
import {
  emptyNoteComment,
  FILED_LABEL,
  filedComment,
  filedDocument,
  filedIssueNumber,
  filedPath,
  filedPathIn,
  filingLabelChanges,
  fingerprintIn,
  isIncidentIssue,
  MANUAL_NOTES,
  type ManualNote,
  type ManualNoteKind,
  manualNote,
  missingSectionsComment,
  noteAck,
  notedComments,
  noteLine,
  notesFor,
  notesIn,
} from '../../domain/incidents/incident-filing.js';
import { fixesStatus, unfilledHumanSections, withStatusLine } from '../../domain/incidents/incident-issue.js';
import { ApiCallCounter, counted, statusOf, writeOnce } from '../shared/github-calls.js';
import type { GitHubPort } from '../shared/github-port.js';
import { RepoLabels } from './repo-labels.js';

// Filing an incident issue into the repository, recording the manual work humans report on it, and
// when it was closed.
// The repository is the record: a filing is a file, a note a JSON line, both pushed before GitHub
// is told (comment, labels), so a failed push leaves the issue as it was for a retry. API economy:
// filing reads the issue and its comments (2 calls) and writes ≤ 3 (label out, label in, comment);
// a manual note costs 3 (the issue read, its body's status line, the reply); a closing is a JSON
// line and costs none.

export class IncidentLifecycleError extends Error {
  override readonly name = 'IncidentLifecycleError';
  constructor(
    message: string,
    readonly context: { issue: number; operation: string; status?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** The HTTP status, when GitHub answered: writeOnce tells a lost answer (5xx) from a refusal by it. */
  get status(): number | undefined {
    return this.context.status;
  }
}

export type FileOutcome =
  | { status: 'filed'; path: string; sha: string | null }
  | { status: 'already-filed'; path: string }
  | { status: 'unfilled'; missing: string[]; labelRemoved: boolean }
  | { status: 'ignored'; reason: string }
  | { status: 'not-pushed'; path: string; error: string };

export type NoteOutcome =
  | { status: 'noted'; note: ManualNote; sha: string | null }
  | { status: 'already-noted' }
  | { status: 'empty' }
  | { status: 'not-pushed'; error: string };

export type CloseOutcome =
  | { status: 'closed'; closing: IncidentClosing; sha: string | null }
  | { status: 'already-closed' }
  | { status: 'not-pushed'; error: string };

export interface CloseRequest {
  issue: number;
  fingerprint: string;
  /** The issue's closed_at. */
  at: string;
  by: string;
}

export interface FileRequest {
  issue: number;
  /** Who asked (the event's sender). */
  by: string;
}

export interface NoteRequest {
  issue: { number: number; body: string | null | undefined; labels: readonly string[] };
  comment: { id: number; at: string; by: string };
  kind: ManualNoteKind;
  /** Untrusted: stored as JSON data only, capped. */
  text: string;
}

export interface IncidentLifecycleOptions {
  owner: string;
  repo: string;
  log?: (message: string) => void;
  calls?: ApiCallCounter;
  now?: () => Date;
  /** A link to a file on the branch, for the "Filed as" comment. */
  fileUrl?: (path: string) => string;
  /** Wait before looking again after an uncertain comment write: n² × this many ms. Default 1000. */
  retryBaseMs?: number;
}

/** Only the bot's own comments can mark an issue filed: a pasted marker from a person does not count. */
const botBodies = (comments: readonly { body?: string | null; user?: { type?: string } | null }[]) =>
  comments.filter((c) => c.user?.type === 'Bot').map((c) => c.body);

const filedStyle = () => ({
  color: '0e8a16',
  description: 'Incident filed by intentops into incidents/filed/',
});

export class IncidentLifecycle {
  readonly calls: ApiCallCounter;
  private readonly repo: { owner: string; repo: string };
  private readonly log: (message: string) => void;
  private readonly now: () => Date;
  private readonly labels: RepoLabels;

  constructor(
    private readonly github: GitHubPort,
    private readonly checkout: Checkout,
    private readonly options: IncidentLifecycleOptions,
  ) {
    this.repo = { owner: options.owner, repo: options.repo };
    this.log = options.log ?? (() => {});
    this.calls = options.calls ?? new ApiCallCounter();
    this.now = options.now ?? (() => new Date());
    this.labels = new RepoLabels(github, this.repo, this.calls, filedStyle);
  }

  /** Files the issue when its human-input sections are filled; otherwise says what is missing. */
  async file(req: FileRequest): Promise<FileOutcome> {
    const n = req.issue;
    const issue = await this.call(n, 'issues/get', () => this.github.issues.get(this.repo, n));
    const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
    const body = issue.body ?? '';
    if (issue.pull_request || !isIncidentIssue(body, labels)) {
      return { status: 'ignored', reason: `#${n} is not an intentops incident issue` };
    }
    const comments = await this.comments(n);
    const earlier = filedPathIn(botBodies(comments));
    if (earlier) {
      this.log(`#${n} was already filed as ${earlier}: nothing to do`);
      return { status: 'already-filed', path: earlier };
    }

    const missing = unfilledHumanSections(body);
    if (missing.length > 0) {
      const labelRemoved = labels.some((l) => l.toLowerCase() === FILED_LABEL);
      if (labelRemoved) await this.removeLabel(n, FILED_LABEL);
      await this.call(n, 'issues/create-comment', () =>
        this.github.comments.create(this.repo, n, missingSectionsComment(missing, labelRemoved)),
      );
      this.log(`#${n} not filed: ${missing.join(', ')} still to fill in`);
      return { status: 'unfilled', missing, labelRemoved };
    }

    // The file may be on the branch already (a re-run after the push, before the comment).
    await this.checkout.sync();
    const fingerprint = fingerprintIn(body);
    let path = filedPath({ number: n, title: issue.title }, fingerprint);
    let existing = await this.checkout.read(path);
    if (existing !== undefined && filedIssueNumber(existing) !== n) {
      path = filedPath({ number: n, title: issue.title }, fingerprint, true);
      existing = await this.checkout.read(path);
    }
    let sha: string | null = null;
    if (existing === undefined) {
      const document = filedDocument({
        issue: { number: n, title: issue.title, url: issue.html_url, body, labels },
        fingerprint,
        notes: notesIn(comments),
        filedBy: req.by,
        filedAt: this.now().toISOString(),
      });
      await this.checkout.write(path, document);
      const published = await this.checkout.publish([path], `intentops: file incident #${n} as ${path}`);
      if (!published.pushed) {
        return { status: 'not-pushed', path, error: published.error ?? String(published.rejected) };
      }
      sha = published.sha;
      this.log(`${path} pushed as ${sha} (push attempts: ${published.attempts})`);
    } else this.log(`${path} is on the branch already; finishing the filing on GitHub`);

    // The filed label first, the draft label after: the issue is known as an incident by either,
    // so a run stopped between the two leaves one a re-run still recognises and finishes.
    const { remove, add } = filingLabelChanges(labels);
    if (add.length > 0) {
      await this.call(n, 'labels', () => this.labels.ensure(add), false);
      await this.call(n, 'issues/add-labels', () => this.github.issues.addLabels(this.repo, n, add));
    }
    for (const name of remove) await this.removeLabel(n, name);
    await this.filedComment(n, path);
    this.log(`#${n} filed as ${path}`);
    return { status: 'filed', path, sha };
  }

  /** Records that an incident issue was closed (time to restore ends here), once per closing. */
  async close(req: CloseRequest): Promise<CloseOutcome> {
    await this.checkout.sync();
    if (isRecorded((await this.checkout.read(CLOSINGS_LOG)) ?? '', { issue: req.issue, at: req.at })) {
      this.log(`the closing of #${req.issue} at ${req.at} is already in ${CLOSINGS_LOG}`);
      return { status: 'already-closed' };
    }
    const closing: IncidentClosing = {
      at: req.at,
      issue: req.issue,
      fingerprint: req.fingerprint,
      by: req.by,
    };
    await this.checkout.append(CLOSINGS_LOG, closingLine(closing));
    const extra = await this.checkout.unionMerge(CLOSINGS_LOG);
    const published = await this.checkout.publish(
      [CLOSINGS_LOG, ...extra],
      `intentops: incident #${req.issue} closed`,
    );
    if (!published.pushed)
      return { status: 'not-pushed', error: published.error ?? String(published.rejected) };
    this.log(`#${req.issue}: closed by ${req.by} at ${req.at}, recorded in ${CLOSINGS_LOG}`);
    return { status: 'closed', closing, sha: published.sha };
  }

  /** Appends a `/manual-fix` or `/manual-step` note to the notes log, once per comment. */
  async note(req: NoteRequest): Promise<NoteOutcome> {
    const n = req.issue.number;
    const reply = (body: string) =>
      this.call(n, 'issues/create-comment', () => this.github.comments.create(this.repo, n, body));
    if (!req.text.trim()) {
      await reply(emptyNoteComment(req.kind));
      return { status: 'empty' };
    }
    await this.checkout.sync();
    if (notedComments((await this.checkout.read(MANUAL_NOTES)) ?? '').has(req.comment.id)) {
      this.log(`comment ${req.comment.id} on #${n} is already in ${MANUAL_NOTES}`);
      // A run that died after pushing the note may not have set the body: set it (a no-op if it is).
      await this.setFixes(n);
      return { status: 'already-noted' };
    }
    const note = manualNote({
      at: req.comment.at,
      issue: n,
      body: req.issue.body,
      labels: req.issue.labels,
      kind: req.kind,
      text: req.text,
      by: req.comment.by,
      comment: req.comment.id,
    });
    await this.checkout.append(MANUAL_NOTES, noteLine(note));
    const extra = await this.checkout.unionMerge(MANUAL_NOTES);
    const published = await this.checkout.publish(
      [MANUAL_NOTES, ...extra],
      `intentops: ${note.kind.replace('_', ' ')} on incident #${n}`,
    );
    if (!published.pushed)
      return { status: 'not-pushed', error: published.error ?? String(published.rejected) };
    await this.setFixes(n);
    await reply(noteAck(note.kind, MANUAL_NOTES, published.sha));
    this.log(
      `#${n}: ${note.kind} by ${note.by} recorded in ${MANUAL_NOTES} (push attempts: ${published.attempts})`,
    );
    return { status: 'noted', note, sha: published.sha };
  }

  /**
   * The issue's body says who fixed what (issue 31, item 7): its status line counts the notes and
   * shows the last as plain text, never a mention. Read fresh: the bot may have updated it since
   * the event. A failure here does not lose the note (it is pushed): logged, not thrown.
   */
  private async setFixes(n: number): Promise<void> {
    try {
      const status = fixesStatus(notesFor((await this.checkout.read(MANUAL_NOTES)) ?? '', n));
      if (!status) return;
      const data = await this.call(n, 'issues/get', () => this.github.issues.get(this.repo, n));
      const body = data.body ?? '';
      const next = withStatusLine(body, 'Fixes', status);
      if (next === body) return;
      await this.call(n, 'issues/update', () => this.github.issues.update(this.repo, n, { body: next }));
    } catch (err) {
      this.log(`#${n}: the body's fixes line was not set: ${(err as Error).message}`);
    }
  }

  private async comments(n: number) {
    const pages = this.github.comments.list(this.repo, n);
    return this.call(
      n,
      'issues/list-comments',
      async () => {
        const out = [];
        for await (const c of counted(this.calls, 'issues/list-comments', pages)) out.push(c);
        return out;
      },
      false,
    );
  }

  private async removeLabel(n: number, name: string): Promise<void> {
    this.calls.add('issues/remove-label');
    try {
      await this.github.issues.removeLabel(this.repo, n, name);
    } catch (err) {
      if (statusOf(err) === 404) return; // someone removed it first
      throw this.failure(n, 'issues/remove-label', err);
    }
  }

  /** The "Filed as" comment is what marks the issue filed: sent once even over a lost answer. */
  private async filedComment(n: number, path: string): Promise<void> {
    const body = filedComment(path, this.options.fileUrl?.(path));
    await writeOnce({
      send: () =>
        this.call(n, 'issues/create-comment', () =>
          this.github.comments.create(this.repo, n, body, { once: true }),
        ).then(() => true),
      lookup: async () => (filedPathIn(botBodies(await this.comments(n))) ? true : undefined),
      attempts: 3,
      retryBaseMs: this.options.retryBaseMs ?? 1000,
      log: this.log,
      what: `commenting "Filed as" on #${n}`,
    });
  }

  private failure(n: number, operation: string, err: unknown): IncidentLifecycleError {
    if (err instanceof IncidentLifecycleError) return err;
    const status = statusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    return new IncidentLifecycleError(
      `GitHub ${operation} for incident #${n} failed${status ? ` (${status})` : ''}: ${message}`,
      { issue: n, operation, ...(status ? { status } : {}) },
      { cause: err },
    );
  }

  /** One counted API call; a failure becomes an IncidentLifecycleError naming the issue and operation. */
  private async call<T>(n: number, operation: string, send: () => Promise<T>, count = true): Promise<T> {
    if (count) this.calls.add(operation);
    try {
      return await send();
    } catch (err) {
      throw this.failure(n, operation, err);
    }
  }
}
