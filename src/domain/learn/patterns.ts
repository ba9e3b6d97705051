import { draftFingerprint } from '../incidents/incident-draft.js';
import type { ManualNote } from '../incidents/incident-filing.js';
import { sha256 } from '../records/record.js';
import { durationSeconds } from '../schemas/common.js';
import type { LearningTrigger } from '../schemas/learning.js';
import { generalize, mentions, noteCommands } from './commands.js';
import type { AnomalyFact, Evidence, ExecutionFact, Finding, Occurrence } from './types.js';

// The seed's three triggers, counted over each trigger's window. A trigger fires exactly when its
// count reaches the threshold: distinct executions for anomalies and manual steps, distinct
// incidents (each time one happened) for manual fixes; never comments, which anyone can repeat.

export interface PatternContext {
  now: Date;
  /** Overrides every trigger's window (the CLI's --since). */
  windowS?: number;
  /** The param naming an intent's target (`app`), for generalizing manual commands. */
  targetParam: (intent: string | null) => string | undefined;
}

const windowStart = (t: LearningTrigger, ctx: PatternContext) =>
  new Date(ctx.now.getTime() - (ctx.windowS ?? durationSeconds(t.window)) * 1000).toISOString();

const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);

export function findPatterns(
  triggers: readonly LearningTrigger[],
  evidence: Evidence,
  ctx: PatternContext,
): Finding[] {
  const out: Finding[] = [];
  for (const t of triggers) {
    const from = windowStart(t, ctx);
    const to = ctx.now.toISOString();
    const inWindow = <T extends { at: string }>(xs: readonly T[]) =>
      xs.filter((x) => x.at >= from && x.at <= to);
    // An agent's track record is read from the delivery metrics, not counted here (suggest-autonomy.ts).
    if (t.pattern === 'agent_track_record') continue;
    const found =
      t.pattern === 'repeated_anomaly'
        ? repeatedAnomalies(t, inWindow(evidence.anomalies))
        : repeatedNotes(t, inWindow(evidence.notes), evidence.anomalies, evidence.executions, ctx);
    out.push(...found.filter((f) => f.occurrences.length >= t.threshold));
  }
  return out;
}

function repeatedAnomalies(t: LearningTrigger, anomalies: readonly AnomalyFact[]): Finding[] {
  const groups = new Map<string, Map<string, AnomalyFact>>();
  for (const a of anomalies) {
    const key = `${a.intent}\u0000${a.rule}`;
    const byExecution = groups.get(key) ?? new Map<string, AnomalyFact>();
    // The record and the anomaly log both name it: one execution counts once.
    const seen = byExecution.get(a.execution);
    byExecution.set(a.execution, seen ? { ...a, ...seen } : a);
    groups.set(key, byExecution);
  }
  return [...groups.values()].map((byExecution) => {
    const list = [...byExecution.values()].sort(byTime);
    const first = list[0] as AnomalyFact;
    return {
      trigger: t,
      key: `anomaly-${first.intent}-${first.rule.replace(/_/g, '-')}`,
      intent: first.intent,
      rule: first.rule,
      occurrences: list.map(anomalyOccurrence),
    };
  });
}

function anomalyOccurrence(a: AnomalyFact): Occurrence {
  return {
    at: a.at,
    execution: a.execution,
    ...(a.recordPath ? { recordPath: a.recordPath } : {}),
    ...(a.target ? { target: a.target } : {}),
    ...(a.incident ? { incident: a.incident } : {}),
    inputs: a.inputs,
  };
}

