import { retryable } from '../domain/reconcile/retry-grant.js';
import { failedStep, stepEnding } from '../domain/records/failed-step.js';
import { visiblePath } from '../domain/request/request-path.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { cell, incidentLink } from './summary.js';

// The comment on a request's pull request once its request has a record: what happened (succeeded,
// failed at which step or check, cancelled — or did not run: denied, expired, interrupted, with its
// reason said once), the incident it opened, the record's execution id and the next action (the
// policy's rollback offer or result among them). One comment per PR, found by its marker and edited
// in place: every request the PR merged is a row of it, and a later run of a request (a retry)
// replaces that request's row. Pure text; execute-reconcile.ts writes it. (Earlier versions
// wrote a separate "did not run" comment per request; those stay as they are.)

export const OUTCOME_MARKER = '<!-- intentops:outcome -->';

type Where = { serverUrl: string; owner: string; repo: string };

/** What the job did about a failed record: execute-reconcile.ts maps the remediation to this. */
export type Followed =
  /** `note`: what the rollback's own record says of it (who, when, its bake), as the incident has it. */
  | { kind: 'rolled-back'; id: string; status: string; note?: string }
  | { kind: 'rolling-back' }
  | { kind: 'ask' }
  | { kind: 'never' }
  | { kind: 'human' }
  | { kind: 'none' };

export interface OutcomeRowInput {
  path: string;
  record: ExecutionRecord;
  recordUrl: string;
  followed: Followed;
  /** A bake watches it next (a success with a bake window). */
  baking?: boolean;
}

// In the headline's order: what needs a person first.
const WORD: Record<string, string> = {
  failed: '❌ failed',
  cancelled: '⏹️ cancelled',
  interrupted: '⚠️ interrupted',
  denied: '⛔ denied',
  expired: '⌛ expired',
  success: '✅ succeeded',
};

const code = (s: string) => `<code>${cell(s)}</code>`;
/** Text from policies and logs (`proposers.allow (@org/sre)`): a cell that mentions nobody. */
const quiet = (s: string) => cell(s).replace(/@(?=[A-Za-z0-9])/g, '@\u2060');

/** The statuses of a request that ran no step of its own (the headline says "did not run"). */
const NOT_RUN: readonly string[] = ['denied', 'expired'];

/** Why it did not run, said once: the policies' rules when they decided, else the record's reason. */
function whyNotRun(r: ExecutionRecord): string {
  const why = r.policy.reasons.length ? r.policy.reasons : [r.status_reason ?? 'see the record'];
  return why.map(quiet).join('<br>');
}

/** Where a failed run stopped: the step, else the check, else the P1 indicator, else its reason. */
function whereItFailed(r: ExecutionRecord): string {
  const step = failedStep(r);
  if (step) return `at step ${code(step.step)} (${cell(stepEnding(step))})`;
  const check = r.checks.find((c) => c.result !== 'pass');
  if (check) return `check ${code(check.name)}: ${cell(check.result)}`;
  const p1 = r.failure_indicators.find((i) => i.severity === 'P1');
  if (p1) return `P1 indicator ${code(p1.pattern)} in ${quiet(p1.source)}`;
  return quiet(r.status_reason ?? '');
}

function nextAction(i: OutcomeRowInput): string {
  const id = i.record.id;
  switch (i.record.status) {
    case 'success':
      return i.baking ? 'Nothing now: the bake watches it for its window.' : 'Nothing to do.';
    case 'cancelled':
      return 'Its steps may have run in part: check the target; to run it, merge a new request.';
    case 'failed':
      switch (i.followed.kind) {
        case 'rolled-back':
          if (i.followed.note)
            return i.followed.status === 'success'
              ? `${markdownCell(i.followed.note)}<br>Fix the cause, then merge a new request.`
              : markdownCell(i.followed.note);
          return i.followed.status === 'success'
            ? `Rolled back by the policy (${code(i.followed.id)}): fix the cause, then merge a new request.`
            : `The rollback ${code(i.followed.id)} ${cell(i.followed.status)}: a human is needed, check the target.`;
        case 'rolling-back':
          return 'The policy rolls it back in the execute workflow; its result follows here.';
        case 'ask':
          return `To roll back, someone with write access comments <code>/rollback ${id}</code>.`;
        case 'never':
          return 'Repair by hand (the policy says <code>rollback: never</code>).';
        case 'human':
          return 'A human is needed: a rollback is never rolled back.';
        case 'none':
          return `The change may not have happened: check the target, fix the cause and merge a new request (<code>/rollback ${id}</code> runs the intent's rollback steps, if it has any).`;
      }
      return '';
    case 'interrupted':
      return 'Its steps may have run in part: check the target; to run it again, someone with write access comments <code>/retry</code>.';
    case 'denied':
      // The drift guard's denial waits for a fresh approval (action/retry-command.ts).
      return retryable(i.record) === 'drift'
        ? 'It waits for a fresh approval: to run it on the cluster as it is now, someone with write access comments <code>/retry</code>: it re-plans against the live state now and runs (or merge a new request).'
        : 'To run it, meet the rules (e.g. get the approvals) and merge a new request.';
    case 'expired':
      return 'The cluster may have moved on since it was approved: if still wanted, propose it again as a new request.';
    default:
      return 'See the record.';
  }
}

