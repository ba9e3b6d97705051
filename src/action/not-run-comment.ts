import type { ExecutionRecord } from '../domain/schemas/record.js';

// The comment on a merged PR whose request did not run: the policies said no at merge time, it was
// invalid or edited, it waited past its age limit, or the run that claimed it was lost. One per
// execution, found again by its marker; it says what a human can do next.

export function notRunMarker(id: string): string {
  return `<!-- intentops:not-run=${id} -->`;
}

const HEADLINE: Record<string, string> = {
  denied: '⛔ intentops did not run',
  expired: '⌛ intentops did not run',
  interrupted: '⚠️ intentops lost the run of',
  cancelled: '⏹️ intentops did not run',
};

const NEXT: Record<string, string> = {
  denied: 'To run it, satisfy the policies (e.g. get the approvals) and merge a new request.',
  expired:
    'It was not run because it is too old: the cluster may have moved on since it was approved. If it is still wanted, propose it again as a new request.',
  interrupted:
    'Its steps may have run in part: check the target before anything else. To run it again, a person with write access comments `/retry` on this pull request; or merge a new request.',
  cancelled: 'Nothing to do: the request was withdrawn.',
};

export function renderNotRunComment(r: {
  path: string;
  record: ExecutionRecord;
  recordPath: string;
}): string {
  const { record } = r;
  const what =
    record.status === 'denied' && record.policy.reasons.length
      ? `The policies did not allow this request when it was merged (verdict: **${record.policy.verdict}**), so no step ran and nothing was touched.`
      : record.status === 'interrupted'
        ? 'A run claimed this request and started it, then ended without writing its record (the runner was lost, killed or ran out of memory). It is not run again on its own.'
        : 'No step ran and nothing was touched.';
  return [
    `### ${HEADLINE[record.status] ?? 'intentops did not run'} \`${r.path}\``,
    '',
    `${what} The \`${record.status}\` record is \`${r.recordPath}\`.`,
    '',
    `**Why:** ${record.status_reason ?? 'see the record'}`,
    '',
    ...record.policy.reasons.map((line) => `- ${line}`),
    ...(record.policy.reasons.length ? [''] : []),
    NEXT[record.status] ?? '',
    '',
    // The bot's trailer: the only place its markers are read from.
    notRunMarker(record.id),
    '',
  ].join('\n');
}
