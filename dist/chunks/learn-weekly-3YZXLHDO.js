import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnToGitHub
} from "./chunk-KRR5JEYK.js";
import {
  learn,
  runReport
} from "./chunk-AP7EUBCZ.js";
import "./chunk-JYXDT6O2.js";
import {
  publish
} from "./chunk-M2XHTH7O.js";
import {
  writeLearnReport
} from "./chunk-FHKLFNAF.js";
import "./chunk-3JDNTAVH.js";
import "./chunk-PDOISYFS.js";
import {
  info,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-DG6TM2WD.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  Git
} from "./chunk-XAIPERPT.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-5IKR5MJP.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-RWC7ZCXX.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-LZ23GM7Q.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/action/learn-weekly.ts
async function learnWeekly(inputs) {
  const now = /* @__PURE__ */ new Date();
  const result = await learn(inputs.repoPath, { now });
  info(
    `learn: ${result.counted.executions} execution(s), ${result.counted.anomalies} anomalies, ${result.counted.notes} manual note(s); ${result.suggestions.length} suggestion(s)`
  );
  for (const k of result.skipped) info(`  no change for ${k.key}: ${k.reason}`);
  if (inputs.dryRun || !inputs.token) {
    if (!inputs.token) warning("no github-token: suggestions are listed, no PR is opened");
    await writeSummary(
      runReport(
        now,
        result.suggestions.map((s) => ({ ...s, outcome: "dry run" })),
        result.skipped
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
    result.skipped
  );
  const reportPath = await writeLearnReport(inputs.repoPath, now, report);
  const git = new Git(inputs.repoPath);
  await git.configureIdentity("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com");
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
