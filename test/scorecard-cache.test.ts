import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeRecord } from '../src/adapters/record-store.js';
import { readScorecardFacts } from '../src/app/report/scorecard.js';
import { recordPath } from '../src/domain/records/record.js';
import { makeRecord } from './helpers/record-fixture.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// The scorecard keeps each record's facts by the hash of its text in the clone's git directory: a
// second read reuses them, and a record edited since is looked at afresh (the edit is caught).

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

describe('scorecard facts cache', () => {
  it('reuses the facts of records seen before and never those of an edited record', async () => {
    const a = makeRecord({ id: 'exec-a', timestamp: '2026-01-02T10:00:00.000Z' });
    const b = makeRecord({ id: 'exec-b', timestamp: '2026-01-03T10:00:00.000Z', prev_digest: a.digest });
    const dir = await makeRepo({ [recordPath(a)]: serializeRecord(a), [recordPath(b)]: serializeRecord(b) });
    dirs.push(dir);
    const cache = join(dir, '.git', 'intentops', 'scorecard-facts.json');
    const first = await readScorecardFacts(dir);
    expect(first.facts.map((f) => [f.id, f.computed === f.digest])).toEqual([
      ['exec-a', true],
      ['exec-b', true],
    ]);
    expect(existsSync(cache)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(cache, 'utf8')).facts)).toHaveLength(2);

    const second = await readScorecardFacts(dir);
    expect(second.facts).toEqual(first.facts);

    // b edited after it was written: its text differs, its facts are computed again.
    const path = join(dir, recordPath(b));
    writeFileSync(path, readFileSync(path, 'utf8').replace('status: success', 'status: failed'));
    const third = await readScorecardFacts(dir);
    expect(third.facts.map((f) => [f.id, f.computed === f.digest])).toEqual([
      ['exec-a', true],
      ['exec-b', false],
    ]);
  });

  it('works without a git directory (no cache) and names files that are no records', async () => {
    const a = makeRecord({ id: 'exec-a', timestamp: '2026-01-02T10:00:00.000Z' });
    const dir = await makeRepo({
      [recordPath(a)]: serializeRecord(a),
      'executions/2026-01-02/broken.yaml': 'id: [unclosed\n',
    });
    dirs.push(dir);
    const read = await readScorecardFacts(dir, { cache: false });
    expect(read.facts.map((f) => f.id)).toEqual(['exec-a']);
    expect(read.unreadable).toEqual([
      { path: 'executions/2026-01-02/broken.yaml', reason: expect.stringMatching(/^not YAML: /) },
    ]);
  });
});
