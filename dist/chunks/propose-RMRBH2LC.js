import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadRepo,
  prepareRequest
} from "./chunk-6BZ7A44P.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  parseYamlSource
} from "./chunk-DM36EXAI.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import "./chunk-2HBQPZOO.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-URUTEEGJ.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/app/propose.ts
var import_yaml = __toESM(require_dist(), 1);
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
function convert(catalog, intent, raw) {
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const out = {};
  for (const [k, v] of Object.entries(raw)) {
    const type = Object.hasOwn(declared, k) ? declared[k]?.type : void 0;
    if ((type === "integer" || type === "number") && v.trim() !== "" && Number.isFinite(Number(v)))
      out[k] = Number(v);
    else if (type === "boolean" && (v === "true" || v === "false")) out[k] = v === "true";
    else out[k] = v;
  }
  return out;
}
function fileName(intent, params, now) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const target = targetOf(params);
  const slug = [intent, target].filter(Boolean).join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 60);
  return `intents/requests/${slug}-${stamp}.yaml`;
}
async function buildProposal(repoDir, input) {
  const { catalog, diagnostics } = await loadRepo(repoDir, []);
  const blocking = diagnostics.filter((d) => d.severity === "error");
  if (blocking.length) throw new InputError(blocking);
  const params = convert(catalog, input.intent, input.params);
  const request = {
    intent: input.intent,
    params,
    reason: input.reason,
    ...input.proposer ? { proposed_by: input.proposer } : {}
  };
  const path = fileName(input.intent, params, input.now);
  const text = `# yaml-language-server: $schema=../../schemas/request.schema.json
${(0, import_yaml.stringify)(request, { lineWidth: 0 })}`;
  const parsed = parseYamlSource(path, text);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const prepared = prepareRequest(
    catalog,
    { path, source: parsed.source, data: request },
    { now: input.now, approvals: null, history: [] }
  );
  if (!prepared.plan)
    throw new InputError(
      prepared.diagnostics.map((d) => ({ ...d, file: `${d.file} (proposed)` }))
    );
  if (prepared.plan.policy.verdict === "deny") {
    throw new InputError(
      prepared.plan.policy.results.filter((r) => r.outcome === "deny").map((r) => ({
        file: path,
        severity: "error",
        message: `policy ${r.policy} (${r.rule}): ${r.reason}`
      }))
    );
  }
  return { path, text, plan: prepared.plan };
}
async function writeProposal(repoDir, p) {
  const abs = join(repoDir, p.path);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, p.text, { flag: "wx" });
}
export {
  buildProposal,
  writeProposal
};
