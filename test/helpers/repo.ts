import fs from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { Git } from '../../src/adapters/git.js';
import { main } from '../../src/cli/main.js';

/** A real git repo in a temp folder with the given files committed. */
export async function makeRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-test-'));
  await writeFiles(dir, files);
  const git = new Git(dir);
  await git.init();
  await git.commitAll('fixture');
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
}

export async function removeRepo(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  // validate writes to the descriptors directly (src/cli/write-line.ts).
  const writeSync = fs.writeSync;
  const direct = vi.spyOn(fs, 'writeSync').mockImplementation(((
    fd: number,
    data: Uint8Array,
    from?: number,
  ) => {
    const offset = from ?? 0;
    if (fd !== 1 && fd !== 2) return (writeSync as (...a: unknown[]) => number)(fd, data, offset);
    const text = Buffer.from(data.subarray(offset)).toString();
    if (fd === 1) stdout += text;
    else stderr += text;
    return data.length - offset;
  }) as typeof fs.writeSync);
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    direct.mockRestore();
  }
}
