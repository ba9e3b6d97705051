import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  appendOccurrence,
  type DraftInput,
  draftFileName,
  draftFingerprint,
  renderDraft,
} from '../domain/incidents/incident-draft.js';
import { targetOf } from '../domain/request/target.js';

export interface DraftWritten {
  fingerprint: string;
  path: string;
  new: boolean;
}

/** Local incident drafts (no GitHub): Markdown files under `<repo>/incidents/drafts/`. */
export class DraftStore {
  constructor(private readonly repoDir: string) {}

  private async findByFingerprint(fingerprint: string): Promise<string | undefined> {
    const dir = join(this.repoDir, 'incidents', 'drafts');
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
    const wanted = `\nfingerprint: ${fingerprint}\n`;
    for (const f of files) {
      if ((await readFile(join(dir, f), 'utf8')).includes(wanted)) return `incidents/drafts/${f}`;
    }
    return undefined;
  }

  async upsert(input: DraftInput): Promise<DraftWritten> {
    const fingerprint = draftFingerprint(
      input.record.intent,
      input.anomaly.rule,
      targetOf(input.record.params),
      input.record.environment,
    );
    const existing = await this.findByFingerprint(fingerprint);
    const rel = existing ?? `incidents/drafts/${draftFileName(fingerprint, input)}`;
    const abs = join(this.repoDir, rel);
    const text = existing
      ? appendOccurrence(await readFile(abs, 'utf8'), input)
      : renderDraft(input, fingerprint);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(`${abs}.tmp`, text);
    await rename(`${abs}.tmp`, abs);
    return { fingerprint, path: rel, new: !existing };
  }

  /**
   * Appends a note (a rollback done, asked for, or refused) to a local draft. Paths that are not
   * local drafts (issue URLs) are not this store's: skipped.
   */
  async note(path: string, text: string): Promise<void> {
    if (!/^incidents\/drafts\/[^/]+\.md$/.test(path)) return;
    const abs = join(this.repoDir, path);
    const existing = await readFile(abs, 'utf8').catch(() => undefined);
    if (existing === undefined) return;
    await writeFile(`${abs}.tmp`, `${existing.trimEnd()}\n\n## Rollback\n\n${text}\n`);
    await rename(`${abs}.tmp`, abs);
  }

  /** One JSON line per anomaly: the log the learning loop counts from. */
  async logAnomalies(lines: readonly object[]): Promise<void> {
    if (lines.length === 0) return;
    const abs = join(this.repoDir, 'incidents', 'anomaly-log.jsonl');
    await mkdir(dirname(abs), { recursive: true });
    await appendFile(abs, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
}
