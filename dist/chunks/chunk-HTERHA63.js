import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  localDrafts
} from "./chunk-AFIQTQRL.js";
import {
  MANUAL_NOTES,
  manualNote,
  noteLine,
  notedComments
} from "./chunk-DDIIRV4K.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/app/local-notes.ts
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var LOCAL_ISSUE = 0;
async function findDraft(repoDir, ref) {
  const drafts = await localDrafts(repoDir);
  const wanted = ref.replace(/^\.\//, "");
  const hits = drafts.filter(
    (d) => d.where === wanted || wanted.length >= 6 && (d.fingerprint ?? "").startsWith(wanted)
  );
  if (hits.length === 1) return hits[0];
  throw new InputError([
    {
      file: ref,
      severity: "error",
      message: hits.length ? `names ${hits.length} drafts; give more of the fingerprint` : `expected an open draft under incidents/drafts/ or its fingerprint; open drafts: ${drafts.map((d) => d.fingerprint).join(", ") || "none"}`
    }
  ]);
}
async function addLocalNote(repoDir, o) {
  if (!o.text.trim()) {
    throw new InputError([
      {
        file: o.kind === "manual_fix" ? "--fix" : "--step",
        severity: "error",
        message: "expected the commands or text of what was done"
      }
    ]);
  }
  const draft = await findDraft(repoDir, o.draft);
  const abs = join(repoDir, MANUAL_NOTES);
  const taken = notedComments(await readFile(abs, "utf8").catch(() => ""));
  let comment = o.now.getTime();
  while (taken.has(comment)) comment++;
  const labels = [draft.intent ? `intent:${draft.intent}` : ""].filter(Boolean);
  const note = manualNote({
    at: o.now.toISOString(),
    issue: LOCAL_ISSUE,
    body: draft.fingerprint ? `<!-- intentops:fingerprint=${draft.fingerprint} -->` : "",
    labels,
    kind: o.kind,
    text: o.text,
    by: o.by,
    comment
  });
  await mkdir(dirname(abs), { recursive: true });
  await appendFile(abs, noteLine(note));
  return { draft, path: MANUAL_NOTES };
}

export {
  addLocalNote
};
