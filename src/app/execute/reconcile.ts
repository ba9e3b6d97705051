import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { faultPoint } from '../../adapters/fault-point.js';
import { parentOf, WATERMARK_TRAILER } from '../../adapters/request-history.js';
import { formatDiagnostic } from '../../domain/input/diagnostic.js';
import { InputError } from '../../domain/input/errors.js';
import type { Plan } from '../../domain/plan/plan.js';
import {
  type Claim,
  ClaimSchema,
  claimant,
  claimPath,
  type RunIdentity,
} from '../../domain/reconcile/claim.js';
import { type Candidate, type Decision, nextWatermark } from '../../domain/reconcile/decide.js';
import type { ExecuteSettings } from '../../domain/schemas/execute-settings.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { removeStaleTempFiles } from '../records/record-index.js';
import type { RecordPublisher } from '../records/record-publisher.js';
import { type Decided, type PendingScan, scanPending } from './pending.js';
import { type Settlement, settlementOf } from './settle.js';

// The execute job: reconcile, don't diff. Every merged request without a final record gets exactly
// one, oldest merge first, whichever event started the run. A request that runs is claimed first
// (pushed before its first step), so side effects happen at most once; each record is pushed as soon
// as it is written, so a crash later loses nothing already done.

export interface ReconcileItem {
  path: string;
  id: string;
  target?: string;
  status: ExecutionRecord['status'] | 'waiting';
  reason?: string;
  record?: ExecutionRecord;
  recordPath?: string;
  /** The branch the record went to; the fallback branch when the branch refused it. */
  branch?: string;
  publishError?: string;
}

export interface ReconcileDeps {
  repoDir: string;
  me: RunIdentity;
  now: () => Date;
  settings?: ExecuteSettings;
  publisher: RecordPublisher;
  live: (claim: Claim) => Promise<boolean>;
  /** Runs one request; `beforeSteps` must be awaited once the plan is allowed, before any step. */
  execute: (
    c: Candidate,
    beforeSteps: (plan: Plan) => Promise<void>,
  ) => Promise<{ record: ExecutionRecord; path: string }>;
  settle: (c: Candidate, s: Settlement) => Promise<{ record: ExecutionRecord; path: string }>;
  /** After each request's record is published: annotations, metrics, comments. Never fatal. */
  afterEach?: (item: ReconcileItem) => Promise<void>;
  signal?: AbortSignal;
  /** Decide and say, but claim, run and record nothing. */
  dryRun?: boolean;
  /**
   * One shard's requests only (execute with `shard`): the others are other jobs' business, neither
   * run nor said. Their requests still hold the watermark back until their records are pushed.
   */
  only?: (d: Decided) => boolean;
  log: (line: string) => void;
}

export interface ReconcileResult {
  scan: PendingScan;
  items: ReconcileItem[];
  /** Requests that already had their record. */
  done: number;
  staleTempFiles: string[];
  /** Set when publishing failed for good: the job must fail. */
  publishError?: string;
}

/** The claim could not be pushed: nothing ran. */
export class ClaimError extends Error {
  override readonly name = 'ClaimError';
  constructor(
    message: string,
    readonly taken: boolean,
    /** The branch kept moving under every push: the request waits for the next run. */
    readonly busy = false,
  ) {
    super(message);
  }
}

const LEASE_MARGIN_MS = 60 * 60_000;

