import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'index.ts');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child of a reaper-less container stays a zombie: that counts as gone.
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['SIGTERM', 0],
  ['SIGINT', 0],
  // A second Ctrl-C right after the first used to kill the process before its record was written,
  // and one after the record was written but before the process ended still killed it (exit null).
  // Repeating the signal every 25 ms until the process ends covers both windows.
  ['SIGINT', 25],
] as const)('cancelling a run with %s (repeated every %i ms)', (signal, again) => {
  it('kills the step tree and writes a complete record with status cancelled within 5 s', async () => {
    const dir = await makeRepo({
      'intents/catalog/slow.yaml': `name: slow
description: hangs
risk: low
steps:
  - name: hang
    run: mkdir -p state; sleep 300 & echo $! > state/child; touch state/started; wait
    timeout: 600s
  - name: never
    run: [touch, state/never]
`,
      'intents/requests/r.yaml': 'intent: slow\nreason: cancel test\n',
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
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    await waitFor(() => existsSync(join(dir, 'state/started')), 20_000);
    const grandchild = Number(readFileSync(join(dir, 'state/child'), 'utf8'));
    expect(alive(grandchild)).toBe(true);
    const sent = Date.now();
    child.kill(signal);
    const repeat = again ? setInterval(() => child.kill(signal), again) : undefined;
    const code = await new Promise<number | NodeJS.Signals | null>((r) =>
      child.on('exit', (c, sg) => r(c ?? sg)),
    );
    clearInterval(repeat);
    const took = Date.now() - sent;
    expect(took, stderr).toBeLessThan(5000);
    // A signal that lands while Node tears the process down (handlers already closed) ends it with
    // that signal: the record is complete by then, which is what the checks below prove.
    expect(again ? [1, signal] : [1]).toContain(code);
    expect(alive(grandchild)).toBe(false);
    const day = readdirSync(join(dir, 'executions'))[0] ?? '';
    // The record and, beside it, at most the day's fact index (its line may be cut off by the
    // signal: a torn line is ignored by every reader); no temporary file.
    const all = readdirSync(join(dir, 'executions', day));
    expect(all.filter((f) => f !== 'fact-index.jsonl')).toHaveLength(1);
    const files = all.filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(1);
    const rec = parse(readFileSync(join(dir, 'executions', day, files[0] ?? ''), 'utf8')) as ExecutionRecord;
    expect(rec.status).toBe('cancelled');
    expect(rec.commands_run).toHaveLength(1);
    expect(rec.commands_run[0]).toMatchObject({ step: 'hang', cancelled: true });
    expect(rec.digest).toMatch(/^sha256:/);
    expect(existsSync(join(dir, 'state/never'))).toBe(false);
  });
});
