import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordStore } from '../src/adapters/record-store.js';
import type { Anomaly } from '../src/domain/schemas/record.js';
import { axeViolations } from './helpers/axe.js';
import { hasChromium, launchChromium } from './helpers/chromium.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// `intentops report` on a repo with one real run whose output holds markup, plus two weeks of
// records of three intents: the pages are checked as text, then loaded in a real headless Chromium
// from file:// and over HTTP (as GitHub Pages serves them).

const ROOT = join(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

let repo: string;
let out: string;
let realId: string;

const anomaly = (rule: string, severity: Anomaly['severity'], inputs: Record<string, unknown>): Anomaly => ({
  rule,
  severity,
  action: 'create_incident_draft',
  condition: `${rule} condition`,
  rules_file: 'intents/anomaly-rules/default.yaml',
  inputs,
});

/** A failed step whose output is longer and wider than its box. */
const LONG_STEP = {
  step: 'apply',
  cmd: 'kubectl apply --server-side --force-conflicts -k apps/home-portal/overlays/production-europe-west',
  exit_code: 1,
  duration: '4.2s',
  stdout_tail: Array.from({ length: 60 }, (_, i) => `deployment.apps/home-portal-${i} configured`).join('\n'),
  stderr_tail: Array.from(
    { length: 60 },
    (_, i) =>
      `error: resource mapping not found for name: "home-portal-${i}" namespace: "home-portal" from "apps/home-portal/overlays/production-europe-west/kustomization.yaml"`,
  ).join('\n'),
};
const FAILED_PAGE = 'executions/exec-hist-03-deploy-app.html';

/** Two weeks of history: deploys, restarts and backup checks, some failing, some slow. */
async function writeHistory(dir: string): Promise<void> {
  const store = new RecordStore(dir);
  const day = 86_400_000;
  const intents = [
    { intent: 'deploy-app', app: 'home-portal', expected: 180 },
    { intent: 'restart-app', app: 'api', expected: 60 },
    { intent: 'verify-backups', app: 'velero', expected: 120 },
  ];
  for (let i = 0; i < 24; i++) {
    const it = intents[i % 3] as (typeof intents)[number];
    const at = new Date(Date.now() - (13 - Math.floor(i / 2)) * day - (i % 2) * 3_600_000);
    const failed = i % 7 === 3;
    const slow = i % 5 === 1;
    await store.write(
      makeRecord({
        id: `exec-hist-${String(i).padStart(2, '0')}-${it.intent}`,
        timestamp: at.toISOString(),
        intent: it.intent,
        params: { app: it.app },
        status: i === 10 ? 'denied' : failed ? 'failed' : 'success',
        duration: `${Math.round(it.expected * (slow ? 2.4 : 0.4 + (i % 4) * 0.15))}s`,
        expected_duration: `${it.expected}s`,
        anomalies: [
          ...(slow ? [anomaly('slow_deployment', 'P3', { duration: it.expected * 2.4 })] : []),
          ...(failed
            ? [anomaly('unexpected_restart', 'P2', { pod_restarts_after: 3, pod_restarts_before: 0 })]
            : []),
          ...(i % 6 === 0 ? [anomaly('memory_spike', 'P2', { delta: 31 })] : []),
        ],
        drafts: failed ? [{ fingerprint: `fp-${it.intent}`, path: 'incidents/drafts/x.md', new: true }] : [],
        // A failed run's step printed more than its box holds: the box scrolls.
        ...(failed ? { commands_run: [LONG_STEP] } : {}),
      }),
    );
  }
  // Two bakes' follow-up records: no executions of their own, their verdicts show on the runs they observed.
  for (const [i, verdict] of [
    [0, 'fail'],
    [3, 'pass'],
  ] as const) {
    const observed = `exec-hist-${String(i).padStart(2, '0')}-deploy-app`;
    const at = new Date(Date.now() - (13 - Math.floor(i / 2)) * day + 600_000).toISOString();
    await store.write(
      makeRecord({
        id: `exec-hist-${String(i).padStart(2, '0')}-bake-deploy-app`,
        timestamp: at,
        intent: 'deploy-app',
        params: { app: 'home-portal' },
        commands_run: [],
        anomalies: [],
        status: verdict === 'pass' ? 'success' : 'failed',
        observation_of: observed,
        observation: {
          verdict,
          reason:
            verdict === 'pass'
              ? '20 snapshots, nothing failing'
              : "P1 failure indicator 'OOMKilled' in kubernetes:web-1/app",
          for: '600s',
          interval: '30s',
          expected_samples: 20,
          run_status: 'success',
          started: at,
          ended: at,
          samples: [],
          first_seen:
            verdict === 'fail'
              ? [
                  {
                    what: 'indicator:OOMKilled@kubernetes:web-1/app',
                    severity: 'P1',
                    at,
                    after_run: '7 m 40 s',
                    after_run_ms: 460_000,
                  },
                ]
              : [],
        },
      }),
    );
  }
}

beforeAll(async () => {
  repo = await makeRepo({
    ...baseFiles(),
    'intents/requests/xss.yaml': request({ app: 'xss', say: XSS }),
  });
  const run = await cli(['--repo', repo, 'run', 'intents/requests/xss.yaml']);
  expect(run.code, run.stderr).toBe(0);
  const day = readdirSync(join(repo, 'executions'))[0] as string;
  realId = (readdirSync(join(repo, 'executions', day))[0] as string).replace(/\.yaml$/, '');
  await writeHistory(repo);
  await writeFiles(repo, {
    'incidents/filed/fp-deploy-app-deploy-home-portal.md': '---\nissue: 3\n---\n# filed\n',
    'learning/ledger.yaml': `suggestions:
  - { id: s-1, trigger: repeated_anomaly, action: suggest_policy_update, state: accepted, pr: 41, url: "https://github.com/acme/gitops/pull/41" }
  - { id: s-2, trigger: repeated_manual_fix, action: suggest_new_intent, state: open, pr: 44, url: "https://github.com/acme/gitops/pull/44" }
  - { id: s-3, trigger: post_intent_manual_step, action: suggest_intent_enhancement, state: rejected, pr: 39 }
`,
  });
  out = join(repo, 'site');
  const res = await cli(['--repo', repo, 'report', '--out', out]);
  expect(res.code, res.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await removeRepo(repo);
});

describe('intentops report (files)', () => {
  it('writes index, one page per execution, the client script and Chart.js itself', () => {
    expect(readdirSync(out).sort()).toEqual(['chart.umd.min.js', 'executions', 'index.html', 'report.js']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(readdirSync(join(out, 'executions'))).toHaveLength(25);
    // The bake's verdict is on the execution's row and page; each page shows its own record.
    expect(index).toMatch(/exec-hist-00-deploy-app<\/a><\/td>.*<span class="fail">bake fail<\/span>/);
    for (const f of readdirSync(join(out, 'executions'))) {
      const page = readFileSync(join(out, 'executions', f), 'utf8');
      expect(page, f).toContain(`<tr><th>execution</th><td>${f.replace(/\.html$/, '')}</td></tr>`);
    }
    const baked = readFileSync(join(out, 'executions', 'exec-hist-00-deploy-app.html'), 'utf8');
    expect(baked).toContain('bake fail');
    expect(baked).toContain('OOMKilled@kubernetes:web-1/app (P1) appeared 7 m 40 s after the run ended');
    expect(baked).toContain('exec-hist-00-bake-deploy-app.yaml');
    expect(readFileSync(join(out, 'chart.umd.min.js'), 'utf8')).toMatch(/Chart/);
    expect(index).not.toMatch(/https?:\/\/[^"'\s]*\.(js|css)/); // nothing loaded from elsewhere
    expect(index).toContain('<a href="https://github.com/acme/gitops/pull/44">#44</a>');
  });

  it('escapes record text: the markup from the step output is shown, never parsed', () => {
    const page = readFileSync(join(out, 'executions', `${realId}.html`), 'utf8');
    expect(page).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(page).not.toContain('<script>window.__xss');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('script-src &#39;none&#39;'); // the CSP: this page runs no script at all
  });

  it('--since keeps only recent executions; a bad --since is exit 2 and writes nothing', async () => {
    const recent = join(repo, 'site-recent');
    const res = await cli(['--repo', repo, '--json', 'report', '--since', '3d', '--out', recent]);
    expect(res.code).toBe(0);
    const n = JSON.parse(res.stdout).executions as number;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(25);
    const bad = await cli(['--repo', repo, 'report', '--since', 'lately', '--out', join(repo, 'site-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since: expected a duration like 30d or 12h, got 'lately'");
    expect(existsSync(join(repo, 'site-bad'))).toBe(false);
    const onFile = await cli([
      '--repo',
      repo,
      'report',
      '--out',
      join(repo, 'intents', 'catalog', 'work.yaml'),
    ]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toMatch(/--out: cannot write the report into .*work\.yaml/);
  });

  it('says "no suggestions yet" without a ledger', async () => {
    const bare = await makeRepo(baseFiles());
    try {
      const res = await cli(['--repo', bare, 'report', '--out', join(bare, 'site')]);
      expect(res.code).toBe(0);
      const index = readFileSync(join(bare, 'site', 'index.html'), 'utf8');
      expect(index).toContain('No suggestions yet.');
      expect(index).toContain('No executions in this period.');
    } finally {
      await removeRepo(bare);
    }
  });
});

/** Serves the site as a static host does (GitHub Pages): files only, by extension. */
function serve(root: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer(async (req, res) => {
    const rel = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] as string)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    try {
      const body = await readFile(join(root, rel === '/' ? 'index.html' : rel));
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

interface Loaded {
  page: Page;
  problems: string[];
}

async function load(
  browser: Browser,
  url: string,
  opts: { width?: number; bypassCSP?: boolean } = {},
): Promise<Loaded> {
  const page = await browser.newPage({
    viewport: { width: opts.width ?? 1280, height: 900 },
    bypassCSP: opts.bypassCSP ?? false,
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** The little of the DOM the page checks touch (the project compiles without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
type ChartsGlobal = {
  intentopsCharts?: Record<string, { data: { datasets: { data: unknown[] }[] }; canvas: Canvas }>;
};

/** Per chart: its data as Chart.js holds it, and how many canvas pixels are not blank. */
function drawn(page: Page) {
  return page.evaluate(() => {
    const charts = (globalThis as unknown as ChartsGlobal).intentopsCharts ?? {};
    return Object.fromEntries(
      Object.entries(charts).map(([id, c]) => {
        const px = c.canvas.getContext('2d').getImageData(0, 0, c.canvas.width, c.canvas.height).data;
        let painted = 0;
        for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) painted++;
        return [id, { data: c.data.datasets.map((d) => d.data), painted }];
      }),
    );
  });
}

/** Where the charts end on the page: the picture stops there. */
async function chartsBottom(page: Page): Promise<number> {
  const box = await page.locator('.charts').boundingBox();
  return box ? box.y + box.height : 1230;
}

describe.skipIf(!hasChromium)('the report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads from file:// without console errors and draws every chart with data; screenshot', async () => {
    const { page, problems } = await load(browser, pathToFileURL(join(out, 'index.html')).href);
    const charts = await drawn(page);
    expect(Object.keys(charts).sort()).toEqual([
      'anomalies-by-rule',
      'bake-verdicts',
      'durations',
      'executions-per-day',
      'incidents',
      'success-rate',
      'suggestions',
    ]);
    for (const [id, c] of Object.entries(charts)) {
      expect(c.painted, `${id} is blank`).toBeGreaterThan(500);
    }
    expect(charts.suggestions?.data).toEqual([[1, 1, 1]]);
    expect(charts.incidents?.data).toEqual([[3, 1]]);
    // Bakes by verdict per intent: deploy-app had one pass and one fail.
    expect(charts['bake-verdicts']?.data).toEqual([[1], [1], [0], [0], [0]]);
    expect(charts['executions-per-day']?.data.flat().reduce((a, b) => (a as number) + (b as number), 0)).toBe(
      25,
    );
    // 25 executions on the duration chart: the x labels shown are thinned so none overlaps the next.
    const ticks = await page.evaluate(() => {
      type Scale = {
        getLabelItems(): { label: string; options: { translation: [number, number] } }[];
        ctx: { measureText(t: string): { width: number } };
      };
      const c = (globalThis as unknown as { intentopsCharts: Record<string, { scales: { x: Scale } }> })
        .intentopsCharts.durations;
      const x = c?.scales.x as Scale;
      return x.getLabelItems().map((l) => ({
        x: l.options.translation[0],
        w: x.ctx.measureText(String(l.label)).width,
      }));
    });
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.length).toBeLessThan(25);
    for (let i = 1; i < ticks.length; i++) {
      const a = ticks[i - 1] as { x: number; w: number };
      const b = ticks[i] as { x: number; w: number };
      expect(b.x - b.w / 2).toBeGreaterThan(a.x + a.w / 2);
    }
    expect(problems).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    // The README's picture: trouble first, the tiles and charts, without the long tables below them. Written into
    // docs/ only when asked (UPDATE_SCREENSHOT=1), so a test run never changes a tracked file.
    const picture = process.env.UPDATE_SCREENSHOT
      ? join(ROOT, 'docs', 'report-screenshot.png')
      : join(ARTIFACTS, 'report-screenshot.png');
    await page.screenshot({
      path: picture,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil((await chartsBottom(page)) + 16) },
    });
    await page.close();
  }, 30_000);

  it('shows an execution timeline with the hostile output as text; no script of it runs', async () => {
    const { page, problems } = await load(
      browser,
      pathToFileURL(join(out, 'executions', `${realId}.html`)).href,
    );
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const text = await page.locator('main').textContent();
    expect(text).toContain('window.__xss=1');
    expect(text).toMatch(/step write: exit 0/);
    expect(text).toMatch(/check state_written: pass/);
    expect(await page.locator('img').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'report-execution.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('passes axe on the index and on execution pages: a <pre> that scrolls can be reached by keyboard', async () => {
    // axe-core is injected, so the page's CSP is bypassed for this check only.
    for (const path of ['index.html', FAILED_PAGE, `executions/${realId}.html`]) {
      const { page } = await load(browser, pathToFileURL(join(out, path)).href, { bypassCSP: true });
      await drawn(page);
      const violations = await axeViolations(page);
      expect(violations, `${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      await page.close();
    }
    // The failed step's output really is taller than its box: the rule had something to check.
    const { page } = await load(browser, pathToFileURL(join(out, FAILED_PAGE)).href);
    const pre = page.locator('details[open] pre').first();
    expect(await pre.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    expect(await pre.getAttribute('tabindex')).toBe('0');
    await page.close();
  }, 60_000);

  it('fits a 390 px wide phone: the page never scrolls sideways; a wide table scrolls in its own box', async () => {
    for (const path of ['index.html', FAILED_PAGE, `executions/${realId}.html`]) {
      const { page, problems } = await load(browser, pathToFileURL(join(out, path)).href, { width: 390 });
      await drawn(page);
      const wide = await page.evaluate(() => {
        type El = {
          tagName: string;
          className: string;
          getBoundingClientRect(): { right: number };
          closest(selector: string): unknown;
        };
        const doc = (globalThis as unknown as { document: Doc }).document;
        type Doc = {
          documentElement: { scrollWidth: number; clientWidth: number };
          querySelectorAll(selector: string): Iterable<El>;
        };
        return {
          scrollWidth: doc.documentElement.scrollWidth,
          // What sticks out past the right edge outside a scrolling box, for the message.
          out: [...doc.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > doc.documentElement.clientWidth + 0.5)
            .filter((e) => !e.closest('.table-box, pre'))
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
        };
      });
      expect(wide.scrollWidth, `${path}: ${wide.out.join(', ')}`).toBeLessThanOrEqual(390);
      expect(problems).toEqual([]);
      if (path === 'index.html') {
        // The executions table is wider than the phone: its box scrolls, and a keyboard reaches it.
        const box = page.locator('.table-box:has(#executions)');
        expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
        expect(await box.getAttribute('tabindex')).toBe('0');
        expect(await box.getAttribute('aria-label')).toBeTruthy();
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'report-390.png'), fullPage: true });
      }
      await page.close();
    }
  }, 60_000);

  it('works served over HTTP, as GitHub Pages serves it', async () => {
    const server = await serve(out);
    try {
      const { port } = server.address() as AddressInfo;
      const { page, problems } = await load(browser, `http://127.0.0.1:${port}/index.html`);
      expect(Object.keys(await drawn(page))).toHaveLength(7);
      await page.locator(`a[href="executions/${realId}.html"]`).click();
      await page.waitForURL(`**/executions/${realId}.html`);
      expect(await page.locator('h1').textContent()).toContain(realId);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});

if (!hasChromium) {
  it.skip('browser tests skipped: /usr/bin/chromium is missing (CI installs it via .ci/run)', () => {});
}