function claimFor(c: Candidate, plan: Plan, me: RunIdentity, now: Date): Claim {
  const budget = plan.steps.reduce((ms, s) => ms + s.timeoutMs, 0);
  return {
    id: c.id,
    request: c.path,
    commit: c.commit,
    ...(c.target ? { target: c.target } : {}),
    claimed_at: now.toISOString(),
    ...(me.run ? { run: me.run } : {}),
    host: me.host,
    pid: me.pid,
    lease_until: new Date(now.getTime() + budget + LEASE_MARGIN_MS).toISOString(),
  };
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const staleTempFiles = await removeStaleTempFiles(deps.repoDir);
  for (const t of staleTempFiles) deps.log(`removed ${t}, left by an interrupted record write`);
  const scan = await scanPending(deps.repoDir, {
    now: deps.now(),
    ...(deps.settings ? { settings: deps.settings } : {}),
    live: deps.live,
  });
  for (const n of scan.notes) deps.log(`⚠ ${n}`);
  await faultPoint('reconcile.scanned');
  const items: ReconcileItem[] = [];
  const settled = new Set<string>();
  let publishError: string | undefined;
  let done = 0;
  // target → the execution another run claimed under this pass: the requests after it for the same
  // target wait for that run, which runs them in merge order (decide() held them only for claims
  // already there when the pass scanned).
  const lost = new Map<string, string>();

  const publishRecord = async (c: Candidate, item: ReconcileItem): Promise<boolean> => {
    settled.add(c.key);
    const mark = await watermarkAfter(deps.repoDir, scan, settled);
    await faultPoint('record.push');
    const out = await deps.publisher.publish(
      ['executions', 'incidents'],
      `intentops: record ${c.id}`,
      mark ? { [WATERMARK_TRAILER]: mark } : {},
    );
    if (out.pushed) {
      item.branch = out.branch;
      await faultPoint('record.pushed');
      return true;
    }
    item.publishError = out.error;
    publishError = out.error;
    return false;
  };

  for (const d of scan.decided) {
    if (deps.only && !deps.only(d)) continue;
    const c = d.candidate;
    const base = { path: c.path, id: c.id, ...(c.target ? { target: c.target } : {}) };
    if (d.decision.kind === 'done') {
      done++;
      continue;
    }
    if (publishError || deps.signal?.aborted) {
      items.push({
        ...base,
        status: 'waiting',
        reason: publishError
          ? 'not started: records cannot be published'
          : 'not started: the run was cancelled',
      });
      continue;
    }
    if (deps.dryRun) {
      const would =
        d.decision.kind === 'run'
          ? 'would run'
          : d.decision.kind === 'wait'
            ? d.decision.reason
            : `would record ${d.decision.status}: ${d.decision.reason}`;
      deps.log(`${c.path}: ${would} (dry run)`);
      items.push({ ...base, status: 'waiting', reason: `${would} (dry run)` });
      continue;
    }
    if (d.decision.kind === 'wait') {
      deps.log(`${c.path}: ${d.decision.reason}`);
      items.push({ ...base, status: 'waiting', reason: d.decision.reason });
      continue;
    }
    const holder = c.target && d.decision.kind === 'run' ? lost.get(c.target) : undefined;
    if (holder) {
      const reason = `waiting behind ${holder} on target ${c.target}`;
      deps.log(`${c.path}: ${reason}`);
      items.push({ ...base, status: 'waiting', reason });
      continue;
    }
    const item = await (d.decision.kind === 'finalize' ? settleOne(deps, d, d.decision) : runOne(deps, d));
    items.push(item);
    if (item.status === 'waiting' && c.target && !lost.has(c.target)) lost.set(c.target, c.id);
    if (item.record) {
      await publishRecord(c, item);
      await deps.afterEach?.(item);
      // What the after-run wrote (the alert delivery log) goes in a commit of its own.
      const log = await deps.publisher.publishChanges(['incidents'], `intentops: deliveries for ${c.id}`);
      if (log && !log.pushed) publishError = log.error;
    }
    if (item.publishError && !item.record) publishError = item.publishError;
  }
  return { scan, items, done, staleTempFiles, ...(publishError ? { publishError } : {}) };
}

async function settleOne(
  deps: ReconcileDeps,
  d: Decided,
  decision: Extract<Decision, { kind: 'finalize' }>,
): Promise<ReconcileItem> {
  const c = d.candidate;
  deps.log(`${c.path}: ${decision.status} — ${decision.reason}`);
  const { record, path } = await deps.settle(c, settlementOf(c, decision));
  return {
    path: c.path,
    id: c.id,
    ...(c.target ? { target: c.target } : {}),
    status: record.status,
    reason: decision.reason,
    record,
    recordPath: path,
  };
}

