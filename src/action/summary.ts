import type { MergeResult } from './execute-merge.js';
import type { ActionInputs } from './inputs.js';

// The job summary after a merge: one row per request, its checks and anomalies at a glance.

const ICON: Record<string, string> = {
  success: '✅',
  failed: '❌',
  denied: '⛔',
  cancelled: '⏹️',
  skipped: '⏭️',
};

export function resultsTable(
  results: readonly MergeResult[],
  inputs: Pick<ActionInputs, 'serverUrl' | 'owner' | 'repo'>,
): string {
  if (results.length === 0) return '## intentops\n\nThis push added no requests.\n';
  const link = (p: string) =>
    `[${p.split('/').pop()}](${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/HEAD/${p})`;
  const rows = results.map((r) => {
    const rec = r.record;
    const checks = rec
      ? Object.entries(rec.outcome_checks)
          .map(([k, v]) => `${k}: ${v}`)
          .join('<br>')
      : '';
    const anomalies =
      rec?.anomalies.map((a) => `${a.rule} (${a.severity}) ${JSON.stringify(a.inputs)}`).join('<br>') ?? '';
    const indicators =
      rec?.failure_indicators.map((i) => `${i.pattern} (${i.severity}) in ${i.source}`).join('<br>') ?? '';
    return `| \`${r.path}\` | ${ICON[r.status] ?? ''} ${r.status} | ${rec?.duration ?? ''} | ${checks} | ${indicators} | ${anomalies} | ${r.recordPath ? link(r.recordPath) : ''} |`;
  });
  return [
    '## intentops',
    '',
    '| request | status | duration | checks | failure indicators | anomalies | record |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
