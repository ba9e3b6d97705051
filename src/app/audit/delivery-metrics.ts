import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANOMALY_LOG } from '../../adapters/git-publish.js';
import { parseRecordFields, RecordScanError, recordTexts } from '../../adapters/record-scan.js';
import { CLOSINGS_LOG, closingsIn } from '../../domain/incidents/incident-closing.js';
import { frontMatter, parseJsonLines } from '../../domain/incidents/incident-filing.js';
import { type DeliveryMetrics, deliveryMetrics } from '../../domain/metrics/delivery.js';
import type { AnomalyLogLine, IncidentClose, MetricsRecord } from '../../domain/metrics/facts.js';
import type { PolicyFile } from '../../domain/schemas/policy.js';
import { RECORD_STATUSES } from '../../domain/schemas/record.js';
import { loadFile } from '../shared/load-repo.js';

const OUTLINE = new Set([
  'id',
  'timestamp',
  'intent',
  'params',
  'request',
  'not_run',
  'rollback_of',
  'retry_of',
  'observation_of',
  'observation',
  'origin',
  'anomalies',
  'drafts',
  'status',
  'duration',
]);
const STATUSES = new Set<string>(RECORD_STATUSES);

/** The outline's shape, checked by hand (the rest of the record is not read here). */
function outlineProblem(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'expected a mapping';
  const r = raw as Record<string, unknown>;
  for (const k of ['id', 'timestamp', 'intent', 'duration'])
    if (typeof r[k] !== 'string') return `${k}: expected a string`;
  if (!STATUSES.has(r.status as string)) return `status: expected one of ${RECORD_STATUSES.join(', ')}`;
  if (!r.params || typeof r.params !== 'object') return 'params: expected a mapping';
  if (!r.request || typeof r.request !== 'object') return 'request: expected a mapping';
  if (!Array.isArray(r.drafts) || !Array.isArray(r.anomalies)) return 'drafts, anomalies: expected lists';
  return undefined;
}

/** The period's records, outline only (see parseRecordFields): 10,000 of them in well under a second. */
export async function readOutlines(
  repoDir: string,
  since: Date,
  skipped: MetricsRead['skipped'],
  /** A cheap look at the text first: a record it refuses is not parsed (nor returned). */
  wanted?: (path: string, text: string) => boolean,
) {
  const out: MetricsRecord[] = [];
  for await (const { path, text } of recordTexts(repoDir, { since })) {
    if (wanted && !wanted(path, text)) continue;
    let raw: unknown;
    try {
      raw = parseRecordFields(text, path, OUTLINE);
    } catch (err) {
      if (!(err instanceof RecordScanError)) throw err;
      skipped.push({ path, reason: `not YAML: ${err.reason}` });
      continue;
    }
    const problem = outlineProblem(raw);
    if (problem) skipped.push({ path, reason: `not an execution record: ${problem}` });
    else out.push(raw as MetricsRecord);
  }
  return out;
}

// `intentops metrics` and everything that shows delivery metrics (report, weekly learn summary,
// Pushgateway): the period's records, the incident closings, the anomaly log and the agents the
// policies name, read once and handed to the pure computation.

export const DEFAULT_METRICS_DAYS = 30;

export interface MetricsRead {
  metrics: DeliveryMetrics;
  /** Files that were not records, with why: reported, not fatal. */
  skipped: { path: string; reason: string }[];
}

async function markdownIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
}

/**
 * When each incident was closed: its issue's closing on GitHub (the closings log), a filed
 * document's `closed_at` (or `resolved_at`) if a person wrote one, else its `filed_at` (filing is
 * the end of the incident's life in the repository); a local draft closes only when its front
 * matter says so. Time to restore takes the first closing after the failure.
 */
