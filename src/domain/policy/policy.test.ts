import { describe, expect, it } from 'vitest';
import { type Policy, PolicySchema } from '../schemas/policy.js';
import { decide, type PolicyFacts, type PolicySubject, policyMatches, teamsNamed } from './policy.js';

// Every rule of the policy language on its own, then together: pure, with the clock injected.

const NOW = new Date('2026-03-04T12:00:00Z'); // a Wednesday, 13:00 in Berlin
const policy = (p: Record<string, unknown>): Policy =>
  PolicySchema.parse({ match: { intents: ['work'] }, ...p });
const subject: PolicySubject = { intent: 'work', risk: 'medium', params: { app: 'web' }, target: 'web' };
const facts = (extra: Partial<PolicyFacts> = {}): PolicyFacts => ({
  now: NOW,
  approvals: null,
  history: [],
  ...extra,
});
const only = (d: ReturnType<typeof decide>, rule: string) => d.results.filter((r) => r.rule === rule);

describe('policy rules', () => {
  it('match.params narrows a policy to some param values: a limit learned on one app holds only that app', () => {
    const onWeb = policy({ name: 'w', match: { intents: ['work'], params: { app: ['web', 'api'] } } });
    expect(policyMatches(onWeb, subject)).toBe(true);
    expect(policyMatches(onWeb, { ...subject, params: { app: 'shop' }, target: 'shop' })).toBe(false);
    expect(policyMatches(onWeb, { ...subject, params: {} })).toBe(false);
    // It narrows, never widens: the intent or risk must still match.
    expect(
      policyMatches(policy({ name: 'o', match: { intents: ['other'], params: { app: ['web'] } } }), subject),
    ).toBe(false);
    expect(() => PolicySchema.parse({ name: 'e', match: { params: { app: ['web'] } } })).toThrow(
      /`intents`, `risk` or `environments`/,
    );
  });

  it('match: by intent name or by risk; neither → the policy does not apply', () => {
    expect(policyMatches(policy({ name: 'a', match: { intents: ['work'] } }), subject)).toBe(true);
    expect(policyMatches(policy({ name: 'b', match: { risk: ['medium'] } }), subject)).toBe(true);
    expect(policyMatches(policy({ name: 'c', match: { risk: ['high'], intents: ['other'] } }), subject)).toBe(
      false,
    );
    expect(
      decide([policy({ name: 'x', match: { intents: ['other'] }, approvals: 5 })], subject, facts()),
    ).toEqual({
      verdict: 'allow',
      matched: [],
      results: [],
    });
  });

  it('proposers: deny wins over allow; not allowed → deny; unknown proposer → info', () => {
    const p = policy({ name: 'who', proposers: { allow: ['alice', 'ops-*'], deny: ['ops-rogue'] } });
    expect(decide([p], subject, facts({ proposer: 'alice' })).verdict).toBe('allow');
    expect(decide([p], subject, facts({ proposer: 'ops-agent' })).verdict).toBe('allow');
    expect(decide([p], subject, facts({ proposer: 'ops-rogue' })).verdict).toBe('deny');
    expect(only(decide([p], subject, facts({ proposer: 'mallory' })), 'proposers')[0]).toMatchObject({
      outcome: 'deny',
      reason: expect.stringContaining('not in proposers.allow'),
    });
    expect(only(decide([p], subject, facts()), 'proposers')[0]?.outcome).toBe('info');
  });

  it('params: a value outside the allowlist is denied', () => {
    const p = policy({ name: 'apps', params: { app: { allow: ['web', 'api'] } } });
    expect(decide([p], subject, facts()).verdict).toBe('allow');
    expect(decide([p], { ...subject, params: { app: 'db' } }, facts()).verdict).toBe('deny');
  });

  it('approvals: unknown → info, too few → hold, enough → pass', () => {
    const p = policy({ name: 'two', approvals: 2 });
    expect(only(decide([p], subject, facts()), 'approvals')[0]?.outcome).toBe('info');
    expect(decide([p], subject, facts({ approvals: 1 })).verdict).toBe('hold');
    expect(decide([p], subject, facts({ approvals: 2 })).verdict).toBe('allow');
  });

  it('windows: open inside cron start + duration in the window time zone, hold outside', () => {
    const weekdays = policy({
      name: 'w',
      windows: [{ cron: '0 9 * * 1-5', duration: '8h', timezone: 'Europe/Berlin' }],
    });
    expect(decide([weekdays], subject, facts()).verdict).toBe('allow'); // Wed 13:00 Berlin
    expect(decide([weekdays], subject, facts({ now: new Date('2026-03-04T17:30:00Z') })).verdict).toBe(
      'hold',
    ); // 18:30
    expect(decide([weekdays], subject, facts({ now: new Date('2026-03-07T12:00:00Z') })).verdict).toBe(
      'hold',
    ); // Saturday
    const utc = policy({ name: 'u', windows: [{ cron: '0 12 * * *', duration: '30m' }] });
    expect(decide([utc], subject, facts({ now: new Date('2026-03-04T12:29:00Z') })).verdict).toBe('allow');
    expect(decide([utc], subject, facts({ now: new Date('2026-03-04T12:31:00Z') })).verdict).toBe('hold');
  });

  it('windows: a hold says when the next window opens, in UTC', () => {
    const weekdays = policy({
      name: 'w',
      windows: [{ cron: '0 9 * * 1-5', duration: '8h', timezone: 'Europe/Berlin' }],
    });
    // Saturday noon UTC: the next window is Monday 09:00 Berlin = 08:00 UTC.
    const d = decide([weekdays], subject, facts({ now: new Date('2026-03-07T12:00:00Z') }));
    expect(d.results[0]?.reason).toMatch(/; the next opens 2026-03-09 08:00 UTC$/);
  });

  it('freezes: hold while inside one, with its reason', () => {
    const p = policy({
      name: 'f',
      freezes: [{ from: '2026-03-01', to: '2026-03-05', reason: 'quarter end' }],
    });
    expect(only(decide([p], subject, facts()), 'freezes')[0]).toMatchObject({
      outcome: 'hold',
      reason: expect.stringContaining('quarter end'),
    });
    expect(decide([p], subject, facts({ now: new Date('2026-03-06T00:00:00Z') })).verdict).toBe('allow');
  });

  it('rate_limit: counts recent executions per intent or per target; denied ones do not count', () => {
    const at = (minsAgo: number) => new Date(NOW.getTime() - minsAgo * 60_000).toISOString();
    const history = [
      { intent: 'work', target: 'web', timestamp: at(10), status: 'success' },
      { intent: 'work', target: 'api', timestamp: at(20), status: 'failed' },
      { intent: 'work', target: 'web', timestamp: at(30), status: 'denied' },
      { intent: 'work', target: 'web', timestamp: at(90), status: 'success' },
      { intent: 'other', target: 'web', timestamp: at(5), status: 'success' },
    ];
    const perIntent = policy({ name: 'r', rate_limit: { max: 2, per: '1h' } });
    expect(decide([perIntent], subject, facts({ history })).verdict).toBe('hold'); // 2 in the last hour
    const perTarget = policy({ name: 't', rate_limit: { max: 2, per: '1h', scope: 'target' } });
    expect(only(decide([perTarget], subject, facts({ history })), 'rate_limit')[0]).toMatchObject({
      outcome: 'pass',
      reason: '1 execution(s) of work on web in the last 1h; limit 2',
    });
  });

  it('the strictest verdict of all matching policies wins: deny > hold > allow', () => {
    const hold = policy({ name: 'two', approvals: 2 });
    const deny = policy({ name: 'apps', params: { app: { allow: ['api'] } } });
    const allow = policy({ name: 'open', match: { risk: ['medium'] } });
    expect(decide([allow, hold], subject, facts({ approvals: 0 })).verdict).toBe('hold');
    const d = decide([allow, hold, deny], subject, facts({ approvals: 0 }));
    expect(d.verdict).toBe('deny');
    expect(d.matched).toEqual(['open', 'two', 'apps']);
    expect(d.results.map((r) => `${r.policy}/${r.rule}:${r.outcome}`)).toEqual([
      'two/approvals:hold',
      'apps/params:deny',
    ]);
  });
});

