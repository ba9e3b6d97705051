import type { CatalogView } from './catalog-view.js';
import { anomalySuggestion } from './suggest-anomaly.js';
import { newIntentSuggestion, stepSuggestion } from './suggest-intent.js';
import type { ExecutionFact, Finding, Skipped, Suggestion } from './types.js';

/** Each finding as a concrete change, or the reason it has none. */
export function buildSuggestions(
  findings: readonly Finding[],
  view: CatalogView,
  executions: readonly ExecutionFact[],
): { suggestions: Suggestion[]; skipped: Skipped[] } {
  const suggestions: Suggestion[] = [];
  const skipped: Skipped[] = [];
  for (const f of findings) {
    const s =
      f.trigger.pattern === 'repeated_anomaly'
        ? anomalySuggestion(f, view, executions)
        : f.trigger.pattern === 'repeated_manual_fix'
          ? newIntentSuggestion(f, view)
          : stepSuggestion(f, view, executions);
    if ('changes' in s && s.changes.some((c) => c.before !== c.after)) suggestions.push(s);
    else skipped.push('changes' in s ? { key: s.id, trigger: s.trigger, reason: 'no change to make' } : s);
  }
  return { suggestions, skipped };
}
