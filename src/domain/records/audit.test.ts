import { describe, expect, it } from 'vitest';
import { type ChainMember, verifyChain } from './audit.js';

const member = (
  id: string,
  minute: number,
  prev: string | null,
  extra: Partial<ChainMember> = {},
): ChainMember => {
  const timestamp = new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString();
  const path = `executions/2026-11-01/${id}.yaml`;
  return {
    path,
    recordPath: path,
    id,
    timestamp,
    durationS: 30,
    digest: `d-${id}`,
    prev_digest: prev,
    computed: `d-${id}`,
    source: 'record',
    ...extra,
  };
};

describe('verifyChain', () => {
  it('accepts a fork from two concurrent runs and reports it as such', () => {
    const r = verifyChain([
      member('a', 0, null),
      member('b', 10, 'd-a'),
      member('c', 10, 'd-a'),
      member('d', 20, 'd-c'),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.forks).toEqual([
      { digest: 'd-a', paths: ['executions/2026-11-01/b.yaml', 'executions/2026-11-01/c.yaml'] },
    ]);
    expect(r.roots).toEqual(['executions/2026-11-01/a.yaml']);
  });

  it('counts a record that is both rolled up and still in the tree once; another digest is a duplicate', () => {
    const a = member('a', 0, null);
    const rolled = { ...a, path: 'executions/rollups/2026-W44.yaml#a', source: 'rollup' as const };
    delete (rolled as Partial<ChainMember>).computed;
    expect(verifyChain([a, rolled, member('b', 5, 'd-a')]).problems).toEqual([]);
    const forged = { ...rolled, digest: 'd-other' };
    expect(verifyChain([a, forged]).problems).toEqual([
      expect.objectContaining({ path: 'executions/rollups/2026-W44.yaml#a', kind: 'duplicate' }),
    ]);
  });

  it('a skipped predecessor within the fork window is a late concurrent run, beyond it a problem', () => {
    const chain = [member('a', 0, null), member('b', 10, 'd-a'), member('c', 50, 'd-a')];
    expect(verifyChain(chain, { forkWindowS: 3600 }).problems).toEqual([]);
    expect(verifyChain(chain, { forkWindowS: 60 }).problems).toEqual([
      expect.objectContaining({ path: 'executions/2026-11-01/c.yaml', kind: 'skipped-predecessor' }),
    ]);
  });

  it('follows the order runs pick their predecessor in (by path), not the order they ran in', () => {
    // r1 was merged first (its id sorts first) but ran after r2: the next run names r2, the last by path.
    const chain = [
      member('p0', 0, null),
      member('r2', 6, 'd-p0'),
      member('r1', 20, 'd-r2'),
      member('r3', 91, 'd-r2'),
    ];
    expect(verifyChain(chain, { forkWindowS: 3600 }).problems).toEqual([]);
  });
});
