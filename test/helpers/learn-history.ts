import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { serializeRecord } from '../../src/adapters/record-store.js';
import { BOT_IDENTITY } from '../../src/domain/bot/bot-identity.js';
import { draftFingerprint } from '../../src/domain/incidents/incident-draft.js';
import { followUpId } from '../../src/domain/records/bake-record.js';
import { executionId, formatSeconds, recordPath } from '../../src/domain/records/record.js';
import { rollbackId } from '../../src/domain/rollback/rollback.js';
import type { Anomaly, ExecutionRecord } from '../../src/domain/schemas/record.js';
import { makeRecord } from './record-fixture.js';

// Hand-built histories with known answers, in the shape the bot writes them: an execution record per
// run, a bake's follow-up record (`observation_of`), a rollback's own record (`rollback_of`), the
// anomaly log lines the execute and observe runs append, all committed by the bot as the action does.

export interface HandRun {
  at: Date;
  app: string;
  intent?: string;
  status?: ExecutionRecord['status'];
  durationS?: number;
  expectedS?: number;
  /** `before.metrics.memory_usage` and `after.metrics.memory_usage`. */
  memory?: [number, number];
  errors?: [number, number];
  fired?: readonly { rule: string; inputs?: Record<string, unknown> }[];
}

let n = 0;

function anomaly(rule: string, inputs: Record<string, unknown> = {}): Anomaly {
  return {
    rule,
    severity: 'P2',
    action: 'create_incident_draft',
    condition: 'true',
    rules_file: 'intents/anomaly-rules/default.yaml',
    inputs,
  };
}

export function run(r: HandRun): ExecutionRecord {
  n += 1;
  const intent = r.intent ?? 'deploy-app';
  const [before, after] = r.memory ?? [40, 42];
  const [errBefore, errAfter] = r.errors ?? [0, 0];
  return makeRecord({
    id: executionId({ at: r.at, intent, target: r.app, unique: `hand ${n}` }),
    timestamp: r.at.toISOString(),
    intent,
    params: { app: r.app },
    request: { path: `intents/requests/${intent}-${r.app}-${n}.yaml`, commit: null, reason: 'hand-built' },
    before: { metrics: { memory_usage: before }, error_count: errBefore, pod_restarts: 0 },
    after: { metrics: { memory_usage: after }, error_count: errAfter, pod_restarts: 0 },
    anomalies: (r.fired ?? []).map((a) => anomaly(a.rule, a.inputs)),
    status: r.status ?? 'success',
    duration: formatSeconds((r.durationS ?? 40) * 1000),
    expected_duration: `${r.expectedS ?? 180}s`,
  });
}

/** The bake's follow-up of `x`, ended `minutes` after it, where `fired` fired again. */
export function bake(x: ExecutionRecord, minutes: number, fired: readonly string[]): ExecutionRecord {
  const ended = new Date(Date.parse(x.timestamp) + minutes * 60_000);
  return makeRecord({
    ...x,
    id: followUpId(x, ended),
    timestamp: ended.toISOString(),
    observation_of: x.id,
    observation: {
      verdict: fired.length ? 'fail' : 'pass',
      reason: fired.length ? `${fired.join(', ')} fired` : 'quiet',
      for: `${minutes}m`,
      interval: '1m',
      expected_samples: minutes,
      run_status: x.status,
      started: x.timestamp,
      ended: ended.toISOString(),
      samples: [],
      first_seen: [],
    },
    commands_run: [],
    anomalies: fired.map((rule) => anomaly(rule, x.anomalies.find((a) => a.rule === rule)?.inputs)),
    drafts: [],
  });
}

/** The rollback of `x`, `minutes` after it: an execution of its own. */
export function rollback(x: ExecutionRecord, minutes: number): ExecutionRecord {
  const at = new Date(Date.parse(x.timestamp) + minutes * 60_000);
  return makeRecord({
    ...x,
    id: rollbackId(x, at),
    timestamp: at.toISOString(),
    rollback_of: x.id,
    rollback: { mode: 'auto', by: 'policy', trigger: 'P1 failure indicator' },
    anomalies: [],
    drafts: [],
  });
}

/** The fingerprint of the incident `rule` opened on `x`'s target: what a note on its issue carries. */
export const incidentOf = (x: ExecutionRecord, rule: string) =>
  draftFingerprint(x.intent, rule, x.params.app as string);

/** The anomaly log line the execute run (or, for a follow-up, the observe run) appends. */
function logLine(r: ExecutionRecord, a: Anomaly): string {
  return JSON.stringify({
    at: r.timestamp,
    execution: r.id,
    ...(r.observation_of ? { observation_of: r.observation_of } : {}),
    intent: r.intent,
    target: r.params.app ?? null,
    rule: a.rule,
    severity: a.severity,
    action: a.action,
    inputs: a.inputs,
  });
}

/** Writes the records and their log lines, committed by the bot as the execute and observe runs do. */
export async function commitRecords(repo: string, records: readonly ExecutionRecord[]): Promise<void> {
  let log = '';
  for (const r of [...records].sort((a, b) => a.timestamp.localeCompare(b.timestamp))) {
    const abs = join(repo, recordPath(r));
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, serializeRecord(r));
    for (const a of r.anomalies) log += `${logLine(r, a)}\n`;
  }
  await mkdir(join(repo, 'incidents'), { recursive: true });
  await appendFile(join(repo, 'incidents', 'anomaly-log.jsonl'), log);
  commitAsBot(repo, 'intentops: records');
}

export function commitAsBot(repo: string, message: string): void {
  const as = ['-c', `user.name=${BOT_IDENTITY.name}`, '-c', `user.email=${BOT_IDENTITY.email}`];
  execFileSync('git', ['add', '-A'], { cwd: repo });
  execFileSync('git', [...as, 'commit', '-qm', message], { cwd: repo });
}
