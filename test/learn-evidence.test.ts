import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_ONLY } from '../src/app/learn/evidence-origin.js';
import { learn } from '../src/app/learn/learn.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { exampleIntents, must, note, writeNotes } from './helpers/learn-fixture.js';
import { bake, commitAsBot, commitRecords, incidentOf, rollback, run } from './helpers/learn-history.js';
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

describe('item 7: note triggers count incidents and runs, not comments', () => {
  const FIX = '```\nredis-cli -h {app}-redis FLUSHDB\n```';
  const fixOn = (x: ExecutionRecord, issue: number, hoursAfter: number) =>
    note({
      kind: 'manual_fix',
      issue,
      fingerprint: incidentOf(x, 'bad_release'),
      intent: x.intent,
      at: new Date(Date.parse(x.timestamp) + hoursAfter * 3_600_000).toISOString(),
      text: FIX.replace('{app}', x.params.app as string),
    });
  const broken = (hours: number, app: string) =>
    run({ at: ago(hours), app, errors: [1, 30], fired: [{ rule: 'bad_release' }] });

  it('the same /manual-fix noted twice on one incident is one fix; on a second incident it is two', async () => {
    const shop = broken(30, 'shop');
    const once = await repoWith([shop], [fixOn(shop, 21, 1), fixOn(shop, 21, 2)]);
    const r = await learned(once);
    expect(r.suggestions.map((s) => s.title)).toEqual([]);

    const billing = broken(20, 'billing');
    const twice = await repoWith(
      [shop, billing],
      [fixOn(shop, 21, 1), fixOn(shop, 21, 2), fixOn(billing, 22, 1)],
    );
    const s = must((await learned(twice)).suggestions.find((x) => x.trigger === 'repeated_manual_fix'));
    expect(s.title).toBe('New intent redis-flushdb from 2 manual fixes');
    expect(s.rationale).toContain('by hand 2 times on shop and billing (#21, #22)');
  });

  it('three /manual-step notes on one run are one step done by hand; one after each of three runs adds it', async () => {
    const restart = (hours: number) =>
      run({ at: ago(hours), app: 'shop', intent: 'restart-app', fired: [{ rule: 'unexpected_restart' }] });
    const stepAfter = (x: ExecutionRecord, minutes: number) =>
      note({
        kind: 'manual_step',
        issue: 31,
        fingerprint: incidentOf(x, 'unexpected_restart'),
        intent: 'restart-app',
        at: new Date(Date.parse(x.timestamp) + minutes * 60_000).toISOString(),
        text: '$ kubectl annotate deployment/shop -n shop restarted-by=ops --overwrite',
      });
    const one = restart(30);
    const r = await learned(await repoWith([one], [stepAfter(one, 5), stepAfter(one, 6), stepAfter(one, 7)]));
    expect(r.suggestions.map((s) => s.title)).toEqual([]);

    // The same incident (#31) recurs on two later runs, and the step is done by hand after each.
    const runs = [restart(30), restart(20), restart(10)];
    const repo = await repoWith(
      runs,
      runs.map((x) => stepAfter(x, 5)),
    );
    const s = must((await learned(repo)).suggestions.find((x) => x.trigger === 'post_intent_manual_step'));
    expect(s.title).toBe(
      'Add step "kubectl annotate deployment/{{app}} -n {{app}} restarted-by=ops --overwrite" to restart-app',
    );
    expect(s.evidence.map((o) => o.execution)).toEqual(runs.map((x) => x.id));
  });
});

