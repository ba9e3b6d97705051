import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  deepen,
  deepenToWatermark,
  fallbackAdditions,
  fileAt,
  HistoryError,
  headOf,
  isShallow,
  type MergedRequest,
  type RequestChange,
  requestChanges,
  watermark,
} from '../../adapters/request-history.js';
import type { Claim } from '../../domain/reconcile/claim.js';
import { type Candidate, type Decision, decide } from '../../domain/reconcile/decide.js';
import { keyOfRequest, requestExecutionId } from '../../domain/reconcile/request-id.js';
import { RETRIES_DIR, RetryGrantSchema, retryTag } from '../../domain/reconcile/retry-grant.js';
import { classifyRequestPath, entryOfGitMode } from '../../domain/request/request-path.js';
import { targetOf } from '../../domain/request/target.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { ExecuteSettings } from '../../domain/schemas/execute-settings.js';
import { indexRecords, type RecordIndex, settledByPath } from '../records/record-index.js';
import { FALLBACK_PREFIX } from '../records/record-publisher.js';

// Which merged requests still need something done, and what: the read side of the reconcile, shared
// by the execute job and `intentops status`. Its cost follows what is pending: history is read from
// the last watermark on, records by file name (from git's tree, nothing checked out), and request
// files and claims only for requests without a record.

export const DEFAULT_MAX_AGE = '24h';

export interface Decided {
  candidate: Candidate;
  decision: Decision;
  intent: string;
}

export interface PendingScan {
  head: string;
  /** Where this scan started in history (exclusive), null for all of it. */
  since: string | null;
  decided: Decided[];
  /** Requests merged before `start`: never run. */
  beforeStart: number;
  index: RecordIndex;
  notes: string[];
}

export interface ScanOptions {
  now: Date;
  settings?: ExecuteSettings;
  /** Whether the run behind a claim may still be going (GitHub's API, a lease, a pid). */
  live: (claim: Claim) => Promise<boolean>;
  /** Ignore the watermark and read the whole history (e.g. `status --all`). */
  full?: boolean;
}

/** Intent and target as the request names them, from the checkout or, for a deleted file, from its commit. */
async function named(
  dir: string,
  m: MergedRequest,
  deleted: boolean,
): Promise<{ intent: string; target?: string }> {
  const text = deleted
    ? await fileAt(dir, m.commit, m.path)
    : await readFile(join(dir, m.path), 'utf8').catch(() => null);
  try {
    const doc = parse(text ?? '') as { intent?: unknown; params?: Record<string, unknown> } | null;
    const target = doc?.params ? targetOf(doc.params) : undefined;
    return {
      intent: typeof doc?.intent === 'string' ? doc.intent : 'unknown',
      ...(target ? { target } : {}),
    };
  } catch {
    return { intent: 'unknown' };
  }
}

