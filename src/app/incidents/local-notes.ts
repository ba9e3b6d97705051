import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  MANUAL_NOTES,
  type ManualNoteKind,
  manualNote,
  notedComments,
  noteLine,
} from '../../domain/incidents/incident-filing.js';
import { InputError } from '../../domain/input/errors.js';
import { localDrafts, type OpenIncident } from './open-incidents.js';

// `/manual-fix` and `/manual-step` without GitHub: the same note line the incident workflow writes
// from an issue comment, appended to incidents/manual-notes.jsonl for a local draft, so learning
// works in local mode too. Issue 0 marks a note that came from no issue.

export const LOCAL_ISSUE = 0;

/** The open local draft a path or fingerprint (or its first characters, 6 at least) names. */
export async function findDraft(repoDir: string, ref: string): Promise<OpenIncident> {
  const drafts = await localDrafts(repoDir);
  const wanted = ref.replace(/^\.\//, '');
  const hits = drafts.filter(
    (d) => d.where === wanted || (wanted.length >= 6 && (d.fingerprint ?? '').startsWith(wanted)),
  );
  if (hits.length === 1) return hits[0] as OpenIncident;
  throw new InputError([
    {
      file: ref,
      severity: 'error',
      message: hits.length
        ? `names ${hits.length} drafts; give more of the fingerprint`
        : `expected an open draft under incidents/drafts/ or its fingerprint; open drafts: ${drafts.map((d) => d.fingerprint).join(', ') || 'none'}`,
    },
  ]);
}

export async function addLocalNote(
  repoDir: string,
  o: { draft: string; kind: ManualNoteKind; text: string; by: string; now: Date },
): Promise<{ draft: OpenIncident; path: string }> {
  if (!o.text.trim()) {
    throw new InputError([
      {
        file: o.kind === 'manual_fix' ? '--fix' : '--step',
        severity: 'error',
        message: 'expected the commands or text of what was done',
      },
    ]);
  }
  const draft = await findDraft(repoDir, o.draft);
  const abs = join(repoDir, MANUAL_NOTES);
  const taken = notedComments(await readFile(abs, 'utf8').catch(() => ''));
  // Local notes have no comment id: the time in ms, moved on past any id the log holds already.
  let comment = o.now.getTime();
  while (taken.has(comment)) comment++;
  const labels = [draft.intent ? `intent:${draft.intent}` : ''].filter(Boolean);
  const note = manualNote({
    at: o.now.toISOString(),
    issue: LOCAL_ISSUE,
    body: draft.fingerprint ? `<!-- intentops:fingerprint=${draft.fingerprint} -->` : '',
    labels,
    kind: o.kind,
    text: o.text,
    by: o.by,
    comment,
  });
  await mkdir(dirname(abs), { recursive: true });
  await appendFile(abs, noteLine(note));
  return { draft, path: MANUAL_NOTES };
}
