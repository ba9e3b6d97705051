import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  canonicalJson
} from "./chunk-FUILN6RE.js";

// src/domain/proposal-key.ts
import { createHash } from "node:crypto";
var RETRY_WINDOW_MS = 60 * 60 * 1e3;
var BRANCH_PREFIX = "intentops/propose/";
function proposalKey(intent, params, proposer) {
  const identity = canonicalJson({ intent, params, proposer: proposer ?? null });
  return createHash("sha256").update(identity).digest("hex").slice(0, 12);
}
function proposalBranch(requestPath, key) {
  const stem = (requestPath.split("/").pop() ?? requestPath).replace(/\.ya?ml$/, "");
  return `${BRANCH_PREFIX}${stem}-${key}`;
}
function parseProposalBranch(branch) {
  const m = /^intentops\/propose\/([a-z0-9-]+)-([0-9a-f]{12})$/.exec(branch);
  return m ? { path: `intents/requests/${m[1]}.yaml`, key: m[2] } : void 0;
}

export {
  RETRY_WINDOW_MS,
  proposalKey,
  proposalBranch,
  parseProposalBranch
};