async function runOne(deps: ReconcileDeps, d: Decided): Promise<ReconcileItem> {
  const c = d.candidate;
  const base = { path: c.path, id: c.id, ...(c.target ? { target: c.target } : {}) };
  // Another run's claim already in the checkout (our last push brought it in): its run has the
  // request. Said before the request is planned, which asks GitHub for its pull request's facts — a
  // job whose scan is a minute old (an unsharded run beside the shards) goes through the rest fast.
  const already = await holderOf(deps.repoDir, claimPath(c.id));
  if (already) {
    deps.log(`${c.path}: not run — another run has it: claimed by ${already}`);
    return { ...base, status: 'waiting', reason: `claimed by ${already}` };
  }
  const beforeSteps = async (plan: Plan): Promise<void> => {
    const claim = claimFor(c, plan, deps.me, deps.now());
    const rel = claimPath(c.id);
    // The scan is as old as this job: a lost claim race since (publisher.dropLocal) brought the
    // winners' later claims into the checkout. A claim already here is another run's.
    const held = await holderOf(deps.repoDir, rel);
    if (held) throw new ClaimError(`claimed by ${held}`, true);
    await faultPoint('claim.write');
    await mkdir(dirname(join(deps.repoDir, rel)), { recursive: true });
    await writeFile(join(deps.repoDir, rel), stringify(claim), { flag: 'wx' });
    await faultPoint('claim.push');
    // Never moved off the branch by a busy branch: a claim elsewhere excludes no run racing for it.
    const out = await deps.publisher.publish([rel], `intentops: claim ${c.id}`, {}, { busy: 'fail' });
    if (!out.pushed) {
      // Lost the race: the checkout now holds the winner's claim, which says who it is.
      const winner = out.taken ? await holderOf(deps.repoDir, rel) : undefined;
      throw new ClaimError(
        winner ? `claimed by ${winner}` : out.error,
        out.taken === true,
        out.busy === true,
      );
    }
    await faultPoint('claim.pushed');
    deps.log(`${c.path}: claimed as ${c.id} on ${out.branch}`);
  };
  try {
    const { record, path } = await deps.execute(c, beforeSteps);
    return {
      ...base,
      status: record.status,
      ...(record.status_reason ? { reason: record.status_reason } : {}),
      record,
      recordPath: path,
    };
  } catch (err) {
    if (err instanceof ClaimError && err.busy) {
      // Nothing ran and nothing is lost (the claim commit was dropped): the next run picks it up,
      // and the requests after it for its target wait behind it. Not a publish failure: the job
      // stays green.
      const reason = `waiting for the next run: ${deps.publisher.branch} kept moving, so its claim was not pushed`;
      deps.log(`${c.path}: ${reason} (${err.message})`);
      return { ...base, status: 'waiting', reason };
    }
    if (err instanceof ClaimError) {
      const who = err.message.startsWith('claimed by ') ? err.message : 'claimed by another run';
      deps.log(`${c.path}: not run — ${err.taken ? `another run has it: ${who}` : err.message}`);
      return err.taken
        ? { ...base, status: 'waiting', reason: who }
        : {
            ...base,
            status: 'waiting',
            reason: `not run: the claim could not be pushed (${err.message})`,
            publishError: err.message,
          };
    }
    if (err instanceof InputError) {
      // Bad input gets a final record that says why: a request that can never run must not be
      // retried every few minutes, nor silently skipped.
      const reason = `invalid request, nothing ran: ${err.diagnostics.map(formatDiagnostic).join('; ')}`;
      return settleOne(deps, d, { kind: 'finalize', status: 'denied', reason });
    }
    throw err;
  }
}

/** Who holds the claim at `rel` in the checkout, or undefined when there is none. */
async function holderOf(repoDir: string, rel: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(repoDir, rel), 'utf8');
  } catch {
    return undefined;
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = undefined;
  }
  const claim = ClaimSchema.safeParse(doc);
  // Unreadable, it is still another run's: never overwritten, never run over.
  return claim.success ? claimant(claim.data) : 'another run (its claim cannot be read)';
}

/** The watermark to write with the next record, or undefined when it would not move. */
async function watermarkAfter(
  repoDir: string,
  scan: PendingScan,
  settled: ReadonlySet<string>,
): Promise<string | undefined> {
  const next = nextWatermark(scan.decided, (c) => settled.has(c.key), scan.head);
  const sha = 'head' in next ? next.head : await parentOf(repoDir, next.before.commit);
  return sha && sha !== scan.since ? sha : undefined;
}
