import { oneLine } from '../bot/bot-markers.js';
import { targetOf } from '../request/target.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord } from '../schemas/record.js';
import { utcMinute } from './incident-headline.js';

// The postmortem's sections, in the order of the Google SRE book's template (and incident.io's,
// FireHydrant's): summary, impact, trigger, detection, mitigation, root cause, lessons, action items
// with owners. What the record knows is written in; what only people know is left to fill.

/** The human-input sections a draft must have filled before it can be filed. */
export const HUMAN_SECTIONS = ['Root cause', 'Lessons learned', 'Action items'] as const;
/** What an unfilled human-input section holds; a later step detects it to refuse filing. */
export const HUMAN_PLACEHOLDER = '_to be filled in_';

/** A login as plain text: a bot body never pings anyone (issue 31, item 4). */
const who = (login: string | undefined) => (login ? `\`${oneLine(login).replace(/^@/, '')}\`` : 'someone');

/** Prose a person wrote (a request's reason), with any @login made inert: shown, never a ping. */
export const inert = (text: string) => oneLine(text).replace(/(^|[^\w`])@([A-Za-z0-9][\w-]*)/g, '$1`@$2`');

export function postmortem(record: ExecutionRecord, anomalies: readonly Anomaly[]): string {
  const target = targetOf(record.params);
  const rules = anomalies.map((a) => `\`${a.rule}\``).join(', ');
  const pr = record.approvals?.pr ? ` (#${record.approvals.pr})` : '';
  const run = record.observation_of
    ? `the bake of execution \`${record.observation_of}\``
    : `execution \`${record.id}\``;
  return [
    '## Postmortem — needs human input',
    '### Summary',
    `\`${record.intent}\`${target ? ` on \`${target}\`` : ''} ended **${record.status}**${record.status_reason ? ` (${inert(record.status_reason)})` : ''}; ${rules} fired.`,
    '',
    '### Impact',
    HUMAN_PLACEHOLDER,
    '<!-- who or what was affected, for how long; the signals table above has the numbers -->',
    '',
    '### Trigger',
    `The request \`${record.request.path}\`${pr}, proposed by ${who(record.request.proposed_by)}: ${inert(record.request.reason)}`,
    '',
    '### Detection',
    `intentops, at ${utcMinute(record.timestamp)}: ${run} fired ${rules}${record.failure_indicators.length ? ` and saw ${record.failure_indicators.length} failure indicator(s)` : ''}.`,
    '',
    '### Mitigation',
    HUMAN_PLACEHOLDER,
    '',
    `### ${HUMAN_SECTIONS[0]}`,
    HUMAN_PLACEHOLDER,
    '',
    `### ${HUMAN_SECTIONS[1]}`,
    HUMAN_PLACEHOLDER,
    '',
    `### ${HUMAN_SECTIONS[2]}`,
    `- [ ] ${HUMAN_PLACEHOLDER}`,
    '<!-- one a line: - [ ] what to change — owner (a login, no @) -->',
  ].join('\n');
}
