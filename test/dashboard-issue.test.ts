import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { serializeRecord } from '../src/adapters/record-store.js';
import {
  DASHBOARD_LOG,
  DashboardIssue,
  type DashboardPublished,
  refreshDashboard,
} from '../src/app/dashboard/dashboard-issue.js';
import { ApiCallCounter } from '../src/app/shared/github-calls.js';
import { DASHBOARD_LABEL, type DashboardView, dashboardBody } from '../src/domain/dashboard/body.js';
import { recordPath } from '../src/domain/records/record.js';
import { keepBody, mentions, unbalanced } from './helpers/bot-bodies.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { makeRecord } from './helpers/record-fixture.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// The dashboard issue's life against the GitHub double: created once, updated, unchanged → 0 calls,
// closed → reopened, a lost log → found by its marker, never duplicated.

const repo = { owner: 'acme', repo: 'gitops' };
let double: GitHubDouble;
let gh: GitHubClient;

beforeEach(async () => {
  double = await startGitHubDouble();
  gh = createOctokit({
    token: 'ghs_dashboardTest123456',
    baseUrl: double.url,
    pacing: 'none',
    retryBaseMs: 5,
  });
});
afterEach(async () => {
  expect(double.rejected()).toEqual([]);
  await double.stop();
});

function view(waiting: string[] = []): DashboardView {
  return {
    waiting: waiting.map((path) => ({ path, why: 'behind exec-1 (claimed)' })),
    running: [],
    incidents: [
      {
        title: 'Deploy home-portal: unexpected restart',
        severity: 'P2',
        occurrences: 3,
        link: 'https://github.com/acme/gitops/issues/9',
      },
    ],
    suggestions: [],
    delivery: null,
  };
}

/** One publish with a fresh call counter: what it did and what it cost. */
async function publish(body: string, last: DashboardPublished | null) {
  const calls = new ApiCallCounter();
  const out = await new DashboardIssue(githubPort(gh), { ...repo, calls }).publish(body, last);
  return { out, calls: calls.total, ops: Object.keys(calls.byOperation) };
}

const dashboards = () => [...double.state.issues.values()].filter((i) => i.labels.includes(DASHBOARD_LABEL));

