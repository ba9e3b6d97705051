import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { serializeRecord } from '../../src/adapters/record-store.js';
import { detect } from '../../src/domain/detect/detect.js';
import type { PlannedRule } from '../../src/domain/plan/plan.js';
import { executionId, formatSeconds, recordPath, sealRecord } from '../../src/domain/records/record.js';
import type { ExecutionRecord, UnsignedRecord } from '../../src/domain/schemas/record.js';

// A synthetic history of execution records in the shape `run` writes (snapshots, three steps with
// output tails, a check with attempts, queries, approvals, every rule evaluated), sealed and chained,
// with anomalies computed by the real detection — so replay and audit verify agree with it.

export const SEED_RULES: PlannedRule[] = [
  {
    name: 'memory_spike',
    condition: 'after.metrics.memory_usage - before.metrics.memory_usage > 20',
    severity: 'P2',
    action: 'flag_for_review',
    file: 'intents/anomaly-rules/default.yaml',
  },
  {
    name: 'error_rate_increase',
    condition: 'error_count_after > error_count_before * 2',
    severity: 'P2',
    action: 'create_incident_draft',
    file: 'intents/anomaly-rules/default.yaml',
  },
  {
    name: 'unexpected_restart',
    condition: 'pod_restarts_after > pod_restarts_before',
    severity: 'P2',
    action: 'create_incident_draft',
    file: 'intents/anomaly-rules/default.yaml',
  },
  {
    name: 'slow_deployment',
    condition: 'duration > expected_duration * 2',
    severity: 'P3',
    action: 'log_warning',
    file: 'intents/anomaly-rules/default.yaml',
  },
];

