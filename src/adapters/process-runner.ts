import { type ChildProcess, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { withoutCutWord } from '../domain/observe/clip.js';
import { type LiteralMatcher, StreamScrubber } from '../domain/secrets/redact.js';

/*
 * Runs one step as a real child process with bounded output and whole-tree kill.
 * node:child_process, not execa: execa settles only once stdout/stderr have ended, and a grandchild
 * that escapes the group keeps them open as long as it lives. Here the step is done when the main
 * process exited and the streams closed, or a short drain deadline after the exit.
 */

export interface ProcessSpec {
  /** string → `bash -c <string>`; array → exec argv[0] with the rest as literal args, no shell. */
  command: string | readonly string[];
  cwd: string;
  /** Merged onto process.env (see `inheritEnv`); these win. */
  env?: Record<string, string>;
  /** false: the child sees only `env` (plus nothing of ours). Default true. */
  inheritEnv?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes of each stream kept (the last ones). Default 16 KiB. */
  tailBytes?: number;
  /**
   * Known secrets, redacted from each stream as it arrives, before the tail and `onLine` see it: a
   * secret cut in half by the tail boundary or a chunk boundary is still redacted whole.
   */
  scrub?: LiteralMatcher;
  /** Live lines (over 4 KiB cut), e.g. to spot failure indicators while a step runs. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The last tailBytes of each stream (after `scrub`), starting at a line boundary once cut. */
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  truncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  /** Spawn errors (ENOENT, bad cwd…) and kill failures, as text: the promise never rejects. */
  error?: string;
}

export const DEFAULT_TAIL_BYTES = 16 * 1024;
export const MAX_LINE_BYTES = 4 * 1024;
/** SIGTERM → SIGKILL delay for the process group. */
export const KILL_GRACE_MS = 1500;
/** After the main process exited, how long streams may stay open (held by escaped grandchildren). */
const DRAIN_MS = KILL_GRACE_MS + 500;
/** setTimeout turns longer delays into 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Process groups still possibly alive, killed if intentops itself exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pgid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const g of liveGroups) signalGroup(g, 'SIGKILL');
    });
  }
  liveGroups.add(pgid);
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    liveGroups.delete(pgid);
    return false;
  }
}

/** SIGTERM the group now, SIGKILL it after `graceMs` if anything in it is still alive. */
export function killGroup(pgid: number, graceMs = KILL_GRACE_MS): void {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  setTimeout(() => {
    if (signalGroup(pgid, 0)) signalGroup(pgid, 'SIGKILL');
    liveGroups.delete(pgid);
  }, graceMs);
}

/** Bytes after which a new line or word starts: a cut right after one leaves nothing partial. */
const NEWLINE = 0x0a;
const isDelimiter = (b: number): boolean =>
  b === NEWLINE ||
  b === 0x0d ||
  b === 0x20 ||
  b === 0x09 ||
  b === 0x22 ||
  b === 0x27 ||
  b === 0x2c ||
  b === 0x3b;

/**
 * Keeps the last `cap` bytes of a stream in memory, whatever its total size. The kept text never
 * starts with the rest of a line (or, in output without line breaks, of a word) whose beginning was
 * dropped: that rest may be half a secret, which no redaction rule recognises.
 */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private held = 0;
  /** The last byte dropped from the front, when any was. */
  private lastDropped: number | undefined;
  total = 0;
  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.cap <= 0) return;
    if (chunk.length > this.cap) {
      this.lastDropped = chunk[chunk.length - this.cap - 1];
      this.chunks = [];
      this.held = 0;
    }
    // Copy when slicing so a big chunk's backing memory can be freed.
    const part = chunk.length > this.cap ? Buffer.from(chunk.subarray(chunk.length - this.cap)) : chunk;
    this.chunks.push(part);
    this.held += part.length;
    while (this.held > this.cap) {
      const first = this.chunks[0] as Buffer;
      const excess = this.held - this.cap;
      if (first.length <= excess) {
        this.chunks.shift();
        this.held -= first.length;
        this.lastDropped = first[first.length - 1];
      } else {
        this.lastDropped = first[excess - 1];
        this.chunks[0] = Buffer.from(first.subarray(excess));
        this.held -= excess;
      }
    }
  }

  /** Decoded tail, starting at a line (else word) boundary once anything was dropped. */
  text(): string {
    const buf = Buffer.concat(this.chunks);
    let start = 0;
    if (this.lastDropped !== undefined && !isDelimiter(this.lastDropped)) {
      const nl = buf.indexOf(NEWLINE);
      if (nl !== -1) start = nl + 1;
      else {
        // One long line: drop up to the first delimiter; a tail without any is kept (a 16 KiB word
        // is not the end of a secret cut in half, and dropping it would lose the whole output).
        const d = buf.findIndex(isDelimiter);
        if (d !== -1) start = d + 1;
      }
    }
    // Leading UTF-8 continuation bytes (a character cut in half) are dropped.
    if (start === 0 && this.lastDropped !== undefined) {
      while (start < buf.length && start < 3 && ((buf[start] as number) & 0xc0) === 0x80) start++;
    }
    return buf.subarray(start).toString('utf8');
  }
}