export async function scanPending(repoDir: string, opts: ScanOptions): Promise<PendingScan> {
  const notes: string[] = [];
  if (await isShallow(repoDir)) {
    // The whole history only when asked to walk it all; else back to the last reconcile.
    const got = opts.full ? ((await deepen(repoDir)) ? 'complete' : false) : await deepenToWatermark(repoDir);
    if (!got) {
      throw new HistoryError(
        'the checkout is shallow and its history could not be fetched: the reconcile needs every merge since the last one it settled — use actions/checkout with filter: blob:none and a remote it can fetch from',
      );
    }
    notes.push(
      got === 'watermark'
        ? 'the checkout was shallow: fetched the history back to the last reconcile (commits and trees, no file contents)'
        : 'the checkout was shallow: fetched its history (commits and trees, no file contents)',
    );
  }
  const [head, mark] = await Promise.all([headOf(repoDir), opts.full ? null : watermark(repoDir)]);
  if (mark?.rewritten) {
    notes.push(
      `the history was rewritten (a force-push?): the last reconciled commit ${mark.sha.slice(0, 7)} is no longer on this branch, so every merged request is checked against its record`,
    );
  }
  const since = mark && !mark.rewritten ? mark.sha : null;
  // The history and the fallback branches (a fetch) at once: neither needs the other.
  const [history, fallback] = await Promise.all([
    requestChanges(repoDir, since),
    fallbackAdditions(repoDir, FALLBACK_PREFIX),
  ]);
  const changes = requestFileChanges(history, notes);
  const merged: MergedRequest[] = changes
    .filter((c) => c.status === 'A')
    .map((c) => ({ path: c.path, commit: c.commit, mergedAt: c.at }));
  // path → its changes in order: what happened to a request after it was merged, without a git call each.
  const byPath = new Map<string, RequestChange[]>();
  for (const c of changes) {
    const list = byPath.get(c.path);
    if (list) list.push(c);
    else byPath.set(c.path, [c]);
  }
  const start = opts.settings?.start ? new Date(opts.settings.start) : undefined;
  const inScope = merged.filter((m) => !start || m.mergedAt >= start);
  const oldest = inScope[0]?.mergedAt;
  const elsewhere = oldest
    ? fallback.map((e) => ({
        path: e.path,
        where: e.ref.replace(/^refs\/remotes\/[^/]+\//, ''),
        read: () => fileAt(repoDir, e.ref, e.path),
      }))
    : [];
  const index = await indexRecords(repoDir, elsewhere);

  // After a force-push the commits that added requests have new ids: a request settled before is
  // found by its path instead, and counts as done.
  const settledPaths = mark?.rewritten ? await settledByPath(repoDir) : undefined;
  const candidates: Candidate[] = [];
  const intents = new Map<string, string>();
  for (let i = inScope.length - 1; i >= 0; i--) {
    const m = inScope[i] as MergedRequest;
    const key = keyOfRequest(m);
    const before = settledPaths?.get(m.path);
    if (before && !index.claims.has(key) && !index.records.has(key)) {
      index.records.set(key, before);
      notes.push(`${m.path}: settled before the history was rewritten (${before}); not run again`);
    }
    const record = index.records.get(key);
    if (record) {
      candidates.push({
        ...m,
        key,
        id:
          record
            .split('/')
            .pop()
            ?.replace(/\.yaml$/, '') ?? key,
      });
      continue;
    }
    // Only requests without a record cost a look at their file and its history.
    const history = byPath.get(m.path) ?? [];
    const own = history.findIndex((c) => c.commit === m.commit && c.status === 'A');
    const later = history.slice(own + 1);
    const removed = later.find((c) => c.status === 'D');
    const gone = removed !== undefined || !existsSync(join(repoDir, m.path));
    const editedBy = gone ? undefined : later.find((c) => c.status === 'M' || c.status === 'T')?.commit;
    const deletedBy = removed?.commit;
    const name = await named(repoDir, m, gone);
    const claim = index.claims.get(key);
    const id = claim?.id ?? requestExecutionId(m, name);
    intents.set(key, name.intent);
    candidates.push({
      ...m,
      key,
      id,
      ...(name.target ? { target: name.target } : {}),
      ...(gone ? { deletedBy: deletedBy ?? 'HEAD' } : {}),
      ...(editedBy ? { editedBy } : {}),
    });
  }
  candidates.reverse();
  candidates.push(...(await retryCandidates(repoDir, index, intents)));

  const liveness = new Map<string, boolean>();
  for (const claim of index.claims.values()) liveness.set(claim.id, await opts.live(claim));
  const maxAgeMs = durationSeconds(opts.settings?.max_age ?? DEFAULT_MAX_AGE) * 1000;
  const decided = decide({
    candidates,
    records: index.records,
    claims: index.claims,
    live: (c) => liveness.get(c.id) ?? true,
    now: opts.now,
    maxAgeMs,
    ...(start ? { start } : {}),
  }).map((d) => ({ ...d, intent: intents.get(d.candidate.key) ?? '' }));
  for (const u of index.unreadable) {
    notes.push(`${u.path} cannot be read (${u.error}): its request is treated as interrupted, not run again`);
  }
  return { head, since, decided, beforeStart: merged.length - inScope.length, index, notes };
}

/**
 * The changes to request files, as domain/request/request-path.ts decides what one is — the same function
 * plan and validate use, so nothing runs that a reviewer was not shown as a request. A merged path
 * that is refused (`a.yaml ` beside `a.yaml`, a link) is never run and never read as another
 * request: it is named in a note on each pass that reads it.
 */
function requestFileChanges(changes: readonly RequestChange[], notes: string[]): RequestChange[] {
  return changes.filter((c) => {
    const byName = classifyRequestPath(c.path);
    const added = c.status === 'A' ? classifyRequestPath(c.path, entryOfGitMode(c.mode)) : byName;
    if (added.kind === 'refused' && c.status === 'A')
      notes.push(`${added.reason} — merged in ${c.commit.slice(0, 7)}; never run`);
    // An edit or a deletion of a request file still counts, whatever it turned the file into.
    return c.status === 'A' ? added.kind === 'request' : byName.kind === 'request';
  });
}

/** A writer's `/retry` grants, each a candidate of its own (run once, like any merged request). */
async function retryCandidates(
  repoDir: string,
  index: RecordIndex,
  intents: Map<string, string>,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const f of (await readdir(join(repoDir, RETRIES_DIR)).catch(() => [] as string[])).sort()) {
    if (!f.endsWith('.yaml')) continue;
    const grant = RetryGrantSchema.safeParse(
      parse(await readFile(join(repoDir, RETRIES_DIR, f), 'utf8').catch(() => '')),
    );
    if (!grant.success) continue;
    const g = grant.data;
    // Grants are the bot's own files; a path that is no request file is still never run.
    if (classifyRequestPath(g.request).kind !== 'request') continue;
    const ref = { path: g.request, commit: g.commit, mergedAt: new Date(g.merged_at) };
    const key = keyOfRequest(ref, retryTag(g));
    const gone = !existsSync(join(repoDir, g.request));
    const name = await named(repoDir, { path: g.request, commit: g.commit, mergedAt: ref.mergedAt }, gone);
    intents.set(key, name.intent);
    out.push({
      ...ref,
      key,
      id: index.claims.get(key)?.id ?? requestExecutionId(ref, name, retryTag(g)),
      retryOf: g.of,
      grant: `${RETRIES_DIR}/${f}`,
      ageFrom: new Date(g.granted_at),
      ...(name.target ? { target: name.target } : {}),
      ...(gone ? { deletedBy: 'HEAD' } : {}),
    });
  }
  return out;
}
