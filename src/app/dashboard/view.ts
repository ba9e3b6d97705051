import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DashboardView } from '../../domain/dashboard/body.js';
import { draftTitle } from '../../domain/incidents/incident-draft.js';
import { deliveryMetrics } from '../../domain/metrics/delivery.js';
import { scorecardLine } from '../../domain/metrics/scorecard-render.js';
import { claimLiveness } from '../../domain/reconcile/claim.js';
import { recordPath } from '../../domain/records/record.js';
import { readLedger } from '../../domain/report/ledger-view.js';
import { agentPatterns, incidentCloses, readOutlines } from '../audit/delivery-metrics.js';
import { scanPending } from '../execute/pending.js';
import { LEDGER_PATH } from '../report/build-report.js';
import { readScorecard } from '../report/scorecard.js';
import { loadRepo } from '../shared/load-repo.js';

// What the dashboard shows, read from the repository alone (no API call): the merged requests
// without a final record, the open incident drafts the records name, the open suggestion PRs in
// the ledger, and the last 7 days' delivery metrics.

const DAY = 86_400_000;
const INCIDENT_DAYS = 30;
/** How the record writer spells an empty drafts list (serializeRecord: block style, `[]` when empty). */
const NO_DRAFTS = '\ndrafts: []\n';

export interface ViewLinks {
  /** `https://github.com/owner/repo`: repository paths become links to its default branch. */
  repoUrl?: string;
  reportUrl?: string;
}

