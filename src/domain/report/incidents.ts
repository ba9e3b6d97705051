import { draftTitle } from '../incidents/incident-draft.js';
import type { ExecutionRecord } from '../schemas/record.js';

// The report's incidents list: each fingerprint the records name (an incident issue or a local
// draft), merged with the open local drafts' front matter (a person may have edited the title, the
// draft counts occurrences the period may not hold). Open unless a filed document closed it after
// its last occurrence; the report has no API, so an issue closed on GitHub alone still shows open.

export interface LocalDraft {
  fingerprint: string | null;
  title: string;
  severity: string | null;
  occurrences?: number;
  /** incidents/drafts/<file>.md */
  where: string;
}

export interface IncidentRow {
  fingerprint: string;
  title: string;
  severity: string;
  occurrences: number;
  open: boolean;
  /** The URL or the draft's repository path. */
  link: string;
  /** The newest occurrence the records show (ISO), when they show one. */
  last: string | null;
}

export function incidentRows(
  records: readonly { record: ExecutionRecord }[],
  localDrafts: readonly LocalDraft[],
  closes: readonly { fingerprint: string; at: number }[],
): IncidentRow[] {
  const rows = new Map<string, IncidentRow>();
  for (const { record } of records) {
    for (const d of record.drafts) {
      const anomaly =
        record.anomalies.find((a) => a.action === 'create_incident_draft') ?? record.anomalies[0];
      const prev = rows.get(d.fingerprint);
      rows.set(d.fingerprint, {
        fingerprint: d.fingerprint,
        title: anomaly ? draftTitle(record, anomaly) : `${record.intent}: incident`,
        severity: anomaly?.severity ?? prev?.severity ?? '?',
        occurrences: (prev?.occurrences ?? 0) + 1,
        open: true,
        // An issue's URL wins over a path: the issue is where people talk about it.
        link: prev && /^https:/.test(prev.link) ? prev.link : d.path,
        last: prev?.last && prev.last > record.timestamp ? prev.last : record.timestamp,
      });
    }
  }
  const closedAt = new Map<string, number>();
  for (const c of closes) closedAt.set(c.fingerprint, Math.max(closedAt.get(c.fingerprint) ?? 0, c.at));
  for (const r of rows.values())
    r.open = r.last === null || (closedAt.get(r.fingerprint) ?? 0) < Date.parse(r.last);
  for (const d of localDrafts) {
    const key = d.fingerprint ?? `file:${d.where}`;
    const prev = rows.get(key);
    rows.set(key, {
      fingerprint: key,
      title: d.title,
      severity: d.severity ?? prev?.severity ?? '?',
      occurrences: Math.max(d.occurrences ?? 1, prev?.occurrences ?? 0),
      open: true, // only drafts whose front matter still says `status: draft` come here
      link: prev && /^https:/.test(prev.link) ? prev.link : d.where,
      last: prev?.last ?? null,
    });
  }
  // P1 before P2…; an unknown severity ('?', a hand-written draft) after every known one.
  const rank = (s: string) => (/^P\d$/.test(s) ? s : 'P9');
  return [...rows.values()].sort(
    (a, b) =>
      Number(b.open) - Number(a.open) ||
      rank(a.severity).localeCompare(rank(b.severity)) ||
      b.occurrences - a.occurrences ||
      a.title.localeCompare(b.title),
  );
}
