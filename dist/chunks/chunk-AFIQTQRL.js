import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DRAFT_LABEL,
  fingerprintIn,
  frontMatter,
  labelValue
} from "./chunk-DDIIRV4K.js";

// src/app/open-incidents.ts
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
var str = (v) => typeof v === "string" ? v : null;
async function localDrafts(repoDir) {
  const dir = join(repoDir, "incidents", "drafts");
  const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith(".md")).sort();
  const out = [];
  for (const name of names) {
    const front = frontMatter(await readFile(join(dir, name), "utf8"));
    if (front?.status !== "draft") continue;
    const execution = str(front.generated_from?.execution_id);
    out.push({
      fingerprint: str(front.fingerprint),
      title: str(front.title) ?? name,
      severity: str(front.severity),
      intent: str(front.intent),
      target: str(front.target),
      rule: str(front.generated_from?.anomaly_rule),
      ...typeof front.occurrences === "number" ? { occurrences: front.occurrences } : {},
      ...execution ? { execution_id: execution } : {},
      where: `incidents/drafts/${name}`,
      source: "file"
    });
  }
  return out;
}
async function githubDrafts(octokit, repo, limit) {
  const out = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repo,
    labels: DRAFT_LABEL,
    state: "open",
    per_page: 100
  });
  for await (const page of pages) {
    for (const issue of page.data) {
      const fingerprint = fingerprintIn(issue.body);
      if (issue.pull_request || !fingerprint) continue;
      const labels = issue.labels.map((l) => typeof l === "string" ? l : l.name ?? "");
      out.push({
        fingerprint,
        title: issue.title,
        severity: labelValue(labels, "severity:") ?? null,
        intent: labelValue(labels, "intent:") ?? null,
        rule: labelValue(labels, "anomaly:") ?? null,
        where: issue.html_url,
        source: "github"
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export {
  localDrafts,
  githubDrafts
};