/** Manual fixes (any intent) or manual steps (per intent), grouped by their generalized commands. */
function repeatedNotes(
  t: LearningTrigger,
  notes: readonly ManualNote[],
  anomalies: readonly AnomalyFact[],
  executions: readonly ExecutionFact[],
  ctx: PatternContext,
): Finding[] {
  const kind = t.pattern === 'repeated_manual_fix' ? 'manual_fix' : 'manual_step';
  const targetOfFingerprint = new Map<string, string>();
  // Every name the history shows an intent acting on, and the intent that last did.
  const intentOfTarget = new Map<string, string>();
  for (const e of executions) if (e.target) intentOfTarget.set(e.target, e.intent);
  for (const a of anomalies) {
    if (!a.target) continue;
    intentOfTarget.set(a.target, a.intent);
    targetOfFingerprint.set(draftFingerprint(a.intent, a.rule, a.target, a.environment), a.target);
  }
  const allTargets = [...intentOfTarget.keys()];
  const runOf = noteRuns(anomalies, executions);
  const groups = new Map<string, { finding: Finding; counted: Set<string> }>();
  for (const n of notes) {
    if (n.kind !== kind || (kind === 'manual_step' && !n.intent)) continue;
    const own = n.fingerprint ? targetOfFingerprint.get(n.fingerprint) : undefined;
    const raw = noteCommands(n.text);
    const named = own ? [own] : allTargets.filter((t) => raw.some((c) => mentions(c, t)));
    // A step can only use the param its intent declares; a new intent takes the param name of the
    // intent that acts on the same target (`app`), else `target`.
    const param =
      kind === 'manual_step'
        ? ctx.targetParam(n.intent)
        : (ctx.targetParam(n.intent ?? intentOfTarget.get(named[0] ?? '') ?? null) ?? 'target');
    const commands = raw.map((c) => (param ? generalize(c, named, param) : c));
    if (commands.length === 0) continue;
    const scope = kind === 'manual_step' ? `${n.intent}\u0000` : '';
    const hash = sha256(scope + commands.join('\n')).slice(7, 15);
    const key = kind === 'manual_fix' ? `fix-${hash}` : `step-${n.intent}-${hash}`;
    const g = groups.get(key) ?? {
      finding: {
        trigger: t,
        key,
        intent: kind === 'manual_step' ? n.intent : null,
        commands,
        ...(param ? { param } : {}),
        occurrences: [],
      } as Finding,
      counted: new Set<string>(),
    };
    // The target the note is about: its incident's, else the one name its commands mention.
    const target = own ?? (named.length === 1 ? named[0] : undefined);
    const run = runOf(n, target);
    // A GitHub incident is its issue; a local one (issue 0) its draft's fingerprint.
    const incident = n.issue ? `#${n.issue}` : n.fingerprint ? `fp ${n.fingerprint}` : `note ${n.comment}`;
    // A fix counts once per time its incident happened (the run it followed); a step once per run.
    const counted =
      kind === 'manual_fix' ? `${incident}\u0000${run?.id ?? ''}` : run ? `run ${run.id}` : incident;
    if (g.counted.has(counted)) continue; // the same work noted again, or a re-delivered note
    g.counted.add(counted);
    g.finding.occurrences.push({
      at: n.at,
      issue: n.issue,
      comment: n.comment,
      by: n.by,
      ...(run ? { execution: run.id, ...(run.path ? { recordPath: run.path } : {}) } : {}),
      ...(target ? { target } : {}),
    });
    // A fix names the intent it was done after when all its notes agree.
    if (kind === 'manual_fix' && g.finding.occurrences.length === 1) g.finding.intent = n.intent;
    else if (kind === 'manual_fix' && g.finding.intent !== n.intent) g.finding.intent = null;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g.finding, occurrences: g.finding.occurrences.sort(byTime) }));
}

/**
 * The run a note followed: the latest one at or before it where its incident fired, else (a note
 * on no known incident) the latest run of its intent on its target.
 */
function noteRuns(
  anomalies: readonly AnomalyFact[],
  executions: readonly ExecutionFact[],
): (n: ManualNote, target: string | undefined) => ExecutionFact | undefined {
  const byId = new Map(executions.map((e) => [e.id, e]));
  const add = (m: Map<string, ExecutionFact[]>, key: string, run: ExecutionFact) => {
    const list = m.get(key);
    if (list) list.push(run);
    else m.set(key, [run]);
  };
  const byIncident = new Map<string, ExecutionFact[]>();
  for (const a of anomalies) {
    const run = byId.get(a.execution) ?? { id: a.execution, at: a.at, intent: a.intent, status: '' };
    add(byIncident, draftFingerprint(a.intent, a.rule, a.target, a.environment), run);
  }
  const byTarget = new Map<string, ExecutionFact[]>();
  for (const e of executions) if (e.target && !e.rollbackOf) add(byTarget, `${e.intent}\u0000${e.target}`, e);
  const latest = (runs: readonly ExecutionFact[] | undefined, at: string) =>
    runs
      ?.filter((r) => r.at <= at)
      .sort(byTime)
      .at(-1);
  return (n, target) =>
    (n.fingerprint ? latest(byIncident.get(n.fingerprint), n.at) : undefined) ??
    (n.intent && target ? latest(byTarget.get(`${n.intent}\u0000${target}`), n.at) : undefined);
}
