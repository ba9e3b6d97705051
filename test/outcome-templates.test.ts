import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { baseFiles, request, WORK_INTENT, WORK_OUTCOMES } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Issue 24, item 1: `{{param}}` in an outcome check's `expected` was compared literally, validate
// said ✔ (also for a typo), and every run failed the check after its whole timeout. `{{param}}` now
// means the param wherever a template can appear, and validate refuses it at file:line elsewhere.

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await makeRepo({
    ...baseFiles(),
    'intents/learning.yaml': 'learning_triggers: []\n',
    ...files,
  });
  repos.push(dir);
  return dir;
}

function records(dir: string): ExecutionRecord[] {
  const root = join(dir, 'executions');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((day) =>
    readdirSync(join(root, day)).map(
      (f) => parse(readFileSync(join(root, day, f), 'utf8')) as ExecutionRecord,
    ),
  );
}

/** The fixture's outcome spec with one more success check (the fixture writes state/mem and state/said). */
function outcomesWith(check: string, indicators = ''): string {
  return WORK_OUTCOMES.replace(
    '  failure_indicators:\n',
    `${check
      .split('\n')
      .map((l, i) => (i === 0 ? '    - ' : '      ') + l)
      .join('\n')}\n  failure_indicators:\n${indicators}`,
  );
}

/** Error and warning lines of validate, without the fixture's own unused-param warning. */
const findings = (stderr: string) =>
  stderr.split('\n').filter((l) => l.startsWith('intents/') && !l.includes("param 'app' is declared"));

describe('{{param}} in what an outcome check expects', () => {
  it('expected: "{{mem}}" is the param: validate passes and the run compares with its value', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: mem_written\ncheck: "cat state/mem"\nexpected: "{{mem}}"\ntimeout: 3s\ninterval: 100ms',
      ),
      'intents/requests/r.yaml': request({ app: 'a', mem: 42 }),
    });
    const v = await cli(['--repo', dir, 'validate']);
    expect(findings(v.stderr)).toEqual([]);
    expect(v.code).toBe(0);
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain('mem_written: expect "42"');
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(records(dir)[0]?.outcome_checks).toEqual({ state_written: 'pass', mem_written: 'pass' });
  });

  it('a typo ({{mme}}) is an error at its line, with did-you-mean', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: mem_written\ncheck: "cat state/mem"\nexpected: "{{mme}}"',
      ),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      "intents/outcomes/work.yaml:10:18: undeclared placeholder {{mme}}; intent 'work' declares: app, mem, restarts, fail_step, say; did you mean {{mem}}?",
    ]);
  });

  it('{regex} takes the value as literal text: a dot in it matches a dot only', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: said\ncheck: "cat state/said"\nexpected: { regex: "^{{say}}$" }\ntimeout: 1s\ninterval: 100ms',
      ),
      'intents/requests/dot.yaml': request({ app: 'a', say: 'a.c' }),
    });
    expect((await cli(['--repo', dir, 'validate'])).code).toBe(0);
    const plan = await cli(['--repo', dir, '--json', 'plan', 'intents/requests/dot.yaml']);
    const checks = JSON.parse(plan.stdout).plan.checks as { name: string; expected: unknown }[];
    expect(checks.find((c) => c.name === 'said')?.expected).toEqual({ regex: '^a\\.c$' });
    const res = await cli(['--repo', dir, 'run', 'intents/requests/dot.yaml']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
  });

  it('{op, value: "{{param}}"} compares with the param as a number', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: enough\ncheck: "cat state/restarts"\nexpected: { op: ">=", value: "{{restarts}}" }\ntimeout: 1s\ninterval: 100ms',
      ),
      'intents/requests/r.yaml': request({ app: 'a', restarts: 3 }),
    });
    const v = await cli(['--repo', dir, 'validate']);
    expect(findings(v.stderr)).toEqual([]);
    const plan = await cli(['--repo', dir, 'plan', 'intents/requests/r.yaml']);
    expect(plan.stdout).toContain('enough: expect >= 3');
    expect((await cli(['--repo', dir, 'run', 'intents/requests/r.yaml'])).code).toBe(0);
  });

  it('value: "{{say}}" (a string param) is refused: a comparison needs a number', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: enough\ncheck: "cat state/restarts"\nexpected: { op: ">=", value: "{{say}}" }',
      ),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      expect.stringMatching(
        /^intents\/outcomes\/work\.yaml:10:\d+: .*\{\{say\}\}.*'say' is a string param; a comparison needs an integer or number param/,
      ),
    ]);
  });

  it('a failure indicator pattern names the param; with regex: true its value is escaped', async () => {
    const dir = await repoWith({
      'intents/outcomes/work.yaml': outcomesWith(
        'condition: mem_written\ncheck: "cat state/mem"\nexpected: { regex: "." }\ntimeout: 1s\ninterval: 100ms',
        '    - pattern: "{{say}} failed"\n      severity: P1\n    - pattern: "^{{say}}$"\n      regex: true\n      severity: P3\n',
      ),
      'intents/requests/r.yaml': request({ app: 'a', say: 'a.c' }),
    });
    expect(findings((await cli(['--repo', dir, 'validate'])).stderr)).toEqual([]);
    const plan = await cli(['--repo', dir, '--json', 'plan', 'intents/requests/r.yaml']);
    const patterns = (JSON.parse(plan.stdout).plan.indicators as { pattern: string }[]).map((i) => i.pattern);
    expect(patterns).toEqual(['a.c failed', '^a\\.c$', 'CrashLoopBackOff', 'Evicted']);
  });

  it('a policy precheck expects the param too; a name no matched intent declares is an error', async () => {
    const policy = (expected: string) => `policies:
  - name: guard
    match: { intents: [work] }
    prechecks:
      - name: headroom
        run: "echo {{app}}-ok"
        expected: "${expected}"
`;
    const dir = await repoWith({
      'intents/policies/p.yaml': policy('{{app}}-ok'),
      'intents/requests/r.yaml': request({ app: 'a' }),
    });
    expect(findings((await cli(['--repo', dir, 'validate'])).stderr)).toEqual([]);
    expect((await cli(['--repo', dir, 'run', 'intents/requests/r.yaml'])).code).toBe(0);

    const typo = await repoWith({ 'intents/policies/p.yaml': policy('{{ap}}-ok') });
    const res = await cli(['--repo', typo, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      "intents/policies/p.yaml:7:20: undeclared placeholder {{ap}}: no intent policy 'guard' matches declares it (work declares: app, mem, restarts, fail_step, say); did you mean {{app}}?",
    ]);
  });
});

