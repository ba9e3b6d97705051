import { describe, expect, it } from 'vitest';
import type { RollupEntry } from '../schemas/rollup.js';
import { RollupSchema } from '../schemas/rollup.js';
import { isoWeek, mergeRollup, rollupDigest } from './rollup.js';

const entry = (id: string, timestamp: string, extra: Partial<RollupEntry> = {}): RollupEntry => ({
  id,
  path: `executions/${timestamp.slice(0, 10)}/${id}.yaml`,
  timestamp,
  intent: 'deploy-app',
  target: 'web',
  status: 'success',
  duration_s: 40,
  anomalies: [],
  digest: `sha256:${id}`,
  prev_digest: null,
  ...extra,
});

describe('isoWeek', () => {
  it.each([
    ['2026-01-01T10:00:00.000Z', '2026-W01'],
    ['2021-01-03T23:59:59.000Z', '2020-W53'],
    ['2024-12-30T00:00:00.000Z', '2025-W01'],
    ['2026-11-25T12:00:00.000Z', '2026-W48'],
  ])('%s is in %s', (ts, week) => {
    expect(isoWeek(ts)).toBe(week);
  });

  it('refuses text that is not a timestamp', () => {
    expect(() => isoWeek('yesterday')).toThrow(/not a timestamp/);
  });
});

describe('mergeRollup', () => {
  it('adds new ids, keeps existing entries as they were, recounts and re-digests', () => {
    const first = mergeRollup('2026-W48', undefined, [
      entry('b', '2026-11-24T10:00:00.000Z', { anomalies: [{ rule: 'memory_spike', severity: 'P2' }] }),
      entry('a', '2026-11-23T10:00:00.000Z', { status: 'failed' }),
    ]);
    expect(first.records.map((e) => e.id)).toEqual(['a', 'b']);
    expect(first.counts).toEqual({
      intents: { 'deploy-app': { failed: 1, success: 1 } },
      rules: { memory_spike: 1 },
    });
    expect(first.digest).toBe(rollupDigest(first));
    expect(RollupSchema.safeParse(first).success).toBe(true);

    const again = mergeRollup('2026-W48', first, [
      entry('a', '2026-11-23T10:00:00.000Z', { status: 'success' }),
    ]);
    expect(again).toEqual(first);
    const more = mergeRollup('2026-W48', first, [entry('c', '2026-11-25T10:00:00.000Z')]);
    expect(more.records).toHaveLength(3);
    expect(more.digest).not.toBe(first.digest);
  });
});
