import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { collectNeedles, literalMatcher } from '../domain/secrets/redact.js';
import { runProcess, TailBuffer } from './process-runner.js';

const cwd = tmpdir();

/** kill(pid, 0) succeeds on zombies, and this machine's PID 1 does not reap them: count those as dead. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('runProcess', () => {
  it('reports exit codes and output', async () => {
    const ok = await runProcess({ command: 'echo hello; echo oops >&2', cwd, timeoutMs: 5000 });
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'hello\n', stderr: 'oops\n', timedOut: false });
    expect(ok.stdoutBytes).toBe(6);
    const bad = await runProcess({ command: 'exit 3', cwd, timeoutMs: 5000 });
    expect(bad.exitCode).toBe(3);
    expect(bad.error).toBeUndefined();
  });

  it('passes argv literally, without a shell', async () => {
    const arg = '$(touch /tmp/pwned) ; `id` && echo "x" | cat > y *';
    const r = await runProcess({ command: ['printf', '%s', arg], cwd, timeoutMs: 5000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(arg);
  });

  it('merges env onto process.env, or uses it alone when inheritEnv is false', async () => {
    const cmd = ['bash', '-c', 'printf "%s|" "$STEP_VAR"; [ -n "$PATH" ] && printf has-path'];
    const merged = await runProcess({ command: cmd, cwd, env: { STEP_VAR: 'v1' }, timeoutMs: 5000 });
    expect(merged.stdout).toBe('v1|has-path');
    const alone = await runProcess({
      command: ['/bin/bash', '-c', 'printf "%s|" "$STEP_VAR"; [ -z "$HOME" ] && printf no-home'],
      cwd,
      env: { STEP_VAR: 'v2' },
      inheritEnv: false,
      timeoutMs: 5000,
    });
    expect(alone.stdout).toBe('v2|no-home');
  });

  it('kills the whole tree on timeout, backgrounded and double-forked grandchildren included', async () => {
    const started = Date.now();
    const r = await runProcess({
      command: 'sleep 300 & echo $!; ( sleep 301 & echo $! ); trap "" TERM; sleep 302',
      cwd,
      timeoutMs: 500,
    });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    // bash ignores TERM here, so only the SIGKILL after the grace period ends it.
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(10_000);
    const pids = r.stdout.trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('kills what a finished step left running and settles without waiting for it', async () => {
    const started = Date.now();
    const r = await runProcess({ command: 'sleep 300 & echo $!', cwd, timeoutMs: 60_000 });
    expect(r.exitCode).toBe(0);
    expect(r.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = Number(r.stdout.trim());
    await new Promise((res) => setTimeout(res, 100));
    expect(isAlive(pid)).toBe(false);
  });

  it('settles even when an escaped grandchild (own session) holds stdout open', async () => {
    const started = Date.now();
    const r = await runProcess({ command: 'setsid sleep 3 & echo started', cwd, timeoutMs: 60_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(2900);
  });

  /** Peak RSS growth while `bytes` of output stream through. */
  async function streamed(bytes: number) {
    let peak = process.memoryUsage().rss;
    const base = peak;
    const probe = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const r = await runProcess({
      command: `head -c ${bytes} /dev/zero | tr '\\0' 'x'; echo done >&2`,
      cwd,
      timeoutMs: 60_000,
      tailBytes: 8192,
    });
    clearInterval(probe);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { r, growth: peak - base };
  }

  it('streams 200 MB through a bounded tail', async () => {
    const small = await streamed(20_000_000);
    const { r, growth } = await streamed(200_000_000);
    expect(r.exitCode).toBe(0);
    expect(r.stdoutBytes).toBe(200_000_000);
    expect(r.stdout.length).toBe(8192);
    expect(r.stdout).toMatch(/^x+$/);
    expect(r.stderr).toBe('done\n');
    expect(r.truncated).toBe(true);
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      `200 MB run: ${r.durationMs} ms, rss growth ${mb(growth)} MB (20 MB run: ${mb(small.growth)} MB)`,
    );
    // Memory does not follow the output: ten times the output, not ten times the growth. What is
    // left is garbage the collector has not reclaimed yet, which depends on the machine's load.
    expect(growth).toBeLessThan(96 * 2 ** 20);
    expect(growth).toBeLessThan(small.growth * 3 + 48 * 2 ** 20);
  });

  it('cancels via AbortSignal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await runProcess({ command: 'sleep 300', cwd, timeoutMs: 60_000, signal: ac.signal });
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.signal).toBe('SIGTERM');
    expect(r.durationMs).toBeLessThan(5000);

    const pre = await runProcess({ command: 'echo no', cwd, timeoutMs: 5000, signal: AbortSignal.abort() });
    expect(pre).toMatchObject({ cancelled: true, stdout: '', exitCode: null });
  });

  it('turns spawn failures into results', async () => {
    const r = await runProcess({ command: ['no-such-command-xyz', 'a'], cwd, timeoutMs: 5000 });
    expect(r.exitCode).toBeNull();
    expect(r.error).toBe('command not found: no-such-command-xyz');
    const d = await runProcess({ command: 'true', cwd: '/no/such/dir', timeoutMs: 5000 });
    expect(d.error).toContain('cwd does not exist');
    expect((await runProcess({ command: [], cwd, timeoutMs: 5000 })).error).toBe('empty command');
  });

  it('delivers live lines, cutting long ones', async () => {
    const lines: string[] = [];
    const r = await runProcess({
      command:
        'printf "one\\r\\ntwo\\n"; echo err >&2; head -c 10000 /dev/zero | tr "\\0" y; printf "\\nlast"',
      cwd,
      timeoutMs: 5000,
      onLine: (l, s) => lines.push(`${s}:${l.length > 20 ? `${l[0]}*${l.length}` : l}`),
    });
    expect(r.exitCode).toBe(0);
    expect(lines.filter((l) => l.startsWith('stdout:'))).toEqual([
      'stdout:one',
      'stdout:two',
      'stdout:y*4096',
      'stdout:last',
    ]);
    expect(lines).toContain('stderr:err');
  });
});

