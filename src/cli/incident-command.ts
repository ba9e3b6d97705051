import { userInfo } from 'node:os';
import { addLocalNote } from '../app/incidents/local-notes.js';
import { localDrafts } from '../app/incidents/open-incidents.js';
import { InputError } from '../domain/input/errors.js';
import type { GlobalOptions } from './main.js';

// `intentops incident list | note`: local incident drafts, and what a human did about them by hand
// (the CLI side of the `/manual-fix` and `/manual-step` comments on GitHub).

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function incidentListCommand(g: GlobalOptions): Promise<number> {
  const drafts = await localDrafts(g.repo);
  if (g.json) out(JSON.stringify({ drafts }, null, 2));
  else if (drafts.length === 0) out('no open incident drafts');
  else
    for (const d of drafts)
      out(`${d.fingerprint ?? '-'}  ${d.severity ?? '  '}  ${d.title}  (${d.where}, ${d.occurrences ?? 1}×)`);
  return 0;
}

export async function incidentNoteCommand(
  g: GlobalOptions,
  draft: string,
  o: { fix?: string; step?: string; by?: string },
): Promise<number> {
  if ((o.fix === undefined) === (o.step === undefined)) {
    throw new InputError([
      {
        file: 'incident note',
        severity: 'error',
        message: 'expected exactly one of --fix <text> or --step <text>',
      },
    ]);
  }
  const kind = o.fix !== undefined ? 'manual_fix' : 'manual_step';
  const { draft: d, path } = await addLocalNote(g.repo, {
    draft,
    kind,
    text: (o.fix ?? o.step) as string,
    by: o.by ?? process.env.USER ?? userInfo().username,
    now: new Date(),
  });
  if (g.json) out(JSON.stringify({ fingerprint: d.fingerprint, draft: d.where, kind, notes: path }));
  else out(`noted ${kind === 'manual_fix' ? 'manual fix' : 'manual step'} on ${d.where} in ${path}`);
  return 0;
}
