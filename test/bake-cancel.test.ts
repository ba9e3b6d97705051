import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { replayRecord } from '../src/domain/records/replay.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// Ctrl-C during a local bake is the operator's cancel, not a newer execution: the follow-up says
// "cancelled". `superseded` is kept for a bake a newer execution for the same target ended.

const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'index.ts');
const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function records(dir: string): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  for (const day of (await readdir(join(dir, 'executions'))).filter((d) => /^\d/.test(d)).sort())
    for (const f of (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml')).sort())
      out.push(parse(await readFile(join(dir, 'executions', day, f), 'utf8')) as ExecutionRecord);
  return out;
}

describe('a local bake stopped with SIGINT', () => {
  it('writes a follow-up whose verdict and reason say cancelled, not superseded', async () => {
    const dir = await makeRepo({
      'intents/catalog/noop.yaml': `name: noop
description: a step that passes
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: ok
    run: [echo, done]
`,
      'intents/outcomes/noop.yaml': `observe: { for: 60s, interval: 500ms }
outcomes:
  success:
    - { condition: said, check: "echo ok", expected: { regex: "ok" }, timeout: 5s, interval: 100ms }
`,
      'intents/requests/r.yaml': 'intent: noop\nparams: { app: web }\nreason: bake cancel\n',
    });
    repos.push(dir);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--repo', dir, 'run', 'intents/requests/r.yaml'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const baking = new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += String(d);
        if (/baking: \d+ of/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    await Promise.race([baking, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(1);
    const follow = (await records(dir)).find((r) => r.observation_of);
    expect(follow?.observation?.verdict, stderr).toBe('cancelled');
    expect(follow?.status).toBe('cancelled');
    expect(follow?.observation?.reason).toMatch(/cancelled/);
    expect(follow?.observation?.reason).not.toMatch(/superseded|newer execution/);
    // Replay derives the same status from the record alone.
    expect(replayRecord(follow as ExecutionRecord).differences).toEqual([]);
  });
});
