import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RECORD_STATUSES } from '../src/domain/schemas/record.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type McpSession, startMcp, textOf } from './helpers/mcp-client.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// `intentops mcp` driven by the SDK's client over stdio, against a real temp git repo: the catalog,
// plans with the policy verdict for the agent, proposals refused and accepted.

const ROOT = join(import.meta.dirname, '..');

const DEPLOY = `name: deploy
description: Roll out an app
risk: medium
params:
  app: { type: string, pattern: "^[a-z0-9-]+$", description: app name }
  tag: { type: string, default: latest, pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$" }
steps:
  - name: roll
    run: [echo, "deploy {{app}}:{{tag}}"]
`;
const WIPE = `name: wipe
description: Wipe an app's data
risk: high
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: wipe
    run: [echo, "wipe {{app}}"]
`;
const POLICIES = `policies:
  - name: low-autonomy
    match: { risk: [low] }
    autonomy: { agents: [ops-agent], auto_merge: true, max_risk: low }
  - name: medium-review
    match: { risk: [medium] }
    approvals: 1
  - name: high-control
    match: { risk: [high] }
    approvals: 2
    proposers: { deny: ["*-agent"] }
`;

const TOOLS = [
  'get_execution',
  'list_executions',
  'list_incidents',
  'list_intents',
  'plan_intent',
  'propose_intent',
];

let dir: string;
let mcp: McpSession;
const requests = () =>
  existsSync(join(dir, 'intents/requests')) ? readdirSync(join(dir, 'intents/requests')).sort() : [];

beforeAll(async () => {
  dir = await makeRepo({
    ...baseFiles(),
    'intents/catalog/deploy.yaml': DEPLOY,
    'intents/catalog/wipe.yaml': WIPE,
    'intents/policies/p.yaml': POLICIES,
  });
  mcp = await startMcp(dir, { agent: 'ops-agent' });
}, 60_000);

afterAll(async () => {
  await mcp?.close();
  await removeRepo(dir);
});

