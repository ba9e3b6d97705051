import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import * as core from '../adapters/actions-runner.js';
import { Checkout } from '../adapters/checkout.js';
import { Git } from '../adapters/git.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { recordsOf } from '../app/incidents/incident-coverage.js';
import {
  type CloseOutcome,
  type FileOutcome,
  IncidentLifecycle,
  type NoteOutcome,
} from '../app/incidents/incident-lifecycle.js';
import { type OfferOutcome, offerContext, recordCandidates } from '../app/incidents/offer-context.js';
import { ApiCallCounter } from '../app/shared/github-calls.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import { HAND_LABEL, indexCandidates, type ListedIssue } from '../domain/incidents/incident-context.js';
import {
  FILED_LABEL,
  fingerprintIn,
  isIncidentIssue,
  isTrusted,
  type ManualNoteKind,
  parseIncidentCommand,
} from '../domain/incidents/incident-filing.js';
import { recordPath } from '../domain/records/record.js';
import type { ActionInputs } from './inputs.js';
import { cell, recordLink, writeSummary } from './summary.js';

// `command: incident`: the issues and issue_comment events of incident issues. The label
// `incident-filed` or a `/file` comment files the incident; closing the issue records when it ended; `/manual-fix` and `/manual-step`
// comments are recorded. Anything else is logged and left alone (exit 0). Comment text is
// untrusted: it goes to the use-case as a string and is stored as JSON, never run or echoed.

const Label = z.object({ name: z.string() });
const Issue = z.object({
  number: z.number().int().positive(),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), Label])).default([]),
  pull_request: z.unknown().optional(),
  closed_at: z.string().nullish(),
});
const Common = {
  action: z.string(),
  issue: Issue,
  sender: z.object({ login: z.string() }),
  repository: z.object({ default_branch: z.string().min(1) }),
};
const IssuesEvent = z.object({ ...Common, label: Label.optional() });
const CommentEvent = z.object({
  ...Common,
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    user: z.object({ login: z.string() }).nullish(),
    created_at: z.string(),
    author_association: z.string().optional(),
  }),
});

type IssueRef = { number: number; body: string | null | undefined; labels: string[] };

export type IncidentEvent =
  | { kind: 'file'; issue: number; by: string; branch: string }
  | { kind: 'context'; issue: number }
  | { kind: 'close'; issue: number; fingerprint: string; at: string; by: string; branch: string }
  | {
      kind: 'note';
      issue: IssueRef;
      comment: { id: number; at: string; by: string };
      note: ManualNoteKind;
      text: string;
      branch: string;
    }
  | { kind: 'ignore'; reason: string };

const labelNames = (labels: z.infer<typeof Issue>['labels']) =>
  labels.map((l) => (typeof l === 'string' ? l : l.name));

/** What an event asks of the lifecycle; pure, so every ignored case can be tested without a runner. */
export function routeIncidentEvent(eventName: string, payload: unknown): IncidentEvent {
  const ignore = (reason: string): IncidentEvent => ({ kind: 'ignore', reason });
  if (eventName === 'issues') {
    const e = IssuesEvent.safeParse(payload);
    if (!e.success) return ignore(`not an issues event payload: ${z.prettifyError(e.error)}`);
    const { issue } = e.data;
    if (e.data.action === 'closed') {
      const fingerprint = fingerprintIn(issue.body);
      if (issue.pull_request || !fingerprint || !isIncidentIssue(issue.body, labelNames(issue.labels)))
        return ignore(`#${issue.number} is not an intentops incident issue`);
      if (!issue.closed_at) return ignore(`issues.closed for #${issue.number} without closed_at`);
      return {
        kind: 'close',
        issue: issue.number,
        fingerprint,
        at: issue.closed_at,
        by: e.data.sender.login,
        branch: e.data.repository.default_branch,
      };
    }
    // A person opens an issue with the label `incident`, or adds it: the bot's context, if it names
    // a run. Both events come for an issue opened with the label; the second finds the comment.
    const opened =
      e.data.action === 'opened' && labelNames(issue.labels).some((l) => l.toLowerCase() === HAND_LABEL);
    if (opened || (e.data.action === 'labeled' && e.data.label?.name.toLowerCase() === HAND_LABEL)) {
      if (issue.pull_request) return ignore(`#${issue.number} is a pull request`);
      if (fingerprintIn(issue.body)) return ignore(`#${issue.number} is the bot's own incident issue`);
      return { kind: 'context', issue: issue.number };
    }
    if (e.data.action !== 'labeled' || e.data.label?.name.toLowerCase() !== FILED_LABEL) {
      return ignore(
        `issues.${e.data.action} (label ${e.data.label?.name ?? 'none'}): only the label ${FILED_LABEL} files`,
      );
    }
    if (issue.pull_request || !isIncidentIssue(issue.body, labelNames(issue.labels)))
      return ignore(`#${issue.number} is not an intentops incident issue`);
    return {
      kind: 'file',
      issue: issue.number,
      by: e.data.sender.login,
      branch: e.data.repository.default_branch,
    };
  }
  if (eventName === 'issue_comment') {
    const e = CommentEvent.safeParse(payload);
    if (!e.success) return ignore(`not an issue_comment event payload: ${z.prettifyError(e.error)}`);
    const { issue, comment } = e.data;
    if (e.data.action !== 'created')
      return ignore(`issue_comment.${e.data.action}: only new comments are commands`);
    const labels = labelNames(issue.labels);
    if (issue.pull_request || !isIncidentIssue(issue.body, labels))
      return ignore(`#${issue.number} is not an intentops incident issue`);
    const cmd = parseIncidentCommand(comment.body ?? '');
    if (!cmd) return ignore(`comment ${comment.id} on #${issue.number} is not a command`);
    if (!isTrusted(comment.author_association)) {
      return ignore(
        `comment ${comment.id} on #${issue.number}: commands are taken from the repository's owners, members and collaborators only (author association ${comment.author_association ?? 'unknown'})`,
      );
    }
    const by = comment.user?.login ?? e.data.sender.login;
    const branch = e.data.repository.default_branch;
    if (cmd.kind === 'file') return { kind: 'file', issue: issue.number, by: e.data.sender.login, branch };
    return {
      kind: 'note',
      issue: { number: issue.number, body: issue.body, labels },
      comment: { id: comment.id, at: comment.created_at, by },
      note: cmd.kind,
      text: cmd.text,
      branch,
    };
  }
  return ignore(`event ${eventName}: command 'incident' handles issues and issue_comment`);
}

