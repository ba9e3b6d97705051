import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnToGitHub
} from "./chunk-JEDXSC3Z.js";
import {
  BOT_ONLY,
  learn,
  runReport
} from "./chunk-3M3IEHQE.js";
import "./chunk-BUE77APU.js";
import {
  BOT_IDENTITY
} from "./chunk-NIJL7ULP.js";
import {
  publish
} from "./chunk-XMP6FIZN.js";
import {
  rejectionLines,
  writeLearnReport
} from "./chunk-IU2EQXC2.js";
import "./chunk-DDIIRV4K.js";
import {
  info,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import "./chunk-ZRC5ZTUD.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-OKQQJ5BC.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/action/learn-weekly.ts
async function learnWeekly(inputs) {
  const now = /* @__PURE__ */ new Date();
  const result = await learn(inputs.repoPath, { now, trust: BOT_ONLY });
  info(
    `learn: ${result.counted.executions} execution(s), ${result.counted.anomalies} anomalies, ${result.counted.notes} manual note(s); ${result.suggestions.length} suggestion(s)`
  );
  for (const l of rejectionLines(result.rejected)) warning(`evidence not counted: ${l}`);
  for (const k of result.skipped) info(`  no change for ${k.key}: ${k.reason}`);
  if (inputs.dryRun || !inputs.token) {
    if (!inputs.token) warning("no github-token: suggestions are listed, no PR is opened");
    await writeSummary(
      runReport(
        now,
        result.suggestions.map((s) => ({ ...s, outcome: "dry run" })),
        result.skipped,
        result.rejected
      )
    );
    setOutput("status", "dry-run");
    return;
  }
  const octokit = createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) });
  const { published, ledgerPath } = await learnToGitHub(
    inputs.repoPath,
    result,
    {
      octokit,
      owner: inputs.owner,
      repo: inputs.repo,
      serverUrl: inputs.serverUrl,
      log: (l) => info(l)
    },
    now
  );
  const outcomeOf = new Map(published.map((p) => [p.id, p.outcome]));
  const report = runReport(
    now,
    result.suggestions.map((s) => ({ ...s, outcome: outcomeOf.get(s.id) ?? "" })),
    result.skipped,
    result.rejected
  );
  const reportPath = await writeLearnReport(inputs.repoPath, now, report);
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  const branch = await git.currentBranch() ?? process.env.GITHUB_REF_NAME ?? "main";
  const pushed = await publish(git, {
    paths: [ledgerPath, reportPath],
    message: `intentops: learning ledger ${now.toISOString().slice(0, 10)}`,
    branch
  });
  if (!pushed.pushed) {
    setFailed(
      `the learning ledger could not be pushed (${pushed.error ?? pushed.rejected}); it is in the job's workspace: ${ledgerPath}`
    );
  }
  await writeSummary(report);
  setOutput("status", "learned");
  setOutput("suggestions", published.flatMap((p) => p.pr === void 0 ? [] : [p.pr]).join(","));
}
export {
  learnWeekly
};
