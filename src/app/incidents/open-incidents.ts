import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintIn, frontMatter, labelValue } from '../../domain/incidents/incident-filing.js';
import { DRAFT_LABEL } from '../../domain/incidents/incident-issue.js';
import type { GitHubPort } from '../shared/github-port.js';

// Incident drafts still waiting for a human: the local Markdown drafts under incidents/drafts/ (no
// GitHub) and, with GitHub, the open issues labelled incident-draft. Both carry the same fingerprint
// (intent + rule + target), so an agent can tell whether its run repeated a known problem.

export interface OpenIncident {
  fingerprint: string | null;
  title: string;
  severity: string | null;
  intent: string | null;
  target?: string | null;
  rule?: string | null;
  occurrences?: number;
  /** The execution that opened it, when known. */
  execution_id?: string;
  /** A repo path (local draft) or the issue's URL. */
  where: string;
  source: 'file' | 'github';
}

interface DraftFront {
  title?: unknown;
  severity?: unknown;
  status?: unknown;
  fingerprint?: unknown;
  intent?: unknown;
  target?: unknown;
  occurrences?: unknown;
  generated_from?: { execution_id?: unknown; anomaly_rule?: unknown };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Local drafts whose front matter still says `status: draft`, oldest file name first. */
export async function localDrafts(repoDir: string): Promise<OpenIncident[]> {
  const dir = join(repoDir, 'incidents', 'drafts');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  const out: OpenIncident[] = [];
  for (const name of names) {
    const front = frontMatter(await readFile(join(dir, name), 'utf8')) as DraftFront | null;
    if (front?.status !== 'draft') continue;
    const execution = str(front.generated_from?.execution_id);
    out.push({
      fingerprint: str(front.fingerprint),
      title: str(front.title) ?? name,
      severity: str(front.severity),
      intent: str(front.intent),
      target: str(front.target),
      rule: str(front.generated_from?.anomaly_rule),
      ...(typeof front.occurrences === 'number' ? { occurrences: front.occurrences } : {}),
      ...(execution ? { execution_id: execution } : {}),
      where: `incidents/drafts/${name}`,
      source: 'file',
    });
  }
  return out;
}

/** Open issues labelled incident-draft that carry the bot's fingerprint marker, at most `limit`. */
export async function githubDrafts(
  github: GitHubPort,
  repo: { owner: string; repo: string },
  limit: number,
): Promise<OpenIncident[]> {
  const out: OpenIncident[] = [];
  const pages = github.issues.list(repo, { labels: DRAFT_LABEL, state: 'open' });
  for await (const page of pages) {
    for (const issue of page) {
      const fingerprint = fingerprintIn(issue.body);
      if (issue.pull_request || !fingerprint) continue;
      const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
      out.push({
        fingerprint,
        title: issue.title,
        severity: labelValue(labels, 'severity:') ?? null,
        intent: labelValue(labels, 'intent:') ?? null,
        rule: labelValue(labels, 'anomaly:') ?? null,
        where: issue.html_url,
        source: 'github',
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
