import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { factIndexPath, gitBlobId } from '../src/adapters/fact-index-store.js';
import { RecordStore } from '../src/adapters/record-store.js';
import { prune } from '../src/app/audit/prune.js';
import { auditVerify } from '../src/app/audit/verify.js';
import { readScorecardFacts } from '../src/app/report/scorecard.js';
import { FACT_INDEX_VERSION, factIndexLine, parseFactIndex } from '../src/domain/metrics/fact-index.js';
import { recordFacts } from '../src/domain/metrics/scorecard.js';
import { recordPath, sha256 } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { auditHistory } from './helpers/audit-history.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// The records' day fact indexes (executions/<day>/fact-index.jsonl): written when a record is
// written, committed with it, and trusted by the scorecard only where git says the checked-out
// record is the blob a line names — so a fresh clone reads no record, and an edit is still caught.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

/** A repository with `records` written as the bot writes them (RecordStore), not committed yet. */
async function repoWith(records: readonly ExecutionRecord[]): Promise<string> {
  const dir = await makeRepo({ 'README.md': '# ops\n' });
  dirs.push(dir);
  const store = new RecordStore(dir);
  for (const r of records) await store.write(r);
  return dir;
}

const indexOf = (dir: string, r: ExecutionRecord) =>
  parseFactIndex(readFileSync(join(dir, factIndexPath(recordPath(r))), 'utf8'));

/** Three chained records over two days. */
const history = () => auditHistory(3, new Date('2026-03-03T12:00:00.000Z'), 1.5);

