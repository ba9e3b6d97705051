import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANOMALY_LOG } from '../../adapters/git-publish.js';
import { scanRecords } from '../../adapters/record-scan.js';
import { draftFingerprint } from '../../domain/incident-draft.js';
import { MANUAL_NOTES, type ManualNote } from '../../domain/incident-filing.js';
import type { AnomalyFact, Evidence, ExecutionFact } from '../../domain/learn/types.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import { targetOf } from '../../domain/target.js';

// What learning counts from: execution records (streamed; only the facts are kept, so 100,000
// records fit in memory), the anomaly log (which outlives pruned records) and the manual notes.

type Rec = {
  id?: unknown;
  timestamp?: unknown;
  intent?: unknown;
  params?: Record<string, unknown>;
  status?: unknown;
  duration?: unknown;
  expected_duration?: unknown;
  anomalies?: { rule?: unknown; severity?: unknown; inputs?: unknown }[];
  drafts?: { fingerprint?: unknown; path?: unknown }[];
};

const seconds = (d: unknown) => {
  try {
    return typeof d === 'string' || typeof d === 'number' ? durationSeconds(d) : undefined;
  } catch {
    return undefined;
  }
};

async function jsonLines<T>(abs: string, keep: (x: T) => boolean): Promise<T[]> {
  const text = await readFile(abs, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const x = JSON.parse(line) as T;
      if (x && typeof x === 'object' && keep(x)) out.push(x);
    } catch {
      // a half-merged or hand-edited line: the rest of the log still counts
    }
  }
  return out;
}

export async function loadEvidence(repoDir: string, since: Date): Promise<Evidence> {
  const from = since.toISOString();
  const executions: ExecutionFact[] = [];
  const anomalies = new Map<string, AnomalyFact>();
  for await (const { path, record } of scanRecords(repoDir, { since })) {
    const r = record as Rec;
    if (typeof r?.id !== 'string' || typeof r.timestamp !== 'string' || typeof r.intent !== 'string')
      continue;
    if (r.timestamp < from) continue;
    const target = targetOf(r.params ?? {});
    const durationS = seconds(r.duration);
    const expectedS = seconds(r.expected_duration);
    executions.push({
      id: r.id,
      at: r.timestamp,
      intent: r.intent,
      status: String(r.status),
      path,
      ...(target ? { target } : {}),
      ...(durationS !== undefined ? { durationS } : {}),
      ...(expectedS !== undefined ? { expectedS } : {}),
    });
    for (const a of r.anomalies ?? []) {
      if (typeof a.rule !== 'string') continue;
      const fp = draftFingerprint(r.intent, a.rule, target);
      const draft = r.drafts?.find((d) => d.fingerprint === fp);
      anomalies.set(`${r.id}\u0000${a.rule}`, {
        at: r.timestamp,
        execution: r.id,
        intent: r.intent,
        rule: a.rule,
        severity: String(a.severity),
        inputs: (a.inputs ?? {}) as Record<string, unknown>,
        recordPath: path,
        ...(target ? { target } : {}),
        ...(typeof draft?.path === 'string' ? { incident: draft.path } : {}),
      });
    }
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
  };
  const logged = await jsonLines<LogLine>(
    join(repoDir, ANOMALY_LOG),
    (l) =>
      typeof l.at === 'string' &&
      l.at >= from &&
      typeof l.rule === 'string' &&
      typeof l.intent === 'string' &&
      typeof l.execution === 'string',
  );
  for (const l of logged) {
    const key = `${l.execution}\u0000${l.rule}`;
    if (anomalies.has(key)) continue;
    anomalies.set(key, {
      at: l.at,
      execution: l.execution,
      intent: l.intent,
      rule: l.rule,
      severity: String(l.severity),
      inputs: l.inputs ?? {},
      ...(l.target ? { target: l.target } : {}),
    });
  }
  const notes = await jsonLines<ManualNote>(
    join(repoDir, MANUAL_NOTES),
    (n) =>
      typeof n.at === 'string' && n.at >= from && typeof n.text === 'string' && typeof n.comment === 'number',
  );
  return { executions, anomalies: [...anomalies.values()].sort((a, b) => a.at.localeCompare(b.at)), notes };
}
