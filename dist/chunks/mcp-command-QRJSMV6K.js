import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  githubFromEnv
} from "./chunk-BRAFLAXF.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";

// src/cli/mcp-command.ts
import { existsSync, statSync } from "node:fs";
var AGENT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?(?:\[bot\])?$/;
var log = (message) => process.stderr.write(`${message}
`);
function agentName(flag, env) {
  const name = (flag ?? env.INTENTOPS_AGENT ?? "").trim();
  if (!name) {
    throw new InputError([
      {
        file: "--agent",
        severity: "error",
        message: "expected the agent name (--agent <name> or INTENTOPS_AGENT): it is the proposer recorded and judged by policies"
      }
    ]);
  }
  if (!AGENT_NAME.test(name)) {
    throw new InputError([
      {
        file: "--agent",
        severity: "error",
        message: `expected a login-like agent name (letters, digits, . _ -; up to 100), got ${JSON.stringify(name)}`
      }
    ]);
  }
  return name;
}
async function mcpCommand(g, o) {
  const agent = agentName(o.agent, process.env);
  if (!existsSync(g.repo) || !statSync(g.repo).isDirectory()) {
    throw new InputError([
      { file: "--repo", severity: "error", message: `expected a directory, got ${g.repo}` }
    ]);
  }
  console.log = console.info = console.debug = console.warn = console.error;
  const github = await githubFromEnv(process.env, log);
  const { serveStdio } = await import("./server-3EKW4EFG.js");
  await serveStdio({ repoDir: g.repo, agent, github, now: () => /* @__PURE__ */ new Date(), log });
  return 0;
}
export {
  mcpCommand
};
