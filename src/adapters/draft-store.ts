import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  appendOccurrence,
  type DraftInput,
  draftFileName,
  draftFingerprint,
  renderDraft,
} from '../domain/incident-draft.js';
import { targetOf } from '../domain/target.js';

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

  /** One JSON line per anomaly: the log the learning loop counts from. */
  async logAnomalies(lines: readonly object[]): Promise<void> {
    if (lines.length === 0) return;
    const abs = join(this.repoDir, 'incidents', 'anomaly-log.jsonl');
    await mkdir(dirname(abs), { recursive: true });
    await appendFile(abs, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
}
