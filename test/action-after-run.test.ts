import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { type ContractServer, startGrafana, startPagerDuty } from './helpers/alert-servers.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// The action's `execute` after a merge: the record is committed with the after-run log, Grafana
// gets its annotation, PagerDuty its alert, and the job summary shows the outcome with links.
// And `validate` writes its summary too.

const TOKEN = 'glsa_actionAfterRun_abcdef0123456789';
const ROUTING_KEY = 'ACT10NR0UT1NGKEY0123456789abcdef';
let double: GitHubDouble;
let grafana: ContractServer;
let pagerduty: ContractServer;
let root: string;
let remote: string;
let work: string;

beforeAll(async () => {
  [double, grafana, pagerduty] = await Promise.all([
    startGitHubDouble(),
    startGrafana(TOKEN),
    startPagerDuty(),
  ]);
  ({ root, remote, work } = await checkoutWithRemote(
    'intentops-action-after-run-',
    {
      ...baseFiles(),
      'intents/notify.yaml':
        'channels:\n  - name: oncall\n    kind: pagerduty\n    routing_key_env: PD_KEY\n    events_url_env: PD_URL\n',
    },
    'catalog',
  ));
});

afterAll(async () => {
  await Promise.all([double.stop(), grafana.stop(), pagerduty.stop()]);
  await rm(root, { recursive: true, force: true });
});

describe('action: after a run', () => {
  it('annotates Grafana, alerts PagerDuty, commits the delivery log; the summary links record and issue', async () => {
    const before = git(work, 'rev-parse', 'HEAD');
    await writeFiles(work, { 'intents/requests/web.yaml': request({ app: 'web', restarts: 2 }) });
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'merge: web');
    git(work, 'push', '-q', 'origin', 'main');
    const after = git(work, 'rev-parse', 'HEAD');
    double.state.adoptCommit(after, 'merge: web');
    const r = await runAction({
      inputs: { command: 'execute', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
      event: { ref: 'refs/heads/main', before, after, commits: [] },
      eventName: 'push',
      sha: after,
      apiUrl: double.url,
      cwd: work,
      env: {
        GRAFANA_URL: `${grafana.url}/`,
        GRAFANA_TOKEN: TOKEN,
        PD_KEY: ROUTING_KEY,
        PD_URL: `${pagerduty.url}/v2/enqueue`,
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(double.rejected()).toEqual([]);
    expect(grafana.rejected).toEqual([]);
    expect(grafana.accepted.map((a) => (a.body as { tags: string[] }).tags)).toEqual([
      ['intentops', 'intent:work', 'status:success'],
    ]);
    expect((grafana.accepted[0]?.body as { text?: string } | undefined)?.text).toContain(
      'https://github.example/acme/gitops/blob/HEAD/executions/',
    );
    expect(pagerduty.rejected).toEqual([]);
    const event = pagerduty.accepted[0]?.body as { dedup_key: string; links: { href: string }[] };
    expect(event.links[1]?.href).toBe('https://github.example/acme/gitops/actions/runs/42');
    // the summary: five columns (fits 1,100 px), anomalies with their values, the record and the
    // incident issue linked by name, no raw JSON
    expect(r.summary).toContain('| request | result | target | seen | incidents |');
    expect(r.summary).not.toMatch(/\{"/);
    expect(r.summary).toMatch(/unexpected_restart \(P2\): pod_restarts 0 → 2/);
    expect(r.summary).toMatch(/ \| \[incident #1\]\(https:\/\/[^)]+\/acme\/gitops\/issues\/1\) \|$/m);
    expect(r.summary).toMatch(
      /\[<code>[^\]]+<\/code>\]\(https:\/\/github\.example\/acme\/gitops\/blob\/HEAD\/executions\//,
    );
    const log = git(remote, 'show', 'main:incidents/notify-log.jsonl');
    expect(log).toContain('"target":"grafana","kind":"grafana","ok":true');
    expect(log).toContain(
      `"target":"oncall","kind":"pagerduty","ok":true,"detail":"triggered ${event.dedup_key}"`,
    );
    for (const text of [r.stdout, r.stderr, r.summary, log]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(ROUTING_KEY);
    }
  }, 60_000);

  it('validate writes a summary naming each problem', async () => {
    await writeFiles(work, {
      'intents/notify.yaml': 'channels:\n  - { name: x, kind: slack, webhook_url_env: "a b" }\n',
    });
    const r = await runAction({
      inputs: { command: 'validate', 'repo-path': work },
      event: {},
      eventName: 'push',
      sha: git(work, 'rev-parse', 'HEAD'),
      apiUrl: double.url,
      cwd: work,
    });
    expect(r.code).toBe(1);
    expect(r.summary).toContain('## intentops validate — ❌ invalid');
    expect(r.summary).toMatch(
      /\| `intents\/notify\.yaml` \| 2:\d+ \| error \| channels\[0\]\.webhook_url_env: expected the NAME of an environment variable/,
    );
  }, 60_000);
});
