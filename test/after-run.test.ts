import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { afterRun, NOTIFY_LOG } from '../src/app/after-run/index.js';
import { draftFingerprint } from '../src/domain/incidents/incident-draft.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ContractServer, startGrafana, startPagerDuty, startSlack } from './helpers/alert-servers.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { freePort } from './helpers/prometheus-server.js';
import { hasPushgateway, type Pushgateway, startPushgateway } from './helpers/pushgateway.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// After `intentops run`: a Grafana annotation, PagerDuty and Slack alerts for P1/P2 anomalies,
// metrics pushed to a real Pushgateway — each checked by a server holding it to its documented
// contract. Failures are logged, never fatal, and no secret reaches a log, record or output.

const TOKEN = 'glsa_visibilityTest_0123456789abcdef';
const ROUTING_KEY = 'R0UT1NGKEYd41d8cd98f00b204e9800998';
const HOOK_PATH = '/services/T0001/B0001/hookS3cretPart9f8e7d';

const NOTIFY = `channels:
  - name: slack-ops
    kind: slack
    webhook_url_env: SLACK_WEBHOOK_URL
  - name: pagerduty-oncall
    kind: pagerduty
    routing_key_env: PAGERDUTY_ROUTING_KEY
    events_url_env: PD_EVENTS_URL
    severities: [P1, P2]
`;

let grafana: ContractServer;
let pagerduty: ContractServer;
let slack: ContractServer;
const repos: string[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  [grafana, pagerduty, slack] = await Promise.all([
    startGrafana(TOKEN),
    startPagerDuty(),
    startSlack(HOOK_PATH),
  ]);
});
afterAll(async () => {
  await Promise.all([grafana.stop(), pagerduty.stop(), slack.stop(), ...repos.map(removeRepo)]);
});
afterEach(() => {
  process.env = { ...savedEnv };
  for (const s of [grafana, pagerduty, slack]) {
    s.accepted.length = 0;
    s.rejected.length = 0;
    s.fail = null;
  }
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), ...files });
  repos.push(dir);
  return dir;
}

function configure(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    GRAFANA_URL: grafana.url,
    GRAFANA_TOKEN: TOKEN,
    SLACK_WEBHOOK_URL: `${slack.url}${HOOK_PATH}`,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    PD_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
    ...extra,
  });
}

function recordsOf(dir: string): { record: ExecutionRecord; text: string }[] {
  const root = join(dir, 'executions');
  return readdirSync(root)
    .sort()
    .flatMap((day) =>
      readdirSync(join(root, day))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => {
          const text = readFileSync(join(root, day, f), 'utf8');
          return { record: parse(text) as ExecutionRecord, text };
        }),
    );
}

const notifyLog = (dir: string) =>
  existsSync(join(dir, NOTIFY_LOG))
    ? readFileSync(join(dir, NOTIFY_LOG), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { target: string; ok: boolean; detail: string; execution_id: string })
    : [];

function expectNoSecrets(...texts: string[]) {
  for (const t of texts) {
    for (const secret of [TOKEN, ROUTING_KEY, HOOK_PATH, 'hookS3cretPart9f8e7d'])
      expect(t).not.toContain(secret);
  }
}