/**
 * Splits a byte stream into lines for `onLine`, holding at most MAX_LINE_BYTES of a partial line.
 * A longer line ends before the word the cut went through: that word may be the start of a secret,
 * which no redaction rule would recognise.
 */
class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private cut = false;
  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      this.keep(chunk.subarray(from, nl));
      this.flush();
      from = nl + 1;
    }
    if (from < chunk.length) this.keep(chunk.subarray(from));
  }

  private keep(part: Buffer): void {
    const room = MAX_LINE_BYTES - this.partialBytes;
    if (part.length > room) this.cut = true;
    if (room <= 0 || part.length === 0) return;
    const kept = Buffer.from(part.subarray(0, room));
    this.partial.push(kept);
    this.partialBytes += kept.length;
  }

  flush(): void {
    let line = Buffer.concat(this.partial).toString('utf8');
    if (this.cut) line = withoutCutWord(line);
    this.partial = [];
    this.partialBytes = 0;
    this.cut = false;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.emit(line);
  }

  end(): void {
    if (this.partialBytes > 0) this.flush();
  }
}

/** A failed spawn in the words a shell would use: `command not found: kubectl`. */
function spawnError(file: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return `command not found: ${file}`;
  if (e.code === 'EACCES') return `permission denied: ${file}`;
  return `spawn ${file}: ${e.code ?? e.message}`;
}

const NOT_RUN = { exitCode: null, signal: null, durationMs: 0, stdout: '', stderr: '', stdoutBytes: 0 };
function emptyResult(error: string, cancelled = false): ProcessResult {
  return { ...NOT_RUN, stderrBytes: 0, truncated: false, timedOut: false, cancelled, error };
}

