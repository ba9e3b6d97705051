import { afterEach, describe, expect, it } from 'vitest';
import { BOT_ONLY } from '../src/app/learn/evidence-origin.js';
import { learn } from '../src/app/learn/learn.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { exampleIntents, must, writeNotes } from './helpers/learn-fixture.js';
import { bake, commitAsBot, commitRecords, run } from './helpers/learn-history.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Issue 30, items 3, 7, 8 and 9: hand-built histories whose answer is known, committed by the bot and
// learned from with the action's own use-case (`learn` with BOT_ONLY). Each count here is what a
// person counting the runs, incidents and limits by hand finds.

const NOW = Date.now();
const ago = (hours: number) => new Date(NOW - hours * 3_600_000);
const repos: string[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) await removeRepo(r);
});

const BAD_RELEASE = `anomaly_rules:
  - name: bad_release
    condition: "error_count_after > 10"
    severity: P2
    action: create_incident_draft
`;
const WARM_CACHE = `name: warm-cache
description: Warm an app's cache
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: app name }
steps:
  - name: warm
    run: [kubectl, exec, "deployment/{{app}}", -n, "{{app}}", --, warm-cache]
    timeout: 30s
expected_duration: 1s
`;

async function repoWith(records: ExecutionRecord[], notes: Parameters<typeof writeNotes>[1] = []) {
  const repo = await makeRepo({
    ...(await exampleIntents()),
    'intents/anomaly-rules/deploy-app.yaml': BAD_RELEASE,
    'intents/catalog/warm-cache.yaml': WARM_CACHE,
  });
  repos.push(repo);
  await commitRecords(repo, records);
  if (notes.length) {
    await writeNotes(repo, notes);
    commitAsBot(repo, 'intentops: manual notes');
  }
  return repo;
}

const learned = (repo: string, sinceS?: number) =>
  learn(repo, { now: new Date(NOW), trust: BOT_ONLY, ...(sinceS ? { sinceS } : {}) });
const find = async (repo: string, id: string, sinceS?: number) =>
  (await learned(repo, sinceS)).suggestions.find((s) => s.id === id);

/** A change where bad_release fired in the run and again in its bake, 30 min later. */
function baked(hours: number, app: string): ExecutionRecord[] {
  const x = run({
    at: ago(hours),
    app,
    errors: [1, 30],
    fired: [{ rule: 'bad_release', inputs: { error_count_after: 30 } }],
  });
  return [x, bake(x, 30, ['bad_release'])];
}

describe('item 3: a bake follow-up belongs to the run it observed', () => {
  it('two baked changes where the rule fired twice each are 2 occurrences, not 4', async () => {
    const calm = [run({ at: ago(40), app: 'pay' }), run({ at: ago(8), app: 'shop' })];
    const two = await repoWith([...baked(30, 'pay'), ...baked(20, 'pay'), ...calm]);
    const r = await learned(two);
    expect(r.findings.map((f) => f.key)).not.toContain('anomaly-deploy-app-bad-release');
    expect(r.suggestions).toEqual([]);

    const third = baked(5, 'shop');
    const three = await repoWith([...baked(30, 'pay'), ...baked(20, 'pay'), ...third, ...calm]);
    const s = must(await find(three, 'anomaly-deploy-app-bad-release'));
    expect(s.title).toBe('Require 2 approval(s) for deploy-app (bad_release ×3)');
    const ids = s.evidence.map((o) => o.execution);
    expect(ids).toHaveLength(3);
    expect(ids.some((id) => id?.includes('-bake-'))).toBe(false);
    expect(ids).toContain(must(third[0]).id);
    expect(s.backtest).toEqual([
      expect.stringMatching(
        /all 5 runs of deploy-app on (pay and shop|shop and pay) would have needed 2 approval\(s\) instead of 1; 3 of them were runs where bad_release fired\.$/,
      ),
    ]);
  });

  it('after prune, the rollups and the anomaly log still count each run once', async () => {
    const old = (h: number) => h + 24 * 40;
    const repo = await repoWith([
      ...baked(old(30), 'pay'),
      ...baked(old(20), 'pay'),
      ...baked(old(5), 'shop'),
      run({ at: ago(old(40)), app: 'pay' }),
      run({ at: ago(old(8)), app: 'shop' }),
    ]);
    const pruned = await cli(['--repo', repo, 'prune', '--retention', '30d']);
    expect(pruned.code, pruned.stderr).toBe(0);
    commitAsBot(repo, 'intentops: prune');
    const s = must(await find(repo, 'anomaly-deploy-app-bad-release', 60 * 86_400));
    expect(s.title).toBe('Require 2 approval(s) for deploy-app (bad_release ×3)');
    expect(s.evidence.some((o) => o.execution?.includes('-bake-'))).toBe(false);
    expect(s.backtest?.[0]).toMatch(
      /all 5 runs of deploy-app .*; 3 of them were runs where bad_release fired\.$/,
    );
  });
});
