import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnToGitHub
} from "./chunk-JEDXSC3Z.js";
import {
  rejectionLines
} from "./chunk-IU2EQXC2.js";
import {
  requireGitHub
} from "./chunk-BRAFLAXF.js";
import "./chunk-ZRC5ZTUD.js";
import "./chunk-3RZXW5BD.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";

// src/cli/learn-github.ts
async function learnOnGitHub(g, result, now) {
  const gh = await requireGitHub("--pr");
  const { published, ledgerPath } = await learnToGitHub(
    g.repo,
    result,
    { ...gh, log: (l) => process.stderr.write(`${l}
`) },
    now
  );
  process.stdout.write(
    g.json ? `${JSON.stringify({ suggestions: result.suggestions, published, skipped: result.skipped, rejected: result.rejected, ledger: ledgerPath }, null, 2)}
` : `${published.map((p) => `${p.id}: ${p.outcome}`).join("\n") || "no suggestions"}
`
  );
  if (!g.json)
    for (const l of rejectionLines(result.rejected)) process.stderr.write(`evidence not counted: ${l}
`);
  return 0;
}
export {
  learnOnGitHub
};
