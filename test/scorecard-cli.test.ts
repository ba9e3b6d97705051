import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { serializeRecord } from '../src/adapters/record-store.js';
import { serializeRollup } from '../src/adapters/rollup-store.js';
import { marker } from '../src/domain/bot/bot-markers.js';
import { recordPath } from '../src/domain/records/record.js';
import { rollupCounts, rollupDigest } from '../src/domain/records/rollup.js';
import type { ExecutionRecord, UnsignedRecord } from '../src/domain/schemas/record.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// `intentops metrics` shows the scorecard first, and `--json` carries it, on a real git repository
// holding a chained history, a rollup of records pruned 40 days ago, the learning ledger, and (with
// GITHUB_TOKEN and GITHUB_REPOSITORY) the incident issues of the GitHub double.

const dirs: string[] = [];
let double: GitHubDouble | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await double?.stop();
  double = undefined;
  await Promise.all(dirs.splice(0).map(removeRepo));
});

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const GH = { kind: 'github' as const, run_url: 'https://github.example/acme/gitops/actions/runs/1' };

async function repoWithHistory(now: number) {
  // Pruned: one execution 40 days ago, the chain's start (outside the default 30 days, inside --since 60d).
  const entry = {
    id: 'exec-pruned',
    path: `executions/${iso(now - 40 * DAY).slice(0, 10)}/exec-pruned.yaml`,
    timestamp: iso(now - 40 * DAY),
    intent: 'work',
    status: 'success' as const,
    duration_s: 10,
    anomalies: [],
    request: 'intents/requests/pruned.yaml',
    digest: 'sha256:p0',
    prev_digest: null,
  };
  const body = { week: '2026-W01', counts: rollupCounts([entry]), records: [entry] };
  let prev: string | null = 'sha256:p0';
  const chained = (over: Partial<UnsignedRecord>) => {
    const r = makeRecord({ anomalies: [], prev_digest: prev, ...over });
    prev = r.digest;
    return r;
  };
  const records: ExecutionRecord[] = [
    chained({ id: 'exec-20260101-100000-work-web-aaaaaa', timestamp: iso(now - 5 * DAY), origin: GH }),
    // Written before records kept their origin: no job summary known.
    chained({ id: 'exec-20260101-100000-work-web-bbbbbb', timestamp: iso(now - 4 * DAY) }),
  ];
  // Edited after it was written: the digest no longer matches.
  const tampered = { ...(records[1] as ExecutionRecord), status: 'failed' as const };
  const files: Record<string, string> = {
    ...baseFiles(),
    'executions/rollups/2026-W01.yaml': serializeRollup({ ...body, digest: rollupDigest(body) }),
    [recordPath(records[0] as ExecutionRecord)]: serializeRecord(records[0] as ExecutionRecord),
    [recordPath(tampered)]: serializeRecord(tampered),
    // The bot's draft for the first execution; a postmortem someone wrote by hand, filed yesterday.
    'incidents/drafts/web-crash.md': `---\n${stringify({ title: 'web crash', status: 'draft', fingerprint: 'fpweb', generated_from: { execution_id: 'exec-20260101-100000-work-web-aaaaaa', anomaly_rule: 'crash' } })}---\n# web crash\n`,
    'incidents/filed/db-outage.md': `---\n${stringify({ title: 'db outage', filed_at: iso(now - DAY) })}---\n# db outage\n`,
    'learning/ledger.yaml': stringify({
      suggestions: [
        {
          id: 'late',
          trigger: 'repeated_anomaly',
          action: 'tighten',
          title: 'late',
          state: 'accepted',
          branch: 'intentops/learn/late',
          pr: 7,
          first_evidence: iso(now - 22 * DAY),
          last_evidence: iso(now - 21 * DAY),
          evidence: 3,
          content: 'sha256:x',
          opened_at: iso(now - 20 * DAY),
          updated_at: iso(now - 20 * DAY),
          // Merged 9 days after its PR opened.
          decided_at: iso(now - 11 * DAY),
          evidence_at_decision: 3,
        },
      ],
    }),
  };
  const dir = await makeRepo(files);
  dirs.push(dir);
  return dir;
}