/** Runs a process to completion; always resolves (errors become `result.error`). */
export async function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  if (spec.signal?.aborted) return emptyResult('cancelled before start', true);
  const argv = typeof spec.command === 'string' ? ['bash', '-c', spec.command] : [...spec.command];
  const file = argv[0];
  if (file === undefined || file === '') return emptyResult('empty command');
  try {
    if (!(await stat(spec.cwd)).isDirectory()) return emptyResult(`cwd is not a directory: ${spec.cwd}`);
  } catch {
    return emptyResult(`cwd does not exist: ${spec.cwd}`);
  }

  const tailBytes = spec.tailBytes ?? DEFAULT_TAIL_BYTES;
  const env = spec.inheritEnv === false ? { ...spec.env } : { ...process.env, ...spec.env };
  const started = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(file, argv.slice(1), {
      cwd: spec.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: pgid = child.pid
      shell: false,
    });
  } catch (e) {
    return emptyResult(spawnError(file, e as NodeJS.ErrnoException));
  }

  return new Promise<ProcessResult>((resolve) => {
    const out = new TailBuffer(tailBytes);
    const err = new TailBuffer(tailBytes);
    /** What the process wrote, before scrubbing. */
    const rawBytes = { stdout: 0, stderr: 0 };
    const timers: NodeJS.Timeout[] = [];
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let exited = false;
    let openStreams = 2;
    let timedOut = false;
    let cancelled = false;
    let killRequested = false;
    let error: string | undefined;
    let settled = false;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      spec.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode,
        signal: exitSignal,
        durationMs: Math.round(performance.now() - started),
        stdout: out.text(),
        stderr: err.text(),
        stdoutBytes: rawBytes.stdout,
        stderrBytes: rawBytes.stderr,
        truncated: out.total > tailBytes || err.total > tailBytes,
        timedOut,
        cancelled,
        ...(error === undefined ? {} : { error }),
      });
    };
    const maybeFinish = (): void => {
      if (exited && openStreams === 0) finish();
    };
    const killTree = (): void => {
      if (killRequested || child.pid === undefined) return;
      killRequested = true;
      killGroup(child.pid);
      // Backstop: a process that survives SIGKILL (uninterruptible sleep) must not hang us.
      timers.push(
        setTimeout(() => {
          if (!exited) error = `process ${child.pid} did not exit after SIGKILL`;
          finish();
        }, KILL_GRACE_MS + DRAIN_MS),
      );
    };
    function onAbort(): void {
      if (exited || settled) return;
      cancelled = true;
      killTree();
    }

    const wire = (stream: Readable, tail: TailBuffer, name: 'stdout' | 'stderr'): void => {
      const lines = spec.onLine ? new LineSplitter((l) => spec.onLine?.(l, name)) : undefined;
      const keep = (chunk: Buffer): void => {
        tail.push(chunk);
        lines?.push(chunk);
      };
      const scrubber = spec.scrub?.pattern ? new StreamScrubber(spec.scrub) : undefined;
      const decoder = scrubber ? new StringDecoder('utf8') : undefined;
      stream.on('data', (chunk: Buffer) => {
        rawBytes[name] += chunk.length;
        if (!scrubber || !decoder) return keep(chunk);
        const text = scrubber.push(decoder.write(chunk));
        if (text) keep(Buffer.from(text));
      });
      stream.once('close', () => {
        if (scrubber && decoder) {
          const rest = scrubber.push(decoder.end()) + scrubber.end();
          if (rest) keep(Buffer.from(rest));
        }
        lines?.end();
        openStreams--;
        maybeFinish();
      });
      stream.on('error', () => {}); // EPIPE/destroy after finish: nothing left to report
    };
    // stdio is ['ignore', 'pipe', 'pipe'], so both streams exist.
    wire(child.stdout as Readable, out, 'stdout');
    wire(child.stderr as Readable, err, 'stderr');

    child.once('spawn', () => {
      if (child.pid !== undefined) trackGroup(child.pid);
      timers.push(
        setTimeout(
          () => {
            if (exited) return;
            timedOut = true;
            killTree();
          },
          Math.min(spec.timeoutMs, MAX_TIMER_MS),
        ),
      );
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      if (spec.signal?.aborted) onAbort();
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      // Emitted without 'exit' when the spawn itself failed (ENOENT, EACCES).
      error = spawnError(file, e);
      if (child.pid === undefined) {
        exited = true;
        finish();
      }
    });
    child.once('exit', (code, sig) => {
      exited = true;
      exitCode = code;
      exitSignal = sig;
      // The step is over: whatever it left running in its group goes too.
      if (child.pid !== undefined && !killRequested && signalGroup(child.pid, 0)) killGroup(child.pid);
      timers.push(setTimeout(finish, DRAIN_MS));
      maybeFinish();
    });
  });
}
