import { TIME_ZONE_NAMES, TIME_ZONE_NAMES_TZ } from '../../generated/time-zone-names.js';

// Time zone names as the policy schema and the change windows read them. Intl accepts IANA names in
// any case, aliases (US/Eastern) and offsets (+05:00); building an Intl.DateTimeFormat to ask costs
// ~25 ms of ICU start-up, and even Intl's list of canonical names ~15 M instructions (4% of
// `validate`), so the usual case is answered from a list kept in the source.

/** UTC by its common names: valid everywhere, yet not in Intl's canonical list. */
export const UTC_ZONE = /^(?:Etc\/)?(?:UTC|GMT)$/i;

/** A tzdata version as Node reports it (2025c), as [year, release letters]. */
function tzdataRelease(version: string): [number, string] | undefined {
  const m = /^(\d{4})([a-z]+)$/.exec(version);
  return m ? [Number(m[1]), m[2] as string] : undefined;
}

/** Whether tzdata `version` is `since` or newer; false when either is not a version. */
export function tzdataAtLeast(version: string | undefined, since: string): boolean {
  const a = version === undefined ? undefined : tzdataRelease(version);
  const b = tzdataRelease(since);
  if (!a || !b) return false;
  if (a[0] !== b[0]) return a[0] > b[0];
  // Releases go a…z, then aa…: longer is later.
  return a[1].length !== b[1].length ? a[1].length > b[1].length : a[1] >= b[1];
}

/**
 * The canonical zone names of a runtime whose tzdata is `tz` (process.versions.tz). ICU never drops a
 * zone name (a renamed zone keeps its old one as an alias), so a runtime with the list's data or newer
 * knows every name in it; an older one, or one that does not say, is asked through Intl.
 */
export function canonicalZoneNames(tz: string | undefined): ReadonlySet<string> {
  return new Set(
    tzdataAtLeast(tz, TIME_ZONE_NAMES_TZ) ? TIME_ZONE_NAMES : Intl.supportedValuesOf('timeZone'),
  );
}

let canonical: ReadonlySet<string> | undefined;

/**
 * Whether `name` is a canonical IANA zone name (of the list's tzdata or the runtime's), spelled exactly:
 * a name ICU knows as it is written, which is what TZ needs (src/domain/policy/cron.ts).
 */
export function isCanonicalZone(name: string): boolean {
  canonical ??= canonicalZoneNames(process.versions.tz);
  return canonical.has(name);
}

/** Whether Intl takes `name` as a time zone: UTC and canonical names without building a formatter. */
export function isTimeZone(name: string): boolean {
  if (UTC_ZONE.test(name) || isCanonicalZone(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
