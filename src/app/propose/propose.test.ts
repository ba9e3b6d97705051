import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles } from '../../../test/helpers/fixture-catalog.js';
import { makeRepo, removeRepo } from '../../../test/helpers/repo.js';
import { draftProposal, policyRefusal, writeProposal } from './propose.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const POLICY =
  'policies:\n  - name: apps\n    match: { intents: [work] }\n    params:\n      app: { allow: [web] }\n';

describe('propose: drafting, refusing, writing', () => {
  it('a second proposal of the same request in the same second gets its own file', async () => {
    const dir = await makeRepo(baseFiles());
    repos.push(dir);
    const now = new Date('2026-11-25T10:00:00Z');
    const p = await draftProposal(dir, { intent: 'work', params: { app: 'web' }, reason: 'r', now });
    const first = await writeProposal(dir, p);
    const second = await writeProposal(dir, p);
    expect(first).toBe('intents/requests/work-web-20261125-100000.yaml');
    expect(second).toBe('intents/requests/work-web-20261125-100000-2.yaml');
    expect(readFileSync(join(dir, second), 'utf8')).toBe(p.text);
  });

  it('draftProposal keeps a denied plan; policyRefusal names the denying rule', async () => {
    const dir = await makeRepo({ ...baseFiles(), 'intents/policies/p.yaml': POLICY });
    repos.push(dir);
    const now = new Date();
    const denied = await draftProposal(dir, { intent: 'work', params: { app: 'db' }, reason: 'r', now });
    expect(denied.plan.policy.verdict).toBe('deny');
    expect(policyRefusal(denied).map((d) => d.message)).toEqual([
      'policy apps (params): app="db" is not in the allowlist ("web")',
    ]);
    const allowed = await draftProposal(dir, {
      intent: 'work',
      params: { app: 'web', mem: 5 },
      reason: 'r',
      now,
    });
    expect(policyRefusal(allowed)).toEqual([]);
    expect(allowed.plan.params.mem).toBe(5);
  });
});
