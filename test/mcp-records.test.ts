import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type McpSession, startMcp, textOf } from './helpers/mcp-client.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// What became of a proposal: records written by real `intentops run`s of requests the agent proposed
// through the server, read back with get/list_executions; the incident draft one of them opened; and
// the --pr path against the GitHub double.

/** The untrusted part of a result (src/mcp/untrusted.ts). */
const captured = (res: Record<string, unknown>) => {
  expect(res.untrusted).toBe(true);
  return res.captured as Record<string, unknown>;
};

interface Summary {
  id: string;
  status: string;
  intent: string;
  params: Record<string, unknown>;
  proposed_by?: string;
  anomalies: { rule: string }[];
  drafts: { fingerprint: string }[];
}

describe('intentops mcp: executions and incidents after real runs', () => {
  let dir: string;
  let mcp: McpSession;
  const ran: string[] = [];

  async function proposeAndRun(params: Record<string, unknown>): Promise<number> {
    const res = mcp.json(await mcp.call('propose_intent', { intent: 'work', params, reason: 'test run' }));
    const path = (res.request as { path: string }).path;
    ran.push(path);
    const run = await cli(['--repo', dir, 'run', path]);
    return run.code;
  }

  beforeAll(async () => {
    dir = await makeRepo(baseFiles());
    mcp = await startMcp(dir, { agent: 'ops-agent' });
    expect(await proposeAndRun({ app: 'web' })).toBe(0);
    // Memory 10 → 64 and restarts 0 → 2 since the last run: memory_spike and unexpected_restart fire.
    expect(await proposeAndRun({ app: 'web', mem: 64, restarts: 2 })).toBe(0);
    expect(await proposeAndRun({ app: 'api', fail_step: true })).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await mcp?.close();
    await removeRepo(dir);
  });

  it('each proposal got its own request file', () => {
    expect(new Set(ran).size).toBe(3);
  });

  it('list_executions: newest first, with the proposer, status and anomalies', async () => {
    const res = mcp.json(await mcp.call('list_executions', { proposer: 'ops-agent' }));
    const list = captured(res).executions as Summary[];
    expect(list.map((e) => [e.params.app, e.status, e.proposed_by])).toEqual([
      ['api', 'failed', 'ops-agent'],
      ['web', 'success', 'ops-agent'],
      ['web', 'success', 'ops-agent'],
    ]);
    expect(list[1]?.anomalies.map((a) => a.rule).sort()).toEqual(['memory_spike', 'unexpected_restart']);
    expect(list[2]?.anomalies).toEqual([]);
  });

  it('list_executions: filters by status, intent and proposer, bounded by limit', async () => {
    const failed = mcp.json(await mcp.call('list_executions', { status: 'failed' }));
    expect((captured(failed).executions as Summary[]).map((e) => e.params.app)).toEqual(['api']);
    const limited = mcp.json(await mcp.call('list_executions', { limit: 1 }));
    expect(limited).toMatchObject({ count: 1, limit: 1 });
    expect((captured(limited).executions as Summary[])[0]?.params.app).toBe('api');
    const other = mcp.json(await mcp.call('list_executions', { proposer: 'someone-else' }));
    expect(captured(other).executions).toEqual([]);
    const noIntent = mcp.json(await mcp.call('list_executions', { intent: 'deploy' }));
    expect(noIntent.count).toBe(0);
  });

  it('get_execution: the whole record, with who proposed it; unknown ids are tool errors', async () => {
    const [, spike] = captured(mcp.json(await mcp.call('list_executions', {}))).executions as Summary[];
    const res = captured(mcp.json(await mcp.call('get_execution', { id: spike?.id })));
    const record = res.record as {
      request: { proposed_by: string; reason: string };
      anomalies: { rule: string; inputs: unknown }[];
      drafts: { fingerprint: string }[];
      commands_run: unknown[];
    };
    expect(res.path).toMatch(/^executions\/\d{4}-\d{2}-\d{2}\/exec-.*\.yaml$/);
    expect(record.request).toMatchObject({ proposed_by: 'ops-agent', reason: 'test run' });
    expect(record.anomalies.find((a) => a.rule === 'memory_spike')?.inputs).toMatchObject({
      'before.metrics.memory_usage': 10,
      'after.metrics.memory_usage': 64,
    });
    expect(record.commands_run).toHaveLength(3);
    const missing = await mcp.call('get_execution', { id: 'exec-20200101-000000-nothing' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/no execution record with id 'exec-20200101-000000-nothing'/);
    const traversal = await mcp.call('get_execution', { id: '../../intents/catalog/work' });
    expect(traversal.isError).toBe(true);
    expect(textOf(traversal)).toMatch(/expected an execution id/);
  });

  it('list_incidents: the open draft the run opened, with the fingerprint the record names', async () => {
    const [, spike] = captured(mcp.json(await mcp.call('list_executions', {}))).executions as Summary[];
    const res = captured(mcp.json(await mcp.call('list_incidents', {})));
    const incidents = res.incidents as Record<string, unknown>[];
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      fingerprint: spike?.drafts[0]?.fingerprint,
      rule: 'unexpected_restart',
      intent: 'work',
      target: 'web',
      severity: 'P2',
      execution_id: spike?.id,
      source: 'file',
    });
    expect(incidents[0]?.where).toMatch(/^incidents\/drafts\/.*\.md$/);
    expect(existsSync(join(dir, incidents[0]?.where as string))).toBe(true);
    const none = mcp.json(await mcp.call('list_incidents', { intent: 'deploy' }));
    expect(captured(none).incidents).toEqual([]);
    expect(mcp.errors).toEqual([]);
  });
});

