import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serializeRecord } from '../src/adapters/record-store.js';
import { recordDigest, recordPath } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { ExecutionRecordSchema } from '../src/domain/schemas/record.js';
import { baseFiles, request, WORK_INTENT } from './helpers/fixture-catalog.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function repoWith(files: Record<string, string> = {}): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), ...files });
  repos.push(dir);
  return dir;
}

function records(dir: string): ExecutionRecord[] {
  const root = join(dir, 'executions');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .flatMap((day) =>
      readdirSync(join(root, day))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => parse(readFileSync(join(root, day, f), 'utf8')) as ExecutionRecord),
    );
}

async function run(dir: string, req: string, extra: string[] = []) {
  return cli(['--repo', dir, 'run', req, ...extra]);
}

describe('intentops run', () => {
  it('runs steps, checks and captures, detects anomalies and writes a sealed record', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'a', mem: 55, restarts: 2 }) });
    await writeFiles(dir, { 'state/mem': '30\n' });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    const [rec] = records(dir);
    expect(rec).toBeDefined();
    const r = rec as ExecutionRecord;
    expect(ExecutionRecordSchema.safeParse(r).success).toBe(true);
    expect(r.status).toBe('success');
    // No PR locally: who proposed it is the author of the commit that added the request, unverified.
    expect(r.request.proposer).toEqual({ login: 'intentops', source: 'git_author', verified: false });
    expect(r.params).toEqual({ app: 'a', mem: 55, restarts: 2, fail_step: false, say: 'ok' });
    expect(r.commands_run.map((c) => [c.step, c.exit_code])).toEqual([
      ['write', 0],
      ['maybe-fail', 0],
      ['after', 0],
    ]);
    expect(r.commands_run[2]?.cmd).toEqual(['touch', 'state/ran-after']);
    expect(r.before?.metrics?.memory_usage).toBe(30);
    expect(r.after?.metrics?.memory_usage).toBe(55);
    expect(r.outcome_checks).toEqual({ state_written: 'pass' });
    expect(r.request.commit).toMatch(/^[0-9a-f]{40}$/);
    // memory 30 → 55 fires memory_spike; restarts 0 → 2 fires unexpected_restart (a draft).
    expect(r.anomalies.map((a) => a.rule).sort()).toEqual(['memory_spike', 'unexpected_restart']);
    expect(r.anomalies.find((a) => a.rule === 'memory_spike')?.inputs).toEqual({
      'after.metrics.memory_usage': 55,
      'before.metrics.memory_usage': 30,
    });
    expect(r.drafts).toHaveLength(1);
    expect(existsSync(join(dir, r.drafts[0]?.path ?? 'x'))).toBe(true);
    expect(r.digest).toBe(recordDigest(r));
    expect(r.prev_digest).toBeNull();
    expect(res.stdout).toContain('✔ work success');
  });

  it("a local run's record says it is local, on which host, by which user and git author; an older record without it still verifies", async () => {
    // A record written before records said where they came from, first in the chain.
    const old = makeRecord({ prev_digest: null });
    expect(old.origin).toBeUndefined();
    const dir = await repoWith({
      'intents/requests/r.yaml': request({ app: 'a' }),
      [recordPath(old)]: serializeRecord(old),
    });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code, res.stderr).toBe(0);
    const r = records(dir).find((x) => x.id !== old.id);
    expect(r?.origin).toEqual({
      kind: 'local',
      host: hostname(),
      user: process.env.USER || process.env.LOGNAME || expect.any(String),
      git_author: 'intentops <intentops@localhost>',
    });
    expect(r?.prev_digest).toBe(old.digest);
    expect(ExecutionRecordSchema.safeParse(r).success).toBe(true);
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('chains records by digest and appends a repeat anomaly to the same draft', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'a', restarts: 1 }) });
    await writeFiles(dir, { 'state/restarts': '0\n' });
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(0);
    await writeFiles(dir, { 'state/restarts': '0\n' });
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(0);
    const [first, second] = records(dir).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    expect(second?.prev_digest).toBe(first?.digest);
    expect(first?.drafts[0]?.new).toBe(true);
    expect(second?.drafts[0]).toMatchObject({ new: false, path: first?.drafts[0]?.path });
    const draft = readFileSync(join(dir, first?.drafts[0]?.path ?? ''), 'utf8');
    expect(draft).toMatch(/^occurrences: 2$/m);
    expect(draft).toContain(first?.id);
    expect(draft).toContain(second?.id);
    expect(readdirSync(join(dir, 'incidents/drafts'))).toHaveLength(1);
  });

  it('a failed step ends the run: later steps and checks do not run, exit 1', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'a', fail_step: true }) });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code).toBe(1);
    const [r] = records(dir);
    expect(r?.status).toBe('failed');
    expect(r?.status_reason).toMatch(/step 'maybe-fail' failed \(exit 1\)/);
    expect(r?.commands_run.map((c) => c.step)).toEqual(['write', 'maybe-fail']);
    expect(existsSync(join(dir, 'state/ran-after'))).toBe(false);
    expect(r?.checks).toEqual([]);
  });

  it('a P1 failure indicator in check output ends the wait at once', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': `outcomes:
  success:
    - condition: pods_ready
      check: "echo 'pod-0 0/1 CrashLoopBackOff' >&2; echo 1"
      expected: "0"
      timeout: 60s
      interval: 1s
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`,
      'intents/requests/r.yaml': request({ app: 'a' }),
    });
    const t0 = Date.now();
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000); // far inside the 60 s check timeout
    const [r] = records(dir);
    expect(r?.checks[0]?.attempts).toHaveLength(1);
    expect(r?.failure_indicators).toEqual([
      {
        pattern: 'CrashLoopBackOff',
        severity: 'P1',
        source: 'check:pods_ready',
        line: 'pod-0 0/1 CrashLoopBackOff',
      },
    ]);
    expect(r?.status_reason).toBe("P1 failure indicator 'CrashLoopBackOff' in check:pods_ready");
  });

  it('a check that never matches times out and fails the run', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': `outcomes:
  success:
    - condition: never
      check: "echo 1"
      expected: { op: "<", value: 1 }
      timeout: 600ms
      interval: 100ms
`,
      'intents/requests/r.yaml': request({ app: 'a' }),
    });
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(1);
    const [r] = records(dir);
    expect(r?.outcome_checks).toEqual({ never: 'timeout' });
    expect(r?.checks[0]?.attempts.length).toBeGreaterThan(2);
    expect(r?.checks[0]?.expected).toBe('< 1');
  });

  it('a rule whose inputs were not captured is not evaluated, never a false verdict', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'a' }) });
    // no state/mem before the run: the before capture fails
    await run(dir, 'intents/requests/r.yaml');
    const [r] = records(dir);
    expect(r?.before?.metrics?.memory_usage).toBeNull();
    expect(r?.before?.unavailable?.[0]?.source).toBe('metrics.memory_usage');
    expect(r?.rules_not_evaluated.map((x) => x.rule)).toContain('memory_spike');
    expect(r?.anomalies.map((a) => a.rule)).not.toContain('memory_spike');
  });

  it('redacts secrets from everything recorded', async () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
    const dir = await repoWith({
      'intents/catalog/work.yaml': `name: work
description: leaks
risk: low
params: {}
env: { pass: [DEPLOY_TOKEN] }
steps:
  - name: leak
    run: echo "token=$DEPLOY_TOKEN gh=${token} b64=$(printf %s "$DEPLOY_TOKEN" | base64)"
`,
      'intents/outcomes/work.yaml':
        'outcomes:\n  success:\n    - { condition: echo, check: "echo $DEPLOY_TOKEN", expected: { regex: "." } }\n',
      'intents/requests/r.yaml': 'intent: work\nreason: leak test\n',
    });
    process.env.DEPLOY_TOKEN = 'hunter2-very-secret-value';
    try {
      const res = await run(dir, 'intents/requests/r.yaml');
      expect(res.code, res.stderr).toBe(0);
    } finally {
      delete process.env.DEPLOY_TOKEN;
    }
    const day = readdirSync(join(dir, 'executions'))[0] ?? '';
    const text = readFileSync(
      join(
        dir,
        'executions',
        day,
        readdirSync(join(dir, 'executions', day)).find((f) => f.endsWith('.yaml')) ?? '',
      ),
      'utf8',
    );
    expect(text).not.toContain('hunter2-very-secret-value');
    expect(text).not.toContain(Buffer.from('hunter2-very-secret-value').toString('base64'));
    expect(text).not.toContain(token);
    expect(text).toContain('[REDACTED:DEPLOY_TOKEN]');
  });

  it('bad input exits 2 and writes nothing', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'A; rm -rf /' }) });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^intents\/requests\/r\.yaml:3:8: param 'app' value .* does not match pattern/m,
    );
    expect(existsSync(join(dir, 'executions'))).toBe(false);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('a failed step shows its stderr tail; a missing program is "command not found"', async () => {
    const dir = await repoWith({
      'intents/catalog/work.yaml': WORK_INTENT.replace(
        'run: test {{fail_step}} = false',
        'run: echo "first line" >&2 && echo "Error from server (NotFound) deployment x" >&2 && exit 3',
      ),
      'intents/catalog/tool.yaml':
        'name: tool\ndescription: runs a program that is not installed\nrisk: low\nsteps:\n  - name: apply\n    run: [no-such-program-xyz, apply]\n    timeout: 10s\n',
      'intents/requests/r.yaml': request({ app: 'a' }),
      'intents/requests/t.yaml': 'intent: tool\nreason: test\n',
    });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /step maybe-fail: exit 3 .*\n\s+│ first line\n\s+│ Error from server \(NotFound\) deployment x\n/,
    );
    const tool = await run(dir, 'intents/requests/t.yaml');
    expect(tool.code).toBe(1);
    expect(tool.stderr).toContain('step apply: command not found: no-such-program-xyz');
    expect(tool.stdout).toContain("step 'apply' failed (command not found: no-such-program-xyz)");
  });

  it('a request a policy denies gets a denied record and runs nothing', async () => {
    const dir = await repoWith({
      'intents/policies/p.yaml': `policies:
  - name: only-known-apps
    match: { intents: [work] }
    params:
      app: { allow: [web, api] }
`,
      'intents/requests/r.yaml': request({ app: 'db' }),
    });
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain('Policy: DENY');
    expect(plan.code).toBe(1);
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code).toBe(1);
    const [r] = records(dir);
    expect(r?.status).toBe('denied');
    expect(r?.status_reason).toContain('app="db" is not in the allowlist');
    expect(r?.commands_run).toEqual([]);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('plan shows the rendered commands and the policy verdict, text and JSON', async () => {
    const dir = await repoWith({ 'intents/requests/r.yaml': request({ app: 'a', say: "it's; $(x)" }) });
    const text = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`echo 'it'\\''s; $(x)' > state/said`);
    expect(text.stdout).toContain('Policy: ALLOW');
    const json = await cli(['--repo', dir, '--json', 'plan', 'intents/requests/r.yaml']);
    const plan = JSON.parse(json.stdout).plan;
    expect(plan.steps[2].command).toEqual(['touch', 'state/ran-after']);
    expect(plan.rules.map((r: { name: string }) => r.name)).toEqual([
      'memory_spike',
      'error_rate_increase',
      'unexpected_restart',
      'slow_deployment',
    ]);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });
});

