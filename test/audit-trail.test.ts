import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RecordStore } from '../src/adapters/record-store.js';
import { replayAll } from '../src/app/audit/replay.js';
import { auditVerify } from '../src/app/audit/verify.js';
import { runDemo } from '../src/app/demo/demo.js';
import { runRequest } from '../src/app/execute/run-request.js';
import { realPorts } from '../src/app/shared/real-ports.js';
import { recordDigest, sealRecord } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// One history through many scenarios (success with anomalies, failed step, timeout, P1 indicator,
// continue_on_error, denied, cancelled, providers unavailable), then: every record replays to the
// verdict it recorded, and tampering with any one record is named by path.

const INTENTS: Record<string, string> = {
  'intents/catalog/slow.yaml': `name: slow
description: times out
risk: low
steps:
  - name: wait
    run: sleep 5
    timeout: 300ms
`,
  'intents/catalog/crash.yaml': `name: crash
description: says CrashLoopBackOff
risk: low
steps:
  - name: rollout
    run: echo "pod web-1 CrashLoopBackOff"
`,
  'intents/outcomes/crash.yaml': `outcomes:
  success:
    - { condition: ok, check: "echo ok", expected: ok }
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`,
  'intents/catalog/flaky.yaml': `name: flaky
description: a failing step that may fail
risk: low
steps:
  - name: optional
    run: exit 3
    continue_on_error: true
  - name: next
    run: ["true"]
`,
  'intents/catalog/observed.yaml': `name: observed
description: Prometheus is down
risk: low
params:
  app: { type: string, pattern: "^[a-z]+$" }
steps:
  - name: noop
    run: ["true"]
expected_duration: 1s
capture:
  timeout: 500ms
  prometheus:
    url: http://127.0.0.1:9/
    queries:
      memory_usage: 'sum(container_memory_working_set_bytes{pod=~"{{app}}-.*"})'
`,
  'intents/catalog/hang.yaml': `name: hang
description: cancelled mid-step
risk: low
steps:
  - name: hang
    run: sleep 30
    timeout: 60s
`,
  'intents/policies/p.yaml': `policies:
  - name: only-known-apps
    match: { intents: [work] }
    params:
      app: { allow: [web, api, a] }
`,
};

const REQUESTS: Record<string, string> = {
  'intents/requests/spike.yaml': request({ app: 'a', mem: 55, restarts: 2 }),
  'intents/requests/fail.yaml': request({ app: 'a', fail_step: true }),
  'intents/requests/fine.yaml': request({ app: 'web' }),
  'intents/requests/denied.yaml': request({ app: 'db' }),
  'intents/requests/slow.yaml': 'intent: slow\nreason: t\n',
  'intents/requests/crash.yaml': 'intent: crash\nreason: t\n',
  'intents/requests/flaky.yaml': 'intent: flaky\nreason: t\n',
  'intents/requests/observed.yaml': 'intent: observed\nparams: { app: web }\nreason: t\n',
  'intents/requests/hang.yaml': 'intent: hang\nreason: t\n',
};

let history: string;
const copies: string[] = [];
let paths: string[] = [];

beforeAll(async () => {
  history = await makeRepo({ ...baseFiles(), ...INTENTS, ...REQUESTS });
  await writeFiles(history, { 'state/mem': '30\n' });
  for (const req of Object.keys(REQUESTS)) {
    if (req.endsWith('hang.yaml')) continue;
    const res = await cli(['--repo', history, 'run', req]);
    expect(res.code, `${req}: ${res.stderr}`).toBeLessThan(2);
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 400);
  await runRequest(
    {
      repoDir: history,
      requestPath: 'intents/requests/hang.yaml',
      toolVersion: 'test',
      env: {},
      signal: controller.signal,
      approvals: 1,
      approvalDetail: 'approved by alice',
      approvalsFrom: { approvers: ['alice'], headSha: 'f'.repeat(40), pr: 7 },
    },
    realPorts(() => {}),
  );
  paths = await new RecordStore(history).list();
}, 120_000);

afterAll(async () => {
  await Promise.all([history, ...copies].filter(Boolean).map(removeRepo));
});