describe('a precheck names params of every intent its policy can match', () => {
  const OTHER =
    'name: other\ndescription: No app param\nrisk: low\nparams:\n  db: { type: integer, default: 0 }\nsteps:\n  - { name: s, run: "echo {{db}}" }\n';
  const policy = (match: string) => `policies:
  - name: guard
    match: ${match}
    prechecks:
      - { name: up, run: "echo {{app}}", expected: "{{app}}" }
`;

  it('one of them lacks the param: its requests would be refused, so it is an error naming it', async () => {
    const dir = await repoWith({
      'intents/catalog/other.yaml': OTHER,
      'intents/policies/p.yaml': policy('{ risk: [low] }'),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      "intents/policies/p.yaml:5:32: {{app}} is not declared by every intent policy 'guard' matches: requests for other would be refused (other declares: db)",
      "intents/policies/p.yaml:5:53: {{app}} is not declared by every intent policy 'guard' matches: requests for other would be refused (other declares: db)",
    ]);
  });

  it('match.params on the param narrows the policy to intents that have it', async () => {
    const dir = await repoWith({
      'intents/catalog/other.yaml': OTHER,
      'intents/policies/p.yaml': policy('{ risk: [low], params: { app: [a, b] } }'),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(findings(res.stderr)).toEqual([]);
    expect(res.code).toBe(0);
  });
});

describe('{{param}} where nothing is templated is refused at file:line', () => {
  it('in an anomaly rule condition: say to read params.<name>', async () => {
    const dir = await repoWith({
      'intents/anomaly-rules/work.yaml':
        'anomaly_rules:\n  - name: big\n    condition: \'params.app == "{{app}}"\'\n    severity: P3\n    action: log_warning\n',
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      'intents/anomaly-rules/work.yaml:3:32: {{app}} is not replaced in a condition: conditions are not templated; read the param as params.app',
    ]);
  });

  it('in a param default: the text would stay as written (in a description, a warning)', async () => {
    const dir = await repoWith({
      'intents/catalog/work.yaml': WORK_INTENT.replace(
        'description: Writes state files the captures read',
        'description: Writes {{app}} state files',
      ).replace('say: { type: string, default: "ok"', 'say: { type: string, default: "{{app}}"'),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      'intents/catalog/work.yaml:2:21: warning: {{app}} is shown as written in description: text for people is not templated',
      'intents/catalog/work.yaml:9:34: {{app}} is not replaced in params.say.default: it is not templated, so it would stay as written',
    ]);
  });

  it('an unknown name where nothing is templated is an error too', async () => {
    const dir = await repoWith({
      'intents/policies/p.yaml':
        'policies:\n  - name: p\n    match: { intents: [work] }\n    params: { app: { allow: ["{{ap}}"] } }\n',
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(findings(res.stderr)).toEqual([
      expect.stringMatching(
        /^intents\/policies\/p\.yaml:4:\d+: \{\{ap\}\} is not replaced in policies\[0\]\.params\.app\.allow\[0\]: it is not templated/,
      ),
    ]);
  });
});
