import type { PodState } from '../observe/kube-state.js';
import {
  type AuditProblem,
  type ChainMember,
  DEFAULT_FORK_WINDOW_S,
  rollupMembers,
  verifyChain,
} from '../records/audit.js';
import { recordDigest } from '../records/record.js';
import { replayRecord } from '../records/replay.js';
import { rollupDigest } from '../records/rollup.js';
import { targetOf } from '../request/target.js';
import type { LedgerEntry } from '../schemas/ledger.js';
import type { ExecutionRecord, Snapshot } from '../schemas/record.js';
import type { Rollup, RollupEntry } from '../schemas/rollup.js';
import { endOf } from './facts.js';

// The seed's five success criteria as numbers over a period (issue 29): visibility, detection,
// incident coverage, learning velocity, audit trail. Each row says its value, its threshold, whether
// it passes, and the executions or issues behind a failure. Where the records lack what a measure
// needs, the row says so in a note; nothing missing is ever counted as a pass in silence.
// Pure: the records, rollups, incident issues and the learning ledger come in, the rows go out.

export type Criterion = 'visibility' | 'detection' | 'incident_coverage' | 'learning_velocity' | 'audit';

export const CRITERIA: readonly Criterion[] = [
  'visibility',
  'detection',
  'incident_coverage',
  'learning_velocity',
  'audit',
];

/** An execution, issue or suggestion behind a failing row, with why it counts against it. */
export interface Behind {
  id: string;
  why: string;
}

export interface ScoreRow {
  criterion: Criterion;
  /** The seed's words. */
  seed: string;
  /** null: nothing to measure in the period (said in `detail`), never a zero or a 100 % in disguise. */
  value: number | null;
  /** share: 0…1; seconds; days. */
  unit: 'share' | 'seconds' | 'days';
  threshold: number;
  /** min: value ≥ threshold passes; max: value ≤ threshold passes. */
  bound: 'min' | 'max';
  pass: boolean;
  /** The measure in a sentence: "40 of 41 executions", "p50 1 m, p95 4 m, max 6 m over 12 flags". */
  detail: string;
  /** What the records could not tell, and how it was counted. */
  notes: string[];
  behind: Behind[];
}

/** An issue carrying an incident label, as the listing shows it. */
export interface IncidentIssueFact {
  number: number;
  url: string;
  title: string;
  /** The bot opened it (its fingerprint marker is in the body). */
  bot: boolean;
  /** The bot offered its context in a comment (the context label is set). */
  context: boolean;
  createdAt: string;
}

export interface ScorecardInput {
  since: Date;
  until: Date;
  /** Every live record read, as recordFacts gives it (the whole chain; the rows keep the period's). */
  records: readonly RecordFacts[];
  /** Files under executions/ that are not readable records: committed, but no report row, no replay. */
  unreadable: readonly { path: string; reason: string }[];
  /** The rollup files (what prune kept of records past the retention). */
  rollups: readonly ({ path: string; rollup: Rollup } | { path: string; error: string })[];
  /**
   * The issues carrying an incident label; or, without GitHub, the incident documents under
   * incidents/ (`files`, with why); or why neither could be read.
   */
  issues:
    | readonly IncidentIssueFact[]
    | { files: readonly IncidentIssueFact[]; why: string }
    | { unavailable: string };
  /** learning/ledger.yaml's suggestions. */
  ledger: readonly LedgerEntry[];
  forkWindowS?: number;
}

/**
 * What the scorecard needs of one record, computed once from its content (a record is written
 * once, never rewritten: the app keeps these by the hash of the file's text, so a record read
 * before costs no parse, digest or replay). Plain JSON.
 */
export interface RecordFacts {
  path: string;
  id: string;
  timestamp: string;
  durationS: number;
  digest: string;
  prev_digest: string | null;
  /** The digest recomputed from the content. */
  computed: string;
  target: string | null;
  observation_of?: string;
  /** A request's own execution: not a bake's follow-up, a rollback or a retry. */
  settles: boolean;
  /** Where it was written: github (its run wrote a job summary), local, or null (not said). */
  origin: 'github' | 'local' | null;
  flags: Flag[];
  /** Flags dated by the run's end: the record keeps no pod time for them. */
  runEndFlags: number;
  replay: { firedOnly: boolean; difference?: string };
}

