import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles, request } from './helpers/fixture-catalog.js';
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

// Checks made after the schema: windows, proposers, params against the catalog. (A cron croner
// cannot parse is the schema's: the file does not load, see below.)
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
      - cron: "0 0 31 2 *"
        duration: 1h
      - { cron: "0 * * * *", duration: 2h, timezone: Europe/Berlin }
    params:
      namespace: { allow: [web] }
`;

describe('intentops validate: policies', () => {
  it('reports impossible windows, empty proposers and unknown params at line:col', async () => {
    const res = await validate({ 'intents/policies/team.yaml': SEMANTIC });
    expect(res.code).toBe(2);
    expect(
      res.stderr.split('\n').filter((l) => l.startsWith('intents/') && !/: warning: (param|missing)/.test(l)),
    ).toEqual([
      'intents/policies/team.yaml:7:25: proposers.allow is empty: it denies every proposer; to forbid all, say deny: ["*"]',
      expect.stringMatching(/^intents\/policies\/team\.yaml:11:15: cron '0 0 31 2 \*' never fires/),
      "intents/policies/team.yaml:13:40: warning: window never closes: '0 * * * *' starts again before 2h have passed, so it holds nothing",
      "intents/policies/team.yaml:15:18: params allowlist names 'namespace', which no intent this policy matches declares (work)",
    ]);
    expect(res.stderr).toContain('✖ 3 error(s)');
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

// Issue 24, item 2: an out-of-range cron in a policy that also sets rate_limit/params crashed
// validate, plan and run with a stack trace once a request matched it; a 6-field cron was read with
// seconds first.
describe('a bad change window is refused at file:line, never a crash', () => {
  const policyWith = (cron: string) => `policies:
  - name: work-window
    match: { intents: [work] }
    windows:
      - cron: "${cron}"
        duration: 8h
    rate_limit: { max: 3, per: 1h }
    params:
      app: { allow: [web] }
`;
  const OUT_OF_RANGE: [string, string][] = [
    ['0 24 * * 1-5', 'hour takes 0-23'],
    ['60 9 * * 1-5', 'minute takes 0-59'],
    ['0 9 * * 8', 'day of week takes 0-7 or SUN-SAT'],
    ['0 9 32 * *', 'day of month takes 1-31'],
    ['0 9 * 13 *', 'month takes 1-12 or JAN-DEC'],
  ];

  async function repoFor(cron: string) {
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/learning.yaml': 'learning_triggers: []\n',
      'intents/policies/team.yaml': policyWith(cron),
      'intents/requests/web.yaml': request({ app: 'web' }),
    });
    repos.push(dir);
    return dir;
  }

  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:|intentops: \w*Error/);

  it.each(OUT_OF_RANGE)(
    'validate: %s is an error at the cron, in text, JSON and annotations',
    async (cron, why) => {
      const dir = await repoFor(cron);
      const text = await cli(['--repo', dir, 'validate']);
      expect(text.code, text.stderr).toBe(2);
      noStack(text.stderr);
      expect(text.stderr).toMatch(
        new RegExp(`^intents/policies/team\\.yaml:5:15: .*'${cron.replaceAll('*', '\\*')}'.*${why}`, 'm'),
      );
      const json = await cli(['--repo', dir, '--json', 'validate']);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).diagnostics).toContainEqual(
        expect.objectContaining({ file: 'intents/policies/team.yaml', line: 5, col: 15, severity: 'error' }),
      );
      const github = await cli(['--repo', dir, 'validate', '--format', 'github']);
      expect(github.stdout).toContain('::error file=intents/policies/team.yaml,line=5,col=15::');
    },
  );

  it.each(['plan', 'run'])('%s says the policy is invalid instead of crashing', async (command) => {
    const dir = await repoFor('0 24 * * 1-5');
    const res = await cli(['--repo', dir, command, join(dir, 'intents/requests/web.yaml')]);
    expect(res.code, res.stderr).toBe(2);
    noStack(res.stderr);
    expect(res.stderr).toMatch(/^intents\/policies\/team\.yaml:5:15: .*hour takes 0-23/m);
  });

  it('refuses a 6-field cron (seconds first) and a 7-field one: only the 5 documented fields', async () => {
    for (const cron of ['0 0 * * * 6', '0 0 9 * * 1-5 2026']) {
      const dir = await repoFor(cron);
      const res = await cli(['--repo', dir, 'validate']);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(
        /^intents\/policies\/team\.yaml:5:15: .*expected a cron expression with 5 fields/m,
      );
      const plan = await cli(['--repo', dir, 'plan', join(dir, 'intents/requests/web.yaml')]);
      expect(plan.code).toBe(2);
      expect(plan.stdout).not.toContain('inside change window');
    }
  });
});