/** ISO times inside reasons (`2026-12-06T05:17:00.000Z`) as the dashboard writes times: `… 05:17 UTC`. */
const zoned = (text: string) =>
  text.replace(/(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z/g, '$1 $2 UTC');

function link(links: ViewLinks, pathOrUrl: string): string {
  if (/^https?:\/\//.test(pathOrUrl)) return pathOrUrl;
  return links.repoUrl ? `${links.repoUrl}/blob/HEAD/${pathOrUrl}` : pathOrUrl;
}

async function requests(repoDir: string, now: Date) {
  const { catalog } = await loadRepo(repoDir, []);
  const me = { host: hostname(), pid: process.pid };
  const scan = await scanPending(repoDir, {
    now,
    ...(catalog.execute ? { settings: catalog.execute.data } : {}),
    live: async (claim) => claimLiveness(claim, me, now, () => false) !== 'dead',
  });
  const waiting: DashboardView['waiting'] = [];
  const running: DashboardView['running'] = [];
  for (const { candidate: c, decision: d } of scan.decided) {
    if (d.kind === 'done') continue;
    if (d.kind === 'wait' && d.behind && !d.reason.startsWith('waiting behind')) {
      running.push({
        id: c.id,
        what: `${c.path}${c.target ? ` (${c.target})` : ''}`,
        since: c.mergedAt.toISOString(),
      });
      continue;
    }
    if (d.kind === 'finalize' && d.status === 'interrupted') {
      // Its steps may have run: nothing moves it but a person's decision.
      waiting.push({
        path: c.path,
        why: zoned(`merged ${c.mergedAt.toISOString()}; its run ended without a record`),
        next: 'a writer comments `/retry` on its pull request, or proposes a new request',
      });
    } else {
      const why =
        d.kind === 'run'
          ? 'merged, not run yet'
          : d.kind === 'wait'
            ? d.reason
            : `to be recorded as ${d.status}: ${d.reason}`;
      waiting.push({ path: c.path, why: zoned(`merged ${c.mergedAt.toISOString()} — ${why}`) });
    }
  }
  return { waiting, running };
}

async function suggestions(repoDir: string, links: ViewLinks): Promise<DashboardView['suggestions']> {
  const text = await readFile(join(repoDir, LEDGER_PATH), 'utf8').catch(() => '');
  if (!text) return [];
  try {
    return readLedger(parse(text))
      .entries.filter((e) => e.state === 'open')
      .map((e) => ({
        // The title without its evidence count (`(memory_spike ×3)`): what the PR changes.
        title: e.title ? e.title.replace(/ \([^()]*×\d+[^()]*\)$/, '') : `a suggestion (${e.id})`,
        link: e.url ?? (e.pr && links.repoUrl ? `${links.repoUrl}/pull/${e.pr}` : link(links, LEDGER_PATH)),
        ...(e.pr ? { pr: Number(e.pr) } : {}),
      }));
  } catch {
    return []; // an unreadable ledger is the report's to flag
  }
}

export async function dashboardView(
  repoDir: string,
  now: Date,
  links: ViewLinks = {},
): Promise<DashboardView> {
  const skipped: { path: string; reason: string }[] = [];
  const since = new Date(now.getTime() - INCIDENT_DAYS * DAY);
  const weekStart = new Date(now.getTime() - 7 * DAY);
  const week = weekStart.toISOString().slice(0, 10);
  const [records, closes, agents, reqs, suggested, card] = await Promise.all([
    // The week's records whole (delivery metrics); older ones only if they name an incident draft.
    readOutlines(
      repoDir,
      since,
      skipped,
      (path, text) => path.slice(11, 21) >= week || !text.includes(NO_DRAFTS),
    ),
    incidentCloses(repoDir),
    agentPatterns(repoDir),
    requests(repoDir, now),
    suggestions(repoDir, links),
    // The week's scorecard in one line. The incident issues are not listed here: the dashboard
    // makes no API call when nothing changed (the report and `intentops metrics` read them).
    readScorecard({
      repoDir,
      since: weekStart,
      now,
      issues: { unavailable: 'not read by the dashboard (see the report)' },
    }).catch(() => null),
  ]);
  // Open incident drafts: each fingerprint the records name, unless closed after its last occurrence.
  // Its age counts from the first occurrence after the last closing; the next step names the last
  // execution, unless a rollback of it is recorded already.
  const closedAt = new Map<string, number>();
  for (const c of closes) closedAt.set(c.fingerprint, Math.max(closedAt.get(c.fingerprint) ?? 0, c.at));
  const rolledBack = new Set(records.map((r) => r.rollback_of).filter(Boolean));
  const byFp = new Map<string, DashboardView['incidents'][number] & { first: number; last: number }>();
  for (const r of records) {
    for (const d of r.drafts) {
      const at = Date.parse(r.timestamp);
      if (at <= (closedAt.get(d.fingerprint) ?? 0)) continue;
      const anomaly = r.anomalies.find((a) => a.action === 'create_incident_draft') ?? r.anomalies[0];
      const prev = byFp.get(d.fingerprint);
      const latest = !prev || at >= prev.last;
      byFp.set(d.fingerprint, {
        title: latest || !prev ? (anomaly ? draftTitle(r, anomaly) : `${r.intent}: incident`) : prev.title,
        severity: anomaly?.severity ?? prev?.severity ?? '?',
        occurrences: (prev?.occurrences ?? 0) + 1,
        link: link(links, d.path.replace(/^(\.\.\/)+/, '')),
        first: Math.min(prev?.first ?? at, at),
        last: Math.max(prev?.last ?? 0, at),
        execution:
          latest || !prev?.execution ? { id: r.id, link: link(links, recordPath(r)) } : prev.execution,
      });
    }
  }
  const incidents = [...byFp.values()]
    .map(({ first, last: _l, ...i }) => ({
      ...i,
      since: new Date(first).toISOString(),
      next:
        i.execution && !rolledBack.has(i.execution.id)
          ? `\`/rollback ${i.execution.id}\` on the issue to undo the change, or fill in the draft and file it`
          : 'rolled back: fill in the draft and file it',
    }))
    .sort(
      (a, b) =>
        a.severity.localeCompare(b.severity) ||
        b.occurrences - a.occurrences ||
        a.title.localeCompare(b.title),
    );
  const delivery = deliveryMetrics({
    records,
    closes,
    agents,
    since: weekStart,
    until: now,
  });
  return {
    asOf: now.toISOString(),
    ...reqs,
    incidents,
    executionLinks: Object.fromEntries(records.map((r) => [r.id, link(links, recordPath(r))])),
    suggestions: suggested,
    delivery,
    ...(card ? { scorecard: `${scorecardLine(card)} _(last 7 days)_` } : {}),
    ...(links.reportUrl ? { reportUrl: links.reportUrl } : {}),
  };
}