describe('intentops mcp: tools', () => {
  it('lists the six tools, each with a JSON Schema for its input and a description saying what follows', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.description?.length ?? 0).toBeGreaterThan(100);
    }
    const propose = tools.find((t) => t.name === 'propose_intent');
    expect(propose?.inputSchema.required).toEqual(expect.arrayContaining(['intent', 'reason']));
    expect(propose?.description).toMatch(/reason \(required/);
    expect(propose?.description).toMatch(/pull request/);
    expect(propose?.description).toMatch(/auto_merge|autonomous/);
    const list = tools.find((t) => t.name === 'list_executions');
    expect(list?.inputSchema.properties).toMatchObject({
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      status: { enum: [...RECORD_STATUSES] },
    });
  });

  it('every tool schema compiles under ajv strict mode: unions are anyOf, never type arrays', async () => {
    // Strict clients (ajv strict, the MCP Inspector's --strict) refuse `type: [..]` unions
    // (strictTypes) and unknown keywords; a schema one of them refuses hides the whole tool.
    const ajv = new Ajv({ strict: true });
    const { tools } = await mcp.client.listTools();
    const typeArrays: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'type' && Array.isArray(v)) typeArrays.push(`${at}/type`);
        walk(v, `${at}/${k}`);
      }
    };
    for (const t of tools) {
      for (const [which, schema] of [
        ['inputSchema', t.inputSchema],
        ['outputSchema', t.outputSchema],
      ] as const) {
        if (!schema) continue;
        walk(schema, `${t.name}.${which}`);
        expect(() => ajv.compile(schema), `${t.name}.${which}`).not.toThrow();
      }
    }
    expect(typeArrays).toEqual([]);
    // What was a type array is now anyOf, and still accepts what it did.
    const plan = tools.find((t) => t.name === 'plan_intent');
    const validate = ajv.compile(plan?.inputSchema ?? {});
    expect(validate({ intent: 'deploy', params: { app: 'web', replicas: 2, dry: true } })).toBe(true);
    expect(validate({ intent: 'deploy', params: { app: null } })).toBe(false);
  });

  it('list_intents: names, risk, params with types, patterns, defaults and the policies that apply', async () => {
    const res = mcp.json(await mcp.call('list_intents'));
    const intents = res.intents as { name: string; risk: string; params: Record<string, unknown> }[];
    expect(intents.map((i) => i.name)).toEqual(['deploy', 'wipe', 'work']);
    const deploy = intents[0] as unknown as Record<string, unknown>;
    expect(deploy).toMatchObject({
      risk: 'medium',
      params: {
        app: { type: 'string', pattern: '^[a-z0-9-]+$', description: 'app name', required: true },
        tag: { type: 'string', default: 'latest', required: false },
      },
      policies: [{ name: 'medium-review', approvals: 1 }],
      request_example: { intent: 'deploy', params: { app: '<app matching ^[a-z0-9-]+$>' } },
    });
    const work = intents[2] as unknown as Record<string, unknown>;
    expect(work).toMatchObject({
      params: { mem: { type: 'integer', default: 10 } },
      outcome_checks: [{ condition: 'state_written' }],
    });
    expect(res).toMatchObject({ untrusted: true, captured: { repo_errors: [] } });
    const one = mcp.json(await mcp.call('list_intents', { intent: 'wipe' }));
    expect((one.intents as unknown[]).length).toBe(1);
  });

  it('refuses malformed arguments as tool errors, naming the argument', async () => {
    const notObject = await mcp.call('propose_intent', { intent: 'deploy', params: 'app=web', reason: 'x' });
    expect(notObject.isError).toBe(true);
    expect(textOf(notObject)).toMatch(/Invalid arguments for tool propose_intent/);
    expect(textOf(notObject)).toMatch(/params/);
    const noReason = await mcp.call('propose_intent', { intent: 'deploy', params: { app: 'web' } });
    expect(noReason.isError).toBe(true);
    expect(textOf(noReason)).toMatch(/reason/);
    const blankReason = await mcp.call('propose_intent', {
      intent: 'deploy',
      params: { app: 'web' },
      reason: '   ',
    });
    expect(textOf(blankReason)).toMatch(/expected a reason/);
    const extra = await mcp.call('plan_intent', { intent: 'deploy', params: {}, colour: 'red' });
    expect(extra.isError).toBe(true);
    expect(textOf(extra)).toMatch(/colour/);
    const badLimit = await mcp.call('list_executions', { limit: 1000 });
    expect(badLimit.isError).toBe(true);
    expect(requests()).toEqual([]);
  });

  it('plan_intent: the rendered plan and the verdict for this agent — auto-merge for low risk', async () => {
    const res = mcp.json(await mcp.call('plan_intent', { intent: 'work', params: { app: 'web', mem: 64 } }));
    expect(res).toMatchObject({
      proposer: 'ops-agent',
      accepted: true,
      verdict: 'allow',
      next: { outlook: 'auto-merge' },
    });
    const plan = res.plan as { steps: { command: unknown }[]; checks: { name: string }[]; rules: unknown[] };
    expect(plan.steps[0]?.command).toMatch(/echo '64' > state\/mem/);
    expect(plan.checks.map((c) => c.name)).toEqual(['state_written']);
    expect(plan.rules).toHaveLength(4);
    expect(res.plan_text).toMatch(/Policy: ALLOW/);
    expect((res.request as { text: string }).text).toMatch(/proposed_by: ops-agent/);
    expect(requests()).toEqual([]); // nothing written
  });

  it('plan_intent: medium risk needs one human approval; another agent is not autonomous', async () => {
    const res = mcp.json(await mcp.call('plan_intent', { intent: 'deploy', params: { app: 'web' } }));
    expect(res.next).toMatchObject({ outlook: 'needs-human' });
    expect((res.next as { summary: string }).summary).toMatch(/waits for 1 approval/);
    const other = await startMcp(dir, { env: { INTENTOPS_AGENT: 'helper-bot' } });
    try {
      const low = other.json(await other.call('plan_intent', { intent: 'work', params: { app: 'web' } }));
      expect(low).toMatchObject({ proposer: 'helper-bot', next: { outlook: 'needs-human' } });
      expect((low.next as { reasons: string[] }).reasons.join('\n')).toMatch(
        /helper-bot is not an autonomous agent/,
      );
    } finally {
      await other.close();
    }
  }, 60_000);

  it('plan_intent: a deny shows the plan with accepted false and the reasons', async () => {
    const res = mcp.json(await mcp.call('plan_intent', { intent: 'wipe', params: { app: 'web' } }));
    expect(res).toMatchObject({ accepted: false, verdict: 'deny', next: { outlook: 'refused' } });
    expect((res.next as { reasons: string[] }).reasons).toEqual([
      'high-control (proposers): ops-agent is denied by proposers.deny',
    ]);
  });

  it('propose_intent: refused by policy — a tool error with the reasons, nothing written', async () => {
    const res = await mcp.call('propose_intent', {
      intent: 'wipe',
      params: { app: 'web' },
      reason: 'free disk space',
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/^propose_intent: refused by policy for proposer ops-agent\n/);
    expect(reasons(res)).toMatch(
      /^intents\/requests\/wipe-web-\d{8}-\d{6}\.yaml: policy high-control \(proposers\): ops-agent is denied by proposers\.deny$/,
    );
    expect(requests()).toEqual([]);
  });

  it('propose_intent: invalid params are refused with file:line:col reasons, nothing written', async () => {
    const res = await mcp.call('propose_intent', {
      intent: 'work',
      params: { app: 'Web App', mem: 'lots', say: 5, colour: 'red' },
      reason: 'more memory',
    });
    expect(res.isError).toBe(true);
    const text = reasons(res);
    expect(text).toMatch(
      /intents\/requests\/work-web-app-\d{8}-\d{6}\.yaml \(proposed\):\d+:\d+: param 'app' value "Web App" does not match pattern/,
    );
    expect(text).toMatch(/\(proposed\):\d+:\d+: param 'mem' must be an integer, got string "lots"/);
    expect(text).toMatch(/param 'say' must be a string, got number 5 — quote it: "5"/);
    expect(text).toMatch(/unknown param 'colour'/);
    const unknown = await mcp.call('propose_intent', { intent: 'deploy-app', params: {}, reason: 'x' });
    expect(reasons(unknown)).toMatch(/unknown intent 'deploy-app'; the catalog has: deploy, wipe, work/);
    expect(requests()).toEqual([]);
  });

  it('propose_intent: writes a request with proposed_by that the real `intentops validate` accepts', async () => {
    const res = mcp.json(
      await mcp.call('propose_intent', {
        intent: 'deploy',
        params: { app: 'home-portal', tag: 'v1.2.3' },
        reason: 'roll out v1.2.3',
      }),
    );
    expect(res).toMatchObject({ written: true, pr: null, next: { outlook: 'needs-human' } });
    const path = (res.request as { path: string }).path;
    expect(requests()).toEqual([path.split('/').pop()]);
    expect(parse(readFileSync(join(dir, path), 'utf8'))).toEqual({
      intent: 'deploy',
      params: { app: 'home-portal', tag: 'v1.2.3' },
      reason: 'roll out v1.2.3',
      proposed_by: 'ops-agent',
    });
    // The CLI as a separate process, as a person would run it.
    const validate = await runCli(['--repo', dir, 'validate', path]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toMatch(/1 file\(s\) valid/);
    const plan = await cli(['--repo', dir, '--json', 'plan', path]);
    expect(JSON.parse(plan.stdout).plan.params).toEqual({ app: 'home-portal', tag: 'v1.2.3' });
  }, 60_000);

  it('propose_intent called again with the same arguments returns the un-executed request, writing nothing', async () => {
    const args = { intent: 'deploy', params: { app: 'home-portal', tag: 'v1.2.3' }, reason: 'a retry' };
    const before = requests();
    const res = mcp.json(await mcp.call('propose_intent', args));
    expect(res).toMatchObject({ existing: true, written: false, pr: null });
    expect(res.message).toMatch(/^already proposed, not run yet: intents\/requests\/deploy-home-portal-/);
    expect(before).toContain((res.request as { path: string }).path.split('/').pop());
    expect(requests()).toEqual(before);
  });

  it('writes nothing but protocol messages to stdout, and logs to stderr', async () => {
    expect(mcp.errors).toEqual([]);
    expect(mcp.stderr()).toMatch(/intentops mcp: serving .* as proposer ops-agent/);
  });
});

