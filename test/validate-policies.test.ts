import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function validate(files: Record<string, string>) {
  const dir = await makeRepo({ ...baseFiles(), ...files });
  repos.push(dir);
  return cli(['--repo', dir, 'validate']);
}

// Checks made after the schema: cron expressions, windows, proposers, params against the catalog.
const SEMANTIC = `policies:
  - name: a
    match: { intents: [work] }
    approvals: 1
  - name: b
    match: { risk: [low] }
    proposers: { allow: [] }
  - name: c
    match: { intents: [work] }
    windows:
      - cron: "0 25 * * *"
        duration: 1h
      - cron: "0 0 31 2 *"
        duration: 1h
      - { cron: "0 * * * *", duration: 2h, timezone: Europe/Berlin }
    params:
      namespace: { allow: [web] }
`;

describe('intentops validate: policies', () => {
  it('reports bad crons, impossible windows, empty proposers and unknown params at line:col', async () => {
    const res = await validate({ 'intents/policies/team.yaml': SEMANTIC });
    expect(res.code).toBe(2);
    expect(
      res.stderr.split('\n').filter((l) => l.startsWith('intents/') && !/: warning: (param|missing)/.test(l)),
    ).toEqual([
      'intents/policies/team.yaml:7:25: proposers.allow is empty: it denies every proposer; to forbid all, say deny: ["*"]',
      "intents/policies/team.yaml:11:15: invalid cron expression '0 25 * * *': a value is out of range: hour takes 0-23",
      expect.stringMatching(/^intents\/policies\/team\.yaml:13:15: cron '0 0 31 2 \*' never fires/),
      "intents/policies/team.yaml:15:40: warning: window never closes: '0 * * * *' starts again before 2h have passed, so it holds nothing",
      "intents/policies/team.yaml:17:18: params allowlist names 'namespace', which no intent this policy matches declares (work)",
    ]);
    expect(res.stderr).toContain('✖ 4 error(s)');
  });

  it('refuses an unknown time zone, a zero duration and a backwards or unparsable freeze', async () => {
    const res = await validate({
      'intents/policies/zone.yaml': `policies:
  - name: z
    match: { risk: [high] }
    windows:
      - { cron: "0 9 * * 1-5", duration: 8h, timezone: Mars/Olympus }
      - { cron: "0 9 * * 1-5", duration: 0s }
`,
      'intents/policies/freeze.yaml': `policies:
  - name: f
    match: { risk: [high] }
    freezes:
      - { from: "2026-12-31", to: "2026-12-01" }
      - { from: "2026-13-01", to: "2027-01-02" }
`,
    });
    expect(res.code).toBe(2);
    expect(
      res.stderr.split('\n').filter((l) => l.startsWith('intents/') && !/: warning: (param|missing)/.test(l)),
    ).toEqual([
      'intents/policies/freeze.yaml:5:35: policies[0].freezes[0].to: `to` is before `from`',
      "intents/policies/freeze.yaml:6:17: policies[0].freezes[1].from: expected an ISO date (2025-12-24) or datetime with offset (2025-12-24T18:00:00Z), got '2026-13-01'",
      "intents/policies/zone.yaml:5:56: policies[0].windows[0].timezone: expected an IANA time zone, e.g. Europe/Berlin or UTC, got 'Mars/Olympus'",
      "intents/policies/zone.yaml:6:42: policies[0].windows[1].duration: expected a duration greater than zero, got '0s'",
    ]);
  });

  it('warnings alone do not fail validation', async () => {
    const res = await validate({
      'intents/policies/open.yaml': `policies:
  - name: o
    match: { intents: [work] }
    windows: [{ cron: "0 9 * * *", duration: 24h }]
`,
    });
    expect(res.stderr).toMatch(/^intents\/policies\/open\.yaml:4:46: warning: window never closes/m);
    expect(res.code).toBe(0);
  });
});
