import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/app/history.ts
async function historyFor(catalog, repoDir, now) {
  const windows = catalog.policies.flatMap(
    (f) => f.data.policies.flatMap((p) => p.rate_limit ? [durationSeconds(p.rate_limit.per)] : [])
  );
  if (windows.length === 0) return [];
  const since = now ? { since: new Date(now.getTime() - Math.max(...windows) * 1e3) } : {};
  const { scanRecords } = await import("./record-scan-2PCZ2URG.js");
  const out = [];
  for await (const { record } of scanRecords(repoDir, since)) {
    const r = record;
    if (!r || typeof r.intent !== "string" || typeof r.timestamp !== "string") continue;
    if (typeof r.observation_of === "string") continue;
    const target = targetOf(r.params ?? {});
    out.push({
      intent: r.intent,
      timestamp: r.timestamp,
      status: String(r.status),
      ...target ? { target } : {}
    });
  }
  return out;
}

export {
  historyFor
};
