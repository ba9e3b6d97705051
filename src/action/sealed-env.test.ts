import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanProc, tokenForms } from '../../test/helpers/proc-scan.js';
import { opaqueToken } from '../../test/helpers/secret-shapes.js';
import { handOver, isHandoverPath, keptInEnviron, splitEnv } from './sealed-env.js';

describe('what stays in the environment a step can read', () => {
  it('keeps the runner’s documented variables and seals inputs, tokens and anything a workflow sets', () => {
    const { keep, sealed } = splitEnv({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LC_ALL: 'C.UTF-8',
      GITHUB_SHA: 'abc',
      GITHUB_EVENT_PATH: '/tmp/event.json',
      RUNNER_TEMP: '/tmp',
      KUBECONFIG: '/tmp/kube',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      INPUT_COMMAND: 'execute',
      ACTIONS_RUNTIME_TOKEN: 'ey.x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ey.y',
      GITHUB_TOKEN: 'ghs_y',
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN',
      RUNNER_SECRET: 'z',
      SLACK_WEBHOOK_URL: 'https://hooks.example/x',
      INTENTOPS_BOT_LOGINS: 'bot',
      HTTPS_PROXY: 'http://u:p@proxy:3128',
    });
    expect(Object.keys(keep).sort()).toEqual(
      ['GITHUB_EVENT_PATH', 'GITHUB_SHA', 'HOME', 'KUBECONFIG', 'LC_ALL', 'PATH', 'RUNNER_TEMP'].sort(),
    );
    expect(Object.keys(sealed)).toContain('INPUT_GITHUB-TOKEN');
    expect(Object.keys(sealed)).toContain('GITHUB_TOKEN');
    expect(Object.keys(sealed)).toContain('GITHUB_APP_PRIVATE_KEY');
    expect(Object.keys(sealed)).toContain('HTTPS_PROXY');
    expect(keptInEnviron('ACTIONS_RUNTIME_TOKEN')).toBe(false);
  });
});

describe('the handover path', () => {
  it('is only a FIFO in a folder this module makes: a stray variable cannot aim the clean-up elsewhere', () => {
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/env')).toBe(true);
    expect(isHandoverPath(join(tmpdir(), 'intentops-seal-Zz9xY0', 'env'))).toBe(true);
    expect(isHandoverPath('/home/runner/work/repo/repo/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/../../etc/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/other/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/x')).toBe(false);
  });
});

/** Live processes of a process group (the detached holder leads its own). */
function inGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(pgrp) === pgid;
      } catch {
        return false; // gone
      }
    })
    .map(Number);
}

describe.skipIf(process.platform !== 'linux')('the holder of the sealed entries', () => {
  it('holds them where no environ or command line shows them, and gives them out once', async () => {
    const sealed = {
      'INPUT_GITHUB-TOKEN': `ghs_${opaqueToken()}`,
      ACTIONS_RUNTIME_TOKEN: opaqueToken(),
      // A large one: the payload is more than a pipe's buffer.
      GITHUB_APP_PRIVATE_KEY: opaqueToken().repeat(4000),
    };
    const h = await handOver(sealed);
    const exited = new Promise<number | null>((r) => h.holder.once('exit', r));
    // The holder has all of it and waits for the reader: it (and the writer it started) are running.
    expect(isHandoverPath(h.fifo)).toBe(true);
    expect(inGroup(h.holder.pid as number).length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(`/proc/${h.holder.pid}/cmdline`, 'latin1')).toContain('intentops-seal-holder');
    const needles = Object.values(sealed).flatMap((v) => tokenForms(v.slice(0, 60)));
    expect(scanProc(needles, new Set([process.pid]))).toEqual([]);
    // Not vacuous: the scan finds what a process's command line does hold.
    expect(scanProc(['intentops-seal-holder']).map((hit) => hit.pid)).toContain(h.holder.pid);

    expect(JSON.parse(await readFile(h.fifo, 'utf8'))).toEqual(sealed);
    // Once read, the holder ends and takes its folder with it.
    expect(await exited).toBe(0);
    expect(existsSync(dirname(h.fifo))).toBe(false);
  });

  it('runs only the system’s mkfifo, cat and sleep: a fake cat first on PATH never sees the payload', async () => {
    // A step that appended to $GITHUB_PATH puts its folder on the PATH the next step (this action) gets.
    const planted = mkdtempSync(join(tmpdir(), 'planted-'));
    const seen = join(planted, 'seen');
    writeFileSync(join(planted, 'cat'), `#!/bin/sh\n/bin/cat | /usr/bin/tee -a '${seen}'\n`);
    chmodSync(join(planted, 'cat'), 0o755);
    const secret = `ghs_${opaqueToken()}`;
    const before = process.env.PATH;
    process.env.PATH = `${planted}:${before}`;
    let h: Awaited<ReturnType<typeof handOver>>;
    try {
      h = await handOver({ 'INPUT_GITHUB-TOKEN': secret });
    } finally {
      process.env.PATH = before;
    }
    const exited = new Promise<number | null>((r) => h.holder.once('exit', r));
    expect(JSON.parse(await readFile(h.fifo, 'utf8'))).toEqual({ 'INPUT_GITHUB-TOKEN': secret });
    expect(await exited).toBe(0);
    expect(existsSync(seen) ? readFileSync(seen, 'utf8') : '').not.toContain(secret);
    // Not vacuous: a shell on that PATH does run the planted cat.
    execFileSync('/bin/sh', ['-c', 'echo probe | cat'], { env: { PATH: `${planted}:/usr/bin:/bin` } });
    expect(readFileSync(seen, 'utf8')).toBe('probe\n');
    rmSync(planted, { recursive: true, force: true });
  });

  it('stops, folder and all, when the new image does not come', async () => {
    const h = await handOver({ SECRET: opaqueToken() });
    const exited = new Promise((r) => h.holder.once('exit', (_code, signal) => r(signal)));
    h.stop();
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(dirname(h.fifo))).toBe(false);
    // SIGKILL is sent to the group at once; the writer's end follows it: wait for it (not a time).
    let left = inGroup(h.holder.pid as number);
    for (let i = 0; i < 500 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      left = inGroup(h.holder.pid as number);
    }
    expect(left).toEqual([]);
  });
});
