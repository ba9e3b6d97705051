import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import { mergeRequests, runJob, SECRET_TOKEN, startWorld, type World } from './world.js';

// The invariants are only worth the sweep if they catch what they claim to: each is broken here
// on purpose, after a clean job, and must be named.

let w: World;
beforeAll(async () => {
  w = await startWorld('intentops-invariants-');
});
afterAll(async () => {
  await w.stop();
});

describe('the fault harness invariants', { timeout: 120_000 }, () => {
  it('hold after a clean job, and name each thing broken on purpose', async () => {
    await mergeRequests(w, ['a', 'b']);
    const end = await runJob(w, { kind: 'push', runId: 201 });
    expect(end.code, end.stdout).toBe(0);
    expect(await checkInvariants(w)).toEqual([]);

    // A step that ran twice, a record removed from git, one edited, the token pushed, a request lost.
    appendFileSync(join(w.marks, 'steps'), 'one a\n');
    const record = [...w.seenRecords].find((f) => f.includes('-mark-b-')) as string;
    const other = [...w.seenRecords].find((f) => f.includes('-mark-a-')) as string;
    const edited = w.repo.show(other).replace(/^status: success$/m, 'status: failed');
    await w.repo.merge({ 'notes.txt': `token ${SECRET_TOKEN}\n`, [other]: `${edited}\n` }, 'oops', {
      remove: [record],
    });
    w.requests.push('intents/requests/never-merged.yaml');
    const found = await checkInvariants(w);
    expect(found).toEqual(
      expect.arrayContaining([
        "step 'one a' ran 2 times (at most 1)",
        `record ${record} was pushed, then lost`,
        'the token is in a pushed file or commit message',
        'intents/requests/never-merged.yaml: neither a record nor a claim',
        expect.stringMatching(/^audit: .*digest/),
      ]),
    );
  });
});