export async function incidentCloses(repoDir: string): Promise<IncidentClose[]> {
  // Closed on GitHub: the closings log (the incident workflow writes it on issues.closed).
  const out: IncidentClose[] = closingsIn(
    await readFile(join(repoDir, CLOSINGS_LOG), 'utf8').catch(() => ''),
  ).map((c) => ({ fingerprint: c.fingerprint, at: Date.parse(c.at) }));
  for (const sub of ['filed', 'drafts']) {
    const dir = join(repoDir, 'incidents', sub);
    for (const f of await markdownIn(dir)) {
      const front = frontMatter(await readFile(join(dir, f), 'utf8'));
      const fp = front?.fingerprint;
      if (typeof fp !== 'string') continue;
      const when = front?.closed_at ?? front?.resolved_at ?? (sub === 'filed' ? front?.filed_at : undefined);
      const at =
        typeof when === 'string' ? Date.parse(when) : when instanceof Date ? when.getTime() : Number.NaN;
      if (Number.isFinite(at)) out.push({ fingerprint: fp, at });
    }
  }
  return out;
}

async function anomalyLog(repoDir: string, since: Date): Promise<AnomalyLogLine[]> {
  const text = await readFile(join(repoDir, ANOMALY_LOG), 'utf8').catch(() => '');
  const first = since.toISOString();
  return parseJsonLines<AnomalyLogLine>(
    text,
    (l) => l.action === 'create_incident_draft' && typeof l.at === 'string' && l.at >= first,
  );
}

/** The agents the policies name (`autonomy.agents`); a policy file that does not load names none. */
export async function agentPatterns(repoDir: string): Promise<string[]> {
  const dir = join(repoDir, 'intents', 'policies');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  const loaded = await Promise.all(files.map((f) => loadFile(repoDir, `intents/policies/${f}`)));
  const names = loaded.flatMap((l) =>
    l.loaded ? (l.loaded.data as PolicyFile).policies.flatMap((p) => p.autonomy?.agents ?? []) : [],
  );
  return [...new Set(names)];
}

/**
 * What the delivery metrics are computed from, read once: `keep` drops records by path (trust);
 * `records` the caller has read already are not read a second time.
 */
export async function readMetricsInput(
  repoDir: string,
  since: Date,
  o: { keep?: (path: string) => boolean; records?: readonly MetricsRecord[] } = {},
): Promise<{
  records: readonly MetricsRecord[];
  closes: IncidentClose[];
  anomalyLog: AnomalyLogLine[];
  agents: string[];
  skipped: MetricsRead['skipped'];
}> {
  const skipped: MetricsRead['skipped'] = [];
  const keep = o.keep;
  const [closes, log, agents, records] = await Promise.all([
    incidentCloses(repoDir),
    anomalyLog(repoDir, since),
    agentPatterns(repoDir),
    o.records ??
      readOutlines(repoDir, since, skipped, (path) => {
        if (!keep || keep(path)) return true;
        skipped.push({ path, reason: 'not committed by a trusted writer' });
        return false;
      }),
  ]);
  return { records, closes, anomalyLog: log, agents, skipped };
}

export async function readDeliveryMetrics(opts: {
  repoDir: string;
  now: Date;
  /** Default: 30 days before `now`. */
  since?: Date;
  windowMs?: number;
  /** Records the caller has read already (from `since` or earlier): not read a second time. */
  records?: readonly MetricsRecord[];
}): Promise<MetricsRead> {
  const since = opts.since ?? new Date(opts.now.getTime() - DEFAULT_METRICS_DAYS * 86_400_000);
  const {
    closes,
    anomalyLog: log,
    agents,
    records,
    skipped,
  } = await readMetricsInput(opts.repoDir, since, {
    ...(opts.records ? { records: opts.records } : {}),
  });
  const metrics = deliveryMetrics({
    records,
    closes,
    anomalyLog: log,
    agents,
    since,
    until: opts.now,
    ...(opts.windowMs !== undefined ? { windowMs: opts.windowMs } : {}),
  });
  return { metrics, skipped };
}
