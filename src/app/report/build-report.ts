import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DeliveryMetrics } from '../../domain/metrics/delivery.js';
import type { IncidentIssueFact, ScoreRow } from '../../domain/metrics/scorecard.js';
import { CLIENT_SCRIPT } from '../../domain/report/client-script.js';
import { renderExecution } from '../../domain/report/execution-page.js';
import { CLIENT_SCRIPT_FILE, renderIndex } from '../../domain/report/index-page.js';
import { type LedgerView, readLedger } from '../../domain/report/ledger-view.js';
import type { RepoLinks } from '../../domain/report/links.js';
import { buildReportModel, type ReportModel } from '../../domain/report/model.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import {
  agentPatterns,
  DEFAULT_METRICS_DAYS,
  incidentCloses,
  readDeliveryMetrics,
} from '../audit/delivery-metrics.js';
import { localDrafts } from '../incidents/open-incidents.js';
import { readRecords } from '../records/read-records.js';
import { type FactsRead, readScorecard } from './scorecard.js';

// `intentops report`: read records, incidents (drafts and closings), the learning ledger and the
// policies' agents; build the model; render the pages. Returns the site as {relative path: text}; writing it is the adapter's job.

export const LEDGER_PATH = 'learning/ledger.yaml';

export interface ReportSite {
  model: ReportModel;
  /** Delivery metrics of the same period (the last 30 days without --since). */
  delivery: DeliveryMetrics;
  /** The seed's success criteria over the same period (shown at the top). */
  scorecard: ScoreRow[];
  /** Relative path in the output folder → file text. */
  pages: Map<string, string>;
  /** Files that were skipped, with why (a record that does not parse is not fatal to the report). */
  skipped: { path: string; reason: string }[];
}

async function listMarkdown(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
}

async function draftFingerprints(repoDir: string): Promise<string[]> {
  const dir = join(repoDir, 'incidents', 'drafts');
  const out: string[] = [];
  for (const f of await listMarkdown(dir)) {
    const m = /\nfingerprint: ([A-Za-z0-9_-]+)\n/.exec(await readFile(join(dir, f), 'utf8'));
    out.push(m?.[1] ?? `file:${f}`);
  }
  return out;
}

async function ledger(repoDir: string, skipped: ReportSite['skipped']): Promise<LedgerView | null> {
  let text: string;
  try {
    text = await readFile(join(repoDir, LEDGER_PATH), 'utf8');
  } catch {
    return null;
  }
  try {
    return readLedger(parse(text));
  } catch (err) {
    skipped.push({ path: LEDGER_PATH, reason: (err as Error).message.split('\n')[0] ?? 'unreadable' });
    return { entries: [], skipped: 0 };
  }
}

export async function buildReport(opts: {
  repoDir: string;
  now: Date;
  since?: Date;
  /** Where repository paths link to (resolveRepoLinks); default: relative to a report at the repository root. */
  links?: RepoLinks;
  /** The incident issues for the scorecard (from GitHub), or why they were not read. */
  issues?: readonly IncidentIssueFact[] | { unavailable: string };
  /** The records' facts, read already for the issues (readScorecardFacts): not read again. */
  facts?: FactsRead;
}): Promise<ReportSite> {
  const links = opts.links ?? { kind: 'relative', prefix: '' };
  const skipped: ReportSite['skipped'] = [];
  const records: { path: string; record: ExecutionRecord }[] = [];
  for await (const r of readRecords(opts.repoDir, opts.since, true)) {
    if ('record' in r) records.push({ path: r.path, record: r.record });
    else skipped.push({ path: r.path, reason: r.error });
  }
  const [drafts, filed, learned, delivery, agents, open, closes, card] = await Promise.all([
    draftFingerprints(opts.repoDir),
    listMarkdown(join(opts.repoDir, 'incidents', 'filed')),
    ledger(opts.repoDir, skipped),
    readDeliveryMetrics({
      repoDir: opts.repoDir,
      now: opts.now,
      ...(opts.since ? { since: opts.since } : {}),
      records: records.map((r) => r.record),
    }),
    agentPatterns(opts.repoDir),
    localDrafts(opts.repoDir),
    incidentCloses(opts.repoDir),
    // The scorecard of the same period; the incident issues come from the caller (the action has GitHub).
    readScorecard({
      repoDir: opts.repoDir,
      now: opts.now,
      since: opts.since ?? new Date(opts.now.getTime() - DEFAULT_METRICS_DAYS * 86_400_000),
      ...(opts.issues ? { issues: opts.issues } : {}),
      ...(opts.facts ? { read: opts.facts } : {}),
    }),
  ]);
  const model = buildReportModel({
    records,
    draftFingerprints: drafts,
    filed,
    ledger: learned,
    now: opts.now,
    ...(opts.since ? { since: opts.since } : {}),
    agents,
    localDrafts: open,
    closes,
  });
  const pages = new Map<string, string>([
    ['index.html', renderIndex(model, { delivery: delivery.metrics, links, scorecard: card })],
    [CLIENT_SCRIPT_FILE, CLIENT_SCRIPT],
  ]);
  // By path: model.records also holds the bakes' follow-up records, which have no page of their own.
  const byPath = new Map(model.records.map((r) => [r.path, r.record]));
  for (const e of model.executions) {
    const r = byPath.get(e.recordPath);
    const bake = e.bakePath ? byPath.get(e.bakePath) : undefined;
    if (r)
      pages.set(
        e.page,
        renderExecution(r, e.recordPath, {
          ...(bake && e.bakePath ? { bake: { record: bake, path: e.bakePath } } : {}),
          ...(e.rolledBackBy ? { rolledBackBy: e.rolledBackBy } : {}),
          links,
          agents,
        }),
      );
  }
  return { model, pages, skipped, delivery: delivery.metrics, scorecard: card };
}
