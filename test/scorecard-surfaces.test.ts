import { afterEach, describe, expect, it } from 'vitest';
import { pushMetrics } from '../src/adapters/metrics-push.js';
import { serializeRecord } from '../src/adapters/record-store.js';
import { dashboardView } from '../src/app/dashboard/view.js';
import { buildReport } from '../src/app/report/build-report.js';
import { dashboardBody } from '../src/domain/dashboard/body.js';
import { recordFacts, scorecard } from '../src/domain/metrics/scorecard.js';
import { scorecardSamples } from '../src/domain/metrics/scorecard-render.js';
import { recordPath } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { hasPushgateway, startPushgateway } from './helpers/pushgateway.js';
import { makeRecord } from './helpers/record-fixture.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// Where the scorecard shows besides `intentops metrics`: at the top of the report, in one line on
// the dashboard issue, as gauges on a real Pushgateway.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

const DAY = 86_400_000;
const GH = { kind: 'github' as const, run_url: 'https://github.example/acme/gitops/actions/runs/1' };

/** Two days ago by the action, yesterday a record that does not say where it ran: visibility 50 %. */
async function repo(now: number) {
  const a = makeRecord({
    id: 'exec-20260101-100000-work-web-aaaaaa',
    timestamp: new Date(now - 2 * DAY).toISOString(),
    anomalies: [],
    origin: GH,
  });
  const b = makeRecord({
    id: 'exec-20260101-100000-work-web-bbbbbb',
    timestamp: new Date(now - DAY).toISOString(),
    anomalies: [],
    prev_digest: a.digest,
  });
  const files: Record<string, string> = {};
  for (const r of [a, b] as ExecutionRecord[]) files[recordPath(r)] = serializeRecord(r);
  const dir = await makeRepo(files);
  dirs.push(dir);
  return { dir, records: [a, b] };
}

describe('the scorecard beside the metrics', () => {
  it('opens the report, before what failed', async () => {
    const now = Date.now();
    const { dir } = await repo(now);
    const site = await buildReport({ repoDir: dir, now: new Date(now) });
    const index = site.pages.get('index.html') ?? '';
    const at = index.indexOf('<section id="scorecard">');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(index.indexOf('<h2>Delivery metrics</h2>'));
    expect(index).toContain(
      '<tr><td>visibility</td><td>Can see outcome of every intent execution</td><td>50 %</td><td>≥ 100 %</td><td class="fail">fail</td>',
    );
    expect(index).toContain(
      '<li>visibility behind: <code>exec-20260101-100000-work-web-bbbbbb</code> — the record does not say which run wrote it: no job summary known</li>',
    );
    expect(site.scorecard.map((r) => r.criterion)).toEqual([
      'visibility',
      'detection',
      'incident_coverage',
      'learning_velocity',
      'audit',
    ]);
  });

  it('is one line on the dashboard issue', async () => {
    const now = Date.now();
    const { dir } = await repo(now);
    const body = dashboardBody(await dashboardView(dir, new Date(now)));
    expect(body.split('\n')[2]).toBe(
      '**Scorecard:** visibility 50 % ❌ · detection – · incident_coverage – · learning_velocity – · audit 100 % ✅ _(last 7 days)_',
    );
  });

  it.runIf(hasPushgateway)('is pushed as intentops_scorecard_value and _pass', async () => {
    const now = Date.now();
    const { records } = await repo(now);
    const rows = scorecard({
      since: new Date(now - 30 * DAY),
      until: new Date(now),
      records: records.map((r) => recordFacts(r)),
      unreadable: [],
      rollups: [],
      issues: { unavailable: 'not read after a run' },
      ledger: [],
    });
    const gw = await startPushgateway();
    try {
      await pushMetrics({
        url: gw.url,
        samples: scorecardSamples(rows),
        job: 'intentops',
        groupings: {},
        timeoutMs: 5000,
      });
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      expect(text).toMatch(
        /^intentops_scorecard_value\{criterion="visibility",instance="",job="intentops",unit="share"\} 0\.5$/m,
      );
      expect(text).toMatch(
        /^intentops_scorecard_pass\{criterion="visibility",instance="",job="intentops"\} 0$/m,
      );
      expect(text).toMatch(
        /^intentops_scorecard_value\{criterion="audit",instance="",job="intentops",unit="share"\} 1$/m,
      );
      expect(text).toMatch(/^intentops_scorecard_pass\{criterion="audit",instance="",job="intentops"\} 1$/m);
      // Nothing measured (no anomaly) or not read (the incident issues): no series, never a 0 or a 1.
      expect(text).not.toMatch(/intentops_scorecard_\w+\{criterion="(detection|incident_coverage)"/);
    } finally {
      await gw.stop();
    }
  });
});
