import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { frontMatter } from '../../domain/incidents/incident-filing.js';
import type { IncidentIssueFact, RecordFacts } from '../../domain/metrics/scorecard.js';

// Without GitHub (a local repository, the demo), the incidents are the Markdown documents under
// incidents/drafts and incidents/filed. The bot's draft names the execution it was generated from:
// its context is filled. A document a person wrote without that is not. A document's date is its
// execution's, else its filed_at, else the file is counted in the period (it has no date).

const DIRS = ['incidents/drafts', 'incidents/filed'];

export async function incidentDocuments(
  repoDir: string,
  facts: readonly Pick<RecordFacts, 'id' | 'timestamp'>[],
  now: Date,
): Promise<IncidentIssueFact[]> {
  const when = new Map(facts.map((f) => [f.id, f.timestamp]));
  const byFingerprint = new Map<string, IncidentIssueFact>();
  const out: IncidentIssueFact[] = [];
  for (const dir of DIRS) {
    const names = (await readdir(join(repoDir, dir)).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.md'))
      .sort();
    for (const name of names) {
      const front = frontMatter(await readFile(join(repoDir, dir, name), 'utf8')) ?? {};
      const from = front.generated_from as { execution_id?: unknown } | undefined;
      const execution = typeof from?.execution_id === 'string' ? from.execution_id : undefined;
      const fp = typeof front.fingerprint === 'string' ? front.fingerprint : undefined;
      const filed = front.filed_at instanceof Date ? front.filed_at.toISOString() : front.filed_at;
      const fact: IncidentIssueFact = {
        number: 0,
        url: `${dir}/${name}`,
        title: typeof front.title === 'string' ? front.title : name,
        bot: fp !== undefined && execution !== undefined,
        context: false,
        createdAt:
          (execution && when.get(execution)) ||
          (typeof filed === 'string' ? filed : new Date(now.getTime() - 1).toISOString()),
      };
      // A draft filed is one incident in two places: counted once.
      if (fp && byFingerprint.has(fp)) continue;
      if (fp) byFingerprint.set(fp, fact);
      out.push(fact);
    }
  }
  return out;
}