export function recordFacts(r: ExecutionRecord, path = recordPathOf(r)): RecordFacts {
  const counts = { runEnd: 0 };
  const flags = flagsOf(r, counts);
  let replay: RecordFacts['replay'];
  try {
    const o = replayRecord(r);
    replay = {
      firedOnly: o.rulesSource === 'fired-only',
      ...(o.differences.length ? { difference: `replay differs: ${o.differences[0]}` } : {}),
    };
  } catch (err) {
    replay = { firedOnly: false, difference: `does not replay: ${(err as Error).message}` };
  }
  const x = r as ExecutionRecord & { rollback_of?: string };
  return {
    path,
    id: r.id,
    timestamp: r.timestamp,
    durationS: (endOf(r) - Date.parse(r.timestamp)) / 1000,
    digest: r.digest,
    prev_digest: r.prev_digest,
    computed: recordDigest(r),
    target: targetOf(r.params ?? {}) ?? null,
    ...(r.observation_of ? { observation_of: r.observation_of } : {}),
    settles: !x.observation_of && !x.rollback_of && !x.retry_of,
    origin: r.origin?.kind === 'local' ? 'local' : r.origin?.kind === 'github' || r.run ? 'github' : null,
    flags,
    runEndFlags: counts.runEnd,
    replay,
  };
}

const recordPathOf = (r: Pick<ExecutionRecord, 'id' | 'timestamp'>) =>
  `executions/${r.timestamp.slice(0, 10)}/${r.id}.yaml`;

export const DETECTION_LIMIT_S = 300;
export const LEARNING_LIMIT_DAYS = 7;
export const COVERAGE_MIN = 0.8;

const DAY_MS = 86_400_000;
const MAX_BEHIND = 50;

const seed: Record<Criterion, string> = {
  visibility: 'Can see outcome of every intent execution',
  detection: 'Flags unexpected behavior within 5 minutes',
  incident_coverage: '80%+ of incidents have auto-populated context',
  learning_velocity: 'Suggestions lead to policy updates within 1 week',
  audit: 'Can replay any execution from logs',
};

function row(
  criterion: Criterion,
  r: Omit<ScoreRow, 'criterion' | 'seed' | 'pass' | 'behind'> & { behind: Behind[]; pass?: boolean },
): ScoreRow {
  const pass =
    r.pass ?? (r.value === null ? true : r.bound === 'min' ? r.value >= r.threshold : r.value <= r.threshold);
  return { criterion, seed: seed[criterion], ...r, pass, behind: pass ? [] : r.behind.slice(0, MAX_BEHIND) };
}

const inPeriod = (t: number, since: number, until: number) => t >= since && t < until;

export function scorecard(input: ScorecardInput): ScoreRow[] {
  const since = input.since.getTime();
  const until = input.until.getTime();
  const period = input.records.filter((r) => inPeriod(Date.parse(r.timestamp), since, until));
  const pruned = prunedIn(input.rollups, since, until);
  return [
    visibilityRow(period, input.unreadable, pruned),
    detectionRow(period, pruned),
    coverageRow(input.issues, since, until),
    learningRow(input.ledger, since, until),
    auditRow(input, period, pruned),
  ];
}

