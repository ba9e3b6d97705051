import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/*
 * What `/proc/<pid>/environ` shows is not a copy the kernel keeps: it reads, live, the bytes between
 * the process's `env_start` and `env_end`, the strings `execve` laid out at the top of its stack. The
 * C library's `environ` array points into them; `unsetenv` takes a pointer out of the array but leaves
 * the bytes, which is why deleting from `process.env` hides nothing. A process may write its own
 * memory through `/proc/self/mem` (the kernel allows it to itself whatever `ptrace_scope` says), so
 * it can overwrite those bytes: after that no process reads them, and no second start of Node is
 * needed (the re-exec costs about 55 ms of every run). Linux only; elsewhere, or when the kernel
 * refuses, the caller re-executes instead.
 */

/** `[start, end)` of the start-up environment in this process's memory, from `/proc/<pid>/stat`. */
export function environRegion(stat: string): { start: number; end: number } | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or `)`: count from the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 50 and 51 (env_start, env_end; Linux 3.5 and later); fields[0] is field 3.
  const start = Number(fields[47]);
  const end = Number(fields[48]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start <= 0 || end <= start)
    return undefined;
  return { start, end };
}

export interface EnvironEntry {
  /** Offset of `NAME=value` from the region's start. */
  offset: number;
  length: number;
  /** What precedes the first `=` (the whole entry when it has none). */
  name: string;
}

/** The entries of an environ block (NUL-separated; runs of NULs are entries already cleared). */
export function environEntries(block: Buffer): EnvironEntry[] {
  const entries: EnvironEntry[] = [];
  let offset = 0;
  while (offset < block.length) {
    let end = block.indexOf(0, offset);
    if (end < 0) end = block.length;
    if (end > offset) {
      const text = block.subarray(offset, end).toString('latin1');
      const eq = text.indexOf('=');
      entries.push({ offset, length: end - offset, name: eq < 0 ? text : text.slice(0, eq) });
    }
    offset = end + 1;
  }
  return entries;
}

export type ScrubResult = { ok: true; cleared: number } | { ok: false; why: string };

/**
 * Overwrites with NULs every entry of this process's start-up environment whose name `keep` rejects,
 * then reads `/proc/self/environ` back to check none is left. The caller takes the values into memory
 * and out of `process.env` first. `proc` is for tests (another process's folder is never writable).
 */
export function scrubStartupEnviron(keep: (name: string) => boolean, proc = '/proc/self'): ScrubResult {
  if (process.platform !== 'linux') return { ok: false, why: `no /proc/self/mem on ${process.platform}` };
  let fd: number | undefined;
  try {
    const region = environRegion(readFileSync(`${proc}/stat`, 'latin1'));
    if (!region) return { ok: false, why: `${proc}/stat gives no environment region` };
    const block = readFileSync(`${proc}/environ`);
    if (block.length !== region.end - region.start)
      return {
        ok: false,
        why: `${proc}/environ is ${block.length} bytes, the region ${region.end - region.start}`,
      };
    const doomed = environEntries(block).filter((e) => !keep(e.name));
    if (doomed.length > 0) {
      fd = openSync(`${proc}/mem`, 'r+');
      for (const e of doomed) {
        const written = writeSync(fd, Buffer.alloc(e.length), 0, e.length, region.start + e.offset);
        if (written !== e.length) return { ok: false, why: `wrote ${written} of ${e.length} bytes` };
      }
    }
    const left = environEntries(readFileSync(`${proc}/environ`)).filter((e) => !keep(e.name));
    if (left.length > 0) return { ok: false, why: `${left.length} entries still in ${proc}/environ` };
    return { ok: true, cleared: doomed.length };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
