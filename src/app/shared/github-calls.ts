import { setTimeout as sleep } from 'node:timers/promises';
import type { Pages } from '../shared/github-port.js';

// Small helpers for use-cases that talk to GitHub through the port (github-port.ts): count the
// calls (the API budget is part of the spec), and send writes that must not happen twice.

/** API calls made, by operation id; every page of a listing counts as one. */
export class ApiCallCounter {
  readonly byOperation: Record<string, number> = {};
  add(operation: string): void {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }
  get total(): number {
    return Object.values(this.byOperation).reduce((a, b) => a + b, 0);
  }
}

export const statusOf = (err: unknown): number | undefined => {
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
};

/** 5xx or no answer at all (Octokit reports network failures as 500): the write may have happened. */
export const uncertain = (err: unknown) => (statusOf(err) ?? 500) >= 500;

/** Every item of a listing (the port's pages), counting each page fetched. */
export async function* counted<T>(
  calls: ApiCallCounter,
  operation: string,
  pages: Pages<T>,
): AsyncGenerator<T> {
  for await (const page of pages) {
    calls.add(operation);
    yield* page;
  }
}

export interface WriteOnce<T> {
  /** The write; it must be sent with `{ once: true }` (the port's adapter then does not re-send it). */
  send: () => Promise<T>;
  /** Finds what the write would have made (by its marker); undefined when it is not there. */
  lookup: () => Promise<T | undefined>;
  /** Sends at most this many times. */
  attempts: number;
  /** Wait n² × this many ms before looking after failure n. */
  retryBaseMs: number;
  log: (message: string) => void;
  /** What is being written, for the log. */
  what: string;
}

/**
 * Sends a write that must not happen twice. An answer that leaves it open whether the write
 * happened (a 502 after GitHub created the issue) is followed by a look-up, and only a miss is
 * re-sent. A 4xx is final and thrown at once.
 */
export async function writeOnce<T>(w: WriteOnce<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await w.send();
    } catch (err) {
      if (!uncertain(err) || attempt >= w.attempts) throw err;
      w.log(`${w.what}: GitHub answered ${statusOf(err) ?? 'nothing'}; looking for it before trying again`);
      await sleep(attempt * attempt * w.retryBaseMs);
      const found = await w.lookup();
      if (found !== undefined) return found;
    }
  }
}
