import { InputError } from '../../domain/input/errors.js';
import { findPatterns } from '../../domain/learn/patterns.js';
import type { EvidenceTrust, RejectedEvidence } from '../../domain/learn/provenance.js';
import { buildSuggestions } from '../../domain/learn/suggestions.js';
import type { Finding, Skipped, Suggestion } from '../../domain/learn/types.js';
import { targetParamOf } from '../../domain/request/target.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { LearningTrigger } from '../../domain/schemas/learning.js';
import { loadRepo } from '../shared/load-repo.js';
import { problemsAfter } from './check-valid.js';
import { loadEvidence } from './evidence.js';
import type { EvidenceOrigin } from './evidence-origin.js';
import { catalogView } from './to-catalog-view.js';

// The learning use-case up to the suggestions: read the history, find the triggers' patterns, turn
// each into file changes, and keep only those that leave the repository valid. Publishing them (as
// local branches or pull requests) is the caller's next step.

export interface LearnOptions {
  now: Date;
  /** Whose evidence counts: `BOT_ONLY` in the action, `localTrust(dir)` for the CLI and the demo. */
  trust: EvidenceTrust;
  /** Overrides every trigger's window. */
  sinceS?: number;
  /** Skip the validation of each suggestion (the bench measures learning without it). */
  skipValidation?: boolean;
}

export interface LearnResult {
  triggers: LearningTrigger[];
  findings: Finding[];
  suggestions: Suggestion[];
  skipped: Skipped[];
  /** Evidence not counted because a trusted writer did not commit it, with the reason. */
  rejected: RejectedEvidence[];
  counted: { executions: number; anomalies: number; notes: number; rejected: number };
}

/**
 * The agents' track records (agent_track_record triggers), over each trigger's window, from the
 * records a trusted writer committed: a forged record must not buy an agent autonomy.
 */
async function trackRecords(
  repoDir: string,
  triggers: readonly LearningTrigger[],
  since: Date,
  opts: LearnOptions,
  origin: EvidenceOrigin,
  view: ReturnType<typeof catalogView>,
): Promise<(Suggestion | Skipped)[]> {
  const tracking = triggers.filter((t) => t.pattern === 'agent_track_record');
  if (tracking.length === 0) return [];
  const [{ readMetricsInput }, { autonomySuggestions }, { DEFAULT_ATTRIBUTION_WINDOW_MS }] =
    await Promise.all([
      import('../audit/delivery-metrics.js'),
      import('../../domain/learn/suggest-autonomy.js'),
      import('../../domain/metrics/delivery.js'),
    ]);
  // One attribution window further back: a change that ran just before the window is judged in it
  // when its window closes there, and a rollback of it in the window counts against it.
  const from = new Date(since.getTime() - DEFAULT_ATTRIBUTION_WINDOW_MS);
  const input = await readMetricsInput(repoDir, from, { keep: (path) => origin.file(path) === null });
  return tracking.flatMap((t) =>
    autonomySuggestions(
      t,
      {
        ...input,
        since: new Date(opts.now.getTime() - (opts.sinceS ?? durationSeconds(t.window)) * 1000),
        until: opts.now,
      },
      view,
    ),
  );
}

export async function learn(repoDir: string, opts: LearnOptions): Promise<LearnResult> {
  const { catalog, diagnostics } = await loadRepo(repoDir);
  const errors = diagnostics.filter((d) => d.severity === 'error' && !d.file.startsWith('intents/requests/'));
  if (errors.length) throw new InputError(errors);
  const triggers = catalog.learning?.data.learning_triggers ?? [];
  const longest = Math.max(0, ...triggers.map((t) => durationSeconds(t.window)));
  const since = new Date(opts.now.getTime() - (opts.sinceS ?? longest) * 1000);
  const evidence = await loadEvidence(repoDir, since, opts.trust);
  const findings = findPatterns(triggers, evidence, {
    now: opts.now,
    ...(opts.sinceS !== undefined ? { windowS: opts.sinceS } : {}),
    targetParam: (intent) => {
      const params = intent ? catalog.intents.get(intent)?.data.params : undefined;
      return targetParamOf(Object.keys(params ?? {}));
    },
  });
  const view = catalogView(catalog);
  const built = buildSuggestions(findings, view, evidence.executions);
  const tracked = await trackRecords(repoDir, triggers, since, opts, evidence.origin, view);
  built.suggestions.push(...tracked.filter((s): s is Suggestion => 'changes' in s));
  const skipped = [...built.skipped, ...tracked.filter((s): s is Skipped => !('changes' in s))];
  const suggestions: Suggestion[] = [];
  for (const s of built.suggestions) {
    const problems = opts.skipValidation ? [] : await problemsAfter(repoDir, s, opts.now);
    if (problems.length)
      skipped.push({ key: s.id, trigger: s.trigger, reason: `would not validate: ${problems.join('; ')}` });
    else suggestions.push(s);
  }
  return {
    triggers,
    findings,
    suggestions,
    skipped,
    rejected: evidence.rejected,
    counted: {
      executions: evidence.executions.length,
      anomalies: evidence.anomalies.length,
      notes: evidence.notes.length,
      rejected: evidence.rejected.length,
    },
  };
}
