import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  proposalKey
} from "./chunk-RUWUFFY6.js";
import {
  historyFor
} from "./chunk-URWU43WQ.js";
import {
  prepareRequest,
  resolveParams
} from "./chunk-CCPQRHZZ.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  parseYamlSource
} from "./chunk-4BJPRUAX.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import {
  RecordScanError,
  parseRecordText,
  recordTexts
} from "./chunk-ISVOBWNR.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/app/propose/propose.ts
var import_yaml = __toESM(require_dist(), 1);
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// src/app/propose/pending-request.ts
async function executedAmong(repoDir, paths) {
  const seen = /* @__PURE__ */ new Set();
  for await (const { path, text } of recordTexts(repoDir)) {
    if (!paths.some((p) => text.includes(p))) continue;
    let record;
    try {
      record = parseRecordText(text, path);
    } catch (err) {
      if (err instanceof RecordScanError) continue;
      throw err;
    }
    const requestPath = record?.request?.path;
    if (typeof requestPath === "string" && paths.includes(requestPath)) seen.add(requestPath);
  }
  return seen;
}
async function findPendingRequest(repoDir, intent, key) {
  const { catalog } = await loadRepo(repoDir);
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const same = catalog.requests.filter((r) => r.data.intent === intent).filter((r) => {
    const { values, problems } = resolveParams(intent, declared, r.data.params ?? {});
    return problems.length === 0 && proposalKey(intent, values, r.data.proposed_by) === key;
  }).map((r) => r.path).sort();
  if (same.length === 0) return void 0;
  const executed = await executedAmong(repoDir, same);
  return same.find((p) => !executed.has(p));
}

// src/app/propose/propose.ts
function convert(catalog, intent, raw) {
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const out = {};
  for (const [k, v] of Object.entries(raw)) {
    const type = Object.hasOwn(declared, k) ? declared[k]?.type : void 0;
    if (typeof v !== "string")
      out[k] = v;
    else if ((type === "integer" || type === "number") && v.trim() !== "" && Number.isFinite(Number(v)))
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
async function draftProposal(repoDir, input) {
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
    {
      now: input.now,
      approvals: null,
      history: input.withHistory ? await historyFor(catalog, repoDir, input.now) : []
    }
  );
  if (!prepared.plan)
    throw new InputError(
      prepared.diagnostics.map((d) => ({ ...d, file: `${d.file} (proposed)` }))
    );
  return {
    path,
    text,
    plan: prepared.plan,
    key: proposalKey(input.intent, prepared.plan.params, input.proposer)
  };
}
function policyRefusal(p) {
  if (p.plan.policy.verdict !== "deny") return [];
  return p.plan.policy.results.filter((r) => r.outcome === "deny").map((r) => ({
    file: p.path,
    severity: "error",
    message: `policy ${r.policy} (${r.rule}): ${r.reason}`
  }));
}
async function buildProposal(repoDir, input) {
  const proposal = await draftProposal(repoDir, input);
  const refused = policyRefusal(proposal);
  if (refused.length) throw new InputError(refused);
  return proposal;
}
async function writeProposal(repoDir, p) {
  await mkdir(dirname(join(repoDir, p.path)), { recursive: true });
  for (let n = 1; ; n++) {
    const rel = n === 1 ? p.path : p.path.replace(/\.yaml$/, `-${n}.yaml`);
    try {
      await writeFile(join(repoDir, rel), p.text, { flag: "wx" });
      return rel;
    } catch (err) {
      if (err.code !== "EEXIST" || n >= 100) throw err;
    }
  }
}
async function saveProposal(repoDir, p) {
  const pending = await findPendingRequest(repoDir, p.plan.intent, p.key);
  if (pending) return { path: pending, existing: true };
  return { path: await writeProposal(repoDir, p), existing: false };
}

export {
  draftProposal,
  policyRefusal,
  buildProposal,
  writeProposal,
  saveProposal
};