describe('fact index', () => {
  it('is written with each record: its line holds git’s blob id of the file and the facts a reader computes', async () => {
    const records = history();
    const dir = await repoWith(records);
    for (const r of records) {
      const rel = recordPath(r);
      const entry = indexOf(dir, r).get(rel);
      expect(entry?.v).toBe(FACT_INDEX_VERSION);
      expect(entry?.blob).toBe(git(dir, 'hash-object', rel));
      const { path: _p, ...facts } = recordFacts(r, rel);
      expect(entry?.facts).toEqual(facts);
      expect(entry?.facts.computed).toBe(r.digest);
    }
    // Two days, one index file each, one line per record.
    const days = new Set(records.map((r) => factIndexPath(recordPath(r))));
    expect(days.size).toBe(2);
    const lines = [...days].map((f) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n').length);
    expect(lines.reduce((a, b) => a + b)).toBe(3);
  });

  it('gives the scorecard the facts of committed, untouched records without reading them', async () => {
    const dir = await repoWith(history());
    // Not committed yet: git knows no blob for them, so each is parsed.
    const parsed = await readScorecardFacts(dir, { cache: false });
    expect(parsed.indexed).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'records');
    const indexed = await readScorecardFacts(dir, { cache: false });
    expect(indexed.indexed).toBe(3);
    expect(indexed.facts).toEqual(parsed.facts);
    // A fresh clone (a runner's checkout) likewise.
    const clone = `${dir}-clone`;
    dirs.push(clone);
    execFileSync('git', ['clone', '-q', dir, clone]);
    const cloned = await readScorecardFacts(clone);
    expect(cloned.indexed).toBe(3);
    expect(cloned.facts).toEqual(parsed.facts);
  });

  it('is passed over for a record edited since, staged or committed, and for a line of another blob or version', async () => {
    const records = history();
    const dir = await repoWith(records);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'records');
    const b = records[1] as ExecutionRecord;
    const rel = recordPath(b);
    const original = readFileSync(join(dir, rel), 'utf8');
    const oldLine = indexOf(dir, b).get(rel);
    const caught = async (indexed: number) => {
      const read = await readScorecardFacts(dir, { cache: false });
      expect(read.indexed).toBe(indexed);
      const f = read.facts.find((x) => x.id === b.id);
      expect(f?.computed).not.toBe(b.digest);
    };
    writeFileSync(join(dir, rel), original.replace(/^status: \w+$/m, 'status: cancelled'));
    await caught(2); // in the work tree only
    git(dir, 'add', rel);
    await caught(2); // staged
    git(dir, 'commit', '-q', '-m', 'edit');
    await caught(2); // committed: the line names the old blob

    // Lines forged for the edited record: the old facts under the old blob, a made-up blob, or the
    // edited blob in another version — none is taken.
    const { path: _p, ...oldFacts } = recordFacts(b, rel);
    const forged = [
      JSON.stringify({ v: FACT_INDEX_VERSION, path: rel, blob: oldLine?.blob, facts: oldFacts }),
      JSON.stringify({ v: FACT_INDEX_VERSION, path: rel, blob: 'f'.repeat(40), facts: oldFacts }),
      JSON.stringify({
        v: FACT_INDEX_VERSION + 1,
        path: rel,
        blob: gitBlobId(readFileSync(join(dir, rel), 'utf8')),
        facts: oldFacts,
      }),
      '{"torn',
    ];
    await appendFile(join(dir, factIndexPath(rel)), `${forged.join('\n')}\n`);
    git(dir, 'commit', '-q', '-am', 'forged lines');
    await caught(2);
  });

  it('cannot vouch for its facts: a line forged for the edited blob misleads the scorecard; audit verify names it and the record', async () => {
    const records = history();
    const dir = await repoWith(records);
    const b = records[1] as ExecutionRecord;
    const rel = recordPath(b);
    const edited = readFileSync(join(dir, rel), 'utf8').replace(/^status: \w+$/m, 'status: cancelled');
    writeFileSync(join(dir, rel), edited);
    await appendFile(
      join(dir, factIndexPath(rel)),
      factIndexLine(rel, gitBlobId(edited), recordFacts(b, rel)),
    );
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'records, one edited, its line forged');
    const read = await readScorecardFacts(dir, { cache: false });
    expect(read.indexed).toBe(3);
    expect(read.facts.find((f) => f.id === b.id)?.computed).toBe(b.digest);
    // audit verify parses and hashes every record, and recomputes every index line from its record
    // (the index lives under executions/, which `audit bot-owned` refuses to anyone but the bot).
    const verify = await auditVerify(dir);
    expect(verify.problems).toEqual([
      expect.objectContaining({
        path: factIndexPath(rel),
        kind: 'fact-index-mismatch',
        message: expect.stringContaining(`${rel}: its facts are not what the record computes to`),
      }),
      expect.objectContaining({ path: rel, kind: 'changed' }),
    ]);
  });

  it('is recomputed by audit verify: a forged line for an untouched record, and a line for no record, are named', async () => {
    const records = history();
    const dir = await repoWith(records);
    expect((await auditVerify(dir)).problems).toEqual([]);
    const [a, b] = records as [ExecutionRecord, ExecutionRecord];
    const rel = recordPath(b);
    // The record stays as the bot wrote it; a direct push adds a line of its very blob with made-up
    // facts (a record that never ran long): the scorecard takes it.
    const blob = gitBlobId(readFileSync(join(dir, rel), 'utf8'));
    await appendFile(
      join(dir, factIndexPath(rel)),
      factIndexLine(rel, blob, { ...recordFacts(b, rel), durationS: 1, flags: [] }),
    );
    // And a line for a record that is not there.
    const ghost = rel.replace(/[^/]+\.yaml$/, 'ghost.yaml');
    await appendFile(join(dir, factIndexPath(rel)), factIndexLine(ghost, blob, recordFacts(b, ghost)));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'forged lines');
    expect((await readScorecardFacts(dir, { cache: false })).indexed).toBe(3);
    const verify = await auditVerify(dir);
    expect(verify.problems).toEqual([
      {
        path: factIndexPath(rel),
        kind: 'fact-index-mismatch',
        message: expect.stringContaining(`${rel}: its facts are not what the record computes to`),
      },
      {
        path: factIndexPath(rel),
        kind: 'fact-index-mismatch',
        message: expect.stringContaining(`${ghost}: no such record`),
      },
    ]);
    // A line of another blob (the record's own line is fine: only the forged ones are named).
    const aRel = recordPath(a);
    await appendFile(
      join(dir, factIndexPath(aRel)),
      factIndexLine(aRel, 'f'.repeat(40), recordFacts(a, aRel)),
    );
    expect((await auditVerify(dir)).problems).toContainEqual({
      path: factIndexPath(aRel),
      kind: 'fact-index-mismatch',
      message: expect.stringContaining(`${aRel}: names blob ffff`),
    });
  });

  it('pins what recordFacts computes over a fixed history: whoever changes it bumps FACT_INDEX_VERSION', () => {
    // Committed indexes outlive a release: lines of the old version must not pass for the new facts.
    // When this fails, bump FACT_INDEX_VERSION (src/domain/metrics/fact-index.ts), then the digest.
    const records = auditHistory(300, new Date('2026-03-03T12:00:00.000Z'), 10);
    const facts = records.map((r) => recordFacts(r, recordPath(r)));
    expect(facts.reduce((n, f) => n + f.flags.length, 0)).toBeGreaterThan(20);
    expect({ version: FACT_INDEX_VERSION, facts: sha256(JSON.stringify(facts)) }).toEqual({
      version: 1,
      facts: 'sha256:c398ef3771c32c27b93e199b7817ad063218bb0ff1e0ff6a1bcc9d4aadf72590',
    });
  });

  it('prune drops the lines of the records it rolls up; a day pruned whole goes with its index', async () => {
    // Two records a day on 1, 2 and 3 February (06:00, 18:00); the cut-off is 2 February, 12:00.
    const records = auditHistory(6, new Date('2026-02-04T06:00:00.000Z'), 3);
    const dir = await repoWith(records);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'records');
    const res = await prune({
      repoDir: dir,
      now: new Date('2026-03-10T12:00:00.000Z'),
      retentionS: 36 * 86_400,
      dryRun: false,
    });
    expect(res.pruned.map((p) => p.id)).toEqual(records.slice(0, 3).map((r) => r.id));
    expect(existsSync(join(dir, 'executions/2026-02-01'))).toBe(false);
    const lines = (day: string) => [
      ...parseFactIndex(readFileSync(join(dir, 'executions', day, 'fact-index.jsonl'), 'utf8')).keys(),
    ];
    expect(lines('2026-02-02')).toEqual([recordPath(records[3] as ExecutionRecord)]);
    expect(lines('2026-02-03')).toEqual(records.slice(4).map(recordPath));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'prune');
    const read = await readScorecardFacts(dir, { cache: false });
    expect(read.indexed).toBe(3);
    expect(read.facts.map((f) => f.id)).toEqual(records.slice(3).map((r) => r.id));
  });
});