/** The request's name as the plan comment shows it: its path under `intents/requests/`. */
export function outcomeKey(path: string): string {
  return visiblePath(path).replace(/^intents\/requests\//, '');
}

/** One row: request | outcome (with where it failed and its incidents) | execution | next. */
export function outcomeRow(i: OutcomeRowInput, where: Where): string {
  const r = i.record;
  const word = WORD[r.status] ?? r.status;
  const took = r.status === 'success' && r.duration ? ` in ${cell(r.duration)}` : '';
  const detail =
    r.status === 'failed'
      ? ` ${whereItFailed(r)}`
      : NOT_RUN.includes(r.status)
        ? `, no step ran: ${whyNotRun(r)}`
        : r.status === 'interrupted'
          ? `: ${cell(r.status_reason ?? 'its run ended without a record')}`
          : '';
  const incidents = r.drafts.map((d) => incidentLink(where, d.path));
  const retried = r.retry_of ? ` (retry of ${code(r.retry_of)})` : '';
  const outcome = [`${word}${took}${detail}`, ...incidents].join('<br>');
  return `| \`${outcomeKey(i.path)}\` | ${outcome} | ${code(r.id)} · [record](${i.recordUrl})${retried} | ${nextAction(i)} |`;
}

const ROW = /^\| `([^`]+)` \| /;

/** The rows of a comment this module wrote, by request. */
export function rowsOf(body: string | undefined): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of (body ?? '').split('\n')) {
    const m = ROW.exec(line);
    if (m) rows.set(m[1] as string, line);
  }
  return rows;
}

/** The execution id a row shows (its third cell), or undefined for no row. */
export function rowOfExecution(row: string): string | undefined {
  if (!ROW.test(row)) return undefined;
  return /^<code>([^<]+)<\/code> ·/.exec(row.split(' | ')[2] ?? '')?.[1];
}

/** The status word a row shows, for the headline's count. */
function statusOfRow(row: string): string {
  const outcome = row.split(' | ')[1] ?? '';
  return Object.values(WORD).find((w) => outcome.startsWith(w)) ?? '';
}

/**
 * The whole comment: the rows it had (from `existing`, this module's earlier body), each request's
 * row replaced by its newest, new ones added in order. A headline that counts the outcomes; the
 * marker ends the body, outside any block.
 */
export function renderOutcomeComment(
  existing: string | undefined,
  rows: readonly { key: string; row: string }[],
  runUrl?: string,
): string {
  const all = rowsOf(existing);
  for (const r of rows) all.set(r.key, r.row);
  const list = [...all.values()];
  const counts = new Map<string, number>();
  for (const row of list) {
    const w = statusOfRow(row);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const order = Object.values(WORD).filter((w) => counts.has(w));
  // "ran" only when a step of one of them ran: a PR whose requests were all denied or expired says so.
  const notRun = NOT_RUN.map((s) => WORD[s]);
  const verb = order.every((w) => notRun.includes(w)) ? 'did not run' : 'ran';
  const head =
    list.length === 1
      ? `### intentops ${verb} ${list[0]?.match(ROW)?.[0].slice(2, -3) ?? 'the request'}: ${order[0] ?? ''}`
      : `### intentops ${verb} ${list.length} requests: ${order.map((w) => `${w.split(' ')[0]} ${counts.get(w)} ${w.split(' ')[1]}`).join(' · ')}`;
  return [
    head,
    '',
    '| request | outcome | execution | next |',
    '|---|---|---|---|',
    ...list,
    ...(runUrl ? ['', `<sub>Last updated by [this run](${runUrl}).</sub>`] : []),
    '',
    OUTCOME_MARKER,
    '',
  ].join('\n');
}

/** Markdown as one table cell: its paragraphs as line breaks, a pipe escaped. */
function markdownCell(text: string): string {
  return text
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n(\s*\r?\n)*/g, '<br>');
}

/**
 * `body` (this module's comment) with the next action of the row that shows execution `of` set to
 * `text`: what became of the policy's rollback after the row was written (the bake's offer, the
 * rollback's result). Undefined when no row shows it (a PR of an older version, another PR).
 */
export function withNextAction(body: string | undefined, of: string, text: string): string | undefined {
  const lines = (body ?? '').split('\n');
  const at = lines.findIndex((l) => ROW.test(l) && (l.split(' | ')[2] ?? '').startsWith(`${code(of)} ·`));
  if (at < 0) return undefined;
  const cells = (lines[at] as string).split(' | ');
  cells[3] = `${markdownCell(text)} |`;
  lines[at] = cells.slice(0, 4).join(' | ');
  return lines.join('\n');
}