const APPS = ['home-portal', 'billing', 'search', 'auth', 'media', 'reports'];
const INTENTS = ['deploy-app', 'restart-app', 'clear-cache'];

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same history. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function auditRecord(n: number, at: Date, prev: string | null, rand: () => number): ExecutionRecord {
  const app = APPS[Math.floor(rand() * APPS.length)] as string;
  const intent = INTENTS[Math.floor(rand() * INTENTS.length)] as string;
  const failed = rand() < 0.08;
  const durationS = 20 + Math.round(rand() * (rand() < 0.05 ? 400 : 120));
  const memBefore = 40 + Math.round(rand() * 20);
  const memAfter = memBefore + Math.round(rand() * (rand() < 0.1 ? 40 : 10));
  const restartsAfter = rand() < 0.07 ? 1 + Math.floor(rand() * 3) : 0;
  const errorsBefore = Math.floor(rand() * 5);
  const errorsAfter = rand() < 0.05 ? errorsBefore * 3 + 1 : errorsBefore;
  const id = executionId({ at, intent, target: app, unique: `${n}` });
  const ts = at.toISOString();
  const logs = [`${ts} INFO ${app} started`, `${ts} INFO ${app} ready on :8080`];
  const base: Omit<UnsignedRecord, 'anomalies' | 'rules_not_evaluated' | 'rules_evaluated' | 'drafts'> = {
    id,
    timestamp: ts,
    intent,
    params: { app, tag: `1.${n % 20}.${n % 7}` },
    request: {
      path: `intents/requests/${intent}-${app}-${n}.yaml`,
      commit: (n * 2654435761).toString(16).padStart(8, '0').repeat(5).slice(0, 40),
      reason: `Roll out ${app} build ${n}`,
      ...(n % 5 === 0 ? { proposed_by: 'agent-deployer' } : {}),
    },
    before: {
      metrics: { memory_usage: memBefore, cpu_usage: 0.2 + rand() },
      error_count: errorsBefore,
      pod_restarts: 0,
      recent_logs: logs,
    },
    commands_run: [
      {
        step: 'apply',
        cmd: `kubectl apply -k apps/'${app}'`,
        exit_code: 0,
        duration: '1.204s',
        output_bytes: 64,
        stdout_tail: `deployment.apps/${app} configured\nservice/${app} unchanged\n`,
        stderr_tail: '',
      },
      {
        step: 'rollout',
        cmd: ['kubectl', 'rollout', 'status', `deployment/${app}`, '-n', app],
        exit_code: failed ? 1 : 0,
        duration: formatSeconds(durationS * 900),
        output_bytes: 96,
        stdout_tail: `Waiting for deployment "${app}" rollout to finish: 1 of 3 updated replicas are available...\n${failed ? '' : `deployment "${app}" successfully rolled out\n`}`,
        stderr_tail: failed ? 'error: deployment exceeded its progress deadline\n' : '',
      },
    ],
    after: {
      metrics: { memory_usage: memAfter, cpu_usage: 0.2 + rand() },
      error_count: errorsAfter,
      pod_restarts: restartsAfter,
      recent_logs: logs,
    },
    outcome_checks: failed ? {} : { pods_ready: 'pass' },
    checks: failed
      ? []
      : [
          {
            name: 'pods_ready',
            cmd: `kubectl get pods -n '${app}' -l 'app=${app}'`,
            expected: '/Running/',
            result: 'pass',
            duration: '2.1s',
            attempts: [
              { at: ts, exit_code: 0, output: 'Pending', matched: false },
              { at: ts, exit_code: 0, output: 'Running', matched: true },
            ],
          },
        ],
    failure_indicators: [],
    policy: { verdict: 'allow', reasons: ['change-window/window: allow — inside Mon-Fri 08:00-18:00'] },
    status: failed ? 'failed' : 'success',
    ...(failed ? { status_reason: "step 'rollout' failed (exit 1)" } : {}),
    duration: formatSeconds(durationS * 1000),
    expected_duration: '90s',
    approvals: {
      count: 1,
      approvers: ['alice'],
      head_sha: 'a'.repeat(40),
      pr: 100 + n,
      detail: 'approved by alice',
    },
    queries: {
      prometheus: { memory_usage: `sum(container_memory_working_set_bytes{namespace="${app}"})` },
      loki: { selector: `{namespace="${app}"}`, error_pattern: '(?i)(error|exception|fatal|panic)' },
    },
    tool: { name: 'intentops', version: '0.1.0' },
    catalog_digest: `sha256:${'c'.repeat(64)}`,
    prev_digest: prev,
  };
  const d = detect(SEED_RULES, base);
  return sealRecord({
    ...base,
    anomalies: d.anomalies,
    rules_not_evaluated: d.notEvaluated,
    rules_evaluated: d.evaluated,
    drafts: [],
  });
}

/** `count` records from `end - days` to `end`, evenly spaced, chained oldest first. */
export function auditHistory(count: number, end: Date, days: number, seed = 7): ExecutionRecord[] {
  const rand = rng(seed);
  const step = (days * 86_400_000) / Math.max(1, count);
  const out: ExecutionRecord[] = [];
  let prev: string | null = null;
  for (let n = 0; n < count; n++) {
    const at = new Date(end.getTime() - days * 86_400_000 + Math.round(n * step));
    const r = auditRecord(n, at, prev, rand);
    out.push(r);
    prev = r.digest;
  }
  return out;
}

/** Files for makeRepo, or written straight into `dir`. */
export function historyFiles(records: readonly ExecutionRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((r) => [recordPath(r), serializeRecord(r)]));
}

export async function writeAuditHistory(dir: string, records: readonly ExecutionRecord[]): Promise<void> {
  const made = new Set<string>();
  for (let i = 0; i < records.length; i += 64) {
    await Promise.all(
      records.slice(i, i + 64).map(async (r) => {
        const abs = join(dir, recordPath(r));
        const d = dirname(abs);
        if (!made.has(d)) {
          await mkdir(d, { recursive: true });
          made.add(d);
        }
        await writeFile(abs, serializeRecord(r));
      }),
    );
  }
}
