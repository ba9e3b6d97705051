import type { CommandRun, ExecutionRecord } from '../schemas/record.js';

// The step that stopped a run and the last lines it wrote to stderr: what a person needs first
// when a run fails, shown on the terminal and in the job summary (not only in the record file).

export const STDERR_TAIL_LINES = 15;

/** The last `n` non-empty-trailing lines of a stream's tail. */
export function lastLines(text: string, n = STDERR_TAIL_LINES): string[] {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.length === 1 && lines[0] === '' ? [] : lines.slice(-n);
}

/** How a step ended, in words: `exit 3`, `command not found: kubectl`, `timed out`. */
export function stepEnding(run: Pick<CommandRun, 'exit_code' | 'error' | 'timed_out' | 'cancelled'>): string {
  if (run.timed_out) return 'timed out';
  if (run.cancelled) return 'cancelled';
  if (run.exit_code === null && run.error) return run.error;
  return `exit ${run.exit_code ?? 'none'}`;
}

/** The first step that failed the run (continue_on_error steps do not), if any. */
export function failedStep(record: Pick<ExecutionRecord, 'commands_run'>): CommandRun | undefined {
  return record.commands_run.find((c) => c.exit_code !== 0 && !c.continue_on_error && !c.cancelled);
}
