import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import {
  ApiCallCounter,
  githubDraftStore,
  type IncidentIssueResult,
  IncidentIssues,
} from '../src/app/incidents/incident-issues.js';
import {
  executionMarker,
  fingerprintMarker,
  fingerprintOf,
  GITHUB_BODY_LIMIT,
  unfilledHumanSections,
} from '../src/domain/incidents/incident-issue.js';
import type { Anomaly, UnsignedRecord } from '../src/domain/schemas/record.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';

/** Incident drafts as issues, through the real Octokit (retry + throttling) against the GitHub double. */

const repo = { owner: 'acme', repo: 'gitops' };
const ISSUES = '/repos/{owner}/{repo}/issues';
const FOUR = ['incident-draft', 'severity:P2', 'intent:deploy-app', 'anomaly:unexpected_restart'];

let double: GitHubDouble;
let gh: GitHubClient;
let logged: string[];

beforeEach(async () => {
  double = await startGitHubDouble();
  logged = [];
  gh = createOctokit({
    token: 'ghs_incidentTest123456',
    baseUrl: double.url,
    pacing: 'none',
    retryBaseMs: 5,
  });
});
afterEach(async () => {
  expect(double.rejected()).toEqual([]); // nothing GitHub's description forbids, in every test
  await double.stop();
});

const issuesClient = (calls = new ApiCallCounter()) =>
  new IncidentIssues(githubPort(gh), { ...repo, calls, retryBaseMs: 5, log: (m) => logged.push(m) });

function anomaly(rule = 'unexpected_restart'): Anomaly {
  return {
    rule,
    severity: 'P2',
    action: 'create_incident_draft',
    condition: 'after.pod_restarts > before.pod_restarts',
    rules_file: 'catalog/anomaly-rules.yaml',
    inputs: { 'before.pod_restarts': 0, 'after.pod_restarts': 2 },
  };
}

function execution(n: number, anomalies: Anomaly[] = [anomaly()], extra: Partial<UnsignedRecord> = {}) {
  const record: UnsignedRecord = {
    id: `exec-2026010${n}-100000-home-portal-${String(n).padStart(6, '0')}`,
    timestamp: `2026-01-0${n}T10:00:00.000Z`,
    intent: 'deploy-app',
    params: { app: 'home-portal' },
    request: { path: 'intents/requests/deploy.yaml', commit: 'abc', reason: 'release' },
    before: { pod_restarts: 0 },
    commands_run: [
      { step: 'rollout', cmd: 'kubectl rollout status deploy/home-portal', exit_code: 0, duration: '2s' },
    ],
    after: { pod_restarts: 2 },
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies,
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '12s',
    tool: { name: 'intentops', version: 't' },
    catalog_digest: 'sha256:0',
    prev_digest: null,
    ...extra,
  };
  return record;
}

const fingerprintOfRun = (r: UnsignedRecord) => fingerprintOf(r, r.anomalies[0] as Anomaly);
const urlFor = (r: UnsignedRecord) => `https://github.com/acme/gitops/blob/f00d/executions/${r.id}.yaml`;

/** What execute.ts does: one upsert per create_incident_draft anomaly, in order. */
async function run(issues: IncidentIssues, record: UnsignedRecord): Promise<IncidentIssueResult[]> {
  const out: IncidentIssueResult[] = [];
  for (const a of record.anomalies.filter((x) => x.action === 'create_incident_draft'))
    out.push(await issues.upsert({ record, anomaly: a, recordUrl: urlFor(record) }));
  return out;
}

/** Calls one execution makes, by our count and by the double's (they must agree). */
async function counted(issues: IncidentIssues, record: UnsignedRecord) {
  const [before, seen] = [issues.calls.total, double.requests.length];
  const results = await run(issues, record);
  const calls = issues.calls.total - before;
  expect(double.requests.length - seen).toBe(calls);
  return { results, calls };
}

