import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runReport
} from "./chunk-3M3IEHQE.js";
import {
  branchOf,
  contentDigest,
  opened,
  readLedger,
  writeLearnReport,
  writeLedger
} from "./chunk-IU2EQXC2.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";

// src/app/learn/publish-local.ts
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
async function publishLocal(git, suggestions, ledger, now) {
  const head = await git.revParse("HEAD");
  if (!head) throw new Error("learn needs a git repository with at least one commit");
  const out = [];
  const tmp = await mkdtemp(join(tmpdir(), "intentops-learn-"));
  try {
    for (const s of suggestions) {
      const entry = ledger.get(s.id);
      const branch = branchOf(s.id);
      if (entry?.state === "rejected" || entry?.state === "open") {
        out.push({
          suggestion: s,
          outcome: `${entry.state} on GitHub (${entry.url ?? `PR #${entry.pr}`}): left to the GitHub run`,
          entry
        });
        continue;
      }
      if (entry?.state === "local" && entry.content === contentDigest(s) && await git.revParse(branch)) {
        out.push({
          suggestion: s,
          outcome: `branch ${branch} holds this change already`,
          entry: opened(s, entry, now, { state: "local" })
        });
        continue;
      }
      const files = await Promise.all(
        s.changes.map(async (c, i) => {
          const abs = join(tmp, `${i}.yaml`);
          await writeFile(abs, c.after);
          return { path: c.path, abs };
        })
      );
      const sha = await git.commitFilesTo(branch, head, files, `learn: ${s.title}

${s.rationale}`);
      out.push({
        suggestion: s,
        outcome: `committed to branch ${branch} (${sha.slice(0, 7)})`,
        entry: opened(s, entry, now, { state: "local" })
      });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return out;
}
async function learnLocally(repoDir, result, now) {
  const entries = new Map((await readLedger(repoDir)).suggestions.map((e) => [e.id, e]));
  const outcomes = await publishLocal(new Git(repoDir), result.suggestions, entries, now);
  for (const o of outcomes) entries.set(o.entry.id, o.entry);
  await writeLedger(repoDir, { suggestions: [...entries.values()] });
  const report = runReport(
    now,
    outcomes.map((o) => ({ ...o.suggestion, outcome: o.outcome })),
    result.skipped,
    result.rejected
  );
  return { outcomes, report, reportPath: await writeLearnReport(repoDir, now, report) };
}

export {
  learnLocally
};
