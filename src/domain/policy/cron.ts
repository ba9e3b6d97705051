import { Cron } from 'croner';
import { isCanonicalZone, UTC_ZONE } from './time-zones.js';

// Change windows' cron expressions, read in their time zone. croner reads a zone through
// Intl.DateTimeFormat, and the first one a process builds costs ~25 ms of ICU start-up: a fifth of
// `intentops validate`. Its local-time mode needs none: with TZ set to the zone for the length of one
// synchronous computation, the process's local time is the zone's. That is the same ICU zone data
// Intl reads (src/domain/policy/cron.test.ts compares the two across DST changes), loaded in ~0.5 ms.
// TZ takes only a zone's exact name, so that is used for canonical names (src/domain/policy/time-zones.ts);
// other spellings, and Windows, which does not follow a TZ set at run time, go through Intl.

/** Occurrences of one cron expression in its zone. */
export interface CronSchedule {
  /** The first start after `date`, or null when there is none. */
  next(date: Date): Date | null;
  /** The last start before `date`, or null when there is none. */
  prev(date: Date): Date | null;
}

/** An expression croner refuses; the message names the field and what it takes. */
export class CronSyntaxError extends Error {
  constructor(
    readonly cron: string,
    message: string,
  ) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

const FIELD_RANGES: Record<string, string> = {
  second: 'second takes 0-59',
  minute: 'minute takes 0-59',
  hour: 'hour takes 0-23',
  day: 'day of month takes 1-31',
  nearestWeekdays: 'day of month takes 1-31',
  month: 'month takes 1-12 or JAN-DEC',
  dayOfWeek: 'day of week takes 0-7 or SUN-SAT',
};

/** croner's message without its prefix; its range errors show the value as stored (months from 0). */
function describe(message: string): string {
  const text = message.replace(/^CronPattern: /, '');
  const field = /^Invalid value for (\w+):/.exec(text)?.[1];
  const range = field ? FIELD_RANGES[field] : undefined;
  return range ? `a value is out of range: ${range}` : text;
}

const CRON_MACRO = /^@(yearly|annually|monthly|weekly|daily|hourly)$/;
const FIVE_FIELDS =
  'expected a cron expression with 5 fields (minute hour day month weekday), e.g. "0 9 * * 1-5"';

/** Undefined when `cron` has the 5 documented fields or is a macro (@daily…); else how many it has. */
function shapeProblem(cron: string): { fields: number; why?: string } | undefined {
  const text = cron.trim();
  if (CRON_MACRO.test(text)) return undefined;
  const fields = text === '' ? 0 : text.split(/\s+/).length;
  if (fields === 5) return undefined;
  // croner reads 6 fields with seconds first and 7 with a year: a cron written for another tool
  // would silently mean something else.
  return fields > 5
    ? { fields, why: 'seconds and years are not taken: 6 fields would be read seconds first' }
    : { fields };
}

/** Parses `cron` (5 fields or a macro); throws CronSyntaxError saying what is wrong. */
function parse(cron: string, zone: { utcOffset?: number; timezone?: string }): Cron {
  const shape = shapeProblem(cron);
  if (shape)
    throw new CronSyntaxError(
      cron,
      `${FIVE_FIELDS}; got ${shape.fields}${shape.why ? ` (${shape.why})` : ''}`,
    );
  try {
    // paused: a schedule to ask, never a timer that keeps the process alive.
    return new Cron(cron.trim(), { ...zone, paused: true });
  } catch (err) {
    throw new CronSyntaxError(cron, describe((err as Error).message));
  }
}

/**
 * Why `cron` is not a change window's expression, as a message quoting it; undefined when it is one.
 * The schema calls this, so a policy whose cron croner refuses never loads.
 */
export function cronProblem(cron: string): string | undefined {
  const shape = shapeProblem(cron);
  if (shape) return `${FIVE_FIELDS}, got '${cron}'${shape.why ? ` (${shape.why})` : ''}`;
  try {
    // utcOffset: no time zone to look up; the fields mean the same in every zone.
    parse(cron, { utcOffset: 0 });
    return undefined;
  } catch (err) {
    if (err instanceof CronSyntaxError) return `invalid cron expression '${cron}': ${err.message}`;
    throw err;
  }
}

const followsRuntimeTZ = process.platform !== 'win32';

/**
 * Runs `use` with the schedule of `cron` in `timezone` (UTC when absent), which the schema has
 * checked. The schedule is valid only inside `use`, where the process's local time may be the
 * zone's; take Dates or numbers out of it, not the schedule.
 */
export function withCron<T>(cron: string, timezone: string | undefined, use: (s: CronSchedule) => T): T {
  if (!timezone || UTC_ZONE.test(timezone)) return use(schedule(cron, { utcOffset: 0 }));
  // TZ takes a zone's exact name only: other spellings Intl accepts (europe/berlin, +05:00, most
  // aliases) would silently be UTC there, so croner reads those through Intl.
  if (!followsRuntimeTZ || !isCanonicalZone(timezone)) return use(schedule(cron, { timezone }));
  return inLocalTimeZone(timezone, () => use(schedule(cron, {})));
}

function schedule(cron: string, zone: { utcOffset?: number; timezone?: string }): CronSchedule {
  const job = parse(cron, zone);
  return {
    next: (date) => job.nextRun(date),
    prev: (date) => job.previousRuns(1, date)[0] ?? null,
  };
}

/** Runs `fn` with the process's local time in `zone`, restoring TZ after it (also when it throws). */
function inLocalTimeZone<T>(zone: string, fn: () => T): T {
  const had = Object.hasOwn(process.env, 'TZ');
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (had) process.env.TZ = before;
    else delete process.env.TZ;
  }
}