function outcomeText(outcome: FileOutcome | NoteOutcome | CloseOutcome): string {
  switch (outcome.status) {
    case 'closed':
      return `closing by ${outcome.closing.by} recorded (time to restore ends at ${outcome.closing.at})`;
    case 'already-closed':
      return 'closing already recorded';
    case 'filed':
      return `filed as \`${outcome.path}\``;
    case 'already-filed':
      return `already filed as \`${outcome.path}\``;
    case 'unfilled':
      return `not filed: ${outcome.missing.join(', ')} to fill in`;
    case 'ignored':
      return outcome.reason;
    case 'noted':
      return `${outcome.note.kind} by ${outcome.note.by} recorded`;
    case 'already-noted':
      return 'already recorded';
    case 'empty':
      return 'empty note: nothing recorded';
    case 'not-pushed':
      return `could not be pushed: ${outcome.error}`;
  }
}

/**
 * The bot's context on a hand-opened incident issue (the same use-case `intentops metrics` runs over
 * every incident issue): the issue read afresh (its comments and labels now, not as the event saw
 * them), the records' outlines from the checkout, and the one record it names read whole.
 */
async function answerHandOpened(inputs: ActionInputs, issueNumber: number): Promise<OfferOutcome> {
  if (!inputs.token) throw new Error("command 'incident' needs the input github-token");
  const log = (m: string) => core.info(m);
  const github = connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log });
  const calls = new ApiCallCounter();
  const repo = { owner: inputs.owner, repo: inputs.repo };
  calls.add('issues/get');
  const issue = await github.issues.get(repo, issueNumber);
  const candidates = await recordCandidates(inputs.repoPath);
  const { load } = recordsOf(inputs.repoPath, candidates);
  const outcome = await offerContext(
    github,
    { index: indexCandidates(candidates), load },
    issue as ListedIssue,
    {
      ...repo,
      calls,
      log,
      recordUrl: (r) => recordLink(inputs, recordPath(r)),
    },
  );
  const what =
    outcome.status === 'nothing-named'
      ? 'names no execution or target the records know: no context to offer'
      : `context of \`${outcome.record}\` ${outcome.status === 'offered' ? 'offered in a comment' : 'already there'}`;
  core.info(`incident #${issueNumber}: ${what}`);
  core.setOutput('status', outcome.status);
  core.setOutput('incident-issues', String(issueNumber));
  await writeSummary(
    `### intentops incident [#${issueNumber}](${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/issues/${issueNumber})\n\n${cell(what)} (${calls.total} GitHub API calls)\n`,
  );
  return outcome;
}

export async function handleIncidentEvent(
  inputs: ActionInputs,
): Promise<FileOutcome | NoteOutcome | CloseOutcome | OfferOutcome | undefined> {
  const payload: unknown = JSON.parse(await readFile(inputs.eventPath, 'utf8'));
  const event = routeIncidentEvent(inputs.eventName, payload);
  if (event.kind === 'ignore') {
    core.info(`nothing to do: ${event.reason}`);
    core.setOutput('status', 'ignored');
    return undefined;
  }
  if (event.kind === 'context') return answerHandOpened(inputs, event.issue);
  if (!inputs.token) throw new Error("command 'incident' needs the input github-token");
  const log = (m: string) => core.info(m);
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  const lifecycle = new IncidentLifecycle(
    connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log }),
    new Checkout(git, event.branch),
    {
      owner: inputs.owner,
      repo: inputs.repo,
      log,
      fileUrl: (p) =>
        `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/${encodeURIComponent(event.branch)}/${p}`,
    },
  );
  const issue = event.kind === 'note' ? event.issue.number : event.issue;
  const outcome =
    event.kind === 'file'
      ? await lifecycle.file({ issue: event.issue, by: event.by })
      : event.kind === 'close'
        ? await lifecycle.close(event)
        : await lifecycle.note({
            issue: event.issue,
            comment: event.comment,
            kind: event.note,
            text: event.text,
          });
  const what = outcomeText(outcome);
  core.info(`incident #${issue}: ${what}`);
  core.setOutput('status', outcome.status);
  core.setOutput('incident-issues', String(issue));
  await writeSummary(
    `### intentops incident [#${issue}](${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/issues/${issue})\n\n${cell(what)} (${lifecycle.calls.total} GitHub API calls)\n`,
  );
  if (outcome.status === 'not-pushed') core.setFailed(`incident #${issue}: ${what}`);
  return outcome;
}