describe('after a run: Grafana, PagerDuty, Slack', () => {
  it('annotates the run and alerts each P2 anomaly once, deduplicated by the incident fingerprint', async () => {
    const dir = await repoWith({
      'intents/notify.yaml': NOTIFY,
      'intents/requests/web.yaml': request({ app: 'web', restarts: 2 }),
    });
    expect((await cli(['--repo', dir, 'validate'])).code).toBe(0);
    configure();
    const res = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const [{ record, text }] = recordsOf(dir) as [{ record: ExecutionRecord; text: string }];
    expect(record.anomalies.map((a) => a.rule)).toEqual(['unexpected_restart']);

    expect(grafana.rejected).toEqual([]);
    expect(grafana.accepted).toHaveLength(1);
    const start = Date.parse(record.timestamp);
    expect(grafana.accepted[0]?.body).toMatchObject({
      time: start,
      timeEnd: start + Math.round(Number.parseFloat(record.duration) * 1000),
      tags: ['intentops', 'intent:work', 'status:success'],
    });

    expect(pagerduty.rejected).toEqual([]);
    expect(pagerduty.accepted.map((r) => r.body)).toEqual([
      expect.objectContaining({
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: draftFingerprint('work', 'unexpected_restart', 'web'),
        payload: expect.objectContaining({
          severity: 'error',
          source: 'web',
          summary: 'work web: anomaly unexpected_restart (P2)',
        }),
      }),
    ]);
    // the same key the incident draft carries
    expect(record.drafts.map((d) => d.fingerprint)).toEqual([
      (pagerduty.accepted[0]?.body as { dedup_key?: string } | undefined)?.dedup_key,
    ]);

    expect(slack.rejected).toEqual([]);
    expect((slack.accepted[0]?.body as { text?: string } | undefined)?.text).toContain(
      'P2 `unexpected_restart`',
    );

    const log = notifyLog(dir);
    expect(log.map((l) => [l.target, l.ok])).toEqual(
      expect.arrayContaining([
        ['grafana', true],
        ['slack-ops', true],
        ['pagerduty-oncall', true],
      ]),
    );
    expect(log.every((l) => l.execution_id === record.id)).toBe(true);
    expectNoSecrets(res.stdout, res.stderr, text, readFileSync(join(dir, NOTIFY_LOG), 'utf8'));
  });

  it('logs failed deliveries without failing the run or leaking a secret', async () => {
    const dir = await repoWith({
      'intents/notify.yaml': NOTIFY,
      'intents/requests/web.yaml': request({ app: 'web', restarts: 1 }),
    });
    configure({
      GRAFANA_TOKEN: `${TOKEN}-wrong`,
      PD_EVENTS_URL: `http://127.0.0.1:${await freePort()}/v2/enqueue`,
    });
    slack.fail = 500;
    const res = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(res.code, res.stderr).toBe(0);
    expect(recordsOf(dir)).toHaveLength(1);
    const log = notifyLog(dir);
    expect(Object.fromEntries(log.map((l) => [l.target, [l.ok, l.detail]]))).toEqual({
      grafana: [false, expect.stringMatching(/^HTTP 401/)],
      'slack-ops': [false, expect.stringMatching(/^HTTP 500/)],
      'pagerduty-oncall': [
        false,
        expect.stringMatching(/^failed [0-9a-f]{16}: request failed: ECONNREFUSED$/),
      ],
    });
    expect(res.stderr).toMatch(/✖ slack slack-ops: HTTP 500/);
    expectNoSecrets(res.stdout, res.stderr, readFileSync(join(dir, NOTIFY_LOG), 'utf8'));
    expect(readFileSync(join(dir, NOTIFY_LOG), 'utf8')).not.toContain(`${TOKEN}-wrong`);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const dir = await repoWith({ 'intents/notify.yaml': NOTIFY });
    pagerduty.fail = 'hang';
    const t0 = Date.now();
    const out = await afterRun({
      repoDir: dir,
      record: makeRecord({
        anomalies: [{ ...makeRecord().anomalies[0], severity: 'P1' } as ExecutionRecord['anomalies'][number]],
      }),
      env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PD_EVENTS_URL: `${pagerduty.url}/v2/enqueue` },
      log: () => {},
      timeoutMs: 300,
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out.map((o) => [o.target, o.ok, o.detail])).toEqual([
      [
        'pagerduty-oncall',
        false,
        `failed ${draftFingerprint('work', 'memory_spike', 'web')}: no answer within 300 ms`,
      ],
    ]);
  });

  it('skips a channel whose secret is not set without a ✖ (plan says it once); sends no alert without a P1/P2 anomaly', async () => {
    const dir = await repoWith({ 'intents/notify.yaml': NOTIFY });
    const lines: string[] = [];
    const quiet = await afterRun({ repoDir: dir, record: makeRecord(), env: {}, log: (l) => lines.push(l) });
    // the record's only anomaly is P2 memory_spike: both channels would fire, but their secrets are unset
    expect(quiet).toEqual([]);
    expect(lines).toEqual([]);
    expect(existsSync(join(dir, NOTIFY_LOG))).toBe(false);
    const calm = await afterRun({
      repoDir: dir,
      record: makeRecord({ anomalies: [] }),
      env: { PAGERDUTY_ROUTING_KEY: 'k' },
      log: () => {},
    });
    expect(calm).toEqual([]);
    expect(pagerduty.accepted).toEqual([]);
  });
});

