import { Cron } from 'croner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CronSchedule, CronSyntaxError, cronProblem, withCron } from './cron.js';

/** n starts after `from` and n before it, walking one at a time as the window checks do. */
function walk(s: CronSchedule, from: Date, n: number): string[] {
  const out: string[] = [];
  for (const step of [s.next, s.prev]) {
    let d: Date | null = from;
    for (let i = 0; d && i < n; i++) {
      d = step(d);
      out.push(d?.toISOString() ?? 'none');
    }
  }
  return out;
}

/** The same with croner's own zone support, which reads the zone through Intl.DateTimeFormat. */
function walkViaIntl(cron: string, timezone: string, from: Date, n: number): string[] {
  const job = new Cron(cron, { timezone, paused: true });
  return walk({ next: (d) => job.nextRun(d), prev: (d) => job.previousRuns(1, d)[0] ?? null }, from, n);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('withCron', () => {
  // A one-hour DST change either side of the equator, a 30-minute one, a half-hour offset without
  // DST, a zone that dropped DST in 2022, and crons that land in skipped or repeated hours.
  const zones = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/St_Johns',
    'America/Mexico_City',
  ];
  const crons = ['30 2 * * *', '0 2 * * *', '0 9 * * 1-5', '*/20 1-3 * * 0', '0 0 1 * *', '15 */6 * * *'];
  // 100 starts either way of mid-March and mid-October: every DST change of 2026 in these zones.
  const starts = [new Date('2026-03-15T00:00:00Z'), new Date('2026-10-15T00:00:00Z')];

  for (const tz of zones)
    it(`gives the starts croner gives through Intl in ${tz}`, () => {
      for (const cron of crons)
        for (const from of starts)
          expect(
            withCron(cron, tz, (s) => walk(s, from, 100)),
            `${cron} in ${tz} from ${from.toISOString()}`,
          ).toEqual(walkViaIntl(cron, tz, from, 100));
    });

  const from = new Date('2026-01-01T00:00:00Z');

  it('reads the other spellings Intl accepts as Intl does: any case, aliases, offsets', () => {
    // TZ knows a zone only by its exact name: europe/berlin or +05:00 there would silently be UTC.
    for (const tz of ['europe/berlin', 'US/Eastern', '+05:00', 'Asia/Calcutta'])
      for (const start of starts)
        expect(
          withCron('30 2 * * *', tz, (s) => walk(s, start, 40)),
          tz,
        ).toEqual(walkViaIntl('30 2 * * *', tz, start, 40));
  });

  it('opens a window whose start falls in the hour DST skips, at the end of that hour', () => {
    // 2026-03-29 02:30 does not exist in Berlin: the start is 03:00 CEST, not a day missed.
    const starts = withCron('30 2 * * *', 'Europe/Berlin', (s) =>
      walk(s, new Date('2026-03-27T12:00:00Z'), 3),
    );
    expect(starts.slice(0, 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('builds no Intl.DateTimeFormat (its first costs ~25 ms of start-up)', () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = new Proxy(Original, {
      construct(target, args: ConstructorParameters<typeof Original>) {
        built++;
        return new target(...args);
      },
      apply(target, _this, args: ConstructorParameters<typeof Original>) {
        built++;
        return target(...args);
      },
    });
    try {
      const berlin = withCron('0 9 * * 1-5', 'Europe/Berlin', (s) => s.next(from)?.toISOString());
      const utc = withCron('0 9 * * 1-5', undefined, (s) => s.prev(from)?.toISOString());
      expect([berlin, utc]).toEqual(['2026-01-01T08:00:00.000Z', '2025-12-31T09:00:00.000Z']);
      expect(built).toBe(0);
      // The count does see croner's own zone support.
      walkViaIntl('0 9 * * *', 'America/Chicago', from, 1);
      expect(built).toBeGreaterThan(0);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });

  it('reads UTC and its spellings as UTC', () => {
    for (const tz of [undefined, 'UTC', 'Etc/UTC', 'GMT'])
      expect(withCron('0 9 * * *', tz, (s) => s.next(from)?.toISOString())).toBe('2026-01-01T09:00:00.000Z');
  });

  it('has no start either way for an expression no date matches', () => {
    expect(withCron('0 0 31 2 *', 'Europe/Berlin', (s) => [s.next(from), s.prev(from)])).toEqual([
      null,
      null,
    ]);
  });

  it('refuses a bad expression naming the field and its range, not croner’s stored value', () => {
    const error = (cron: string) => {
      try {
        withCron(cron, 'Europe/Berlin', () => 0);
      } catch (err) {
        return err instanceof CronSyntaxError ? err.message : `not a CronSyntaxError: ${err}`;
      }
      return 'accepted';
    };
    expect(error('0 0 1 13 *')).toBe('a value is out of range: month takes 1-12 or JAN-DEC');
    expect(error('0 0 0 * *')).toBe('a value is out of range: day of month takes 1-31');
    expect(error('99 9 * * *')).toBe('a value is out of range: minute takes 0-59');
    expect(error('0 9 * * 8')).toBe('a value is out of range: day of week takes 0-7 or SUN-SAT');
    expect(error('5-1 * * * *')).toBe("From value is larger than to value: '5-1'");
  });

  it("puts the process's TZ back, also when the expression is refused or the caller throws", () => {
    vi.stubEnv('TZ', 'Asia/Tokyo');
    withCron('0 9 * * *', 'Europe/Berlin', (s) => s.next(from));
    expect(process.env.TZ).toBe('Asia/Tokyo');
    expect(() => withCron('0 25 * * *', 'Europe/Berlin', () => 0)).toThrow(CronSyntaxError);
    expect(process.env.TZ).toBe('Asia/Tokyo');
    expect(() =>
      withCron('0 9 * * *', 'Europe/Berlin', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(process.env.TZ).toBe('Asia/Tokyo');
    expect(new Date(from).getHours()).toBe(9); // Tokyo is UTC+9 again

    delete process.env.TZ;
    withCron('0 9 * * *', 'America/New_York', (s) => s.next(from));
    expect(Object.hasOwn(process.env, 'TZ')).toBe(false);
  });
});

describe('cronProblem (what the policy schema refuses)', () => {
  it('takes the 5 documented fields and the macros', () => {
    for (const ok of ['0 9 * * 1-5', ' 30 2 * * * ', '0 9 * * MON-FRI', '*/15 9-17 1,15 JAN-JUN 0', '@daily'])
      expect(cronProblem(ok), ok).toBeUndefined();
  });

  it('refuses 6 and 7 fields, which croner would read with seconds first (issue 24)', () => {
    // '0 0 * * * 6' read seconds first is "every hour on Saturdays", not midnight.
    expect(cronProblem('0 0 * * * 6')).toBe(
      'expected a cron expression with 5 fields (minute hour day month weekday), e.g. "0 9 * * 1-5", got \'0 0 * * * 6\' (seconds and years are not taken: 6 fields would be read seconds first)',
    );
    expect(cronProblem('0 0 9 * * 1-5 2026')).toMatch(/^expected a cron expression with 5 fields.*seconds/);
    expect(cronProblem('9 * *')).toMatch(/got '9 \* \*'$/);
    expect(cronProblem('')).toMatch(/^expected a cron expression with 5 fields/);
    expect(() => withCron('0 0 * * * 6', undefined, () => 0)).toThrow(CronSyntaxError);
  });

  it('names the field out of range, quoting the expression', () => {
    expect(cronProblem('0 24 * * 1-5')).toBe(
      "invalid cron expression '0 24 * * 1-5': a value is out of range: hour takes 0-23",
    );
    expect(cronProblem('60 9 * * *')).toMatch(/minute takes 0-59$/);
    expect(cronProblem('0 9 32 * *')).toMatch(/day of month takes 1-31$/);
    expect(cronProblem('0 9 * * 8')).toMatch(/day of week takes 0-7 or SUN-SAT$/);
    expect(cronProblem('*/0 * * * *')).toMatch(/^invalid cron expression '\*\/0 \* \* \* \*': /);
  });
});