describe('the dashboard issue', () => {
  it('is created once, updated when it changed, costs nothing when it did not, and a closed one is reopened', async () => {
    const first = await publish(dashboardBody(view()), null);
    expect(first.out.status).toBe('created');
    // Looked for it by marker and created it: 2 calls. Not pinned in the same run (that would be a
    // third call): its log line says the pin is pending.
    expect(first.ops).toEqual(['issues/list-for-repo', 'issues/create']);
    expect(dashboards()[0]?.pinned).not.toBe(true);
    if (first.out.status !== 'created') throw new Error('unreachable');
    let last = first.out.published;
    expect(last.pin).toBe('pending');
    expect(dashboards()).toHaveLength(1);
    expect(dashboards()[0]?.body).toBe(dashboardBody(view()));

    const same = await publish(dashboardBody(view()), last);
    expect(same).toEqual({ out: { status: 'unchanged', issue: last.issue }, calls: 0, ops: [] });

    // The first change pins it with its update: 2 calls, once in the dashboard's life.
    const changed = await publish(dashboardBody(view(['intents/requests/a.yaml'])), last);
    expect(changed.out).toMatchObject({ status: 'updated', pinned: true });
    expect(changed.ops).toEqual(['issues/update', 'graphql/pinIssue']);
    expect(dashboards()[0]?.pinned).toBe(true);
    if (changed.out.status === 'unchanged') throw new Error('unreachable');
    last = changed.out.published;
    expect(last.pin).toBeUndefined();
    expect(dashboards()[0]?.body).toContain('`intents/requests/a.yaml`');

    const later = await publish(dashboardBody(view(['intents/requests/a2.yaml'])), last);
    expect(later.ops).toEqual(['issues/update']);
    if (later.out.status === 'unchanged') throw new Error('unreachable');
    last = later.out.published;

    // Someone closes it: the next change reopens the same issue in the same call.
    const issue = double.state.issues.get(last.issue);
    if (!issue) throw new Error('no issue');
    issue.state = 'closed';
    const reopened = await publish(dashboardBody(view(['intents/requests/b.yaml'])), last);
    expect(reopened.calls).toBe(1);
    expect(reopened.out.issue).toBe(last.issue);
    expect(double.state.issues.get(last.issue)?.state).toBe('open');
    expect(dashboards()).toHaveLength(1);
  });

  it('without its log, finds the issue by marker (closed or open) instead of opening another; a pasted marker does not count', async () => {
    const made = await publish(dashboardBody(view()), null);
    const number = made.out.issue;
    const issue = double.state.issues.get(number);
    if (!issue) throw new Error('no issue');
    issue.state = 'closed';
    // A person's issue with the same label and a copied marker: not the bot's.
    const n = double.state.nextNumber();
    double.state.issues.set(n, {
      ...issue,
      number: n,
      id: double.state.nextId(),
      user: { login: 'mallory', id: 66, type: 'User' },
      createdAt: '2020-01-01T00:00:00Z', // older than the bot's: listed first
      state: 'open',
      body: issue.body,
    });
    const again = await publish(dashboardBody(view(['intents/requests/c.yaml'])), null);
    expect(again.out).toMatchObject({ status: 'reopened', issue: number });
    expect(again.calls).toBe(2);
    expect(double.state.issues.get(number)?.state).toBe('open');
    expect(double.state.issues.get(n)?.body).not.toContain('c.yaml');
    expect(dashboards().filter((i) => i.user.type === 'Bot')).toHaveLength(1);
  });

  it('a repository with three pinned issues still gets its dashboard, unpinned', async () => {
    for (let k = 0; k < 3; k++) {
      const { data } = await gh.rest.issues.create({ ...repo, title: `pinned ${k}` });
      const i = double.state.issues.get(data.number);
      if (i) i.pinned = true;
    }
    const made = await publish(dashboardBody(view()), null);
    expect(made.out).toMatchObject({ status: 'created', published: { pin: 'pending' } });
    if (made.out.status === 'unchanged') throw new Error('unreachable');
    const refused = await publish(dashboardBody(view(['p.yaml'])), made.out.published);
    expect(refused.out).toMatchObject({ status: 'updated', pinned: false, published: { pin: 'refused' } });
    expect(refused.calls).toBe(2);
    if (refused.out.status === 'unchanged') throw new Error('unreachable');
    // Refused once, not asked again: later changes cost 1 call.
    const after = await publish(dashboardBody(view(['q.yaml'])), refused.out.published);
    expect(after.ops).toEqual(['issues/update']);
    expect(dashboards()).toHaveLength(1);
  });

  it('a pin whose request failed (not refused by GitHub) stays pending: the next change pins it', async () => {
    const made = await publish(dashboardBody(view()), null);
    if (made.out.status === 'unchanged') throw new Error('unreachable');
    double.failNext('POST', '/graphql pinIssue', 404);
    const failed = await publish(dashboardBody(view(['p.yaml'])), made.out.published);
    expect(failed.out).toMatchObject({ status: 'updated', pinned: false, published: { pin: 'pending' } });
    if (failed.out.status === 'unchanged') throw new Error('unreachable');
    const next = await publish(dashboardBody(view(['q.yaml'])), failed.out.published);
    expect(next.out).toMatchObject({ status: 'updated', pinned: true });
    expect(next.ops).toEqual(['issues/update', 'graphql/pinIssue']);
    expect(dashboards()[0]?.pinned).toBe(true);
  });

  it('a 404 on updating the issue just made, found again by its label: its pin stays pending (the fault sweep)', async () => {
    const made = await publish(dashboardBody(view()), null);
    if (made.out.status === 'unchanged') throw new Error('unreachable');
    double.failNext('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 404);
    const again = await publish(dashboardBody(view(['p.yaml'])), made.out.published);
    expect(again.out).toMatchObject({
      status: 'updated',
      issue: made.out.issue,
      published: { pin: 'pending' },
    });
    if (again.out.status === 'unchanged') throw new Error('unreachable');
    const next = await publish(dashboardBody(view(['q.yaml'])), again.out.published);
    expect(next.out).toMatchObject({ status: 'updated', pinned: true });
    expect(dashboards()[0]?.pinned).toBe(true);
  });

  it('a deleted issue is found gone and made again', async () => {
    const made = await publish(dashboardBody(view()), null);
    if (made.out.status === 'unchanged') throw new Error('unreachable');
    double.state.issues.delete(made.out.issue);
    const again = await publish(dashboardBody(view(['x.yaml'])), made.out.published);
    expect(again.out.status).toBe('created');
    expect(again.out.issue).not.toBe(made.out.issue);
  });
});

describe('dashboardBody', () => {
  it('stays within GitHub’s body limit, says where the rest is, and keeps its marker', () => {
    const many = view(
      Array.from({ length: 3000 }, (_, i) => `intents/requests/r-${i}-${'x'.repeat(20)}.yaml`),
    );
    const body = dashboardBody({ ...many, reportUrl: 'https://acme.github.io/gitops/' });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain(
      "cut to GitHub's 65536-character limit: the full picture is in the [report](https://acme.github.io/gitops/)",
    );
    expect(body.trimEnd().endsWith('<!-- intentops:dashboard=v1 -->')).toBe(true);
    expect(dashboardBody(view())).toBe(dashboardBody(view())); // same state, same text
  });
});

describe('refreshDashboard on a real repository', () => {
  it("shows the waiting request, the open incident and suggestion, the week's metrics; unchanged costs 0 calls", async () => {
    const now = new Date();
    const at = new Date(now.getTime() - 3600_000).toISOString();
    const record = makeRecord({
      timestamp: at,
      params: { app: 'web' },
      anomalies: [{ ...makeRecord().anomalies[0], action: 'create_incident_draft', severity: 'P1' } as never],
      drafts: [{ fingerprint: 'fpweb', path: 'https://github.com/acme/gitops/issues/12', new: true }],
    });
    // 20 days old: outside the week's metrics, but its incident is still open (a record without a
    // draft that old is not even parsed).
    const old = makeRecord({
      id: 'exec-old-shop',
      timestamp: new Date(now.getTime() - 20 * 86_400_000).toISOString(),
      params: { app: 'shop' },
      anomalies: [{ ...makeRecord().anomalies[0], action: 'create_incident_draft', severity: 'P3' } as never],
      drafts: [{ fingerprint: 'fpshop', path: 'https://github.com/acme/gitops/issues/5', new: true }],
    });
    const quiet = makeRecord({ id: 'exec-old-quiet', timestamp: old.timestamp, anomalies: [] });
    const dir = await makeRepo({
      ...baseFiles(),
      [recordPath(old)]: serializeRecord(old),
      [recordPath(quiet)]: serializeRecord(quiet),
      'intents/requests/web.yaml': request({ app: 'web' }),
      [recordPath(record)]: serializeRecord(record),
      'learning/ledger.yaml': stringify({
        suggestions: [
          {
            id: 's1',
            trigger: 'repeated_anomaly',
            title: 'Add a memory_usage headroom precheck before deploy-app (memory_spike ×3)',
            state: 'open',
            pr: 31,
            url: 'https://github.com/acme/gitops/pull/31',
          },
          { id: 's2', trigger: 'repeated_anomaly', state: 'rejected', pr: 30 },
        ],
      }),
    });
    try {
      const opts = {
        github: githubPort(gh),
        ...repo,
        repoDir: dir,
        now,
        links: { repoUrl: 'https://github.com/acme/gitops' },
      };
      const calls = new ApiCallCounter();
      const first = await refreshDashboard({ ...opts, calls });
      expect(first.status).toBe('created');
      expect(calls.total).toBe(2);
      const body = String(double.state.issues.get(first.issue)?.body);
      keepBody('dashboard-unit', body);
      // The first lines: when this was true, then what needs a person now, oldest worry first.
      const lines = body.split('\n');
      expect(lines[0]).toMatch(/^_As of \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
      expect(lines.find((l) => l.startsWith('## '))).toBe('## Needs you now (2)');
      // Each incident with its age, the execution (linked) and the next step.
      expect(body).toMatch(
        /^- \*\*P1\*\* \[Work web: unexpected memory spike\]\(https:\/\/github\.com\/acme\/gitops\/issues\/12\) — open 1 h \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\), 1 occurrence; last \[`exec-[^`]+`\]\(https:\/\/github\.com\/acme\/gitops\/blob\/HEAD\/executions\/[^)]+\.yaml\)\. Next: /m,
      );
      expect(body).toMatch(/^- \*\*P3\*\* \[Work shop: unexpected memory spike\]\([^)]+\) — open 20 d /m);
      // Every time says its zone; suggestions by title; no empty section.
      expect(body.match(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?!:\d| UTC)Z?/g) ?? []).toEqual([]);
      expect(body).toContain(
        '- [Add a memory\\_usage headroom precheck before deploy-app](https://github.com/acme/gitops/pull/31) (#31)',
      );
      expect(body).not.toContain('repeated\\_anomaly');
      // The failed change's execution id links its record.
      expect(body).toMatch(
        /^- \[`exec-20260101-120000-work-web-abc123`\]\(https:\/\/github\.com\/acme\/gitops\/blob\/HEAD\/executions\/\d{4}-\d\d-\d\d\/exec-20260101-120000-work-web-abc123\.yaml\) work web/m,
      );
      expect(body).not.toContain('Running or baking');
      expect(body).not.toContain('_none_');
      expect(mentions(body)).toEqual([]);
      expect(unbalanced(body)).toEqual([]);
      expect(body).toContain('## Needs you now (2)');
      expect(body).toContain('## Requests waiting (1)');
      expect(body).toMatch(/- `intents\/requests\/web\.yaml` — merged .* — merged, not run yet/);
      expect(body).toContain('## Suggestion PRs open (1)');
      expect(body).toContain('## Delivery metrics (last 7 days)');
      expect(body).toMatch(/^\| all \| humans \| 1 \| /m);
      const log = readFileSync(join(dir, DASHBOARD_LOG), 'utf8').trim().split('\n');
      expect(log).toHaveLength(1);

      // Ten minutes later nothing changed: the "as of" time alone is no reason for a call.
      const again = new ApiCallCounter();
      const later = new Date(now.getTime() + 600_000);
      expect((await refreshDashboard({ ...opts, now: later, calls: again })).status).toBe('unchanged');
      expect(again.total).toBe(0);
      expect(readFileSync(join(dir, DASHBOARD_LOG), 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      await removeRepo(dir);
    }
  });
});
