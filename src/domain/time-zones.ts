// Time zone names as the policy schema and the change windows read them. Intl accepts IANA names in
// any case, aliases (US/Eastern) and offsets (+05:00); building an Intl.DateTimeFormat to ask costs
// ~25 ms of ICU start-up, while the list of canonical names costs ~3 ms and answers the usual case.

/** UTC by its common names: valid everywhere, yet not in Intl's canonical list. */
export const UTC_ZONE = /^(?:Etc\/)?(?:UTC|GMT)$/i;

let canonical: Set<string> | undefined;

/** Whether `name` is a canonical IANA zone name, spelled exactly as the time zone database does. */
export function isCanonicalZone(name: string): boolean {
  canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
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
