import { InputError } from '../domain/input/errors.js';
import { durationSeconds } from '../domain/schemas/common.js';

// Duration flags (`--since 30d`, `--retention 30d`, `--fork-window 1h`): bad text is bad input
// naming the flag (exit 2), before anything is read or written.

export function durationFlag(flag: string, value: string, example = '30d or 12h'): number {
  try {
    return durationSeconds(value);
  } catch {
    throw new InputError([
      { file: flag, severity: 'error', message: `expected a duration like ${example}, got '${value}'` },
    ]);
  }
}

/** `--since 30d` → the time it names before `now`; undefined when the flag is not given. */
export function sinceDate(since: string | undefined, now: Date): Date | undefined {
  return since === undefined ? undefined : new Date(now.getTime() - durationFlag('--since', since) * 1000);
}
