import { stringify } from 'yaml';
import { fenced, oneLine } from '../bot/bot-markers.js';
import type { UnsignedRecord as ExecutionRecord, Snapshot } from '../schemas/record.js';

// The evidence under an incident's first screen, folded: commands as shell lines, indicators, the
// logs before and after, the rest of the captured state. Logs are kept apart from the state because
// they are what gets cut first (oldest lines first) when a body must fit GitHub's limit.

/** A section a cut can shorten line by line: `render(n)` drops the oldest n lines and says so. */
export interface CuttableLines {
  count: number;
  render(dropped: number): string;
}

/** `<details>` with a blank line after the summary, so GitHub renders the Markdown inside it. */
export const folded = (summary: string, inner: string) =>
  `<details><summary>${summary}</summary>\n\n${inner}\n\n</details>`;

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const shellWord = (w: string) => (SAFE_WORD.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** A command as the shell line a person would paste: argv words quoted only where they must be. */
export function shellLine(cmd: string | readonly string[]): string {
  return typeof cmd === 'string' ? oneLine(cmd) : cmd.map(shellWord).join(' ');
}

export function commandsMarkdown(record: ExecutionRecord): string | undefined {
  if (record.observation_of) {
    return `## Commands\nThe bake ran no commands; it watched the run of execution \`${record.observation_of}\`, whose record lists them.`;
  }
  if (!record.commands_run.length) return undefined;
  const lines = record.commands_run.map(
    (c) =>
      `$ ${shellLine(c.cmd)}   # ${c.step}: exit ${c.exit_code ?? 'none'} after ${c.duration}${c.timed_out ? ', timed out' : ''}`,
  );
  const tails = record.commands_run
    .filter((c) => c.exit_code !== 0 && (c.stderr_tail || c.stdout_tail))
    .map(
      (c) =>
        `Output of \`${c.step}\` (its end):\n\n${fenced(`${c.stdout_tail ?? ''}${c.stderr_tail ?? ''}`.trimEnd(), 'text')}`,
    );
  return `## Commands\n${folded(`${record.commands_run.length} commands run`, [fenced(lines.join('\n'), 'sh'), ...tails].join('\n\n'))}`;
}

export function indicatorsMarkdown(record: ExecutionRecord): string | undefined {
  if (!record.failure_indicators.length) return undefined;
  const rows = record.failure_indicators.map(
    (i) => `- \`${oneLine(i.pattern)}\` (${i.severity}) in \`${oneLine(i.source).replace(/`/g, "'")}\``,
  );
  const lines = record.failure_indicators.map((i) => oneLine(i.line));
  return `## Failure indicators\n${rows.join('\n')}\n\n${folded('The lines they matched', fenced(lines.join('\n'), 'text'))}`;
}

/** The logs of one snapshot, oldest first, cuttable from the top. */
export function logsSection(
  label: 'before' | 'after',
  snapshot: Snapshot | null,
  recordRef: string,
): (CuttableLines & { markdown: string }) | undefined {
  const logs = snapshot?.recent_logs ?? [];
  if (!logs.length) return undefined;
  const render = (dropped: number) => {
    const kept = logs.slice(Math.min(dropped, logs.length));
    const note = dropped
      ? `\n\n_The ${dropped.toLocaleString('en-US')} oldest lines were cut to fit GitHub's limit: all ${logs.length.toLocaleString('en-US')} are in the [execution record](${recordRef})._`
      : '';
    return `## Logs ${label}\n${folded(`${kept.length} of ${logs.length} lines`, kept.length ? fenced(kept.join('\n'), 'text') : '_none kept_')}${note}`;
  };
  return { count: logs.length, render, markdown: render(0) };
}

/** The state without its logs (they have their own section), as YAML. */
export function stateSection(label: 'before' | 'after', snapshot: Snapshot | null): string {
  const title = label === 'before' ? 'State before' : 'State after';
  if (!snapshot) return `## ${title}\n_not captured_`;
  const { recent_logs: _logs, ...state } = snapshot;
  return `## ${title}\n${folded('captured state', fenced(stringify(state, { lineWidth: 0 }).trimEnd(), 'yaml'))}`;
}