describe('policy prechecks', () => {
  it('run before any step; a failing one stops the run and is recorded', async () => {
    const policy = (expected: string) => `policies:
  - name: guard
    match: { intents: [work] }
    prechecks:
      - name: headroom
        run: "echo {{app}}-ok"
        expected: "${expected}"
`;
    const dir = await repoWith({
      'intents/policies/p.yaml': policy('a-nope'),
      'intents/requests/r.yaml': request({ app: 'a' }),
    });
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain('guard/headroom: expect "a-nope"  $ echo \'a\'-ok');
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(1);
    const [r] = records(dir);
    expect(r?.status_reason).toBe(
      `precheck 'headroom' of policy 'guard' failed: expected "a-nope", got "a-ok"`,
    );
    expect(r?.prechecks?.[0]).toMatchObject({ name: 'guard/headroom', result: 'fail' });
    expect(r?.commands_run).toEqual([]);
    expect(existsSync(join(dir, 'state'))).toBe(false);

    await writeFiles(dir, { 'intents/policies/p.yaml': policy('a-ok') });
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(0);
    expect(existsSync(join(dir, 'state/ran-after'))).toBe(true);
  });
});

describe('step behaviour', () => {
  it('continue_on_error goes on past a failed step; indicators in step output are recorded', async () => {
    const dir = await repoWith({
      'intents/catalog/work.yaml': `name: work
description: d
risk: low
steps:
  - name: flaky
    run: echo "pod evicted - reason Evicted"; exit 3
    continue_on_error: true
  - name: next
    run: [touch, next-ran]
`,
      'intents/outcomes/work.yaml': `outcomes:
  success:
    - { condition: ok, check: "echo ok", expected: ok }
  failure_indicators:
    - { pattern: Evicted, severity: P3 }
`,
      'intents/requests/r.yaml': 'intent: work\nreason: r\n',
    });
    const res = await run(dir, 'intents/requests/r.yaml');
    expect(res.code, res.stderr).toBe(0);
    const [r] = records(dir);
    expect(r?.commands_run.map((c) => [c.step, c.exit_code])).toEqual([
      ['flaky', 3],
      ['next', 0],
    ]);
    expect(existsSync(join(dir, 'next-ran'))).toBe(true);
    expect(r?.failure_indicators).toEqual([
      { pattern: 'Evicted', severity: 'P3', source: 'step:flaky', line: 'pod evicted - reason Evicted' },
    ]);
  });

  it('a step that runs past its timeout is killed and fails the run', async () => {
    const dir = await repoWith({
      'intents/catalog/work.yaml': `name: work
description: d
risk: low
steps:
  - name: hang
    run: [sleep, "30"]
    timeout: 300ms
`,
      'intents/outcomes/work.yaml':
        'outcomes:\n  success:\n    - { condition: ok, check: "echo ok", expected: ok }\n',
      'intents/requests/r.yaml': 'intent: work\nreason: r\n',
    });
    const t0 = Date.now();
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const [r] = records(dir);
    expect(r?.commands_run[0]).toMatchObject({ step: 'hang', timed_out: true });
    expect(r?.status_reason).toBe("step 'hang' timed out after 0.3s");
    expect(r?.outcome_checks).toEqual({});
  });
});

