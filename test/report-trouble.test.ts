import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordStore } from '../src/adapters/record-store.js';
import type { Anomaly, ExecutionRecord, UnsignedRecord } from '../src/domain/schemas/record.js';
import { hasChromium, launchChromium } from './helpers/chromium.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// The report for people who look for trouble (issue 17 item 3, issue 15 item 5): a history with a
// failed agent deploy that was rolled back, a bake that failed, an intent that never succeeded, one
// that only ever was denied, open incidents (an issue and a local draft) and a hostile intent name
// and param. The pages are read as text, then used in a real Chromium loaded from file://.

const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
const XSS_INTENT = `deploy-<img src=x onerror="window.__xss=3">`;
const XSS_PARAM = `"><script>window.__xss=4</script>`;
const HOUR = 3_600_000;

let repo: string;
let out: string;
const ids: Record<string, string> = {};
const paths: Record<string, string> = {};
const times: Record<string, string> = {};

const incidentAnomaly = (rule: string, severity: Anomaly['severity']): Anomaly => ({
  rule,
  severity,
  action: 'create_incident_draft',
  condition: `${rule} condition`,
  rules_file: 'intents/anomaly-rules/default.yaml',
  inputs: {},
});

async function writeHistory(dir: string): Promise<void> {
  const store = new RecordStore(dir);
  const base = Date.now() - 5 * 24 * HOUR;
  let n = 0;
  const put = async (key: string, over: Partial<UnsignedRecord>): Promise<ExecutionRecord> => {
    const at = new Date(base + n++ * 3 * HOUR).toISOString();
    times[key] = at;
    const record = makeRecord({
      id: `exec-${key}`,
      timestamp: at,
      anomalies: [],
      request: { path: `intents/requests/${key}.yaml`, commit: 'abc123def456', reason: 'test' },
      ...over,
    });
    ids[key] = record.id;
    paths[key] = await store.write(record);
    return record;
  };
  await put('ok-deploy', {
    intent: 'deploy-app',
    params: { app: 'home-portal', tag: '1.4.0' },
    request: { path: 'intents/requests/a.yaml', commit: null, reason: 'r', proposed_by: 'alice' },
  });
  await put('bad-deploy', {
    intent: 'deploy-app',
    params: { app: 'home-portal', tag: '1.5.0' },
    request: { path: 'intents/requests/b.yaml', commit: null, reason: 'r', proposed_by: 'deploy-bot[bot]' },
    status: 'failed',
    status_reason: 'step rollout exited 1',
    commands_run: [
      {
        step: 'apply',
        cmd: 'kubectl apply -k apps/home-portal',
        exit_code: 0,
        duration: '1s',
        stdout_tail: 'applied\n',
        stderr_tail: 'Warning: harmless deprecation\n',
      },
      {
        step: 'rollout',
        cmd: 'kubectl rollout status deployment/home-portal',
        exit_code: 1,
        duration: '300s',
        stderr_tail: 'error: deployment "home-portal" exceeded its progress deadline\n',
      },
    ],
    anomalies: [incidentAnomaly('unexpected_restart', 'P1')],
    drafts: [{ fingerprint: 'fp-deploy', path: 'https://github.com/acme/gitops/issues/12', new: true }],
  });
  await put('rollback', {
    intent: 'deploy-app',
    params: { app: 'home-portal', tag: '1.4.0' },
    rollback_of: 'exec-bad-deploy',
    rollback: { mode: 'auto', by: 'policy', trigger: "check 'rollout' fail" },
  });
  await put('restart', { intent: 'restart-app', params: { app: 'api' } });
  const bakeAt = new Date(base + n * 3 * HOUR - HOUR).toISOString();
  await put('restart-bake', {
    intent: 'restart-app',
    params: { app: 'api' },
    commands_run: [],
    status: 'failed',
    observation_of: ids.restart,
    observation: {
      verdict: 'fail',
      reason: "P1 failure indicator 'OOMKilled'",
      for: '600s',
      interval: '30s',
      expected_samples: 20,
      run_status: 'success',
      started: bakeAt,
      ended: bakeAt,
      samples: [],
      first_seen: [],
    },
    anomalies: [incidentAnomaly('oom_killed', 'P2')],
    drafts: [{ fingerprint: 'fp-restart', path: '../../incidents/drafts/restart-api.md', new: true }],
  });
  for (const k of ['cache-1', 'cache-2'])
    await put(k, {
      intent: 'clear-cache',
      params: { app: 'cache' },
      status: 'failed',
      status_reason: 'boom',
    });
  await put('backup-denied', {
    intent: 'verify-backups',
    params: { app: 'velero' },
    status: 'denied',
    status_reason: 'policy: change window closed',
    commands_run: [],
  });
  await put('hostile', { intent: XSS_INTENT, params: { app: XSS_PARAM } });
}