const labelsOf = (n: number) => double.state.issues.get(n)?.labels;
const commentsOf = (n: number) => double.state.commentsOf(n).map((c) => c.body);
const sent = (method: string, template: string) =>
  double.requests.filter((r) => r.method === method && r.template === template);

describe('IncidentIssues.upsert', () => {
  it('creates the issue with its four labels (made when missing) and markers; a repeat comments', async () => {
    double.state.ensureLabel('incident-draft', 'fbca04'); // one exists already: not created again
    const issues = issuesClient();
    const first = execution(1);
    const { results, calls } = await counted(issues, first);
    expect(results).toEqual([
      {
        fingerprint: expect.any(String),
        number: 1,
        url: 'https://github.com/acme/gitops/issues/1',
        action: 'created',
      },
    ]);
    const issue = double.state.issues.get(1);
    expect(issue?.title).toBe('Deploy home-portal: unexpected restart');
    expect(labelsOf(1)).toEqual(FOUR);
    expect(issue?.body).toContain(fingerprintMarker(results[0]?.fingerprint ?? '?'));
    expect(issue?.body).toContain(`<!-- intentops:executions=${first.id} -->`);
    expect(issue?.body).toContain(`](${urlFor(first)})`);
    expect(unfilledHumanSections(issue?.body ?? '')).toHaveLength(3);
    expect(sent('POST', '/repos/{owner}/{repo}/labels').map((r) => r.body)).toEqual([
      { name: 'severity:P2', color: 'd93f0b', description: 'Incident severity P2' },
      { name: 'intent:deploy-app', color: 'c5def5', description: 'Incidents of intent deploy-app' },
      {
        name: 'anomaly:unexpected_restart',
        color: 'f9d0c4',
        description: 'Incidents from anomaly rule unexpected_restart',
      },
    ]);
    expect(issues.calls.byOperation).toEqual({
      'issues/list-for-repo': 1,
      'issues/list-labels-for-repo': 1,
      'issues/create-label': 3,
      'issues/create': 1,
    });
    expect(calls).toBe(6); // 3 + the one-time creation of 3 labels

    const second = execution(2);
    const repeat = await counted(issues, second);
    expect(repeat.results.map((r) => [r.number, r.action])).toEqual([[1, 'commented']]);
    expect(repeat.calls).toBe(3); // list + the body kept current + comment
    expect(double.state.issues.size).toBe(1);
    expect(commentsOf(1)).toEqual([expect.stringContaining(executionMarker(second.id))]);
    expect(commentsOf(1)[0]).toContain(`**Occurred again** in execution [\`${second.id}\`]`);
    // The body says how often and when last, and lists both runs.
    const body = double.state.issues.get(1)?.body ?? '';
    expect(body.split('\n')[2]).toBe(
      `**Occurrences:** 2 · last [\`${second.id}\`](${urlFor(second)}) at 2026-01-02 10:00 UTC (success)`,
    );
    expect(body).toContain(`<!-- intentops:executions=${first.id},${second.id} -->`);
    expect(unfilledHumanSections(body)).toHaveLength(3);
  });

  it('adds nothing when the same execution runs again (a new process, nothing cached)', async () => {
    await run(issuesClient(), execution(1));
    await run(issuesClient(), execution(2));
    for (const n of [1, 2]) {
      const again = issuesClient();
      const { results, calls } = await counted(again, execution(n));
      expect(results.map((r) => r.action)).toEqual(['unchanged']);
      // Every run the issue has seen is listed in its body: the listing is enough.
      expect(calls).toBe(1);
    }
    expect([double.state.issues.size, commentsOf(1).length]).toEqual([1, 1]);
  });

  it('reopens a closed issue with a comment', async () => {
    const issues = issuesClient();
    await run(issues, execution(1));
    const issue = double.state.issues.get(1);
    if (issue) Object.assign(issue, { state: 'closed', stateReason: 'completed', closedAt: issue.createdAt });
    const { results, calls } = await counted(issues, execution(2));
    expect(results.map((r) => r.action)).toEqual(['reopened']);
    expect(calls).toBe(3); // list + reopen + comment
    expect([issue?.state, issue?.stateReason]).toEqual(['open', 'reopened']);
    expect(commentsOf(1)).toEqual([expect.stringMatching(/^\*\*Reopened:\*\*/)]);
    expect(sent('PATCH', `${ISSUES}/{issue_number}`).map((r) => r.body)).toEqual([
      {
        body: expect.stringMatching(/\*\*Occurrences:\*\* 2 · .* · reopened/),
        state: 'open',
        state_reason: 'reopened',
      },
    ]);
  });
});