describe('proposers by team', () => {
  it('@org/team matches a proposer the app found in that team; the teams to look up are listed', () => {
    const p = policy({
      name: 'sre-only',
      proposers: { allow: ['@acme/sre', 'ops-*'], deny: ['@acme/interns'] },
    });
    expect(teamsNamed([p])).toEqual(['acme/sre', 'acme/interns']);
    expect(decide([p], subject, facts({ proposer: 'carol', proposerTeams: ['acme/sre'] })).verdict).toBe(
      'allow',
    );
    expect(decide([p], subject, facts({ proposer: 'carol' })).verdict).toBe('deny');
    expect(
      decide([p], subject, facts({ proposer: 'ops-bot', proposerTeams: ['acme/interns'] })).verdict,
    ).toBe('deny');
  });
});

describe('decide never throws on a change window', () => {
  it('holds, saying why, when a cron the schema would refuse reaches it', () => {
    const bad = {
      name: 'bad',
      match: { intents: ['deploy-app'] },
      windows: [{ cron: '0 24 * * 1-5', duration: '8h' }],
    };
    const d = decide(
      [bad],
      { intent: 'deploy-app', risk: 'low', params: {} },
      { now: new Date(), approvals: null, history: [] },
    );
    expect(d.verdict).toBe('hold');
    expect(d.results[0]?.reason).toBe(
      "invalid cron expression '0 24 * * 1-5': a value is out of range: hour takes 0-23",
    );
  });
});
