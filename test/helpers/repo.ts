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

/**
 * Runs `fn` with what the process prints captured: writes to process.stdout and process.stderr, and
 * to descriptors 1 and 2 with fs.writeSync (validate's own lines, src/cli/write-line.ts).
 */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const grab = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured[stream] += String(chunk);
      return true;
    });
  const writeSync = fs.writeSync;
  const direct = vi.spyOn(fs, 'writeSync').mockImplementation(((...args: unknown[]) => {
    const [fd, data, from] = args as [number, Uint8Array | string, number | undefined];
    if (fd !== 1 && fd !== 2) return (writeSync as (...a: unknown[]) => number)(...args);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(from ?? 0);
    captured[fd === 1 ? 'stdout' : 'stderr'] += Buffer.from(bytes).toString();
    return bytes.length;
  }) as typeof fs.writeSync);
  const spies = [grab('stdout'), grab('stderr'), direct];
  try {
    const result = await fn();
    return { result, ...captured };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { result, stdout, stderr } = await captureOutput(() => main(argv));
  return { code: result, stdout, stderr };
}

/** A copy of the example repository's intents/ in `dir`, with a request holding two findings (lines 3 and 4). */
export function exampleRepoWithBadRequest(dir: string): string {
  fs.cpSync(join(import.meta.dirname, '..', '..', 'intents'), join(dir, 'intents'), { recursive: true });
  fs.writeFileSync(
    join(dir, 'intents', 'requests', 'bad.yaml'),
    'intent: deploy-app\nparams: {app: home, tag: "1"}\nreason: 5\nextra: 1\n',
  );
  return dir;
}