describe('faults', () => {
  it('a 502 after the issue was created looks it up instead of creating it again', async () => {
    double.failNextAfterApply('POST', ISSUES, 502);
    const issues = issuesClient();
    const [result] = await run(issues, execution(1));
    expect([result?.number, result?.action, double.state.issues.size]).toEqual([1, 'created', 1]);
    expect(sent('POST', ISSUES).map((r) => r.status)).toEqual([502]); // no blind re-send
    expect(sent('GET', ISSUES)).toHaveLength(2); // the listing, then the look-up after the 502
    expect(logged.join('\n')).toMatch(
      /creating the issue for incident draft \w+: GitHub answered 502; looking for it/,
    );
    // The next anomaly of a later execution finds it too.
    expect((await run(issues, execution(2)))[0]?.action).toBe('commented');
  });

  it('a 502 before anything was written is re-sent once the look-up finds nothing', async () => {
    double.failNext('POST', ISSUES, 502);
    const [result] = await run(issuesClient(), execution(1));
    expect([result?.action, double.state.issues.size]).toEqual(['created', 1]);
    expect(sent('POST', ISSUES).map((r) => r.status)).toEqual([502, 201]);
  });

  it('waits out a secondary rate limit (403 + retry-after) and creates one issue', async () => {
    double.failNext('POST', ISSUES, 403, undefined, { 'retry-after': '1' });
    const started = Date.now();
    const [result] = await run(issuesClient(), execution(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect([result?.action, double.state.issues.size]).toEqual(['created', 1]);
    expect(sent('POST', ISSUES).map((r) => r.status)).toEqual([403, 201]);
  });

  it('a 502 after a comment was posted does not post it twice', async () => {
    const issues = issuesClient();
    await run(issues, execution(1));
    double.failNextAfterApply('POST', `${ISSUES}/{issue_number}/comments`, 502);
    expect((await run(issues, execution(2)))[0]?.action).toBe('commented');
    expect(commentsOf(1)).toHaveLength(1);
  });

  it('takes a label another run created meanwhile (422 already_exists) as made', async () => {
    const issues = issuesClient();
    await run(issues, execution(1)); // lists the labels: the cache now knows them
    double.state.ensureLabel('anomaly:late');
    const [result] = await run(issues, execution(2, [anomaly('late')]));
    expect(result?.action).toBe('created');
    expect(
      sent('POST', '/repos/{owner}/{repo}/labels')
        .map((r) => r.status)
        .at(-1),
    ).toBe(422);
    expect(labelsOf(2)).toContain('anomaly:late');
  });

  it('fails with the draft and the operation named when GitHub refuses for good', async () => {
    double.failNext('POST', ISSUES, 403);
    await expect(run(issuesClient(), execution(1))).rejects.toMatchObject({
      name: 'IncidentIssueError',
      context: { operation: 'issues/create', status: 403 },
    });
  });
});

describe('bodies and the execute.ts hook', () => {
  it('keeps a body with huge logs under 65,536 characters: logs cut oldest first, both states whole', async () => {
    const logs = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${tag} ${i} ${'x'.repeat(60)}`);
    const r = execution(1, [anomaly()], {
      before: { pod_restarts: 0, recent_logs: logs('before', 2000) },
      after: { pod_restarts: 2, recent_logs: logs('after', 2500) },
    });
    const [result] = await run(issuesClient(), r);
    const body = double.state.issues.get(result?.number ?? 0)?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain(fingerprintMarker(result?.fingerprint ?? '?'));
    expect(body).toContain(`<!-- intentops:executions=${r.id} -->`);
    expect(body).toMatch(/## State after\n<details>[\s\S]*pod_restarts: 2/);
    expect(body).toMatch(/## State before\n<details>[\s\S]*pod_restarts: 0/);
    expect(body).not.toContain('_Cut (');
    expect(body).toContain('after 2499 '); // the newest line stays
    expect(body).toMatch(
      /The [\d,]+ oldest lines were cut to fit GitHub's limit: all 2,500 are in the \[execution record\]/,
    );
    expect(body).toContain(`(${urlFor(r)})._`);
    expect(unfilledHumanSections(body)).toHaveLength(3);
  });

  it('githubDraftStore answers like the local draft store, with the issue URL as path', async () => {
    const upsertDraft = githubDraftStore(
      issuesClient(),
      (_r, ref) => `https://github.com/acme/gitops/blob/f00d/${ref}`,
    );
    const record = execution(1);
    const input = { record, anomaly: anomaly(), recordRef: 'executions/2026-01-01/x.yaml' };
    const first = await upsertDraft(input);
    expect(first).toEqual({
      fingerprint: expect.any(String),
      path: 'https://github.com/acme/gitops/issues/1',
      new: true,
    });
    expect(await upsertDraft({ ...input, record: execution(2) })).toEqual({ ...first, new: false });
    expect(double.state.issues.get(1)?.body).toContain('blob/f00d/executions/2026-01-01/x.yaml');
  });
});

describe('markers spoofed from captured text', () => {
  it('a Loki line carrying another incident’s markers neither hijacks it nor silences its comments', async () => {
    const issues = issuesClient();
    // The run on `shop` fires first; its captured logs carry the markers the `billing` incident has,
    // closing the YAML fence first, as a hostile log line would.
    const billing = execution(2, [anomaly()], { params: { app: 'billing' } });
    const billingFp = fingerprintOfRun(billing);
    const hostile = [
      'GET /health 200',
      '```',
      fingerprintMarker(billingFp),
      `<!-- intentops:executions=${billing.id} -->`,
      executionMarker(billing.id),
      '```yaml',
    ];
    const shop = execution(1, [anomaly()], {
      params: { app: 'shop' },
      before: { pod_restarts: 0, recent_logs: hostile },
      after: { pod_restarts: 2, recent_logs: hostile },
    });
    await run(issues, shop);
    expect(double.state.issues.size).toBe(1);
    // The billing incident is its own issue, not a comment on shop's.
    const [result] = await run(issues, billing);
    expect(result).toMatchObject({ action: 'created', number: 2, fingerprint: billingFp });
    expect(commentsOf(1)).toEqual([]);
    // The hostile text is in the body, inside a fence it could not close.
    const body = double.state.issues.get(1)?.body ?? '';
    expect(body).toContain(fingerprintMarker(billingFp));
    expect(body).toMatch(/^````text$/m);
  });
});

describe('API economy: at most 1 + 2k calls for k anomalies', () => {
  const table: string[] = [];
  afterAll(() => console.info(`API calls per execution:\n${table.join('\n')}`));

  const check = async (
    scenario: string,
    issues: IncidentIssues,
    record: UnsignedRecord,
    expected: number,
  ) => {
    const k = record.anomalies.length;
    const { calls } = await counted(issues, record);
    table.push(`  ${scenario.padEnd(58)} k=${k}  calls=${calls}  (bound ${1 + 2 * k})`);
    expect(calls).toBe(expected);
    expect(calls).toBeLessThanOrEqual(1 + 2 * k);
  };
  const seedLabels = (...rules: string[]) => {
    for (const name of [
      'incident-draft',
      'severity:P2',
      'intent:deploy-app',
      ...rules.map((r) => `anomaly:${r}`),
    ])
      double.state.ensureLabel(name);
  };
  const three = () => [anomaly('restart_a'), anomaly('restart_b'), anomaly('restart_c')];

  it('k = 0: no call at all', async () => {
    await check('no anomaly', issuesClient(), execution(1, []), 0);
  });

  it('k = 1: new, repeat, repeat with comments, reopen, re-run', async () => {
    seedLabels('unexpected_restart');
    const issues = issuesClient();
    await check('new issue (labels exist)', issues, execution(1), 3);
    await check('repeat on an open issue without comments (body + comment)', issues, execution(2), 3);
    await check('repeat on an open issue with comments (body + comment)', issues, execution(3), 3);
    const issue = double.state.issues.get(1);
    if (issue) issue.state = 'closed';
    await check('repeat on a closed issue (reopen with body + comment)', issues, execution(4), 3);
    await check('same execution again (known from the body)', issuesClient(), execution(4), 1);
  });

  it('k = 3: one issue per run, its anomalies as rows; repeats update it once', async () => {
    seedLabels('restart_a', 'restart_b', 'restart_c', 'restart_d');
    const issues = issuesClient();
    await check('one issue for three anomalies (labels exist)', issues, execution(1, three()), 3);
    expect(double.state.issues.size).toBe(1);
    expect(labelsOf(1)).toEqual([
      'incident-draft',
      'severity:P2',
      'intent:deploy-app',
      'anomaly:restart_a',
      'anomaly:restart_b',
      'anomaly:restart_c',
    ]);
    const body = double.state.issues.get(1)?.body ?? '';
    for (const rule of ['restart_a', 'restart_b', 'restart_c'])
      expect(body).toContain(`| \`${rule}\` | P2 |`);
    await check('the three again in the next run', issues, execution(2, three()), 3);
    await check('and again, the issue has comments', issues, execution(3, three()), 3);
    // A run with a rule not seen before: still the one issue, which now answers for it too.
    const mixed = [anomaly('restart_a'), anomaly('restart_c'), anomaly('restart_d')];
    await check('two known, one new rule', issues, execution(4, mixed), 3);
    expect(double.state.issues.size).toBe(1);
    await check('the new rule alone later', issues, execution(5, [anomaly('restart_d')]), 3);
    expect(double.state.issues.size).toBe(1);
  });

  it('a run on another target opens its own issue, linked to the open one of the same target', async () => {
    const issues = issuesClient();
    await run(issues, execution(1, [anomaly('restart_a')]));
    await run(issues, execution(2, [anomaly('restart_b')]));
    await run(issues, execution(3, [anomaly('restart_c')], { params: { app: 'billing' } }));
    expect(double.state.issues.get(2)?.body).toMatch(/^\*\*Related:\*\* #1 \(the same target\)$/m);
    expect(double.state.issues.get(3)?.body).not.toContain('**Related:**');
  });

  it('first issue ever in a repository: + one call per missing label, once', async () => {
    const issues = issuesClient();
    const { calls } = await counted(issues, execution(1, three()));
    table.push(
      `  ${'three new issues, fresh repository (6 labels created)'.padEnd(58)} k=3  calls=${calls}  (bound 7 + 6 labels)`,
    );
    expect(issues.calls.byOperation['issues/create-label']).toBe(6);
    expect(calls - 6).toBeLessThanOrEqual(7);
    const implicit = new IncidentIssues(githubPort(gh), { ...repo, createLabels: false, retryBaseMs: 5 });
    await check(
      'new issue, createLabels: false (GitHub makes the labels)',
      implicit,
      execution(2, [anomaly('fresh')]),
      2,
    );
    expect(double.state.label('anomaly:fresh')?.color).toBe('ededed');
  });
});
