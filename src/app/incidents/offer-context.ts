import { parseRecordFields, RecordScanError, recordTexts } from '../../adapters/record-scan.js';
import {
  type Candidate,
  type CandidateIndex,
  CONTEXT_LABEL,
  contextComment,
  isContextComment,
  type ListedIssue,
  namedExecution,
} from '../../domain/incidents/incident-context.js';
import { isBotUser } from '../../domain/policy/approvals.js';
import { targetOf } from '../../domain/request/target.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { type ApiCallCounter, counted, writeOnce } from '../shared/github-calls.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';

// The bot's context on one hand-opened incident issue that names an execution or a target: one
// comment (found again by its marker, never written twice), then the context label, so a listing
// shows it without reading comments. Shared by the scorecard's pass over every incident issue
// (`intentops metrics`) and the incident workflow, which answers an issue when it is opened or
// labelled. The issue's text is untrusted: only matched against record ids and targets.

export interface OfferOptions {
  owner: string;
  repo: string;
  calls: ApiCallCounter;
  log: (message: string) => void;
  /** A link to a record, for the comment. */
  recordUrl?: ((r: ExecutionRecord) => string | undefined) | undefined;
  writeAttempts?: number | undefined;
  retryBaseMs?: number | undefined;
}

export type OfferOutcome =
  | { status: 'offered' | 'already-there'; record: string }
  | { status: 'nothing-named' };

export async function hasContextComment(
  github: GitHubPort,
  repo: Repo,
  calls: ApiCallCounter,
  issue: number,
): Promise<boolean> {
  const pages = github.comments.list(repo, issue);
  // Only the bot's own: a person's comment carrying the marker must not stand in for the context.
  for await (const c of counted(calls, 'issues/list-comments', pages))
    if (isContextComment(c.body, issue) && isBotUser(c.user ?? { login: '' })) return true;
  return false;
}

/**
 * Offers the context of the execution the issue names. Idempotent: a comment already there (its
 * marker) is not written again, and a create whose answer was lost is looked for before it is sent
 * again (plugin-retry never re-sends it).
 */
export async function offerContext(
  github: GitHubPort,
  records: { index: CandidateIndex; load: (id: string) => Promise<ExecutionRecord | undefined> },
  issue: Pick<ListedIssue, 'number' | 'title' | 'body' | 'created_at' | 'comments'>,
  o: OfferOptions,
): Promise<OfferOutcome> {
  const repo = { owner: o.owner, repo: o.repo };
  const { calls } = o;
  const named = namedExecution(issue, records.index);
  const record = named && (await records.load(named.id));
  if (!record) return { status: 'nothing-named' };
  const bakeOf = records.index.bakeOf.get(record.id);
  const bake = bakeOf ? await records.load(bakeOf.id) : undefined;
  const body = contextComment(issue.number, record, bake, o.recordUrl?.(record));
  const there = issue.comments > 0 && (await hasContextComment(github, repo, calls, issue.number));
  if (!there) {
    await writeOnce({
      send: async () => {
        calls.add('issues/create-comment');
        await github.comments.create(repo, issue.number, body, { once: true });
        return true;
      },
      lookup: async () => ((await hasContextComment(github, repo, calls, issue.number)) ? true : undefined),
      attempts: Math.max(1, o.writeAttempts ?? 3),
      retryBaseMs: o.retryBaseMs ?? 1000,
      log: o.log,
      what: `the context comment on #${issue.number}`,
    });
  }
  // Adding a label twice is harmless: plugin-retry may re-send this one.
  calls.add('issues/add-labels');
  await github.issues.addLabels(repo, issue.number, [CONTEXT_LABEL]);
  o.log(`incident #${issue.number}: context of ${record.id} ${there ? 'already there' : 'offered'}`);
  return { status: there ? 'already-there' : 'offered', record: record.id };
}

const OUTLINE = new Set(['id', 'timestamp', 'params', 'observation_of']);

/**
 * What naming an execution needs of every record, read from each record's outline only (see
 * parseRecordFields): the workflow answering one issue does not parse, hash or replay 10,000
 * records whole. A file that is no record is passed over: it names nothing.
 */
export async function recordCandidates(repoDir: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for await (const { path, text } of recordTexts(repoDir)) {
    let raw: { id?: unknown; timestamp?: unknown; params?: unknown; observation_of?: unknown };
    try {
      raw = (parseRecordFields(text, path, OUTLINE) ?? {}) as typeof raw;
    } catch (err) {
      if (err instanceof RecordScanError) continue;
      throw err;
    }
    if (typeof raw.id !== 'string' || typeof raw.timestamp !== 'string') continue;
    const params =
      raw.params && typeof raw.params === 'object' ? (raw.params as Record<string, unknown>) : {};
    out.push({
      id: raw.id,
      timestamp: raw.timestamp,
      target: targetOf(params) ?? null,
      ...(typeof raw.observation_of === 'string' ? { observation_of: raw.observation_of } : {}),
    });
  }
  return out;
}