describe('item 8: a headroom precheck holds the runs where the rule fired', () => {
  const spike = (hours: number, before: number) =>
    run({
      at: ago(hours),
      app: 'shop',
      memory: [before, before + 30],
      fired: [
        {
          rule: 'memory_spike',
          inputs: { 'after.metrics.memory_usage': before + 30, 'before.metrics.memory_usage': before },
        },
      ],
    });
  const calm = (hours: number, before: number) =>
    run({ at: ago(hours), app: 'shop', memory: [before, before + 2] });
  const spikes = [spike(30, 50), spike(20, 60), spike(10, 70)];

  it('memory starting at 50/60/70 rising 30 each time: the limit is under 50, and the backtest shows it', async () => {
    const repo = await repoWith([...spikes, calm(40, 30), calm(25, 40)]);
    const s = must(await find(repo, 'anomaly-deploy-app-memory-spike'));
    expect(s.title).toBe('Add a memory_usage headroom precheck before deploy-app (memory_spike ×3)');
    const [policy] = parse(must(s.changes[0]).after).policies;
    expect(policy.prechecks[0].expected).toEqual({ op: '<=', value: 45 });
    expect(s.rationale).toContain(
      'The precheck holds a run while memory_usage is above 45: every run where memory_spike fired started above it (from 50), none of the others did (up to 40).',
    );
    expect(s.backtest?.[0]).toMatch(
      /the precheck would have held 3 of 5 runs of deploy-app on shop: 3 of the 3 runs where memory_spike fired, and 0 of the 2 runs without it\.$/,
    );
    expect(s.backtest).toHaveLength(1);
  });

  it('when no limit separates them (a harmless run started at 80), no precheck is suggested', async () => {
    const repo = await repoWith([...spikes, calm(40, 40), calm(25, 80)]);
    const s = must(await find(repo, 'anomaly-deploy-app-memory-spike'));
    expect(s.title).toBe('Require 2 approval(s) for deploy-app (memory_spike ×3)');
    expect(s.rationale).toContain(
      'No headroom precheck: on shop memory_usage started at 50 to 70 where memory_spike fired and up to 80 where it did not, so a limit that holds the first holds ordinary runs too.',
    );
    expect(JSON.stringify(s.changes)).not.toContain('memory_usage_headroom');
  });
});

describe('item 9: backtests count the runs the change would have touched', () => {
  it('rollback records and denied requests are not runs', async () => {
    const bad = (hours: number) =>
      run({ at: ago(hours), app: 'pay', errors: [1, 30], fired: [{ rule: 'bad_release' }] });
    const first = bad(30);
    const repo = await repoWith([
      first,
      rollback(first, 20),
      bad(20),
      bad(10),
      run({ at: ago(15), app: 'pay' }),
      run({ at: ago(12), app: 'pay', status: 'denied', durationS: 0 }),
    ]);
    const s = must(await find(repo, 'anomaly-deploy-app-bad-release'));
    expect(s.backtest).toEqual([
      expect.stringMatching(
        /all 4 runs of deploy-app on pay would have needed 2 approval\(s\) instead of 1; 3 of them were runs where bad_release fired\.$/,
      ),
    ]);
  });

  it('the duration suggestion: the same runs as its p95, one figure for it, and no 10 s floor', async () => {
    const warm = (hours: number, durationS: number, o: { fired?: boolean; status?: 'denied' } = {}) =>
      run({
        at: ago(hours),
        app: 'shop',
        intent: 'warm-cache',
        durationS,
        expectedS: 1,
        ...(o.status ? { status: o.status } : {}),
        ...(o.fired
          ? { fired: [{ rule: 'slow_deployment', inputs: { duration: durationS, expected_duration: 1 } }] }
          : {}),
      });
    const repo = await repoWith([
      // Before the first occurrence: fast runs, not what the suggestion is about.
      ...[100, 99, 98, 97].map((h) => warm(h, 0.5)),
      warm(30, 2.1, { fired: true }),
      warm(20, 2.3, { fired: true }),
      warm(15, 1),
      warm(12, 0, { status: 'denied' }),
      warm(10, 2.522, { fired: true }),
    ]);
    const s = must(await find(repo, 'anomaly-warm-cache-slow-deployment'));
    expect(s.title).toBe('Raise warm-cache expected_duration to 3s (slow_deployment ×3, p95 2.5s)');
    expect(s.rationale).toContain(
      'Over 4 runs since the first one, the 95th percentile of the duration is 2.5s against an expected 1s; 3s is that figure rounded up.',
    );
    expect(parse(must(s.changes[0]).after).expected_duration).toBe('3s');
    expect(s.backtest).toEqual([
      expect.stringMatching(
        /^Over the same runs \((on|from) [-0-9 to]+\), with expected_duration 3s slow_deployment would have fired on 0 of 4 runs of warm-cache, instead of 3\.$/,
      ),
    ]);
  });
});