describe('intents/notify.yaml is validated', () => {
  it('refuses a secret value where an env var name belongs, naming file and line (exit 2)', async () => {
    const dir = await repoWith({
      'intents/notify.yaml': `channels:\n  - name: slack-ops\n    kind: slack\n    webhook_url_env: "https://hooks.example/services/T/B/x"\n`,
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/intents\/notify\.yaml:4:\d+.*NAME of an environment variable/);
  });

  it('refuses an unknown channel kind and duplicate names', async () => {
    const dir = await repoWith({
      'intents/notify.yaml': `channels:\n  - { name: a, kind: teams, url_env: X }\n  - { name: b, kind: slack, webhook_url_env: X }\n  - { name: b, kind: slack, webhook_url_env: Y }\n`,
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('intents/notify.yaml:2');
    expect(res.stderr).toContain("duplicate channel 'b'");
  });
});

describe.skipIf(!hasPushgateway)('bot metrics on a real Pushgateway', () => {
  let gateway: Pushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  }, 20_000);
  afterAll(async () => {
    await gateway?.stop();
  });

  it('pushes executions, failures, anomalies and durations after each run; scraped values match', async () => {
    const dir = await repoWith({
      'intents/requests/ok.yaml': request({ app: 'web', restarts: 1 }),
      'intents/requests/bad.yaml': request({ app: 'web', fail_step: true }),
    });
    process.env.PUSHGATEWAY_URL = gateway.url;
    process.env.GITHUB_REPOSITORY = 'acme/gitops';
    expect((await cli(['--repo', dir, 'run', 'intents/requests/ok.yaml'])).code).toBe(0);
    // No failure yet: a 0 is pushed, so the dashboard's Failures panel says 0, not "No data".
    const first = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(first).toMatch(/^intentops_failures\{[^}]*intent="work"[^}]*\} 0$/m);
    expect((await cli(['--repo', dir, 'run', 'intents/requests/bad.yaml'])).code).toBe(1);
    const scraped = await (await fetch(`${gateway.url}/metrics`)).text();
    const value = (name: string, ...labels: string[]) => {
      const line = scraped
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)) && l.includes('job="intentops"'),
        );
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    const group = ['owner="acme"', 'repo="gitops"'];
    expect(value('intentops_executions', ...group, 'status="success"', 'intent="work"')).toBe(1);
    expect(value('intentops_executions', ...group, 'status="failed"')).toBe(1);
    expect(value('intentops_failures', ...group)).toBe(1);
    expect(value('intentops_anomalies', ...group, 'rule="unexpected_restart"', 'severity="P2"')).toBe(1);
    expect(value('intentops_last_success', ...group)).toBe(0);
    const last = recordsOf(dir)
      .map((r) => r.record)
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1))[1];
    expect(last?.status).toBe('failed');
    expect(value('intentops_last_duration_seconds', ...group)).toBeCloseTo(
      Number.parseFloat(last?.duration ?? ''),
      3,
    );
    expect(value('intentops_expected_duration_seconds', ...group)).toBe(30);
    // Delivery metrics: both runs are local (`intentops run`), counted apart from the pipeline's
    // changes: no delivery change is pushed for them (`intentops metrics` says them on a line apart).
    const human = ['intent="work"', 'proposer_kind="human"'];
    expect(value('intentops_delivery_changes', ...group, ...human)).toBeUndefined();
    expect(value('intentops_delivery_deployments_per_day', ...group, 'proposer_kind="all"')).toBe(0);
    expect(value('intentops_delivery_change_failure_rate', ...group, 'proposer_kind="all"')).toBeUndefined();
    expect(notifyLog(dir).map((l) => [l.target, l.ok])).toEqual([
      ['pushgateway', true],
      ['pushgateway', true],
    ]);
  }, 30_000);

  it('a Pushgateway that is down is logged, the run still succeeds', async () => {
    const dir = await repoWith({ 'intents/requests/ok.yaml': request({ app: 'web' }) });
    process.env.PUSHGATEWAY_URL = `http://127.0.0.1:${await freePort()}`;
    const res = await cli(['--repo', dir, 'run', 'intents/requests/ok.yaml']);
    expect(res.code).toBe(0);
    expect(notifyLog(dir)).toEqual([expect.objectContaining({ target: 'pushgateway', ok: false })]);
    expect(notifyLog(dir)[0]?.detail).toMatch(/ECONNREFUSED/);
  });
});
