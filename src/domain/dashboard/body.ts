import { marker } from '../bot/bot-markers.js';
import { GITHUB_BODY_LIMIT } from '../incidents/incident-issue.js';
import type { DeliveryMetrics } from '../metrics/delivery.js';
import { metricsMarkdown } from '../metrics/render.js';
import { sha256 } from '../records/record.js';

// The dashboard issue's body: what needs a person now (open incidents with their age and next step,
// requests only a person can move), then what is running, waiting and suggested, and the week's
// delivery metrics; a section with nothing in it is left out. Pure: the app gathers the view; this
// writes it. Every time says UTC. The "as of" line is the one thing that changes on every run: the
// digest leaves it out, so an unchanged dashboard still costs no API call (and the line tells when
// the state shown was last found changed; ages are as of that time).

export const DASHBOARD_LABEL = 'intentops-dashboard';
export const DASHBOARD_TITLE = 'intentops dashboard';
export const DASHBOARD_MARKER_KEY = 'dashboard';

export interface DashboardView {
  /** When the view was read (ISO): the body's "as of" time, and what ages count to. */
  asOf?: string;
  /** Merged requests without a final record, and what holds each (a claim, an earlier request…). */
  waiting: {
    path: string;
    why: string;
    /** What a person does to move it; set only when nothing moves without one (an interrupted run). */
    next?: string;
  }[];
  /** Claimed and not yet recorded (no record to link), or baking (linked by executionLinks). */
  running: { id: string; what: string; since: string }[];
  incidents: {
    title: string;
    severity: string;
    occurrences: number;
    link: string;
    /** First occurrence (ISO): the incident's age. */
    since?: string;
    /** The last execution it occurred in, with its record. */
    execution?: { id: string; link: string };
    /** What a person does next. */
    next?: string;
  }[];
  suggestions: { title: string; link: string; pr?: number }[];
  delivery: DeliveryMetrics | null;
  /** The scorecard in one line (scorecardLine), when it was computed. */
  scorecard?: string;
  /** Execution id → its record, for the failed changes of the metrics. */
  executionLinks?: Record<string, string>;
  /** Where the full report lives, for a truncated body. */
  reportUrl?: string;
}

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
const AS_OF = /^_As of [^\n]*\n/;

/** `2026-12-06 05:17 UTC`: every time on the dashboard says its zone. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `under 1 h`, `5 h`, `3 d`: whole units, so the text (and the body) changes at most hourly. */
function age(fromIso: string, toIso: string): string {
  const h = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000));
  return h < 1 ? 'under 1 h' : h < 48 ? `${h} h` : `${Math.floor(h / 24)} d`;
}

/** A section, or nothing when it is empty: an empty heading is one more thing to read past. */
function section(title: string, lines: string[]): string[] {
  return lines.length ? [`## ${title} (${lines.length})`, '', ...lines, ''] : [];
}

const code = (id: string, link?: string) => (link ? `[\`${id}\`](${encodeURI(link)})` : `\`${id}\``);

function incidentLine(i: DashboardView['incidents'][number], asOf: string | undefined): string {
  const open = i.since ? ` — open ${asOf ? `${age(i.since, asOf)} ` : ''}(since ${utc(i.since)}),` : ' —';
  const last = i.execution ? `; last ${code(i.execution.id, i.execution.link)}` : '';
  return `- **${esc(i.severity)}** [${esc(i.title)}](${encodeURI(i.link)})${open} ${i.occurrences} occurrence${i.occurrences === 1 ? '' : 's'}${last}.${i.next ? ` Next: ${i.next}` : ''}`;
}

/** The body, cut to GitHub's limit (at a line) with a pointer to the report; the marker is always kept. */
export function dashboardBody(view: DashboardView, limit = GITHUB_BODY_LIMIT): string {
  const trailer = `\n${marker(DASHBOARD_MARKER_KEY, 'v1')}\n`;
  const needs = view.waiting.filter((w) => w.next);
  const parts = [
    `${view.asOf ? `_As of ${utc(view.asOf)}. ` : '_'}Kept up to date by intentops on every run; edits here are overwritten._`,
    '',
    ...(view.scorecard ? [view.scorecard, ''] : []),
    ...section('Needs you now', [
      ...view.incidents.map((i) => incidentLine(i, view.asOf)),
      ...needs.map((w) => `- \`${esc(w.path)}\` — ${esc(w.why)}. Next: ${w.next}`),
    ]),
    ...section(
      'Running or baking',
      view.running.map(
        (r) => `- ${code(r.id, view.executionLinks?.[r.id])} ${esc(r.what)} since ${utc(r.since)}`,
      ),
    ),
    ...section(
      'Requests waiting',
      view.waiting.filter((w) => !w.next).map((w) => `- \`${esc(w.path)}\` — ${esc(w.why)}`),
    ),
    ...section(
      'Suggestion PRs open',
      view.suggestions.map(
        (s) => `- [${esc(s.title)}](${encodeURI(s.link)})${s.pr !== undefined ? ` (#${s.pr})` : ''}`,
      ),
    ),
    view.delivery
      ? metricsMarkdown(view.delivery, {
          heading: '## Delivery metrics (last 7 days)',
          maxFailures: 10,
          ...(view.executionLinks ? { linkOf: (id: string) => view.executionLinks?.[id] } : {}),
        })
      : '',
  ];
  const full = parts.join('\n').trimEnd();
  if (full.length + trailer.length <= limit) return full + trailer;
  const note = `\n\n… cut to GitHub's ${limit}-character limit${view.reportUrl ? `: the full picture is in the [report](${encodeURI(view.reportUrl)})` : ''}.`;
  let cut = full.slice(0, Math.max(0, limit - trailer.length - note.length));
  // End on a whole line, and never in the middle of a surrogate pair.
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl);
  return cut + note + trailer;
}

/** The body's digest without its "as of" line: a new time alone is no change worth an API call. */
export const dashboardDigest = (body: string) => sha256(body.replace(AS_OF, ''));
