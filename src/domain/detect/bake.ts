import { type PodState, podIndicators } from '../observe/kube-state.js';
import { type FailureIndicator, findIndicators } from '../observe/outcome-match.js';
import type { BakeSample, FirstSeen, IndicatorSeen, Observation, Snapshot } from '../schemas/record.js';

// The bake: after a run passed, the same indicators and rules are judged again at each interval.
// Pure: the app takes the snapshots, this says what they mean. A verdict is never a silent pass:
// a provider that could not be read, or a rule without its data, makes it inconclusive.

export type BakeVerdict = Observation['verdict'];

/** "7 m 40 s", "12 s", "1 h 3 m": how long after the run ended something appeared. */
export function formatAfter(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} m` : '', s || (!h && !m) ? `${s} s` : ''];
  return parts.filter(Boolean).join(' ');
}

function podsOf(snapshot: Snapshot | null): PodState[] {
  const k = snapshot?.kubernetes as { pods?: PodState[] } | undefined;
  return Array.isArray(k?.pods) ? k.pods : [];
}

function indicatorKey(i: Pick<IndicatorSeen, 'pattern' | 'source'>): string {
  return `${i.pattern}@${i.source}`;
}

/** One indicator as a container shows it, with what tells this occurrence from an earlier one. */
interface Occurrence {
  seen: IndicatorSeen;
  /** When the termination finished (the API's finishedAt); a waiting state has none. */
  at?: string;
  /** The container's restartCount: it rises each time the container is terminated and restarted. */
  restarts: number;
}

function occurrences(snapshot: Snapshot | null, indicators: readonly FailureIndicator[]): Occurrence[] {
  const pods = podsOf(snapshot);
  const restarts = new Map(pods.flatMap((p) => p.containers.map((c) => [`${p.name}/${c.name}`, c.restarts])));
  return podIndicators(pods).flatMap((p) =>
    findIndicators(p.reason, indicators).map((h) => ({
      seen: {
        pattern: h.pattern,
        severity: h.severity,
        source: `kubernetes:${p.pod}/${p.container}`,
        line: `${p.where}: ${p.reason}${p.at ? ` (finished ${p.at})` : ''}`,
      },
      ...(p.at ? { at: p.at } : {}),
      restarts: restarts.get(`${p.pod}/${p.container}`) ?? 0,
    })),
  );
}

function newestAt(list: readonly Occurrence[]): number | undefined {
  const times = list.flatMap((o) => (o.at ? [Date.parse(o.at)] : []));
  return times.length ? Math.max(...times) : undefined;
}

/**
 * Whether an occurrence is newer than what the baseline held for the same pattern in the same
 * container: a later finishedAt (both are the kubelet's clock), or, when a time is missing, a higher
 * restart count. The same pattern alone is not enough: an OOMKill from three days ago in lastState
 * must not hide one that happens during the bake.
 */
function isNewer(o: Occurrence, before: readonly Occurrence[]): boolean {
  if (before.length === 0) return true;
  const at = o.at ? Date.parse(o.at) : undefined;
  const was = newestAt(before);
  if (at !== undefined && was !== undefined) return at > was;
  return o.restarts > Math.max(...before.map((b) => b.restarts));
}

/**
 * The failure indicators a snapshot's pods show, as `kubernetes:<pod>/<container>` sources, that are
 * new since the run's own after-snapshot: not shown there, or shown there by an earlier occurrence
 * (see isNewer). Where the after-snapshot did not hold the container (no snapshot, or a pod that
 * came later), a termination that finished before `since` (the run's end) is history.
 */
export function bakeIndicators(
  snapshot: Snapshot | null,
  baseline: Snapshot | null,
  indicators: readonly FailureIndicator[],
  since?: Date,
): IndicatorSeen[] {
  const before = occurrences(baseline, indicators);
  const held = new Set(
    podsOf(baseline).flatMap((p) => p.containers.map((c) => `kubernetes:${p.name}/${c.name}`)),
  );
  const out = new Map<string, IndicatorSeen>();
  for (const o of occurrences(snapshot, indicators)) {
    const key = indicatorKey(o.seen);
    if (out.has(key)) continue;
    if (!held.has(o.seen.source) && since && o.at && Date.parse(o.at) < since.getTime()) continue;
    if (
      isNewer(
        o,
        before.filter((b) => indicatorKey(b.seen) === key),
      )
    )
      out.set(key, o.seen);
  }
  return [...out.values()];
}

/**
 * When the bake looks, in ms after it started: at every interval, and the last look at the end of
 * the window even where the interval does not divide it (`for: 40s, interval: 3s`: 3, 6, … 39 and
 * 40 s), so the whole window is watched.
 */
export function bakeSchedule(forMs: number, intervalMs: number): number[] {
  const end = Math.max(0, forMs);
  if (!(intervalMs > 0)) return [end];
  const out: number[] = [];
  for (let at = intervalMs; at < end; at += intervalMs) out.push(at);
  out.push(end);
  return out;
}

/** When each anomaly and indicator first showed, relative to the end of the run. */
export function firstSeen(samples: readonly BakeSample[], runEnded: Date): FirstSeen[] {
  const out = new Map<string, FirstSeen>();
  const note = (what: string, severity: FirstSeen['severity'], at: string) => {
    if (out.has(what)) return;
    const ms = Math.max(0, Math.round(new Date(at).getTime() - runEnded.getTime()));
    out.set(what, { what, severity, at, after_run: formatAfter(ms), after_run_ms: ms });
  };
  for (const s of samples) {
    for (const i of s.indicators) note(`indicator:${indicatorKey(i)}`, i.severity, s.at);
    for (const a of s.anomalies) note(`rule:${a.rule}`, a.severity, s.at);
    for (const c of s.checks ?? []) if (c.result === 'fail') note(`check:${c.name}`, 'P2', s.at);
  }
  return [...out.values()];
}

/**
 * pass only when every interval was seen whole and nothing failing appeared; fail as soon as a P1
 * indicator or an incident-drafting anomaly shows (it outranks missing data); superseded when a newer
 * execution for the target ended the bake early with nothing failing, cancelled when someone stopped
 * it (Ctrl-C, a cancelled workflow run).
 */
export function bakeVerdict(
  samples: readonly BakeSample[],
  opts: { stopped?: 'superseded' | 'cancelled'; expected: number },
): { verdict: BakeVerdict; reason: string } {
  for (const s of samples) {
    const p1 = s.indicators.find((i) => i.severity === 'P1');
    if (p1) return { verdict: 'fail', reason: `P1 failure indicator '${p1.pattern}' in ${p1.source}` };
    // Only anomalies that draft an incident fail the bake; warnings are recorded.
    const bad = s.anomalies.find((a) => a.action === 'create_incident_draft');
    if (bad) return { verdict: 'fail', reason: `anomaly rule '${bad.rule}' (${bad.severity}) fired` };
    const check = s.checks?.find((c) => c.result === 'fail');
    if (check) return { verdict: 'fail', reason: `check '${check.name}' failed: ${check.output}` };
  }
  if (opts.stopped === 'superseded')
    return { verdict: 'superseded', reason: 'a newer execution for the target ended the bake' };
  if (opts.stopped === 'cancelled')
    return {
      verdict: 'cancelled',
      reason: `the bake was cancelled (SIGINT/SIGTERM) after ${samples.length} of ${opts.expected} snapshots`,
    };
  if (samples.length === 0)
    return { verdict: 'inconclusive', reason: 'no snapshot was taken during the bake' };
  const missing = samples.flatMap((s) => [
    ...(s.checks ?? []).filter((c) => c.result === 'unavailable').map((c) => `check:${c.name}: ${c.output}`),
    ...(s.snapshot?.unavailable ?? []).map((u) => `${u.source}: ${u.reason}`),
  ]);
  if (missing.length)
    return {
      verdict: 'inconclusive',
      reason: `data missing: ${[...new Set(missing)].slice(0, 3).join('; ')}`,
    };
  const notEvaluated = samples.flatMap((s) => s.not_evaluated ?? []);
  if (notEvaluated.length)
    return {
      verdict: 'inconclusive',
      reason: `rules without their data: ${[...new Set(notEvaluated)].join(', ')}`,
    };
  if (samples.length < opts.expected)
    return {
      verdict: 'inconclusive',
      reason: `${samples.length} of ${opts.expected} snapshots taken: the bake ended early`,
    };
  return { verdict: 'pass', reason: `${samples.length} snapshots, nothing failing` };
}

/** The follow-up record's status: what an auditor filters on. */
export function statusOfVerdict(v: BakeVerdict): 'success' | 'failed' | 'inconclusive' | 'cancelled' {
  return v === 'pass'
    ? 'success'
    : v === 'fail'
      ? 'failed'
      : v === 'superseded' || v === 'cancelled'
        ? 'cancelled'
        : 'inconclusive';
}

/** "baking: 4 of 10 min, no anomalies so far" — for the PR comment and the job summary. */
export function bakeProgress(o: { elapsedMs: number; forMs: number; anomalies: number }): string {
  const unit = o.forMs >= 120_000 ? 60_000 : 1000;
  const name = unit === 60_000 ? 'min' : 's';
  const done = Math.floor(o.elapsedMs / unit);
  const total = Math.round(o.forMs / unit);
  const so =
    o.anomalies === 0
      ? 'no anomalies so far'
      : `${o.anomalies} anomal${o.anomalies === 1 ? 'y' : 'ies'} so far`;
  return `baking: ${Math.min(done, total)} of ${total} ${name}, ${so}`;
}
