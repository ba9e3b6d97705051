import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterRun, NOTIFY_LOG } from '../src/app/after-run/index.js';
import { type ContractServer, startPagerDutyChange } from './helpers/alert-servers.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { freePort } from './helpers/prometheus-server.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Each execution as a PagerDuty change event, checked by a loopback server that holds it to the
// Events API v2 change-event contract. Failures are logged and never fail the run; the routing key
// reaches no record, log or output.

const KEY = 'R0UT1NGKEYc41d8cd98f00b204e98009';
let pd: ContractServer;
const repos: string[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  pd = await startPagerDutyChange();
});
afterAll(async () => {
  await Promise.all([pd.stop(), ...repos.map(removeRepo)]);
});
afterEach(() => {
  process.env = { ...savedEnv };
  pd.accepted.length = 0;
  pd.rejected.length = 0;
  pd.fail = null;
});

async function repoWith(files: Record<string, string> = {}): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), ...files });
  repos.push(dir);
  return dir;
}

function allText(dir: string, ...more: string[]): string {
  const days = readdirSync(join(dir, 'executions')).filter((d) => /^\d/.test(d));
  const records = days.flatMap((d) =>
    readdirSync(join(dir, 'executions', d)).map((f) => readFileSync(join(dir, 'executions', d, f), 'utf8')),
  );
  return [...records, readFileSync(join(dir, NOTIFY_LOG), 'utf8'), ...more].join('\n');
}

describe('PagerDuty change events', () => {
  it('sends one change event per execution, in the exact change-event format', async () => {
    const dir = await repoWith();
    const record = makeRecord({
      intent: 'deploy-app',
      params: { app: 'home-portal' },
      request: { path: 'intents/requests/hp.yaml', commit: 'abc', reason: 'r', proposed_by: 'ops-agent' },
      timestamp: '2026-01-01T12:00:00.000Z',
      duration: '12.5s',
    });
    const out = await afterRun({
      repoDir: dir,
      record,
      links: {
        record: 'https://github.com/o/r/blob/main/executions/2026-01-01/x.yaml',
        pr: 'https://github.com/o/r/pull/7',
        run: 'https://github.com/o/r/actions/runs/9',
      },
      env: {
        INTENTOPS_PAGERDUTY_ROUTING_KEY: KEY,
        INTENTOPS_PAGERDUTY_CHANGE_URL: `${pd.url}/v2/change/enqueue`,
        GITHUB_REPOSITORY: 'o/r',
      },
      log: () => {},
    });
    expect(pd.rejected).toEqual([]);
    expect(pd.accepted.map((r) => r.body)).toEqual([
      {
        routing_key: KEY,
        payload: {
          summary: 'deploy-app home-portal success',
          timestamp: '2026-01-01T12:00:12.500Z',
          source: 'o/r',
          custom_details: {
            execution_id: record.id,
            intent: 'deploy-app',
            target: 'home-portal',
            status: 'success',
            started: '2026-01-01T12:00:00.000Z',
            duration: '12.5s',
            proposed_by: 'ops-agent',
            request: 'intents/requests/hp.yaml',
            anomalies: ['memory_spike (P2)'],
            record: 'https://github.com/o/r/blob/main/executions/2026-01-01/x.yaml',
          },
        },
        links: [
          {
            href: 'https://github.com/o/r/blob/main/executions/2026-01-01/x.yaml',
            text: `execution record ${record.id}`,
          },
          { href: 'https://github.com/o/r/pull/7', text: 'request pull request' },
          { href: 'https://github.com/o/r/actions/runs/9', text: 'workflow run' },
        ],
      },
    ]);
    expect(out).toEqual([
      expect.objectContaining({
        target: 'pagerduty',
        kind: 'pagerduty-change',
        ok: true,
        detail: 'change event "deploy-app home-portal success" (HTTP 202)',
      }),
    ]);
    // A bake's follow-up record is not a change; without the key nothing is sent.
    await afterRun({
      repoDir: dir,
      record: makeRecord({ observation_of: record.id, anomalies: [] }),
      env: {
        INTENTOPS_PAGERDUTY_ROUTING_KEY: KEY,
        INTENTOPS_PAGERDUTY_CHANGE_URL: `${pd.url}/v2/change/enqueue`,
      },
      log: () => {},
    });
    expect(await afterRun({ repoDir: dir, record, env: {}, log: () => {} })).toEqual([]);
    expect(pd.accepted).toHaveLength(1);
  });

  it('`intentops run` sends its execution; a failed delivery is logged, the run succeeds, the key is nowhere', async () => {
    const dir = await repoWith({ 'intents/requests/web.yaml': request({ app: 'web' }) });
    Object.assign(process.env, {
      INTENTOPS_PAGERDUTY_ROUTING_KEY: KEY,
      INTENTOPS_PAGERDUTY_CHANGE_URL: `${pd.url}/v2/change/enqueue`,
    });
    const ok = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(pd.rejected).toEqual([]);
    expect(pd.accepted.map((r) => (r.body as { payload: { summary: string } }).payload.summary)).toEqual([
      'work web success',
    ]);

    pd.fail = 500;
    const failed = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toMatch(/✖ pagerduty-change pagerduty: HTTP 500/);

    process.env.INTENTOPS_PAGERDUTY_CHANGE_URL = `http://127.0.0.1:${await freePort()}/v2/change/enqueue`;
    const down = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/✖ pagerduty-change pagerduty: request failed: ECONNREFUSED/);

    const log = readFileSync(join(dir, NOTIFY_LOG), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; ok: boolean });
    expect(log.filter((l) => l.kind === 'pagerduty-change').map((l) => l.ok)).toEqual([true, false, false]);
    expect(allText(dir, ok.stdout, ok.stderr, failed.stderr, down.stderr)).not.toContain(KEY);
  });
});
