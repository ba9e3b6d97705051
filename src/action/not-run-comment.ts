import type { ExecutionRecord } from '../domain/schemas/record.js';

// The comment on a merged PR whose request did not run: the policies said no at merge time, it was
// invalid or edited, it waited past its age limit, or the run that claimed it was lost. One per
// execution, found again by its marker; it says what a human can do next.

export function notRunMarker(id: string): string {
  return `<!-- intentops:not-run=${id} -->`;
}

// One word per outcome, used in the headline and nowhere contradicted below.
const HEADLINE: Record<string, string> = {
  denied: '⛔ intentops did not run {path}: denied',
  expired: '⌛ intentops did not run {path}: expired',
  interrupted: '⚠️ intentops lost the run of {path}',
  cancelled: '⏹️ intentops did not run {path}: cancelled',
};

const WHAT: Record<string, string> = {
  denied:
    'The policies denied it at merge time (a rule that would only hold an open PR denies a merged one).',
  interrupted:
    'A run started it, then ended without writing its record (the runner was lost, killed or ran out of memory). It is not run again on its own.',
};

const NEXT: Record<string, string> = {
  denied: 'To run it, meet the rules above (e.g. get the approvals) and merge a new request.',
  expired:
    'The cluster may have moved on since it was approved. If it is still wanted, propose it again as a new request.',
  interrupted:
    'Its steps may have run in part: check the target before anything else. To run it again, a person with write access comments `/retry` on this pull request; or merge a new request.',
  cancelled: 'Nothing to do: the request was cancelled.',
};

export function renderNotRunComment(r: {
  path: string;
  record: ExecutionRecord;
  recordPath: string;
}): string {
  const { record } = r;
  const title = (HEADLINE[record.status] ?? 'intentops did not run {path}').replace(
    '{path}',
    `\`${r.path}\``,
  );
  // The reason, said once: the policies' rules when they decided, else the record's reason.
  const why = record.policy.reasons.length
    ? ['**Why:**', '', ...record.policy.reasons.map((line) => `- ${line}`)]
    : [`**Why:** ${record.status_reason ?? 'see the record'}`];
  const touched = record.status === 'interrupted' ? '' : 'No step ran; nothing was touched. ';
  return [
    `### ${title}`,
    '',
    ...why,
    '',
    `${WHAT[record.status] ? `${WHAT[record.status]} ` : ''}${touched}Record: \`${r.recordPath}\`.`,
    '',
    `**Next:** ${NEXT[record.status] ?? 'see the record.'}`,
    '',
    // The bot's trailer: the only place its markers are read from.
    notRunMarker(record.id),
    '',
  ].join('\n');
}
