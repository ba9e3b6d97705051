import { oneLine } from '../bot/bot-markers.js';
import { formatSeconds } from '../records/record.js';
import type { UnsignedRecord as ExecutionRecord } from '../schemas/record.js';
import { endedAt, seconds } from './incident-headline.js';

// The incident's timeline: a time on every line (issue 31, item 7). A record keeps each step's and
// check's duration, not its start, so starts are the run's start plus what ran before — exact up to
// the runner's own overhead between steps, which is milliseconds.

interface Entry {
  at: number;
  text: string;
}

function findings(record: ExecutionRecord, at: number): Entry[] {
  return [
    ...record.failure_indicators.map((i) => ({
      at,
      text: `failure indicator \`${oneLine(i.pattern)}\` (${i.severity}) in ${oneLine(i.source)}`,
    })),
    ...record.anomalies.map((a) => ({ at, text: `anomaly \`${a.rule}\` (${a.severity}) → ${a.action}` })),
  ];
}

function runEntries(record: ExecutionRecord): Entry[] {
  const start = Date.parse(record.timestamp);
  const out: Entry[] = [{ at: start, text: `execution \`${record.id}\` started (${record.intent})` }];
  let t = start;
  for (const c of record.commands_run) {
    out.push({
      at: t,
      text: `step \`${c.step}\`: exit ${c.exit_code ?? 'none'} after ${c.duration}${c.timed_out ? ' (timed out)' : ''}`,
    });
    t += seconds(c.duration) * 1000;
  }
  for (const c of record.checks) {
    out.push({ at: t, text: `check \`${c.name}\`: ${c.result} after ${c.duration}` });
    t += seconds(c.duration) * 1000;
  }
  const end = endedAt(record);
  out.push(...findings(record, end));
  out.push({ at: end, text: `finished: **${record.status}** after ${record.duration}` });
  return out;
}

function bakeEntries(record: ExecutionRecord, o: NonNullable<ExecutionRecord['observation']>): Entry[] {
  const ms = Math.max(0, Date.parse(o.ended) - Date.parse(o.started));
  const ended = Date.parse(o.ended);
  return [
    {
      at: Date.parse(o.started),
      text: `bake \`${record.id}\` of execution \`${record.observation_of}\` started (${record.intent}, for ${o.for} every ${o.interval})`,
    },
    ...o.first_seen.map((f) => ({
      at: Date.parse(f.at),
      text: `\`${oneLine(f.what)}\` (${f.severity}) first seen, ${f.after_run} after the run ended`,
    })),
    ...findings(record, ended),
    {
      at: ended,
      text: `bake ended: **${record.status}** after ${formatSeconds(Number.isNaN(ms) ? 0 : ms)} (${o.samples.length} of ${o.expected_samples} snapshots)`,
    },
  ];
}

/** `## Timeline (UTC)` and one line per event, each starting with its time; the day when it changes. */
export function timelineMarkdown(record: ExecutionRecord): string {
  const entries =
    record.observation_of && record.observation
      ? bakeEntries(record, record.observation)
      : runEntries(record);
  const first = entries[0]?.at ?? 0;
  const day = (ms: number) => (Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10));
  const lines = entries.map((e) => {
    if (Number.isNaN(e.at)) return `- ??:??:?? — ${e.text}`;
    const iso = new Date(e.at).toISOString();
    const time = day(e.at) === day(first) ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    return `- ${time} — ${e.text}`;
  });
  return [`## Timeline (UTC, ${day(first) || 'unknown day'})`, ...lines].join('\n');
}
