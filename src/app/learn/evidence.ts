import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANOMALY_LOG } from '../../adapters/git-publish.js';
import { scanRecords } from '../../adapters/record-scan.js';
import { readRollups } from '../../adapters/rollup-store.js';
import { draftFingerprint } from '../../domain/incidents/incident-draft.js';
import { MANUAL_NOTES, type ManualNote } from '../../domain/incidents/incident-filing.js';
import type { EvidenceTrust, RejectedEvidence } from '../../domain/learn/provenance.js';
import { addRolledUp } from '../../domain/learn/rolled-up.js';
import {
  type AnomalyFact,
  type Evidence,
  type ExecutionFact,
  ROLLED_BACK_RULE,
} from '../../domain/learn/types.js';
import { targetOf } from '../../domain/request/target.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import { type EvidenceOrigin, evidenceOrigin } from './evidence-origin.js';

// What learning counts from: execution records (streamed; only the facts are kept, so 100,000
// records fit in memory), the anomaly log and rollups (which outlive pruned records), manual notes.
// Only what a trusted writer committed counts (see evidence-origin.ts); the rest is returned as
// rejected, with the reason, for the report.

/** Where learning's evidence lives: the paths whose history says who wrote it. */
export const EVIDENCE_PATHS = ['executions', ANOMALY_LOG, MANUAL_NOTES] as const;

type Rec = {
  id?: unknown;
  timestamp?: unknown;
  intent?: unknown;
  params?: Record<string, unknown>;
  environment?: unknown;
  status?: unknown;
  duration?: unknown;
  expected_duration?: unknown;
  observation_of?: unknown;
  before?: { metrics?: Record<string, unknown> };
  anomalies?: { rule?: unknown; severity?: unknown; inputs?: unknown }[];
  drafts?: { fingerprint?: unknown; path?: unknown }[];
  rollback_of?: unknown;
  rollback?: { by?: unknown; mode?: unknown };
};

