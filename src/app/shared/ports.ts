import type { ProcessResult, ProcessSpec } from '../../adapters/process-runner.js';
import type { RecordOrigin } from '../../domain/schemas/record.js';
import type { Observers } from './providers.js';

/** The I/O a use-case needs, passed in so tests hand it real processes and temp repos. */
export interface ExecPorts {
  runProcess: (spec: ProcessSpec) => Promise<ProcessResult>;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** One short line of progress for a human; JSON mode passes a no-op. */
  log: (line: string) => void;
  /** Kubernetes, Prometheus, Loki, HTTP: used when an intent captures or checks through them. */
  observers: Observers;
  /** Where the records this process writes come from (app/records/origin.ts); absent: not said. */
  origin?: () => Promise<RecordOrigin | undefined>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