describe('intentops mcp: start-up', () => {
  it('stdout carries only JSON-RPC messages, one per line, answering each request', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), 'mcp', '--repo', dir, '--agent', 'ops-agent'],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'list_intents', arguments: {} } });
    send({
      id: 3,
      method: 'tools/call',
      params: { name: 'plan_intent', arguments: { intent: 'work', params: { app: 'web' } } },
    });
    send({
      id: 4,
      method: 'tools/call',
      params: { name: 'propose_intent', arguments: { intent: 'wipe', params: { app: 'x' }, reason: 'r' } },
    });
    const until = Date.now() + 30_000;
    while (stdout.split('\n').filter(Boolean).length < 4 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    child.stdin.end(); // the client goes away: the server stops by itself
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter(Boolean);
    const messages = lines.map(
      (l) => JSON.parse(l) as { jsonrpc: string; id: number; result?: { isError?: boolean } },
    );
    // Answers may come in any order: requests are served concurrently.
    expect(messages.map((m) => [m.jsonrpc, m.id]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['2.0', 1],
      ['2.0', 2],
      ['2.0', 3],
      ['2.0', 4],
    ]);
    expect(messages.find((m) => m.id === 4)?.result?.isError).toBe(true);
  }, 60_000);

  it('refuses to start without an agent name (exit 2, nothing on stdout)', async () => {
    const res = await runCli(['--repo', dir, 'mcp']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/--agent: expected the agent name \(--agent <name> or INTENTOPS_AGENT\)/);
    const bad = await runCli(['--repo', dir, 'mcp', '--agent', 'rm -rf /']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a login-like agent name/);
  }, 60_000);
});

/** A refusal's reasons, one a line: the text fences them as untrusted data. */
function reasons(res: CallToolResult): string {
  const structured = res.structuredContent as { untrusted?: boolean; captured?: { reasons?: string[] } };
  expect(structured.untrusted).toBe(true);
  return (structured.captured?.reasons ?? []).join('\n');
}

/** The real CLI as a child process: exit code and both streams. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.INTENTOPS_AGENT;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
