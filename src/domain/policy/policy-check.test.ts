import { describe, expect, it, vi } from 'vitest';
import { type Policy, PolicyFileSchema } from '../schemas/policy.js';
import { checkPolicyFile, type IntentSummary } from './policy-check.js';

const NOW = new Date('2026-03-04T12:00:00Z'); // a Wednesday

const INTENTS: IntentSummary[] = [
  { name: 'restart-app', risk: 'low', params: ['app'] },
  { name: 'verify-backups', risk: 'low', params: [] },
  { name: 'deploy-app', risk: 'medium', params: ['app', 'tag'] },
];

/** Schema-parsed, as validate hands it over. */
function file(...policies: Partial<Policy>[]) {
  return PolicyFileSchema.parse({
    policies: policies.map((p, i) => ({ name: `p${i}`, match: { risk: ['low'] }, ...p })),
  });
}

const check = (f: ReturnType<typeof file>) => checkPolicyFile(f, { now: NOW, intents: INTENTS });

describe('checkPolicyFile: windows', () => {
  it('accepts a weekday working-hours window in a time zone', () => {
    expect(
      check(file({ windows: [{ cron: '0 9 * * 1-5', duration: '8h', timezone: 'Europe/Berlin' }] })),
    ).toEqual([]);
  });

  it('checks a UTC window, by any of its names, without loading time zone data', () => {
    // croner would read 'Etc/UTC' as a zone through Intl.DateTimeFormat, whose first use costs ~25 ms
    // of ICU start-up (a large part of validate's); every UTC name is a fixed offset instead.
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (const timezone of ['UTC', 'Etc/UTC', 'gmt', undefined]) {
        const w = { cron: '0 9 * * 1-5', duration: '8h', ...(timezone ? { timezone } : {}) };
        expect(check(file({ windows: [w] })), String(timezone)).toEqual([]);
        // The week holds no second window: one that never closes would be a warning.
        expect(check(file({ windows: [{ ...w, duration: '7d' }] }))[0]?.severity).toBe('warning');
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an expression croner cannot parse at the cron, naming the field and its range', () => {
    // The schema refuses it first (a policy with it never loads); the check stays safe on its own.
    expect(() => file({ windows: [{ cron: '99 9 * * *', duration: '1h' }] })).toThrow(/minute takes 0-59/);
    const unchecked = {
      policies: [
        { name: 'p', match: { risk: ['low' as const] }, windows: [{ cron: '99 9 * * *', duration: '1h' }] },
      ],
    };
    expect(check(unchecked)).toEqual([
      {
        path: ['policies', 0, 'windows', 0, 'cron'],
        message: "invalid cron expression '99 9 * * *': a value is out of range: minute takes 0-59",
        severity: 'error',
      },
    ]);
  });

  it('a cron that never fires (31 February) is an error', () => {
    const [problem] = check(file({ windows: [{ cron: '0 0 31 2 *', duration: '1h' }] }));
    expect(problem?.path).toEqual(['policies', 0, 'windows', 0, 'cron']);
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toMatch(/^cron '0 0 31 2 \*' never fires/);
  });

  it('warns when a window is open longer than the gap between starts: it never closes', () => {
    const problems = check(
      file({
        windows: [
          { cron: '0 * * * *', duration: '2h' }, // hourly starts, 2h each: always open
          { cron: '0 * * * *', duration: '30m' }, // closes every half hour
          { cron: '0 9 * * *', duration: '24h' }, // daily starts exactly a day apart: always open
          { cron: '0 9 * * 1-5', duration: '48h' }, // the weekend gap is 72h: closes
        ],
      }),
    );
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      [['policies', 0, 'windows', 0, 'duration'], 'warning'],
      [['policies', 0, 'windows', 2, 'duration'], 'warning'],
    ]);
    expect(problems[0]?.message).toBe(
      "window never closes: '0 * * * *' starts again before 2h have passed, so it holds nothing",
    );
  });

  it('a dense cron with a short window is left alone rather than guessed about', () => {
    expect(check(file({ windows: [{ cron: '* * * * *', duration: '1m' }] }))).toEqual([]);
  });
});

describe('checkPolicyFile: proposers', () => {
  it('an empty allow list denies everyone: an error; an empty deny list is a warning', () => {
    expect(check(file({ proposers: { allow: [], deny: [] } }))).toEqual([
      expect.objectContaining({ path: ['policies', 0, 'proposers', 'allow'], severity: 'error' }),
      expect.objectContaining({ path: ['policies', 0, 'proposers', 'deny'], severity: 'warning' }),
    ]);
  });

  it('a blank pattern is an error at that pattern', () => {
    expect(check(file({ proposers: { allow: ['alice', '  '] } }))).toEqual([
      {
        path: ['policies', 0, 'proposers', 'allow', 1],
        message: 'proposers.allow pattern is blank: it matches no login or agent',
        severity: 'error',
      },
    ]);
  });
});

describe('checkPolicyFile: params allowlists', () => {
  it('a param that no matched intent declares is an error', () => {
    const f = file({ match: { intents: ['deploy-app'] }, params: { namespace: { allow: ['web'] } } });
    expect(check(f)).toEqual([
      {
        path: ['policies', 0, 'params', 'namespace'],
        message:
          "params allowlist names 'namespace', which no intent this policy matches declares (deploy-app)",
        severity: 'error',
      },
    ]);
  });

  it('a param only some matched intents declare is a warning naming the others', () => {
    const f = file({ match: { risk: ['low'] }, params: { app: { allow: ['web'] } } });
    expect(check(f)).toEqual([
      {
        path: ['policies', 0, 'params', 'app'],
        message:
          "param 'app' is not declared by verify-backups: requests for them are always denied by this allowlist",
        severity: 'warning',
      },
    ]);
  });

  it('`match: { environments }` alone matches every intent: an allowlist is checked against all of them', () => {
    const f = file({ match: { environments: ['production'] }, params: { tag: { allow: ['v1'] } } });
    expect(check(f)).toEqual([
      {
        path: ['policies', 0, 'params', 'tag'],
        message:
          "param 'tag' is not declared by restart-app, verify-backups: requests for them are always denied by this allowlist",
        severity: 'warning',
      },
    ]);
  });

  it('declared params pass; without a catalog or a matching intent nothing is claimed', () => {
    const ok = file({ match: { intents: ['deploy-app'] }, params: { tag: { allow: ['v1'] } } });
    expect(check(ok)).toEqual([]);
    const high = file({ match: { risk: ['high'] }, params: { anything: { allow: ['x'] } } });
    expect(check(high)).toEqual([]);
    const bad = file({ match: { intents: ['deploy-app'] }, params: { nope: { allow: ['x'] } } });
    expect(checkPolicyFile(bad, { now: NOW })).toEqual([]);
  });
});