async function copyOfHistory(): Promise<string> {
  const dir = `${history}-copy-${copies.length}`;
  await cp(history, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

/** A record that another names as its predecessor, and that successor. */
async function linked(dir: string, skip = 0): Promise<{ rel: string; next: string }> {
  const records = await Promise.all(paths.map((p) => read(dir, p)));
  const found = records
    .map((r, i) => ({ i, j: records.findIndex((n) => n.prev_digest === r.digest) }))
    .filter((x) => x.j >= 0);
  const pick = found[skip % found.length] as { i: number; j: number };
  return { rel: paths[pick.i] as string, next: paths[pick.j] as string };
}

async function read(dir: string, rel: string): Promise<ExecutionRecord> {
  return parse(await readFile(join(dir, rel), 'utf8')) as ExecutionRecord;
}

async function write(dir: string, rel: string, r: ExecutionRecord): Promise<void> {
  await writeFile(join(dir, rel), stringify(r, { lineWidth: 0 }));
}

describe('the scenario history', () => {
  it('holds every kind of outcome, with what replay and auditors need', async () => {
    const records = await Promise.all(paths.map((p) => read(history, p)));
    const statuses = records.map((r) => r.status).sort();
    expect(statuses).toEqual([
      'cancelled',
      'denied',
      'failed',
      'failed',
      'failed',
      'success',
      'success',
      'success',
      'success',
    ]);
    const spike = records.find((r) => r.params.mem === 55) as ExecutionRecord;
    expect(spike.anomalies.map((a) => a.rule).sort()).toEqual(['memory_spike', 'unexpected_restart']);
    expect(spike.rules_evaluated?.map((e) => [e.rule, e.result])).toEqual([
      ['memory_spike', 'fired'],
      ['error_rate_increase', 'not_fired'],
      ['unexpected_restart', 'fired'],
      ['slow_deployment', 'not_fired'],
    ]);
    expect(spike.queries?.captures?.['metrics.memory_usage']).toBe('cat state/mem');
    expect(spike.approvals).toEqual({ count: null });
    const observed = records.find((r) => r.intent === 'observed') as ExecutionRecord;
    expect(observed.queries?.prometheus).toEqual({
      memory_usage: 'sum(container_memory_working_set_bytes{pod=~"web-.*"})',
    });
    expect(observed.before?.unavailable?.[0]?.source).toMatch(/prometheus/);
    const cancelled = records.find((r) => r.status === 'cancelled') as ExecutionRecord;
    expect(cancelled.approvals).toMatchObject({ count: 1, approvers: ['alice'], pr: 7 });
    expect(records.find((r) => r.intent === 'flaky')?.commands_run[0]?.continue_on_error).toBe(true);
    for (const r of records) expect(r.digest).toBe(recordDigest(r));
  });
});

describe('replay', () => {
  it('gives every record of the history the verdict it recorded', async () => {
    const all = await replayAll(history);
    expect(all.unreadable).toEqual([]);
    expect(all.differing).toEqual([]);
    expect(all.replayed).toBe(paths.length);
    const res = await cli(['--repo', history, 'replay', '--all']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`replayed ${paths.length} record(s): ${paths.length} same verdict`);
  });

  it('shows one execution as a timeline, by id or by path, text and JSON', async () => {
    const records = await Promise.all(paths.map((p) => read(history, p)));
    const spike = records.find((r) => r.params.mem === 55) as ExecutionRecord;
    const text = await cli(['--repo', history, 'replay', spike.id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("write: mkdir -p state && echo '55' > state/mem");
    expect(text.stdout).toContain('metrics.memory_usage = 30');
    expect(text.stdout).toMatch(/check state_written: pass .*\n {4}\S+ exit 0 matched: "ok"/);
    expect(text.stdout).toContain('memory_spike: fired');
    expect(text.stdout).toContain(
      'replay: same verdict — success, anomalies [memory_spike, unexpected_restart]',
    );
    const path = paths.find((p) => p.includes(spike.id)) as string;
    const json = await cli(['--repo', history, '--json', 'replay', path]);
    expect(JSON.parse(json.stdout).replay).toMatchObject({
      differences: [],
      replayed: { status: 'success', anomalies: ['memory_spike', 'unexpected_restart'] },
    });
    const crash = records.find((r) => r.intent === 'crash') as ExecutionRecord;
    const crashText = await cli(['--repo', history, 'replay', crash.id]);
    expect(crashText.stdout).toContain('indicator CrashLoopBackOff (P1) in step:rollout');
  });

  it('says when a record no longer gives its verdict, and refuses an unknown execution', async () => {
    const dir = await copyOfHistory();
    const records = await Promise.all(paths.map((p) => read(dir, p)));
    const i = records.findIndex((r) => r.params.mem === 55);
    const r = records[i] as ExecutionRecord;
    // A rewritten record (resealed, so only replay can tell): the memory reading no longer spikes.
    const changed = sealRecord({ ...r, after: { ...r.after, metrics: { memory_usage: 31 } } });
    await write(dir, paths[i] as string, changed);
    const res = await cli(['--repo', dir, 'replay', r.id]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('anomaly memory_spike: recorded, does not fire on replay');
    const all = await cli(['--repo', dir, 'replay', '--all']);
    expect(all.code).toBe(1);
    expect(all.stderr).toContain(`✖ ${paths[i]}: anomaly memory_spike`);
    const missing = await cli(['--repo', dir, 'replay', 'exec-nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('exec-nope: no such execution record');
    const outside = await cli(['--repo', dir, 'replay', '../../../etc/passwd']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('expected an execution id or a path executions/YYYY-MM-DD/<id>.yaml');
  });
});

describe('the demo repo', () => {
  it('replays to the recorded verdicts and verifies', async () => {
    const dir = `${history}-demo`;
    copies.push(dir);
    const lines: string[] = [];
    expect(
      await runDemo({ dir, clean: false, version: 'test', print: (l) => lines.push(l) }),
      lines.join('\n'),
    ).toBe(0);
    const all = await replayAll(dir);
    const written = (await new RecordStore(dir).list()).length;
    expect(written).toBeGreaterThanOrEqual(3);
    expect(all.replayed).toBe(written);
    expect(all.differing).toEqual([]);
    expect(all.unreadable).toEqual([]);
    const audit = await auditVerify(dir);
    expect(audit.problems).toEqual([]);
    expect(audit.records).toBe(written);
  }, 60_000);
});

describe('audit verify', () => {
  it('passes on the untouched history', async () => {
    const res = await cli(['--repo', history, 'audit', 'verify']);
    expect(res.stdout).toBe('');
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`${paths.length} record(s)`);
  });

  it('names a record whose content changed', async () => {
    const dir = await copyOfHistory();
    const rel = paths[2] as string;
    const r = await read(dir, rel);
    await write(dir, rel, { ...r, status: r.status === 'success' ? 'failed' : 'success' });
    const res = await cli(['--repo', dir, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✖ ${rel}: changed: digest mismatch`);
  });

  it('names a record whose digest field was edited, and its successor', async () => {
    const dir = await copyOfHistory();
    const { rel, next } = await linked(dir, 1);
    const r = await read(dir, rel);
    await write(dir, rel, { ...r, digest: `sha256:${'0'.repeat(64)}` });
    const res = await cli(['--repo', dir, '--json', 'audit', 'verify']);
    expect(res.code).toBe(1);
    const problems = JSON.parse(res.stdout).problems as { path: string; kind: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ path: rel, kind: 'changed' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: next, kind: 'missing-predecessor' }));
  });

  it('names the successor of a removed record', async () => {
    const dir = await copyOfHistory();
    const { rel, next } = await linked(dir, 2);
    await rm(join(dir, rel));
    const res = await cli(['--repo', dir, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✖ ${next}: missing-predecessor`);
  });

  it('names an inserted record: backdated before its predecessor, or skipping records before it', async () => {
    const dir = await copyOfHistory();
    const last = await read(dir, paths.at(-1) as string);
    const first = await read(dir, paths[0] as string);
    // Backdated: claims to follow the last record but is dated a day before the first.
    const early = new Date(Date.parse(first.timestamp) - 86_400_000).toISOString();
    const backdated = sealRecord({ ...last, id: `${last.id}-x`, timestamp: early, prev_digest: last.digest });
    const backdatedPath = `executions/${early.slice(0, 10)}/${backdated.id}.yaml`;
    await writeFiles(dir, { [backdatedPath]: stringify(backdated) });
    // Late: dated two hours after the last record, yet naming the first record as predecessor.
    const late = new Date(Date.parse(last.timestamp) + 7_200_000).toISOString();
    const skipping = sealRecord({ ...last, id: `${last.id}-y`, timestamp: late, prev_digest: first.digest });
    const skippingPath = `executions/${late.slice(0, 10)}/${skipping.id}.yaml`;
    await writeFiles(dir, { [skippingPath]: stringify(skipping) });
    const res = await cli(['--repo', dir, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✖ ${backdatedPath}: out-of-order`);
    expect(res.stdout).toContain(`✖ ${skippingPath}: skipped-predecessor`);
  });

  it('names a temporary file an interrupted record write left behind', async () => {
    const dir = await copyOfHistory();
    const tmp = `${paths[1] as string}.1a2b3c4d.tmp`;
    await writeFiles(dir, { [tmp]: 'id: half a rec' });
    const res = await cli(['--repo', dir, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✖ ${tmp}: temp-file`);
  });

  it('names a record moved to another day', async () => {
    const dir = await copyOfHistory();
    const r = await read(dir, paths[1] as string);
    await rm(join(dir, paths[1] as string));
    const moved = `executions/2020-01-01/${r.id}.yaml`;
    await writeFiles(dir, { [moved]: stringify(r) });
    const res = await cli(['--repo', dir, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✖ ${moved}: misplaced`);
  });
});

describe('backtest', () => {
  it('a committed rule by name: fires where the records say it fired, nothing new', async () => {
    const res = await cli(['--repo', history, '--json', 'backtest', '--rule', 'memory_spike']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.records).toBe(paths.length);
    expect(out.rules).toHaveLength(1);
    expect(out.rules[0]).toMatchObject({ rule: 'memory_spike', fires: 1, newlyFires: [], stopsFiring: [] });
  });

  it('a changed rules file: where rules would newly fire, stop firing, or are gone', async () => {
    const dir = await copyOfHistory();
    await writeFiles(dir, {
      'candidate.yaml': `anomaly_rules:
  - name: memory_spike
    condition: "after.metrics.memory_usage - before.metrics.memory_usage > 100"
    severity: P2
    action: flag_for_review
  - name: any_restart
    condition: "pod_restarts_after > 0"
    severity: P3
    action: log_warning
`,
    });
    const res = await cli(['--repo', dir, 'backtest', '--rule', 'candidate.yaml', '--since', '1d']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /memory_spike \(candidate\.yaml, all intents\): fires on 0 of \d+ record\(s\); 0 newly, 1 stop firing/,
    );
    expect(res.stdout).toMatch(
      /any_restart \(candidate\.yaml, all intents\): fires on 1 of \d+ record\(s\); 1 newly/,
    );
    expect(res.stdout).toContain('would stop firing on:');

    // As the committed default file: unexpected_restart, dropped from it, stops where it fired.
    await writeFiles(dir, {
      'intents/anomaly-rules/default.yaml': await readFile(join(dir, 'candidate.yaml'), 'utf8'),
    });
    const asFile = await cli([
      '--repo',
      dir,
      '--json',
      'backtest',
      '--rule',
      'intents/anomaly-rules/default.yaml',
    ]);
    const removed = JSON.parse(asFile.stdout).rules.find(
      (r: { rule: string }) => r.rule === 'unexpected_restart',
    );
    expect(removed).toMatchObject({ removed: true });
    expect(removed.stopsFiring).toHaveLength(1);
  });

  it('a rule that does not type-check is bad input naming file and line', async () => {
    const dir = await copyOfHistory();
    await writeFiles(dir, {
      'bad.yaml':
        'anomaly_rules:\n  - name: x\n    condition: "after.metrics + 1"\n    severity: P2\n    action: log_warning\n',
    });
    const res = await cli(['--repo', dir, 'backtest', '--rule', 'bad.yaml']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/bad\.yaml:3:\d+.*rule 'x'/);
    const unknown = await cli(['--repo', dir, 'backtest', '--rule', 'no_such_rule']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('rules in intents/anomaly-rules/: error_rate_increase, memory_spike');
  });
});
