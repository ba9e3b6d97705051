import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { serializeRecord } from '../src/adapters/record-store.js';
import { executionId, formatSeconds, recordPath, sealRecord } from '../src/domain/records/record.js';
import type { Anomaly, ExecutionRecord, UnsignedRecord } from '../src/domain/schemas/record.js';

// Synthetic execution histories in the real record shape (sealed, chained), for the learning and
// audit benchmarks and for scenario tests that plant patterns in realistic noise.

export interface PlannedRun {
  at: Date;
  intent: string;
  app: string;
  durationS?: number;
  expectedS?: number;
  anomalies?: Pick<Anomaly, 'rule' | 'inputs'>[];
  status?: ExecutionRecord['status'];
  /** `before.metrics.memory_usage`; a small varying level when absent. */
  memoryBefore?: number;
  /** `request.proposed_by`: who proposed the request. */
  proposedBy?: string;
  /** A rollback: the execution it undid (decided by the policy). */
  rollbackOf?: string;
}

const RULE_CONDITIONS: Record<string, string> = {
  memory_spike: 'after.metrics.memory_usage - before.metrics.memory_usage > 20',
  error_rate_increase: 'error_count_after > error_count_before * 2',
  unexpected_restart: 'pod_restarts_after > pod_restarts_before',
  slow_deployment: 'duration > expected_duration * 2',
};

export function syntheticRecord(run: PlannedRun, prev: string | null, n: number): ExecutionRecord {
  const id = executionId({ at: run.at, intent: run.intent, target: run.app, unique: `${n}` });
  const duration = run.durationS ?? 40 + (n % 50);
  const anomalies: Anomaly[] = (run.anomalies ?? []).map((a) => ({
    rule: a.rule,
    severity: 'P2',
    action: a.rule === 'slow_deployment' ? 'log_warning' : 'flag_for_review',
    condition: RULE_CONDITIONS[a.rule] ?? 'true',
    rules_file: 'intents/anomaly-rules/default.yaml',
    inputs: a.inputs,
  }));
  const before = {
    metrics: { memory_usage: run.memoryBefore ?? 40 + (n % 7) },
    error_count: 0,
    pod_restarts: 0,
  };
  const unsigned: UnsignedRecord = {
    id,
    timestamp: run.at.toISOString(),
    intent: run.intent,
    params: { app: run.app, tag: `1.${n % 10}.0` },
    ...(run.rollbackOf
      ? {
          rollback_of: run.rollbackOf,
          rollback: { mode: 'auto' as const, by: 'policy', trigger: 'P1 failure indicator' },
        }
      : {}),
    request: {
      path: `intents/requests/${run.intent}-${run.app}-${n}.yaml`,
      commit: `${(n * 2654435761).toString(16).padStart(8, '0')}`.repeat(5),
      reason: `Synthetic run ${n}`,
      ...(run.proposedBy ? { proposed_by: run.proposedBy } : {}),
    },
    before,
    commands_run: [
      {
        step: 'apply',
        cmd: `kubectl apply -k apps/'${run.app}'`,
        exit_code: 0,
        duration: '1.204s',
        output_bytes: 48,
        stdout_tail: `deployment.apps/${run.app} configured\n`,
        stderr_tail: '',
      },
      {
        step: 'rollout',
        cmd: ['kubectl', 'rollout', 'status', `deployment/${run.app}`, '-n', run.app],
        exit_code: 0,
        duration: formatSeconds(duration * 900),
        output_bytes: 40,
        stdout_tail: `deployment "${run.app}" successfully rolled out\n`,
        stderr_tail: '',
      },
    ],
    after: { ...before, metrics: { memory_usage: before.metrics.memory_usage + 3 } },
    outcome_checks: { pods_ready: 'pass' },
    checks: [
      {
        name: 'pods_ready',
        cmd: `kubectl get pods -n '${run.app}'`,
        expected: '"0"',
        result: 'pass',
        duration: '2.1s',
        attempts: [{ at: run.at.toISOString(), exit_code: 0, output: '0', matched: true }],
      },
    ],
    failure_indicators: [],
    anomalies,
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: run.status ?? 'success',
    duration: formatSeconds(duration * 1000),
    ...(run.expectedS ? { expected_duration: `${run.expectedS}s` } : {}),
    tool: { name: 'intentops', version: '0.1.0' },
    catalog_digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    prev_digest: prev,
  };
  return sealRecord(unsigned);
}

/** Writes the runs as records (chained in order) and their anomalies to the anomaly log. */
export async function writeHistory(repoDir: string, runs: readonly PlannedRun[]): Promise<ExecutionRecord[]> {
  let prev: string | null = null;
  const out: ExecutionRecord[] = [];
  let log = '';
  for (const [n, run] of [...runs].sort((a, b) => a.at.getTime() - b.at.getTime()).entries()) {
    const r = syntheticRecord(run, prev, n);
    prev = r.digest;
    const abs = join(repoDir, recordPath(r));
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, serializeRecord(r));
    for (const a of r.anomalies) {
      log += `${JSON.stringify({ at: r.timestamp, execution: r.id, intent: r.intent, target: run.app, rule: a.rule, severity: a.severity, action: a.action, inputs: a.inputs })}\n`;
    }
    out.push(r);
  }
  if (log) {
    await mkdir(join(repoDir, 'incidents'), { recursive: true });
    await appendFile(join(repoDir, 'incidents', 'anomaly-log.jsonl'), log);
  }
  return out;
}

/** `count` runs over `days` days before `end`: deploys and restarts of a dozen apps, few anomalies. */
export function noise(count: number, end: Date, days: number, seed = 1): PlannedRun[] {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const apps = [
    'home-portal',
    'shop',
    'search',
    'billing',
    'auth',
    'mail',
    'chat',
    'docs',
    'api',
    'admin',
    'cdn',
    'jobs',
  ];
  return Array.from({ length: count }, (_, i) => ({
    at: new Date(end.getTime() - rand() * days * 86_400_000 - 1000),
    intent: i % 3 === 0 ? 'restart-app' : 'deploy-app',
    app: apps[Math.floor(rand() * apps.length)] as string,
    durationS: 30 + Math.round(rand() * 60),
    expectedS: 180,
  }));
}