describe('TailBuffer', () => {
  it('keeps the last bytes and never cuts a UTF-8 character in half', () => {
    const t = new TailBuffer(4);
    t.push(Buffer.from('abc'));
    t.push(Buffer.from('dé€')); // d(1) é(2) €(3): the last 4 bytes start inside é
    expect(t.total).toBe(9);
    expect(t.text()).toBe('€');
    const whole = new TailBuffer(100);
    whole.push(Buffer.from('héllo'));
    expect(whole.text()).toBe('héllo');
  });
});

describe('secrets in the output tail (issue 14)', () => {
  const secret = `tok-${'9f8e7d6c5b4a'.repeat(3)}`;

  it('a tail never starts with the rest of a line cut at its boundary', async () => {
    // 64 lines of filler, the secret in a line that straddles the 1000-byte tail boundary.
    const r = await runProcess({
      command: [
        'bash',
        '-c',
        'for i in $(seq 64); do echo "filler line $i"; done; printf "token=%s end\\n" "$1"; head -c 970 /dev/zero | tr "\\0" z; echo',
        'x',
        secret,
      ],
      cwd,
      timeoutMs: 5000,
      tailBytes: 1000,
    });
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    for (let i = 0; i + 8 <= secret.length; i++) expect(r.stdout).not.toContain(secret.slice(i, i + 8));
    expect(r.stdout).toMatch(/^z+\n$/);
  });

  it('drops only a partial first line: a tail cut right after a line break stays whole', () => {
    const cutAtBreak = new TailBuffer(10);
    cutAtBreak.push(Buffer.from('first\nlast\nnext\n'));
    expect(cutAtBreak.text()).toBe('last\nnext\n');
    const cutInLine = new TailBuffer(12);
    cutInLine.push(Buffer.from('first\nlast\nnext\n'));
    expect(cutInLine.text()).toBe('last\nnext\n');
    const w = new TailBuffer(8);
    w.push(Buffer.from(`x${'y'.repeat(20)}`));
    expect(w.text()).toBe('y'.repeat(8)); // no delimiter at all: kept
  });

  it('a live line cut at 4 KiB ends before the word the cut went through (issue 23)', async () => {
    const token = `ghp_${'Ab3'.repeat(12)}`;
    const lines: string[] = [];
    const r = await runProcess({
      // The token starts 20 bytes before the cut: a line that kept them would hold its start.
      command: ['printf', '%s\\n', `ERROR ${'word '.repeat(814)}${token} after`],
      cwd,
      timeoutMs: 5000,
      onLine: (l) => lines.push(l),
    });
    expect(r.exitCode).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ERROR (word ){813}word$/);
  });

  it('known secrets are redacted on the stream, even split across writes, before tail and lines see them', async () => {
    const lines: string[] = [];
    const r = await runProcess({
      command: [
        'bash',
        '-c',
        'printf "a %s" "${1:0:10}"; sleep 0.1; printf "%s b\\n" "${1:10}"; echo "$1" >&2',
        'x',
        secret,
      ],
      cwd,
      timeoutMs: 5000,
      scrub: literalMatcher(collectNeedles({ API_TOKEN: secret })),
      onLine: (l) => lines.push(l),
    });
    expect(r.stdout).toBe('a [REDACTED:API_TOKEN] b\n');
    expect(r.stderr).toBe('[REDACTED:API_TOKEN]\n');
    expect(lines.sort()).toEqual(['[REDACTED:API_TOKEN]', 'a [REDACTED:API_TOKEN] b']);
    expect(r.stdoutBytes).toBe(2 + secret.length + 3);
  });
});