beforeAll(async () => {
  vi.stubEnv('GITHUB_REPOSITORY', '');
  vi.stubEnv('GITHUB_SHA', '');
  repo = await makeRepo(baseFiles());
  await writeHistory(repo);
  await writeFiles(repo, {
    'incidents/drafts/restart-api.md': `---
title: "Restart api: unexpected OOM killed"
severity: P2
status: draft
fingerprint: fp-restart
intent: restart-app
target: api
occurrences: 3
---
# Restart api
`,
  });
  out = join(repo, 'site');
  const res = await cli(['--repo', repo, 'report', '--out', out, '--repository', 'acme/gitops']);
  expect(res.code, res.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await removeRepo(repo);
});

const index = () => readFileSync(join(out, 'index.html'), 'utf8');
const execPage = (key: string) => readFileSync(join(out, 'executions', `${ids[key]}.html`), 'utf8');
/** The HTML of the element with this id, up to its closing tag (sections do not nest here). */
const section = (text: string, id: string) => {
  const start = text.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  return text.slice(start, text.indexOf('</section>', start));
};

describe('the report puts trouble first', () => {
  it('failures and open incidents come before the charts and the successful history', () => {
    const text = index();
    const attention = section(text, 'attention');
    expect(text.indexOf('id="attention"')).toBeLessThan(text.indexOf('<h2>Charts</h2>'));
    for (const k of ['bad-deploy', 'cache-1', 'cache-2', 'restart']) expect(attention).toContain(ids[k]);
    expect(attention).not.toContain(ids['ok-deploy']);
    expect(attention).toContain('step rollout exited 1');
    expect(attention).toContain('bake fail');
  });

  it('lists incidents with title, severity, occurrences and a link (the issue, else the local draft)', () => {
    const rows = section(index(), 'incidents')
      .split('<tr')
      .filter((r) => r.includes('<td'));
    const deploy = rows.find((r) => r.includes('Deploy home-portal: failed — unexpected restart'));
    expect(deploy).toMatch(/<td class="sev-P1">P1<\/td>/);
    expect(deploy).toContain('href="https://github.com/acme/gitops/issues/12"');
    const restart = rows.find((r) => r.includes('Restart api: unexpected OOM killed'));
    expect(restart).toContain('>3<'); // occurrences from the draft's front matter
    expect(restart).toContain(
      'href="https://github.com/acme/gitops/blob/HEAD/incidents/drafts/restart-api.md"',
    );
    expect(rows.indexOf(deploy as string)).toBeLessThan(rows.indexOf(restart as string)); // P1 first
  });

  it('the executions table shows status reason, target and proposer (kind and name)', () => {
    const table = section(index(), 'executions');
    const row = table.split('<tr').find((r) => r.includes(`data-id="${ids['bad-deploy']}"`));
    expect(row).toContain('data-status="failed"');
    expect(row).toContain('data-intent="deploy-app"');
    expect(row).toContain('step rollout exited 1');
    expect(row).toContain('<td>home-portal</td>');
    expect(row).toMatch(/agent<\/span> deploy-bot\[bot\]/);
    expect(table.split('<tr').find((r) => r.includes(`data-id="${ids['ok-deploy']}"`))).toMatch(
      /human<\/span> alice/,
    );
  });

  it('record paths link to the repository on GitHub (option, GITHUB_REPOSITORY, git remote) or relatively', async () => {
    expect(index()).toContain(`href="https://github.com/acme/gitops/blob/HEAD/${paths['bad-deploy']}"`);
    expect(execPage('bad-deploy')).toContain(
      `href="https://github.com/acme/gitops/blob/HEAD/${paths['bad-deploy']}"`,
    );
    vi.stubEnv('GITHUB_REPOSITORY', 'acme/from-env');
    vi.stubEnv('GITHUB_SHA', '0123456789abcdef0123456789abcdef01234567');
    const fromEnv = join(repo, 'site-env');
    expect((await cli(['--repo', repo, 'report', '--out', fromEnv])).code).toBe(0);
    expect(readFileSync(join(fromEnv, 'index.html'), 'utf8')).toContain(
      `href="https://github.com/acme/from-env/blob/0123456789abcdef0123456789abcdef01234567/${paths.restart}"`,
    );
    vi.stubEnv('GITHUB_REPOSITORY', '');
    vi.stubEnv('GITHUB_SHA', '');
    const plain = join(repo, 'site-plain');
    expect((await cli(['--repo', repo, 'report', '--out', plain])).code).toBe(0);
    expect(readFileSync(join(plain, 'index.html'), 'utf8')).toContain(`href="../${paths.restart}"`);
    expect(readFileSync(join(plain, 'executions', `${ids.restart}.html`), 'utf8')).toContain(
      `href="../../${paths.restart}"`,
    );
    const bad = await cli([
      '--repo',
      repo,
      'report',
      '--out',
      join(repo, 'site-bad'),
      '--repository',
      'https://x',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--repository: expected owner/repo, got "https://x"');
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@github.com:acme/from-remote.git']);
    const remote = join(repo, 'site-remote');
    expect((await cli(['--repo', repo, 'report', '--out', remote])).code).toBe(0);
    expect(readFileSync(join(remote, 'index.html'), 'utf8')).toContain(
      `href="https://github.com/acme/from-remote/blob/HEAD/${paths.restart}"`,
    );
  });

  it('a hostile intent name or param value is shown as text, never markup', () => {
    for (const text of [index(), execPage('hostile')]) {
      expect(text).not.toContain('<img src=x');
      expect(text).not.toContain('<script>window.__xss');
      expect(text).toContain('&lt;img src=x onerror=&quot;window.__xss=3&quot;&gt;');
    }
  });

  it('success rate tells 0% (never succeeded) from no data (only denied)', () => {
    const intents = section(index(), 'intents');
    const cache = intents.split('<tr').find((r) => r.includes('<td>clear-cache</td>'));
    const backups = intents.split('<tr').find((r) => r.includes('<td>verify-backups</td>'));
    expect(cache).toContain('class="rate rate-zero"');
    expect(cache).toContain('0% (0 of 2)');
    expect(backups).toContain('class="rate rate-none"');
    expect(backups).toContain('no data');
    expect(backups).not.toContain('0%');
  });

  it("a failed step's stderr is open by default; a passing step's is not", () => {
    const page = execPage('bad-deploy');
    expect(page).toMatch(/<details open><summary>stderr<\/summary><pre tabindex="0">error: deployment/);
    expect(page).toMatch(/<details><summary>stderr<\/summary><pre tabindex="0">Warning: harmless/);
  });

  it('execution pages show the bake verdict and the rollback at the top', () => {
    const bad = execPage('bad-deploy');
    const head = bad.slice(0, bad.indexOf('<h2>Timeline</h2>'));
    expect(head).toContain(`rolled back by <a href="${ids.rollback}.html">${ids.rollback}</a>`);
    expect(head).toMatch(/<tr><th>proposed by<\/th><td><span class="kind">agent<\/span> deploy-bot\[bot\]/);
    const restart = execPage('restart');
    expect(restart.slice(0, restart.indexOf('<h2>Timeline</h2>'))).toMatch(/<td class="fail">bake fail/);
  });
});

/** The little of Chart.js the checks read (the project compiles without the DOM library). */
interface ChartLike {
  data: { labels: string[]; datasets: { data: (number | null)[] }[] };
  scales: {
    x: {
      ticks: { label: string }[];
      getLabelItems(): { label: string; options: { rotation: number; translation: [number, number] } }[];
      ctx: { measureText(t: string): { width: number } };
    };
  };
  getDatasetMeta(i: number): { data: { x: number; y: number; base: number; skip?: boolean }[] };
}
type Globals = { intentopsCharts?: Record<string, ChartLike>; __xss?: number };

describe.skipIf(!hasChromium)('the trouble report in headless Chromium (file://)', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(join(out, 'index.html')).href, { waitUntil: 'load' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-trouble.png'), fullPage: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const visible = () =>
    page.evaluate(() => {
      type Row = { hidden: boolean; getAttribute(n: string): string | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Row[] } }).document;
      return [...doc.querySelectorAll('#executions tbody tr')]
        .filter((r) => !r.hidden)
        .map((r) => r.getAttribute('data-id'));
    });

  it('filters the executions table by intent, status and date, with no server', async () => {
    expect(await visible()).toHaveLength(8);
    await page.selectOption('#filter-status', 'failed');
    expect((await visible()).sort()).toEqual([ids['bad-deploy'], ids['cache-1'], ids['cache-2']].sort());
    await page.selectOption('#filter-intent', 'clear-cache');
    expect((await visible()).sort()).toEqual([ids['cache-1'], ids['cache-2']].sort());
    expect(await page.locator('#filter-count').textContent()).toBe('2 of 8 executions');
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-intent', XSS_INTENT);
    expect(await visible()).toEqual([ids.hostile]);
    await page.selectOption('#filter-intent', '');
    const restartDay = (times.restart ?? '').slice(0, 10);
    await page.fill('#filter-from', restartDay);
    await page.fill('#filter-to', restartDay);
    const sameDay = await visible();
    expect(sameDay).toContain(ids.restart);
    expect(sameDay.length).toBeLessThan(8);
    expect(await page.evaluate(() => (globalThis as unknown as Globals).__xss)).toBeUndefined();
    // The filter is in the address: a link to it opens the same view.
    const url = page.url();
    expect(url).toContain(`#from=${restartDay}&to=${restartDay}`);
    const linked = await browser.newPage();
    await linked.goto(`${pathToFileURL(join(out, 'index.html')).href}#status=failed&intent=clear-cache`);
    const shown = await linked.evaluate(() => {
      type Row = { hidden: boolean; getAttribute(n: string): string | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Row[] } }).document;
      return [...doc.querySelectorAll('#executions tbody tr')]
        .filter((r) => !r.hidden)
        .map((r) => r.getAttribute('data-id'));
    });
    expect(shown.sort()).toEqual([ids['cache-1'], ids['cache-2']].sort());
    expect(await linked.locator('#filter-status').inputValue()).toBe('failed');
    await linked.close();
    expect(problems).toEqual([]);
  }, 30_000);

  it('draws 0% as a visible red stub and no data as no bar, labelled "no data"', async () => {
    const bars = await page.evaluate(() => {
      const c = (globalThis as unknown as Globals).intentopsCharts?.['success-rate'] as ChartLike;
      const meta = c.getDatasetMeta(0).data;
      return c.data.labels.map((label, i) => ({
        label,
        value: c.data.datasets[0]?.data[i],
        height: Math.abs((meta[i]?.base ?? 0) - (meta[i]?.y ?? 0)),
      }));
    });
    const cache = bars.find((b) => b.label.startsWith('clear-cache'));
    const backups = bars.find((b) => b.label.startsWith('verify-backups'));
    expect(cache?.value).toBe(0);
    expect(cache?.height).toBeGreaterThanOrEqual(3);
    expect(backups?.value).toBeNull();
    expect(backups?.label).toBe('verify-backups (no data)');
  });

  it('the duration chart has dates people read, horizontal and not overlapping', async () => {
    const x = await page.evaluate(() => {
      const c = (globalThis as unknown as Globals).intentopsCharts?.durations as ChartLike;
      return c.scales.x.getLabelItems().map((l) => ({
        label: String(l.label),
        rotation: l.options.rotation,
        x: l.options.translation[0],
        width: c.scales.x.ctx.measureText(String(l.label)).width,
      }));
    });
    expect(x.length).toBeGreaterThan(1);
    for (const l of x) {
      expect(l.label).toMatch(/^[A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}$/);
      expect(l.rotation === 0, `${l.label} rotated ${l.rotation}`).toBe(true);
    }
    for (let i = 1; i < x.length; i++) {
      const a = x[i - 1] as (typeof x)[number];
      const b = x[i] as (typeof x)[number];
      expect(b.x - b.width / 2, `${a.label} overlaps ${b.label}`).toBeGreaterThan(a.x + a.width / 2);
    }
  });

  it('charts rollbacks and bake verdicts', async () => {
    const data = await page.evaluate(() => {
      const charts = (globalThis as unknown as Globals).intentopsCharts ?? {};
      return Object.fromEntries(
        ['rollbacks', 'bake-verdicts'].map((id) => [
          id,
          { labels: charts[id]?.data.labels, data: charts[id]?.data.datasets.map((d) => d.data) },
        ]),
      );
    });
    expect(data.rollbacks).toEqual({ labels: ['deploy-app'], data: [[1], [0]] });
    expect(data['bake-verdicts']?.labels).toEqual(['restart-app']);
  });

  it('a failed step shows its stderr open in the browser', async () => {
    const p = await browser.newPage();
    await p.goto(pathToFileURL(join(out, 'executions', `${ids['bad-deploy']}.html`)).href);
    expect(await p.locator('details:has(summary:text-is("stderr")) >> nth=1').getAttribute('open')).toBe('');
    expect(await p.getByText('exceeded its progress deadline').isVisible()).toBe(true);
    await p.close();
  });
});
