import { marker } from '../bot-markers.js';
import { GITHUB_BODY_LIMIT } from '../incident-issue.js';
import type { DeliveryMetrics } from '../metrics/delivery.js';
import { metricsMarkdown } from '../metrics/render.js';
import { sha256 } from '../record.js';

// The dashboard issue's body: what is waiting, running, broken and suggested right now, and the
// week's delivery metrics. Pure: the app gathers the view; this writes it. The text holds absolute
// times only, so the same state gives the same body and an unchanged dashboard costs no API call.

export const DASHBOARD_LABEL = 'intentops-dashboard';
export const DASHBOARD_TITLE = 'intentops dashboard';
export const DASHBOARD_MARKER_KEY = 'dashboard';

export interface DashboardView {
  /** Merged requests without a final record, and what holds each (a claim, an earlier request…). */
  waiting: { path: string; why: string }[];
  /** Claimed and not yet recorded, or baking. */
  running: { id: string; what: string; since: string }[];
  incidents: { title: string; severity: string; occurrences: number; link: string }[];
  suggestions: { title: string; link: string }[];
  delivery: DeliveryMetrics | null;
  /** Where the full report lives, for a truncated body. */
  reportUrl?: string;
}

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

function section(title: string, lines: string[], empty: string): string[] {
  return [`## ${title} (${lines.length})`, '', ...(lines.length ? lines : [`_${empty}_`]), ''];
}

/** The body, cut to GitHub's limit with a pointer to the report; the marker is always kept. */
export function dashboardBody(view: DashboardView, limit = GITHUB_BODY_LIMIT): string {
  const trailer = `\n${marker(DASHBOARD_MARKER_KEY, 'v1')}\n`;
  const parts = [
    '_Kept up to date by intentops on every run. Edits here are overwritten._',
    '',
    ...section(
      'Incident drafts open',
      view.incidents.map(
        (i) =>
          `- **${esc(i.severity)}** [${esc(i.title)}](${encodeURI(i.link)}) — ${i.occurrences} occurrence${i.occurrences === 1 ? '' : 's'}`,
      ),
      'none',
    ),
    ...section(
      'Requests waiting',
      view.waiting.map((w) => `- \`${esc(w.path)}\` — ${esc(w.why)}`),
      'none',
    ),
    ...section(
      'Running or baking',
      view.running.map((r) => `- \`${esc(r.id)}\` ${esc(r.what)} since ${esc(r.since)}`),
      'none',
    ),
    ...section(
      'Suggestion PRs open',
      view.suggestions.map((s) => `- [${esc(s.title)}](${encodeURI(s.link)})`),
      'none',
    ),
    view.delivery
      ? metricsMarkdown(view.delivery, { heading: '## Delivery metrics (last 7 days)', maxFailures: 10 })
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

export const dashboardDigest = (body: string) => sha256(body);
