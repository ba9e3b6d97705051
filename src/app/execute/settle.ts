import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RecordStore } from '../../adapters/record-store.js';
import { fileAt } from '../../adapters/request-history.js';
import { claimPath } from '../../domain/reconcile/claim.js';
import type { Candidate, Decision } from '../../domain/reconcile/decide.js';
import { notRunRecord } from '../../domain/reconcile/not-run-record.js';
import { sealRecord } from '../../domain/records/record.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { runRedactor } from '../records/run-redactor.js';
import { loadRepo } from '../shared/load-repo.js';
import { establishProposer } from './proposer.js';

// The final record of a request the reconcile settles without running a step: expired, interrupted,
// withdrawn, edited after merge, or invalid. Written like every record: redacted, sealed, chained.

export type Settlement = Extract<Decision, { kind: 'finalize' }> & {
  notRun: NonNullable<ExecutionRecord['not_run']>['decision'];
};

export interface SettleOptions {
  repoDir: string;
  toolVersion: string;
  env: Record<string, string | undefined>;
  now: Date;
  run?: ExecutionRecord['run'];
  /** The request PR's author and opening, when GitHub said: an interrupted request is a change too. */
  prAuthor?: string;
  prOpenedAt?: string;
  origin?: ExecutionRecord['origin'];
}

/** What the request said, from the checkout or, once deleted, from the commit that added it. */
async function requestText(repoDir: string, c: Candidate): Promise<Record<string, unknown>> {
  const text = c.deletedBy
    ? await fileAt(repoDir, c.commit, c.path)
    : await readFile(join(repoDir, c.path), 'utf8').catch(() => null);
  try {
    const doc = parse(text ?? '');
    return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function settleRequest(
  c: Candidate,
  s: Settlement,
  opts: SettleOptions,
): Promise<{ record: ExecutionRecord; path: string }> {
  const redactorReady = runRedactor(opts.repoDir, opts.env);
  redactorReady.catch(() => {});
  const records = new RecordStore(opts.repoDir);
  const [doc, { catalog }, prev, proposer] = await Promise.all([
    requestText(opts.repoDir, c),
    loadRepo(opts.repoDir, []),
    records.latestDigest(),
    establishProposer(opts.repoDir, opts.prAuthor, c.commit),
  ]);
  const params = doc.params && typeof doc.params === 'object' ? (doc.params as Record<string, unknown>) : {};
  const unsigned = notRunRecord(
    {
      id: c.id,
      now: opts.now,
      intent: typeof doc.intent === 'string' ? doc.intent : 'unknown',
      params,
      request: {
        path: c.path,
        commit: c.commit,
        reason: typeof doc.reason === 'string' ? doc.reason : '',
        ...(typeof doc.proposed_by === 'string' ? { proposed_by: doc.proposed_by } : {}),
        ...(proposer ? { proposer } : {}),
        merged_at: c.mergedAt.toISOString(),
        ...(opts.prOpenedAt ? { pr_opened_at: opts.prOpenedAt } : {}),
      },
      toolVersion: opts.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: prev,
      ...(opts.run ? { run: opts.run } : {}),
      ...(opts.origin ? { origin: opts.origin } : {}),
      ...(c.retryOf ? { retryOf: c.retryOf } : {}),
    },
    {
      status: s.status,
      reason: s.reason,
      // Denied here means refused as input (invalid or edited), before any policy could judge it.
      policy: { verdict: s.status === 'denied' ? 'deny' : 'allow', reasons: [] },
      notRun: { decision: s.notRun, ...(s.claim ? { claim: claimPath(s.claim.id) } : {}) },
    },
  );
  const record = sealRecord(await (await redactorReady).redactDeep(unsigned));
  return { record, path: await records.write(record) };
}

/** Which `not_run` decision a finalize decision stands for. */
export function settlementOf(c: Candidate, d: Extract<Decision, { kind: 'finalize' }>): Settlement {
  const notRun =
    d.status === 'interrupted'
      ? 'interrupted'
      : d.status === 'expired'
        ? 'expired'
        : d.status === 'cancelled'
          ? 'withdrawn'
          : c.editedBy
            ? 'edited'
            : 'invalid';
  return { ...d, notRun };
}
