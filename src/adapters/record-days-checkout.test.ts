import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkOutRecordDays, NEWEST_ONLY, RECORD_DAYS_LEFT_OUT } from './record-days-checkout.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const DAYS = [
  '2025-10-03',
  '2025-10-20',
  '2025-11-01',
  '2025-11-30',
  '2025-12-01',
  '2025-12-05',
  '2025-12-09',
];

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'intentops-record-days-'));
  const src = join(root, 'src');
  mkdirSync(src);
  git(src, 'init', '-q', '-b', 'main');
  for (const d of DAYS) {
    mkdirSync(join(src, 'executions', d), { recursive: true });
    writeFileSync(join(src, 'executions', d, 'r.yaml'), `day: ${d}\n`);
  }
  mkdirSync(join(src, 'executions', 'claims'));
  writeFileSync(join(src, 'executions', 'claims', 'c.yaml'), 'claim\n');
  writeFileSync(join(src, 'README.md'), 'hello\n');
  git(src, 'add', '-A');
  git(src, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'records');
});

afterEach(() => rm(root, { recursive: true, force: true }));

/** As execute.yml's actions/checkout leaves it: every dated record folder left out. */
function sparseClone(name: string): string {
  const dir = join(root, name);
  git(root, 'clone', '-q', '--no-checkout', join(root, 'src'), dir);
  git(dir, 'config', 'core.sparseCheckout', 'true');
  writeFileSync(join(dir, '.git', 'info', 'sparse-checkout'), `/*\n${RECORD_DAYS_LEFT_OUT}\n`);
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

const present = (dir: string) =>
  readdirSync(join(dir, 'executions'))
    .filter((d) => /^\d{4}/.test(d))
    .sort();

describe('checkOutRecordDays', () => {
  it('checks out the folders from a day on and the newest; older months are left out as one line each', async () => {
    const dir = sparseClone('a');
    expect(present(dir)).toEqual([]);
    expect(existsSync(join(dir, 'executions/claims/c.yaml'))).toBe(true);
    await checkOutRecordDays(dir, '2025-12-05');
    expect(present(dir)).toEqual(['2025-12-05', '2025-12-09']);
    expect(readFileSync(join(dir, '.git/info/sparse-checkout'), 'utf8').trim().split('\n')).toEqual([
      '/*',
      '!/executions/2025-10-*/',
      '!/executions/2025-11-*/',
      '!/executions/2025-12-01/',
    ]);
  });

  it('only the newest when asked for it; never leaves out again what is checked out; null: every day', async () => {
    const dir = sparseClone('b');
    await checkOutRecordDays(dir, NEWEST_ONLY);
    expect(present(dir)).toEqual(['2025-12-09']);
    await checkOutRecordDays(dir, '2025-11-30');
    expect(present(dir)).toEqual(['2025-11-30', '2025-12-01', '2025-12-05', '2025-12-09']);
    // Another process asks for less: what is there stays.
    vi.resetModules();
    const again = await import('./record-days-checkout.js');
    await again.checkOutRecordDays(dir, '2025-12-09');
    expect(present(dir)).toEqual(['2025-11-30', '2025-12-01', '2025-12-05', '2025-12-09']);
    await checkOutRecordDays(dir, null);
    expect(present(dir)).toEqual(DAYS);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('leaves a full checkout, and sparse patterns that are not its own, alone', async () => {
    const full = join(root, 'full');
    git(root, 'clone', '-q', join(root, 'src'), full);
    await checkOutRecordDays(full, '2025-12-09');
    expect(present(full)).toEqual(DAYS);
    const cone = join(root, 'cone');
    git(root, 'clone', '-q', '--sparse', join(root, 'src'), cone);
    const before = readFileSync(join(cone, '.git/info/sparse-checkout'), 'utf8');
    await checkOutRecordDays(cone, '2025-12-09');
    expect(readFileSync(join(cone, '.git/info/sparse-checkout'), 'utf8')).toBe(before);
  });
});
