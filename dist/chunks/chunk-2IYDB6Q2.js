import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  fullCheck,
  loadRecord,
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  replayRecord
} from "./chunk-4EJL4FTD.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/app/audit/replay.ts
async function replayOne(repoDir, ref) {
  const read = await loadRecord(repoDir, ref);
  if ("error" in read) throw new InputError([{ file: read.path, severity: "error", message: read.error }]);
  return { path: read.path, record: read.record, outcome: replayRecord(read.record) };
}
async function replayAll(repoDir, since) {
  const out = { replayed: 0, same: 0, differing: [], unreadable: [], firedOnly: 0 };
  for await (const r of readRecords(repoDir, since)) {
    if ("error" in r) {
      out.unreadable.push({ path: r.path, reason: r.error });
      continue;
    }
    let o;
    try {
      o = replayRecord(r.record);
    } catch {
      out.unreadable.push({ path: r.path, reason: fullCheck(r.raw) });
      continue;
    }
    out.replayed++;
    if (o.rulesSource === "fired-only") out.firedOnly++;
    if (o.differences.length === 0) out.same++;
    else out.differing.push({ path: r.path, id: r.record.id, differences: o.differences });
  }
  return out;
}

export {
  replayOne,
  replayAll
};
