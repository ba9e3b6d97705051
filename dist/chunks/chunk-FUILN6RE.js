import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/record.ts
import { createHash } from "node:crypto";
function canonicalJson(value) {
  return JSON.stringify(sortedCopy(value));
}
function sortedCopy(v) {
  if (v === null || typeof v !== "object") return v;
  if (typeof v.toJSON === "function") {
    return sortedCopy(v.toJSON());
  }
  if (Array.isArray(v)) return v.map(sortedCopy);
  const out = /* @__PURE__ */ Object.create(null);
  for (const k of Object.keys(v).sort()) out[k] = sortedCopy(v[k]);
  return out;
}
function sha256(text) {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
function recordDigest(record) {
  const { digest: _omit, ...rest } = record;
  return sha256(canonicalJson(rest));
}
function sealRecord(record) {
  return { ...record, digest: recordDigest(record) };
}
function recordPath(record) {
  return `executions/${record.timestamp.slice(0, 10)}/${record.id}.yaml`;
}
function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
}
function executionId(opts) {
  const iso = opts.at.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}`;
  const hash = createHash("sha256").update(opts.unique).digest("hex").slice(0, 6);
  const parts = ["exec", stamp, slug(opts.intent), opts.target ? slug(opts.target) : "", hash].filter(
    Boolean
  );
  return parts.join("-");
}
function formatSeconds(ms) {
  return `${Number((ms / 1e3).toFixed(3))}s`;
}

export {
  canonicalJson,
  sha256,
  recordDigest,
  sealRecord,
  recordPath,
  executionId,
  formatSeconds
};