/** The numbers of a snapshot's metrics (null = no data is left out); undefined when there are none. */
function numericMetrics(m: Record<string, unknown> | undefined): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
const seconds = (d: unknown) => {
  try {
    return typeof d === 'string' || typeof d === 'number' ? durationSeconds(d) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The lines of a log that would count (`keep`), each judged by who wrote it: kept, or rejected
 * with `path:line` and the reason.
 */
async function jsonLines<T>(
  repoDir: string,
  path: string,
  keep: (x: T) => boolean,
  origin: EvidenceOrigin,
  reject: (where: string, reason: string) => void,
): Promise<T[]> {
  const text = await readFile(join(repoDir, path), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const judge = await origin.lines(path, text);
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let x: T;
    try {
      x = JSON.parse(line) as T;
    } catch {
      return; // not ours to judge here
    }
    if (!x || typeof x !== 'object' || !keep(x)) return;
    const reason = judge(line);
    if (reason === null) out.push(x);
    else reject(`${path}:${i + 1}`, reason);
  });
  return out;
}

/**
 * Strings kept from a parsed record are slices of the whole file's text, which they keep alive:
 * 100,000 records would hold every file in memory. Few distinct values are shared; unique ones copied.
 */
function ownStrings() {
  const seen = new Map<string, string>();
  return {
    shared: (s: string) => {
      let v = seen.get(s);
      if (v === undefined) {
        v = copy(s);
        seen.set(v, v);
      }
      return v;
    },
    copy,
  };
}
const copy = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

export async function loadEvidence(
  repoDir: string,
  since: Date,
  trust: EvidenceTrust,
): Promise<Evidence & { rejected: RejectedEvidence[]; origin: EvidenceOrigin }> {
  const from = since.toISOString();
  const { shared } = ownStrings();
  // git answers who wrote what while the records are read and parsed (another core, another process).
  const asked = evidenceOrigin(repoDir, trust, EVIDENCE_PATHS);
  asked.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const rejected: RejectedEvidence[] = [];
  let executions: ExecutionFact[] = [];
  const anomalies = new Map<string, AnomalyFact>();
  // Every record read, whatever it brought (an execution, a bake's anomalies, nothing): each is
  // checked for who committed it, and callers that read records again skip the rejected ones.
  const scanned: string[] = [];
  for await (const { path, record } of scanRecords(repoDir, { since })) {
    const r = record as Rec;
    if (typeof r?.id !== 'string' || typeof r.timestamp !== 'string' || typeof r.intent !== 'string')
      continue;
    if (r.timestamp < from) continue;
    scanned.push(path);
    const rawTarget = targetOf(r.params ?? {});
    const target = rawTarget === undefined ? undefined : shared(rawTarget);
    const durationS = seconds(r.duration);
    const expectedS = seconds(r.expected_duration);
    // A bake's follow-up record is not an execution of its own: its anomalies belong to the run it
    // observed (one rule firing in the run and again in its bake counts once).
    const observed = typeof r.observation_of === 'string' ? copy(r.observation_of) : undefined;
    const [id, at, intent] = [observed ?? copy(r.id), copy(r.timestamp), shared(r.intent)];
    const beforeMetrics = numericMetrics(r.before?.metrics);
    const rollbackOf = typeof r.rollback_of === 'string' ? copy(r.rollback_of) : undefined;
    if (!observed)
      executions.push({
        id,
        at,
        intent,
        status: shared(String(r.status)),
        path,
        ...(target ? { target } : {}),
        ...(durationS !== undefined ? { durationS } : {}),
        ...(expectedS !== undefined ? { expectedS } : {}),
        ...(beforeMetrics ? { beforeMetrics } : {}),
        ...(rollbackOf ? { rollbackOf } : {}),
      });
    if (typeof r.rollback_of === 'string') {
      anomalies.set(`${r.rollback_of}\u0000${ROLLED_BACK_RULE}`, {
        at,
        execution: copy(r.rollback_of),
        intent,
        rule: ROLLED_BACK_RULE,
        severity: 'P2',
        inputs: { rollback: id, by: String(r.rollback?.by ?? ''), mode: String(r.rollback?.mode ?? '') },
        recordPath: path,
        ...(target ? { target } : {}),
      });
    }
    for (const a of r.anomalies ?? []) {
      if (typeof a.rule !== 'string') continue;
      const environment = typeof r.environment === 'string' ? shared(r.environment) : undefined;
      const fp = draftFingerprint(intent, a.rule, target, environment);
      const draft = r.drafts?.find((d) => d.fingerprint === fp);
      const key = `${id}\u0000${a.rule}`;
      const fact: AnomalyFact = {
        at,
        execution: id,
        intent,
        rule: shared(a.rule),
        severity: shared(String(a.severity)),
        inputs: JSON.parse(JSON.stringify(a.inputs ?? {})) as Record<string, unknown>,
        recordPath: path,
        ...(target ? { target } : {}),
        ...(environment !== undefined ? { environment } : {}),
        ...(typeof draft?.path === 'string' ? { incident: copy(draft.path) } : {}),
      };
      // Fired in the run and again in its bake: the run's own record is the evidence, the
      // follow-up only adds what the run lacks (the incident its bake opened).
      const seen = anomalies.get(key);
      anomalies.set(key, !seen ? fact : observed ? { ...fact, ...seen } : { ...seen, ...fact });
    }
  }
  // Records a trusted writer did not commit leave, with their anomalies.
  const origin = await asked;
  const dropped = new Set<string>();
  for (const path of new Set(scanned)) {
    const reason = origin.file(path);
    if (reason === null) continue;
    dropped.add(path);
    rejected.push({ kind: 'record', where: path, reason });
  }
  if (dropped.size) {
    executions = executions.filter((e) => e.path === undefined || !dropped.has(e.path));
    for (const [key, a] of anomalies) if (a.recordPath && dropped.has(a.recordPath)) anomalies.delete(key);
  }
  // The log names anomalies whose records were pruned (or are elsewhere): those count too.
  type LogLine = {
    at: string;
    execution: string;
    intent: string;
    target?: string | null;
    rule: string;
    severity: string;
    inputs?: Record<string, unknown>;
    /** A bake's line: the run it observed, whose anomaly this is. */
    observation_of?: string;
  };
  const logged = await jsonLines<LogLine>(
    repoDir,
    ANOMALY_LOG,
    (l) =>
      typeof l.at === 'string' &&
      l.at >= from &&
      typeof l.rule === 'string' &&
      typeof l.intent === 'string' &&
      typeof l.execution === 'string',
    origin,
    (where, reason) => rejected.push({ kind: 'anomaly', where, reason }),
  );
  for (const l of logged) {
    const execution = typeof l.observation_of === 'string' ? l.observation_of : l.execution;
    const key = `${execution}\u0000${l.rule}`;
    if (anomalies.has(key)) continue;
    anomalies.set(key, {
      at: l.at,
      execution,
      intent: l.intent,
      rule: l.rule,
      severity: String(l.severity),
      inputs: l.inputs ?? {},
      ...(l.target ? { target: l.target } : {}),
    });
  }
  // Pruned records live on as rollup entries (see rolled-up.ts): the trusted ones count.
  const rolledUp = (await readRollups(repoDir)).filter((e) => {
    if (e.timestamp < from) return false;
    const reason = origin.file(e.rollupPath);
    if (reason !== null) rejected.push({ kind: 'rollup', where: `${e.rollupPath} (${e.id})`, reason });
    return reason === null;
  });
  addRolledUp(rolledUp, executions, anomalies);
  const notes = await jsonLines<ManualNote>(
    repoDir,
    MANUAL_NOTES,
    (n) =>
      typeof n.at === 'string' && n.at >= from && typeof n.text === 'string' && typeof n.comment === 'number',
    origin,
    (where, reason) => rejected.push({ kind: 'note', where, reason }),
  );
  return {
    executions,
    anomalies: [...anomalies.values()].sort((a, b) => a.at.localeCompare(b.at)),
    notes,
    rejected,
    // Who wrote any file, for readers that look further back than `since` (the track record).
    origin,
  };
}
