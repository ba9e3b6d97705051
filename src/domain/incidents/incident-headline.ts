import { oneLine } from '../bot/bot-markers.js';
import { targetOf } from '../request/target.js';
import { durationSeconds } from '../schemas/common.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord, Snapshot } from '../schemas/record.js';

// The first screen of an incident (issue 31, item 7): an on-call engineer reads what happened, to
// what, at which version, since when, how bad, whether it still fails and what to do next — before
// any evidence. Then the signals as one before → after table and the anomalies as rows.

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
type Severity = (typeof SEVERITIES)[number];

/** The anomalies an incident is about: every create_incident_draft anomaly of the run, `first` first. */
export function incidentAnomalies(record: ExecutionRecord, first?: Anomaly): Anomaly[] {
  const drafts = record.anomalies.filter((a) => a.action === 'create_incident_draft');
  if (!first) return drafts;
  return [first, ...drafts.filter((a) => a.rule !== first.rule)];
}

/** The worst of the anomalies' severities and of the failure indicators seen: a P1 indicator makes a P1. */
export function incidentSeverity(record: ExecutionRecord, anomalies: readonly Anomaly[]): Severity {
  const all = [...anomalies.map((a) => a.severity), ...record.failure_indicators.map((i) => i.severity)];
  return SEVERITIES.find((s) => all.includes(s)) ?? 'P4';
}

/** Params that name a version, in order of preference. */
const VERSION_PARAMS = ['version', 'tag', 'image', 'chart_version', 'revision', 'ref'];

function versionOf(params: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of VERSION_PARAMS) {
    const v = params[key];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return undefined;
}

/** `2026-03-04 09:12 UTC`: the zone always said, seconds only where a timeline needs them. */
export function utcMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `09:12:04`, for timeline lines under a heading that names the day and the zone. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** When the run (or, for a bake, the bake) ended, in ms; the record's timestamp is its start. */
export function endedAt(record: ExecutionRecord): number {
  if (record.observation_of && record.observation) return Date.parse(record.observation.ended);
  return Date.parse(record.timestamp) + seconds(record.duration) * 1000;
}

export function seconds(d: string | undefined): number {
  try {
    return d ? durationSeconds(d) : 0;
  } catch {
    return 0;
  }
}

/** Still failing, or how it ended: the run's own status (a later rollback is added to the body). */
function stateWord(record: ExecutionRecord): string {
  if (record.observation_of) return record.status === 'failed' ? 'Failing after the deploy' : 'Anomalous';
  return record.status === 'failed' ? 'Failing' : `Anomalous (run ${record.status})`;
}

function howBad(record: ExecutionRecord, anomalies: readonly Anomaly[]): string {
  const failedStep = record.commands_run.find((c) => c.exit_code !== 0 && !c.continue_on_error);
  const failedCheck = record.checks.find((c) => c.result === 'fail' || c.result === 'timeout');
  const p1 = record.failure_indicators
    .filter((i) => i.severity === 'P1')
    .map((i) => `\`${oneLine(i.pattern)}\``);
  return [
    failedStep ? `step \`${failedStep.step}\` failed` : undefined,
    failedCheck
      ? `check \`${failedCheck.name}\` ${failedCheck.result === 'fail' ? 'failed' : 'timed out'}`
      : undefined,
    p1.length ? `P1 indicator ${[...new Set(p1)].join(', ')}` : undefined,
    `${anomalies.length} ${anomalies.length === 1 ? 'anomaly' : 'anomalies'}`,
  ]
    .filter(Boolean)
    .join(', ');
}

export interface HeadlineInput {
  record: ExecutionRecord;
  anomalies: readonly Anomaly[];
  recordRef: string;
}

/** The two lines every incident starts with: severity, state, what and since when; then the next action. */
export function headline(input: HeadlineInput): string[] {
  const { record, anomalies } = input;
  const target = targetOf(record.params);
  const version = versionOf(record.params);
  const env = typeof record.params.environment === 'string' ? ` in ${record.params.environment}` : '';
  const what = `\`${record.intent}\`${target ? ` on \`${target}\`` : ''}${version && version !== target ? ` at \`${version}\`` : ''}${env}`;
  const since = record.observation_of && record.observation ? record.observation.started : record.timestamp;
  const pr = record.approvals?.pr;
  // The execution to undo: a bake's incident is about the run it watched.
  const undo = record.observation_of ?? record.id;
  const revert = pr
    ? `revert #${pr}`
    : `revert the request's commit${record.request.commit ? ` \`${record.request.commit.slice(0, 12)}\`` : ''}`;
  const links = [
    `[record](${input.recordRef})`,
    ...(record.run?.url ? [`[run](${record.run.url})`] : []),
    ...(pr ? [`request #${pr}`] : []),
  ];
  return [
    `**${incidentSeverity(record, anomalies)}** · **${stateWord(record)}** · ${what} since ${utcMinute(since)} · ${howBad(record, anomalies)}`,
    `**Next:** comment \`/rollback ${undo}\` here (people with write access), or ${revert} · ${links.join(' · ')}`,
  ];
}

const SIGNALS: readonly [string, (s: Snapshot) => unknown][] = [
  ['Restarts', (s) => s.pod_restarts],
  ['Errors', (s) => s.error_count],
];

const cell = (v: unknown) => (v === undefined || v === null ? '–' : oneLine(String(v)).replace(/\|/g, '\\|'));

/** Before → after for every signal either snapshot has, one row each; none → no table. */
export function signalsTable(before: Snapshot | null, after: Snapshot | null): string | undefined {
  const b = before ?? {};
  const a = after ?? {};
  const rows: string[] = [];
  for (const [name, get] of SIGNALS) {
    if (get(b) !== undefined || get(a) !== undefined)
      rows.push(`| ${name} | ${cell(get(b))} | ${cell(get(a))} |`);
  }
  const names = [...new Set([...Object.keys(b.metrics ?? {}), ...Object.keys(a.metrics ?? {})])];
  for (const m of names) rows.push(`| ${cell(m)} | ${cell(b.metrics?.[m])} | ${cell(a.metrics?.[m])} |`);
  if (!rows.length) return undefined;
  return ['| Signal | Before | After |', '|---|---:|---:|', ...rows].join('\n');
}

/** Text as an inline code span in a table cell: it cannot format, link or @mention. */
const code = (text: string) => `\`${cell(text).replace(/`/g, "'")}\``;

/** The anomalies as rows: rule, severity, the condition and the values it saw. */
export function anomalyTable(anomalies: readonly Anomaly[]): string {
  const saw = (a: Anomaly) =>
    Object.entries(a.inputs ?? {})
      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
      .join(', ');
  return [
    '| Anomaly | Severity | Condition | Values |',
    '|---|---|---|---|',
    ...anomalies.map(
      (a) =>
        `| \`${cell(a.rule)}\` | ${a.severity} | ${code(a.condition)} | ${saw(a) ? code(saw(a)) : '–'} |`,
    ),
  ].join('\n');
}