describe('intentops metrics: the scorecard', () => {
  it('prints the five rows first and carries them in --json, the pruned records counted with --since 60d', async () => {
    const now = Date.now();
    const dir = await repoWithHistory(now);
    const text = await cli(['--repo', dir, 'metrics']);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe("scorecard (the seed's success criteria)");
    expect(text.stdout).toMatch(/^visibility\s+50 %\s+≥ 100 %\s+FAIL$/m);
    // Without GitHub the incident documents count: the bot's draft has its context, the hand-written one not.
    expect(text.stdout).toMatch(/^incident_coverage\s+50 %\s+≥ 80 %\s+FAIL$/m);
    expect(text.stdout).toMatch(
      /note: no GitHub repository \(GITHUB_TOKEN and GITHUB_REPOSITORY unset\): the incident documents under incidents\/drafts and incidents\/filed are counted instead/,
    );
    expect(text.stdout).toMatch(
      /behind: incidents\/filed\/db-outage\.md — "db outage": opened by hand, no context/,
    );
    expect(text.stdout).toMatch(/^learning_velocity\s+9 d\s+≤ 7 d\s+FAIL$/m);
    expect(text.stdout).toMatch(/behind: late \(PR #7\) — merged 9 days after its PR opened/);
    expect(text.stdout).toMatch(/^audit\s+50 %\s+≥ 100 %\s+FAIL$/m);
    expect(text.stdout.indexOf('scorecard')).toBeLessThan(text.stdout.indexOf('delivery metrics'));

    const json = JSON.parse((await cli(['--repo', dir, '--json', 'metrics', '--since', '60d'])).stdout);
    expect(json.scorecard.map((r: { criterion: string }) => r.criterion)).toEqual([
      'visibility',
      'detection',
      'incident_coverage',
      'learning_velocity',
      'audit',
    ]);
    const [vis, det, inc, learn, audit] = json.scorecard;
    // 60 days: the pruned execution counts too, seen by its record: 2 of 3.
    expect(vis).toMatchObject({ criterion: 'visibility', threshold: 1, pass: false });
    expect(vis.value).toBeCloseTo(2 / 3);
    expect(det).toMatchObject({ criterion: 'detection', value: null, threshold: 300, pass: true });
    expect(inc).toMatchObject({ criterion: 'incident_coverage', value: 0.5, threshold: 0.8, pass: false });
    expect(learn).toMatchObject({ criterion: 'learning_velocity', value: 9, threshold: 7, pass: false });
    expect(audit.value).toBeCloseTo(2 / 3);
    expect(audit.behind).toEqual([
      { id: 'exec-20260101-100000-work-web-bbbbbb', why: expect.stringMatching(/^changed: digest mismatch/) },
    ]);
    expect(json.overall).toBeDefined(); // the delivery metrics are still there
  });

  it('reads the incident issues from GitHub and offers context to a hand-opened one', async () => {
    const now = Date.now();
    const dir = await repoWithHistory(now);
    double = await startGitHubDouble();
    const s = double.state;
    const add = (title: string, body: string, labels: string[]) => {
      const n = s.nextNumber();
      s.issues.set(n, {
        number: n,
        id: s.nextId(),
        title,
        body,
        state: 'open',
        stateReason: null,
        labels: labels.map((l) => s.ensureLabel(l).name),
        user: { login: 'alice', id: 501, type: 'User' },
        locked: false,
        createdAt: iso(now - DAY),
        updatedAt: iso(now - DAY),
        closedAt: null,
        closedBy: null,
      });
      return n;
    };
    add('work on web', `draft\n\n${marker('fingerprint', 'fp1')}`, ['incident-draft']);
    const hand = add('web slow', 'since exec-20260101-100000-work-web-aaaaaa', ['incident']);
    add('no idea', 'something', ['incident']);
    vi.stubEnv('GITHUB_TOKEN', 'ghs_scorecardCli123456');
    vi.stubEnv('GITHUB_REPOSITORY', 'acme/gitops');
    vi.stubEnv('GITHUB_API_URL', double.url);
    const res = await cli(['--repo', dir, '--json', 'metrics']);
    expect(res.code, res.stderr).toBe(0);
    const inc = JSON.parse(res.stdout).scorecard[2];
    // The bot's draft and the hand-opened issue it gave context: 2 of 3, under 80 %.
    expect(inc.value).toBeCloseTo(2 / 3);
    expect(inc.pass).toBe(false);
    expect(inc.behind).toEqual([
      { id: expect.stringMatching(/\/issues\/3$/), why: '#3 "no idea": opened by hand, no context' },
    ]);
    expect([...s.comments.values()].filter((c) => c.issueNumber === hand)).toHaveLength(1);
    expect(double.rejected()).toEqual([]);
  });
});
