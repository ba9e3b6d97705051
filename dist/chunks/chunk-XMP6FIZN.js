import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  GitError
} from "./chunk-3RZXW5BD.js";

// src/adapters/git-publish.ts
import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
var ANOMALY_LOG = "incidents/anomaly-log.jsonl";
var UNION_LINE = `${ANOMALY_LOG} merge=union`;
var UNION_RE = /^incidents\/anomaly-log\.jsonl\s.*\bmerge=union\b/m;
async function ensureLine(file, present, line) {
  const text = await readFile(file, "utf8").catch(() => "");
  if (present.test(text)) return false;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === "" || text.endsWith("\n") ? "" : "\n"}${line}
`);
  return true;
}
async function ensureUnionMerge(git) {
  await ensureLine(await git.gitPath("info/attributes"), UNION_RE, UNION_LINE);
  return ensureLine(join(git.dir, ".gitattributes"), UNION_RE, UNION_LINE);
}
function backoffMs(retry, baseDelayMs, jitter) {
  const exp = baseDelayMs * 2 ** (retry - 1);
  return Math.round(exp + exp * jitter());
}
async function publish(git, opts) {
  const remote = opts.remote ?? "origin";
  const attempts = Math.max(1, opts.attempts ?? 5);
  const baseDelayMs = opts.baseDelayMs ?? 200;
  const jitter = opts.jitter ?? Math.random;
  const sleep = opts.sleep ?? ((ms) => delay(ms));
  const target = `${remote}/${opts.branch}`;
  let committed = false;
  let tried = 0;
  const done = async (r) => ({
    sha: await git.headSha().catch(() => null),
    committed,
    attempts: tried,
    ...r
  });
  try {
    const paths = opts.paths.filter((p) => existsSync(join(git.dir, p)));
    if (paths.includes(ANOMALY_LOG) && await ensureUnionMerge(git)) paths.push(".gitattributes");
    await git.addPaths(paths);
    committed = await git.commit(opts.message, { author: opts.author }) !== null;
    let last = "";
    while (tried < attempts) {
      if (tried > 0) {
        await sleep(backoffMs(tried, baseDelayMs, jitter));
        await git.fetch(remote, opts.branch);
        const rebase = await git.rebaseOnto(target);
        if (rebase.status !== "ok") {
          await git.abortRebase();
          const what = rebase.status === "conflict" ? `conflict in ${rebase.paths.join(", ")}` : `rebase failed: ${rebase.stderr}`;
          return done({
            pushed: false,
            rejected: "non-fast-forward",
            error: `cannot publish to ${target}: ${what} (rebase aborted, local commit kept)`
          });
        }
      }
      tried++;
      const push = await git.tryPush(remote, opts.branch);
      if (push.ok) return done({ pushed: true, rejected: null });
      last = push.stderr;
      if (push.rejected === "protected") {
        return done({
          pushed: false,
          rejected: "protected",
          error: `push to ${target} refused by branch protection (not retried): ${push.stderr}`
        });
      }
      if (push.rejected !== "non-fast-forward") {
        return done({
          pushed: false,
          rejected: push.rejected,
          error: `push to ${target} failed: ${push.stderr}`
        });
      }
    }
    return done({
      pushed: false,
      rejected: "non-fast-forward",
      error: `push to ${target} still behind after ${tried} attempts: ${last}`
    });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    return done({ pushed: false, rejected: null, error: err.message });
  }
}

export {
  ANOMALY_LOG,
  publish
};