describe('intentops mcp with GitHub configured', () => {
  let double: GitHubDouble;
  let dir: string;
  let mcp: McpSession;

  beforeAll(async () => {
    double = await startGitHubDouble();
    double.state.writeFiles('main', { 'README.md': '# gitops\n' });
    dir = await makeRepo(baseFiles());
    mcp = await startMcp(dir, {
      agent: 'ops-agent',
      env: { GITHUB_TOKEN: 'ghs_agent', GITHUB_REPOSITORY: 'acme/gitops', GITHUB_API_URL: double.url },
    });
  }, 60_000);

  afterAll(async () => {
    await mcp?.close();
    await double?.stop();
    await removeRepo(dir);
  });

  it('propose_intent opens a pull request with the request file on its own branch, writing nothing locally', async () => {
    const res = mcp.json(
      await mcp.call('propose_intent', { intent: 'work', params: { app: 'web' }, reason: 'roll out' }),
    );
    expect(res).toMatchObject({ written: false, pr: { created: true } });
    expect(res.note).toMatch(/PR author/);
    const pr = res.pr as { number: number; url: string; branch: string };
    expect(pr.url).toMatch(/\/pull\/\d+$/);
    const request = res.request as { path: string; text: string };
    const file = double.state.resolve(pr.branch)?.files.get(request.path);
    expect(file?.toString()).toBe(request.text);
    expect(request.text).toMatch(/proposed_by: ops-agent/);
    expect(double.state.issues.get(pr.number)?.title).toMatch(/^Propose work \(app=web, /);
    expect(
      existsSync(join(dir, 'intents/requests')) ? readdirSync(join(dir, 'intents/requests')) : [],
    ).toEqual([]);
    expect(double.rejected()).toEqual([]);
  }, 60_000);

  it('propose_intent called again with the same arguments returns the same PR and says so', async () => {
    const args = { intent: 'work', params: { app: 'retry' }, reason: 'roll out' };
    const first = mcp.json(await mcp.call('propose_intent', args));
    const pulls = () => [...double.state.issues.values()].filter((i) => i.pull).length;
    const count = pulls();
    const again = mcp.json(await mcp.call('propose_intent', args));
    expect(again).toMatchObject({
      existing: true,
      written: false,
      pr: { created: false, state: 'open', number: (first.pr as { number: number }).number },
      request: { path: (first.request as { path: string }).path },
    });
    expect(again.message).toMatch(/^already proposed/);
    expect(pulls()).toBe(count);
    expect(double.rejected()).toEqual([]);
  }, 60_000);

  it('list_incidents includes the open incident-draft issues and their fingerprints', async () => {
    const octokit = createOctokit({ token: 'ghs_test', baseUrl: double.url, pacing: 'none' });
    const base = { owner: 'acme', repo: 'gitops' };
    await octokit.rest.issues.create({
      ...base,
      title: 'Work web: unexpected restart',
      body: 'draft\n<!-- intentops:fingerprint=0123456789abcdef -->\n',
      labels: ['incident-draft', 'severity:P2', 'intent:work', 'anomaly:unexpected_restart'],
    });
    await octokit.rest.issues.create({
      ...base,
      title: 'unrelated',
      body: 'no marker',
      labels: ['incident-draft'],
    });
    const res = mcp.json(await mcp.call('list_incidents', {}));
    expect(captured(res).incidents).toEqual([
      {
        fingerprint: '0123456789abcdef',
        title: 'Work web: unexpected restart',
        severity: 'P2',
        intent: 'work',
        rule: 'unexpected_restart',
        where: expect.stringMatching(/\/issues\/\d+$/),
        source: 'github',
      },
    ]);
    expect(double.rejected()).toEqual([]);
  });
});
