import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jwt, kubeconfig, leakedPieces, opaqueToken, pemKey } from '../../../test/helpers/secret-shapes.js';
import { createRedactor } from '../../adapters/redactor.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { executePlan } from '../execute/execute-plan.js';
import type { Stores } from '../records/stores.js';
import { realPorts } from './real-ports.js';
import { BASE_ENV_NAMES, isolatedPorts } from './step-env.js';

// A debugging step that prints its environment, run as the action runs it: intentops' own
// environment holds the action's inputs (kubeconfig, token), the runner's tokens and the
// workflow's secrets. The step must see only the base set, what its intent passes, and its own env.

const token = opaqueToken();
const kube = kubeconfig('https://k8s.example:6443', jwt(), pemKey());
const hostSecrets: Record<string, string> = {
  INPUT_KUBECONFIG: kube,
  'INPUT_GITHUB-TOKEN': `ghs_${opaqueToken()}`,
  ACTIONS_RUNTIME_TOKEN: jwt(),
  ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.actions.example/${opaqueToken()}`,
  GITHUB_TOKEN: `ghs_${opaqueToken()}`,
  DEPLOY_TOKEN: token,
  HTTP_PROXY: 'http://proxy.internal:3128',
};

const plan = (envPass?: string[]): Plan => ({
  intent: 'debug',
  risk: 'low',
  params: {},
  prechecks: [],
  steps: [
    {
      name: 'names',
      command: 'env | cut -d= -f1 | sort',
      timeoutMs: 5000,
      continueOnError: false,
      env: { OWN: 'x' },
    },
    { name: 'dump', command: ['env'], timeoutMs: 5000, continueOnError: false, env: {} },
  ],
  ...(envPass ? { envPass } : {}),
  checks: [],
  indicators: [],
  captures: [],
  rules: [],
  policy: { verdict: 'allow', matched: [], results: [] },
});

let dir: string;
const saved: Record<string, string | undefined> = {};
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intentops-stepenv-'));
  for (const [k, v] of Object.entries(hostSecrets)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function run(p: Plan): Promise<ExecutionRecord> {
  let record: ExecutionRecord | undefined;
  const stores: Stores = {
    writeRecord: async (r) => {
      record = r;
      return 'x';
    },
    upsertDraft: async () => ({ fingerprint: 'f', path: 'p', new: true }),
    logAnomalies: async () => {},
  };
  await executePlan(
    {
      plan: p,
      request: { path: 'intents/requests/r.yaml', commit: null, reason: 'r' },
      cwd: dir,
      toolVersion: 't',
      catalogDigest: 'sha256:0',
      prevDigest: null,
    },
    realPorts(() => {}),
    stores,
    createRedactor({ env: process.env }),
  );
  if (!record) throw new Error('no record');
  return record;
}

describe('the step environment', () => {
  it('is the base set plus INTENTOPS_INTENT and the step env: no input, token or workflow secret', async () => {
    const record = await run(plan());
    const names = (record.commands_run[0]?.stdout_tail ?? '').trim().split('\n');
    const allowed = new Set([...BASE_ENV_NAMES, 'INTENTOPS_INTENT', 'OWN', 'PWD', 'SHLVL', '_']);
    expect(names.filter((n) => !allowed.has(n) && !/^LC_/.test(n))).toEqual([]);
    expect(names).toContain('PATH');
    expect(names).toContain('OWN');
    const dump = JSON.stringify(record);
    for (const value of Object.values(hostSecrets)) expect(leakedPieces(dump, value, 12)).toEqual([]);
  });

  it('passes the names the intent asks for, and redacts a passed secret in the record', async () => {
    const record = await run(plan(['DEPLOY_TOKEN', 'HTTP_PROXY', 'NOT_SET_ANYWHERE']));
    const names = (record.commands_run[0]?.stdout_tail ?? '').trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['DEPLOY_TOKEN', 'HTTP_PROXY']));
    expect(names).not.toContain('NOT_SET_ANYWHERE');
    const dump = record.commands_run[1]?.stdout_tail ?? '';
    expect(dump).toContain('DEPLOY_TOKEN=[REDACTED:DEPLOY_TOKEN]');
    expect(dump).toContain('HTTP_PROXY=http://proxy.internal:3128');
    expect(leakedPieces(JSON.stringify(record), token, 12)).toEqual([]);
  });
});

describe('isolatedPorts: output redacted before anything keeps or cuts it', () => {
  it('keeps the output around a key whose start was cut off, and finds a secret split between the streams', async () => {
    const pem = pemKey();
    const tail = `${pem.split('\n').slice(3).join('\n')}\nafter the key\n`;
    const secret = opaqueToken();
    const ports = isolatedPorts(
      {
        ...realPorts(() => {}),
        runProcess: async () => ({
          exitCode: 0,
          signal: null,
          durationMs: 1,
          stdout: tail.slice(9),
          stderr: `first ${secret.slice(0, 10)}\n`,
          stdoutBytes: 0,
          stderrBytes: 0,
          truncated: true,
          timedOut: false,
          cancelled: false,
        }),
      },
      createRedactor({ env: {} }),
    );
    const withHalf = isolatedPorts(
      {
        ...realPorts(() => {}),
        runProcess: async () => ({
          exitCode: 0,
          signal: null,
          durationMs: 1,
          stdout: `rest ${secret.slice(10)}\n`,
          stderr: `first ${secret.slice(0, 10)}\n`,
          stdoutBytes: 0,
          stderrBytes: 0,
          truncated: false,
          timedOut: false,
          cancelled: false,
        }),
      },
      createRedactor({ env: { API_TOKEN: secret } }),
    );
    const res = await ports.runProcess({ command: 'x', cwd: '/', timeoutMs: 1 });
    expect(res.stdout).toMatch(/^\[REDACTED:[^\]]+\]\nafter the key\n$/);
    const split = await withHalf.runProcess({ command: 'x', cwd: '/', timeoutMs: 1 });
    expect([split.stdout, split.stderr]).toEqual([
      'rest [REDACTED:API_TOKEN]\n',
      'first [REDACTED:API_TOKEN]\n',
    ]);
  });
});
