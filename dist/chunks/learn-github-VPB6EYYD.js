import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnToGitHub
} from "./chunk-VIAEILNY.js";
import "./chunk-FY5PGF2M.js";
import "./chunk-MA7T432Z.js";
import "./chunk-DM36EXAI.js";
import "./chunk-P454KSOG.js";
import "./chunk-G335CAHQ.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";

// src/cli/learn-github.ts
async function learnOnGitHub(g, result, now) {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
  if (!token || !owner || !repo) {
    throw new InputError([
      {
        file: "--pr",
        severity: "error",
        message: "needs GITHUB_TOKEN (or GH_TOKEN) and GITHUB_REPOSITORY=owner/repo"
      }
    ]);
  }
  const { createOctokit } = await import("./github-client-LLTBANP4.js");
  const octokit = createOctokit({
    token,
    ...process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}
  });
  const { published, ledgerPath } = await learnToGitHub(
    g.repo,
    result,
    {
      octokit,
      owner,
      repo,
      serverUrl: process.env.GITHUB_SERVER_URL ?? "https://github.com",
      log: (l) => process.stderr.write(`${l}
`)
    },
    now
  );
  process.stdout.write(
    g.json ? `${JSON.stringify({ suggestions: result.suggestions, published, skipped: result.skipped, ledger: ledgerPath }, null, 2)}
` : `${published.map((p) => `${p.id}: ${p.outcome}`).join("\n") || "no suggestions"}
`
  );
  return 0;
}
export {
  learnOnGitHub
};
