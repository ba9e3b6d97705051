import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles } from '../../../test/helpers/fixture-catalog.js';
import { makeRepo, removeRepo } from '../../../test/helpers/repo.js';
import { draftProposal, policyRefusal, saveProposal } from './propose.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const POLICY =
  'policies:\n  - name: apps\n    match: { intents: [work] }\n    params:\n      app: { allow: [web] }\n';

describe('propose: drafting, refusing, writing', () => {
  it('another request for the same intent and target in the same second gets its own file', async () => {
    const dir = await makeRepo(baseFiles());
    repos.push(dir);
    const now = new Date('2026-11-25T10:00:00Z');
    const p = await draftProposal(dir, { intent: 'work', params: { app: 'web' }, reason: 'r', now });
    const q = await draftProposal(dir, { intent: 'work', params: { app: 'web', mem: 5 }, reason: 'r', now });
    const first = await saveProposal(dir, p);
    const second = await saveProposal(dir, q);
    expect(first).toEqual({ path: 'intents/requests/work-web-20261125-100000.yaml', existing: false });
    expect(second).toEqual({ path: 'intents/requests/work-web-20261125-100000-2.yaml', existing: false });
    expect(readFileSync(join(dir, second.path), 'utf8')).toBe(q.text);
  });

  it('the same request again, while the first file is un-executed, returns the first file', async () => {
    const dir = await makeRepo(baseFiles());
    repos.push(dir);
    const at = (h: number) => new Date(Date.UTC(2026, 10, 25, 10 + h));
    const draft = (params: Record<string, string | number>, h: number, proposer = 'ops-agent') =>
      draftProposal(dir, { intent: 'work', params, reason: `try ${h}`, proposer, now: at(h) });
    const first = await saveProposal(dir, await draft({ app: 'web' }, 0));
    // A day later, with a default spelled out: still the same request, still not run.
    expect(await saveProposal(dir, await draft({ app: 'web', mem: 10 }, 24))).toEqual({
      path: first.path,
      existing: true,
    });
    expect(readdirSync(join(dir, 'intents/requests'))).toEqual([first.path.split('/').pop()]);
    // Another proposer, or other params, is another request.
    expect(await saveProposal(dir, await draft({ app: 'web' }, 1, 'other-agent'))).toMatchObject({
      existing: false,
    });
    expect(await saveProposal(dir, await draft({ app: 'web', mem: 11 }, 2))).toMatchObject({
      existing: false,
    });
    expect(readdirSync(join(dir, 'intents/requests'))).toHaveLength(3);
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