/** Rollup entries of the period whose record is no longer in the tree (see readRollups). */
function prunedIn(rollups: ScorecardInput['rollups'], since: number, until: number) {
  const out: (RollupEntry & { rollupPath: string })[] = [];
  const seen = new Set<string>();
  for (const f of rollups) {
    if ('error' in f) continue;
    for (const e of f.rollup.records) {
      if (seen.has(e.id) || !inPeriod(Date.parse(e.timestamp), since, until)) continue;
      seen.add(e.id);
      out.push({ ...e, rollupPath: f.path });
    }
  }
  return out;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

// --- Visibility: executions with a committed record, a job summary and a report row ÷ merged requests.

function visibilityRow(
  records: readonly RecordFacts[],
  unreadable: ScorecardInput['unreadable'],
  pruned: readonly RollupEntry[],
): ScoreRow {
  const behind: Behind[] = [];
  const notes: string[] = [];
  let merged = 0;
  let seen = 0;
  let local = 0;
  let unknownOrigin = 0;
  for (const r of records) {
    if (!r.settles) continue;
    if (r.origin === 'local') {
      local++;
      continue;
    }
    merged++;
    // The action writes the job summary of the run that wrote the record (origin github, run).
    if (r.origin === 'github') seen++;
    else {
      unknownOrigin++;
      behind.push({ id: r.id, why: 'the record does not say which run wrote it: no job summary known' });
    }
  }
  // A file under executions/ that is no record: committed, but the report has no row for it.
  for (const u of unreadable) {
    merged++;
    behind.push({ id: u.path, why: `no report row: ${u.reason}` });
  }
  // A rollup entry does not say whether it was a follow-up: one request, however many runs it had.
  const prunedRequests = new Set(pruned.flatMap((e) => (e.request ? [e.request] : []))).size;
  if (prunedRequests) {
    merged += prunedRequests;
    seen += prunedRequests;
    notes.push(
      `${prunedRequests} execution(s) pruned into rollups: counted as seen by their committed record (their job summary and report row are not kept)`,
    );
  }
  if (unknownOrigin)
    notes.push(
      `${unknownOrigin} record(s) say neither where nor by which run they were written (no origin, no run; older records lack both): counted as not seen (no job summary known)`,
    );
  if (local)
    notes.push(
      `${local} local run(s) (intentops run outside the pipeline) are not merged requests: left out`,
    );
  notes.push('a merged request that has no record yet is settled by the next reconcile, then counted');
  return row('visibility', {
    value: merged ? seen / merged : null,
    unit: 'share',
    threshold: 1,
    bound: 'min',
    detail: merged
      ? `${seen} of ${merged} merged request(s) have a committed record, a job summary and a report row (${pct(seen / merged)})`
      : 'no merged request in the period',
    notes,
    behind,
  });
}

// --- Detection: per anomaly and failed bake, the state first showing → the flag.

export interface Flag {
  execution: string;
  what: string;
  onset: number;
  flag: number;
}

function podTimes(s: Snapshot | null | undefined): number[] {
  const pods = (s?.kubernetes as { pods?: PodState[] } | undefined)?.pods;
  if (!Array.isArray(pods)) return [];
  return pods.flatMap((p) =>
    (Array.isArray(p.containers) ? p.containers : []).flatMap((c) =>
      [c.terminatedAt, c.lastTerminatedAt]
        .filter((t): t is string => typeof t === 'string')
        .map((t) => Date.parse(t))
        .filter(Number.isFinite),
    ),
  );
}

/** The earliest pod time in [from, to], when the snapshot holds one: the state's own clock. */
function podOnset(s: Snapshot | null | undefined, from: number, to: number): number | undefined {
  const times = podTimes(s).filter((t) => t >= from && t <= to);
  return times.length ? Math.min(...times) : undefined;
}

function flagsOf(r: ExecutionRecord, counts: { runEnd: number }): Flag[] {
  const out: Flag[] = [];
  const o = r.observation;
  if (r.observation_of && o) {
    const start = Date.parse(o.started);
    const onsets: number[] = [];
    for (const f of o.first_seen) {
      const at = Date.parse(f.at);
      const sample = o.samples.find((s) => s.at === f.at);
      const onset = podOnset(sample?.snapshot, start, at) ?? at;
      onsets.push(onset);
      if (f.what.startsWith('rule:'))
        out.push({ execution: r.observation_of, what: f.what, onset, flag: at });
    }
    if (o.verdict === 'fail' && onsets.length)
      out.push({
        execution: r.observation_of,
        what: `bake failed: ${o.reason}`,
        onset: Math.min(...onsets),
        flag: Date.parse(o.ended),
      });
    return out;
  }
  if (!r.anomalies.length) return out;
  const end = endOf(r);
  const pod = podOnset(r.after, Date.parse(r.timestamp), end);
  if (pod === undefined) counts.runEnd += r.anomalies.length;
  for (const a of r.anomalies)
    out.push({ execution: r.id, what: `rule:${a.rule}`, onset: pod ?? end, flag: end });
  return out;
}

/** Nearest rank: the smallest value with at least q of the values at or below it. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}

function spanS(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} m`;
}

function detectionRow(records: readonly RecordFacts[], pruned: readonly RollupEntry[]): ScoreRow {
  const counts = { runEnd: records.reduce((n, r) => n + r.runEndFlags, 0) };
  const flags = records.flatMap((r) => r.flags);
  const lat = flags.map((f) => ({ ...f, s: Math.max(0, (f.flag - f.onset) / 1000) }));
  const sorted = lat.map((f) => f.s).sort((a, b) => a - b);
  const notes: string[] = [];
  if (counts.runEnd)
    notes.push(
      `${counts.runEnd} run anomal(ies) without a pod time: dated by the after snapshot, taken at the run's end (the record keeps no time of its own for it)`,
    );
  const prunedFlags = pruned.reduce((n, e) => n + e.anomalies.length, 0);
  if (prunedFlags)
    notes.push(`${prunedFlags} anomal(ies) in pruned records (rollups) keep no times: not measured`);
  const p95 = sorted.length ? quantile(sorted, 0.95) : null;
  return row('detection', {
    value: p95,
    unit: 'seconds',
    threshold: DETECTION_LIMIT_S,
    bound: 'max',
    detail: sorted.length
      ? `p50 ${spanS(quantile(sorted, 0.5))}, p95 ${spanS(p95 as number)}, max ${spanS(sorted.at(-1) as number)} over ${sorted.length} flag(s) (anomalies and failed bakes)`
      : 'no anomaly or failed bake in the period',
    notes,
    behind: lat
      .filter((f) => f.s > DETECTION_LIMIT_S)
      .sort((a, b) => b.s - a.s)
      .map((f) => ({ id: f.execution, why: `${f.what}: flagged ${spanS(f.s)} after it showed` })),
  });
}

// --- Incident coverage: issues whose context the bot filled ÷ every issue with an incident label.

function coverageRow(issues: ScorecardInput['issues'], since: number, until: number): ScoreRow {
  if ('unavailable' in issues) {
    return row('incident_coverage', {
      value: null,
      unit: 'share',
      threshold: COVERAGE_MIN,
      bound: 'min',
      pass: false,
      detail: `incident issues not read: ${issues.unavailable}`,
      notes: ['not measured: this row needs the incident issues'],
      behind: [],
    });
  }
  const files = 'files' in issues;
  const all: readonly IncidentIssueFact[] =
    'files' in issues ? issues.files : (issues as readonly IncidentIssueFact[]);
  const what = files ? 'incident document(s)' : 'incident issue(s)';
  const list = all.filter((i) => inPeriod(Date.parse(i.createdAt), since, until));
  const filled = list.filter((i) => i.bot || i.context);
  const byHand = list.filter((i) => !i.bot);
  const offered = byHand.filter((i) => i.context).length;
  const notes: string[] = [];
  if ('files' in issues)
    notes.push(
      `${issues.why}: the incident documents under incidents/drafts and incidents/filed are counted instead`,
    );
  if (byHand.length - offered)
    notes.push(
      `${byHand.length - offered} ${what} written by hand name no execution or target the records know: no context to offer`,
    );
  return row('incident_coverage', {
    value: list.length ? filled.length / list.length : null,
    unit: 'share',
    threshold: COVERAGE_MIN,
    bound: 'min',
    detail: list.length
      ? `${filled.length} of ${list.length} ${what} have the bot's context (${pct(filled.length / list.length)}); ${byHand.length} opened by hand, ${offered} of them given the context in a comment`
      : `no ${what.replace('(s)', '')} opened in the period`,
    notes,
    behind: list
      .filter((i) => !i.bot && !i.context)
      .map((i) => ({
        id: i.url,
        why: `${files ? '' : `#${i.number} `}"${i.title}": opened by hand, no context`,
      })),
  });
}

// --- Learning velocity: per suggestion, first evidence → PR opened → merged or closed.

const round1 = (n: number) => Math.round(n * 10) / 10;

function learningRow(ledger: readonly LedgerEntry[], since: number, until: number): ScoreRow {
  const rounds = ledger.flatMap((e) => [
    ...(e.history ?? []).map((h) => ({ id: e.id, pr: h.pr, ...h })),
    {
      id: e.id,
      state: e.state,
      opened_at: e.opened_at as string | undefined,
      first_evidence: e.first_evidence as string | undefined,
      decided_at: e.decided_at,
      pr: e.pr,
    },
  ]);
  // A round counts in the period its PR was opened in; one still open is judged once 7 days old.
  const mine = rounds.filter((r) => r.opened_at && inPeriod(Date.parse(r.opened_at), since, until));
  const untimed = rounds.filter((r) => !r.opened_at).length;
  const days = (r: (typeof mine)[number]) =>
    ((r.decided_at ? Date.parse(r.decided_at) : until) - Date.parse(r.opened_at as string)) / DAY_MS;
  const judged = mine
    .filter((r) => r.decided_at || days(r) > LEARNING_LIMIT_DAYS)
    .map((r) => ({ ...r, days: days(r) }));
  const merged7 = judged.filter((r) => r.state === 'accepted' && r.days <= LEARNING_LIMIT_DAYS);
  const sorted = judged.map((r) => r.days).sort((a, b) => a - b);
  const waited = judged
    .filter((r) => r.first_evidence)
    .map((r) => (Date.parse(r.opened_at as string) - Date.parse(r.first_evidence as string)) / DAY_MS)
    .sort((a, b) => a - b);
  const median = sorted.length ? quantile(sorted, 0.5) : null;
  const notes: string[] = [];
  if (untimed) notes.push(`${untimed} round(s) written before the ledger kept their opening: not counted`);
  const waiting = mine.length - judged.length;
  if (waiting) notes.push(`${waiting} suggestion PR(s) open for less than 7 days: not judged yet`);
  return row('learning_velocity', {
    value: median === null ? null : round1(median),
    unit: 'days',
    threshold: LEARNING_LIMIT_DAYS,
    bound: 'max',
    detail: judged.length
      ? `suggestion PR opened → merged or closed: median ${round1(median as number)} day(s) over ${judged.length} suggestion(s); ${merged7.length} of ${judged.length} merged within 7 days of opening (${pct(merged7.length / judged.length)}); first evidence → PR opened median ${waited.length ? round1(quantile(waited, 0.5)) : '–'} day(s)`
      : 'no suggestion PR to judge in the period',
    notes,
    behind: judged
      .filter((r) => !merged7.includes(r))
      .sort((a, b) => b.days - a.days)
      .map((r) => ({
        id: r.pr !== undefined ? `${r.id} (PR #${r.pr})` : r.id,
        why:
          r.state === 'accepted'
            ? `merged ${round1(r.days)} days after its PR opened`
            : r.state === 'rejected'
              ? `closed without merging after ${round1(r.days)} days`
              : `open for ${round1(r.days)} days`,
      })),
  });
}

// --- Audit trail: records that verify (digest chain) and replay ÷ records kept (rollups included).

function auditRow(
  input: ScorecardInput,
  period: readonly RecordFacts[],
  pruned: readonly (RollupEntry & { rollupPath: string })[],
): ScoreRow {
  const members: ChainMember[] = [];
  const problems: AuditProblem[] = [];
  for (const r of input.records) {
    members.push({
      path: r.path,
      recordPath: r.path,
      id: r.id,
      timestamp: r.timestamp,
      durationS: r.durationS,
      digest: r.digest,
      prev_digest: r.prev_digest,
      computed: r.computed,
      source: 'record',
    });
  }
  const badRollups = new Set<string>();
  for (const f of input.rollups) {
    if ('error' in f) {
      badRollups.add(f.path);
      continue;
    }
    const { digest: _d, ...rest } = f.rollup;
    if (rollupDigest(rest) !== f.rollup.digest) badRollups.add(f.path);
    members.push(...rollupMembers(f.path, f.rollup.records));
  }
  problems.push(
    ...verifyChain(members, { forkWindowS: input.forkWindowS ?? DEFAULT_FORK_WINDOW_S }).problems,
  );
  const failing = new Map<string, string>();
  const fail = (id: string, why: string) => failing.set(id, failing.get(id) ?? why);
  const idOfPath = new Map(members.map((m) => [m.path, m.id]));
  const periodIds = new Set([...period.map((r) => r.id), ...pruned.map((e) => e.id)]);
  for (const p of problems) {
    const id = idOfPath.get(p.path);
    if (id && periodIds.has(id)) fail(id, `${p.kind}: ${p.message}`);
  }
  for (const e of pruned)
    if (badRollups.has(e.rollupPath)) fail(e.id, `its rollup ${e.rollupPath} does not match its digest`);
  let firedOnly = 0;
  for (const r of period) {
    if (r.replay.firedOnly) firedOnly++;
    if (r.replay.difference) fail(r.id, r.replay.difference);
  }
  for (const u of input.unreadable) fail(u.path, `not a readable record: ${u.reason}`);
  const kept = period.length + pruned.length + input.unreadable.length;
  const good = kept - failing.size;
  const notes: string[] = [];
  if (pruned.length)
    notes.push(
      `${pruned.length} pruned record(s) (rollups): verified by the digest chain; their steps are not kept, so they are not replayed again`,
    );
  if (firedOnly)
    notes.push(`${firedOnly} record(s) name only the rules that fired (written before rules_evaluated)`);
  return row('audit', {
    value: kept ? good / kept : null,
    unit: 'share',
    threshold: 1,
    bound: 'min',
    detail: kept
      ? `${good} of ${kept} record(s) kept verify and replay (${pct(good / kept)})`
      : 'no record in the period',
    notes,
    behind: [...failing].map(([id, why]) => ({ id, why })),
  });
}

/** A row's value as people read it. */
export function valueText(r: Pick<ScoreRow, 'value' | 'unit'>): string {
  if (r.value === null) return '–';
  if (r.unit === 'share') return pct(r.value);
  if (r.unit === 'seconds') return spanS(r.value);
  return `${Math.round(r.value * 10) / 10} d`;
}

export function thresholdText(r: Pick<ScoreRow, 'threshold' | 'unit' | 'bound'>): string {
  return `${r.bound === 'min' ? '≥' : '≤'} ${valueText({ value: r.threshold, unit: r.unit })}`;
}
