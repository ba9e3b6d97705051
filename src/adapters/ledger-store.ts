import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../domain/input/errors.js';
import { checkSchema } from '../domain/input/schema-check.js';
import { parseYamlSource } from '../domain/input/yaml-source.js';
import { LEDGER_PATH } from '../domain/learn/ledger.js';
import { type Ledger, LedgerSchema } from '../domain/schemas/ledger.js';

// learning/ledger.yaml: read with the same file:line errors as intents/, written atomically.

const HEADER =
  '# yaml-language-server: $schema=../schemas/ledger.schema.json\n# Suggestions made by `intentops learn` and what became of them. Written by the bot.\n';

export async function readLedger(repoDir: string): Promise<Ledger> {
  const text = await readFile(join(repoDir, LEDGER_PATH), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return { suggestions: [] };
  const parsed = parseYamlSource(LEDGER_PATH, text);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const checked = checkSchema(parsed.source, LedgerSchema);
  if (!checked.data) throw new InputError(checked.diagnostics);
  return checked.data;
}

export async function writeLedger(repoDir: string, ledger: Ledger): Promise<string> {
  const abs = join(repoDir, LEDGER_PATH);
  await mkdir(dirname(abs), { recursive: true });
  const sorted = { suggestions: [...ledger.suggestions].sort((a, b) => a.id.localeCompare(b.id)) };
  await writeFile(`${abs}.tmp`, HEADER + stringify(sorted, { lineWidth: 0 }));
  await rename(`${abs}.tmp`, abs);
  return LEDGER_PATH;
}

/** The Markdown report of one learn run: learning/reports/<date>.md (a later run that day replaces it). */
export async function writeLearnReport(repoDir: string, at: Date, markdown: string): Promise<string> {
  const rel = `learning/reports/${at.toISOString().slice(0, 10)}.md`;
  await mkdir(dirname(join(repoDir, rel)), { recursive: true });
  await writeFile(join(repoDir, rel), markdown);
  return rel;
}