describe('rate limits', () => {
  it('are counted from the execution records, at plan time and at run time', async () => {
    const dir = await repoWith({
      'intents/policies/p.yaml':
        'policies:\n  - name: slow-down\n    match: { intents: [work] }\n    rate_limit: { max: 1, per: 1h }\n',
      'intents/requests/r.yaml': request({ app: 'a' }),
    });
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(0);
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain('Policy: HOLD');
    expect(plan.stdout).toContain(
      'slow-down/rate_limit: hold — 1 execution(s) of work in the last 1h; limit 1',
    );
    expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(1);
    expect(
      records(dir)
        .map((r) => r.status)
        .sort(),
    ).toEqual(['denied', 'success']);
  });
});

describe('built-in prechecks', () => {
  it('an http precheck that fails stops the run before any step; when it passes the run goes on', async () => {
    let status = 503;
    const server = createServer((_req, res) => res.writeHead(status).end(String(status)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`;
    try {
      const dir = await repoWith({
        'intents/policies/p.yaml': `policies:\n  - name: guard\n    match: { intents: [work] }\n    prechecks:\n      - name: ready\n        http: { url: "${url}", status: 200 }\n        timeout: 2s\n`,
        'intents/requests/r.yaml': request({ app: 'a' }),
      });
      expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(1);
      const [first] = records(dir);
      expect(first?.prechecks?.[0]).toMatchObject({
        name: 'guard/ready',
        result: 'fail',
        cmd: `http: GET ${url} → 200`,
      });
      expect(first?.commands_run).toEqual([]);
      status = 200;
      expect((await run(dir, 'intents/requests/r.yaml')).code).toBe(0);
      expect(existsSync(join(dir, 'state/ran-after'))).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
