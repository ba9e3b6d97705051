import type { ExecutionRecord } from '../domain/schemas/record.js';

// The comment on a merged PR whose request was not run: the policies said no at merge time (an
// admin merge past the checks, or the facts changed). One per execution, found again by its marker.

export function deniedMarker(id: string): string {
  return `<!-- intentops:denied=${id} -->`;
}

export function renderDeniedComment(r: {
  path: string;
  record: ExecutionRecord;
  recordPath: string;
}): string {
  const { record } = r;
  return [
    `### ⛔ intentops did not run \`${r.path}\``,
    '',
    `The policies did not allow this request when it was merged (verdict: **${record.policy.verdict}**), so no step ran and nothing was touched. The \`denied\` record is \`${r.recordPath}\`.`,
    '',
    `**Why:** ${record.status_reason ?? 'see the policy results'}`,
    '',
    ...record.policy.reasons.map((line) => `- ${line}`),
    '',
    'To run it, satisfy the policies (e.g. get the approvals) and merge a new request.',
    '',
    deniedMarker(record.id),
    '',
  ].join('\n');
}
