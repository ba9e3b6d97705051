import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunk-YEYDLZQ5.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";

// src/cli/init-command.ts
import { resolve } from "node:path";

// src/app/init/scaffold.ts
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
var TemplatesNotFoundError = class extends Error {
  name = "TemplatesNotFoundError";
};
function packageRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "templates", "gitops"))) return dir;
    dir = dirname(dir);
  }
  throw new TemplatesNotFoundError(
    `templates/gitops not found above ${fileURLToPath(import.meta.url)}: is the package complete?`
  );
}
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}
function actionRef(o) {
  const major = /^(\d+)\./.exec(o.version)?.[1];
  if (!major) throw new Error(`version '${o.version}' is not a semantic version`);
  return `${o.actionRepo}@v${major}`;
}
async function scaffoldFiles(o) {
  const root = packageRoot();
  const tpl = join(root, "templates", "gitops");
  const uses = actionRef(o);
  const start = `${o.now.toISOString().slice(0, 19)}Z`;
  const out = [];
  for (const rel of await listFiles(tpl)) {
    const text = (await readFile(join(tpl, rel), "utf8")).replaceAll("__INTENTOPS_ACTION__", uses).replaceAll("__INTENTOPS_START__", start);
    out.push({ path: rel, text, kind: rel.startsWith(".github/") ? "workflow" : "example" });
  }
  for (const rel of await listFiles(join(root, "schemas"))) {
    if (!rel.endsWith(".schema.json")) continue;
    out.push({
      path: `schemas/${rel}`,
      text: await readFile(join(root, "schemas", rel), "utf8"),
      kind: "schema"
    });
  }
  return out;
}
function workflowRefs(text) {
  return [...text.matchAll(/uses:\s*['"]?([^\s'"#]*intentops[^\s'"#]*)/g)].map((m) => m[1]).sort();
}
async function fileState(repoDir, f) {
  const have = await readFile(join(repoDir, f.path), "utf8").catch(() => void 0);
  if (have === void 0) return "missing";
  if (f.kind === "schema") return have === f.text ? "current" : "out-of-date";
  if (f.kind === "workflow") {
    return JSON.stringify(workflowRefs(have)) === JSON.stringify(workflowRefs(f.text)) ? "current" : "out-of-date";
  }
  return "current";
}
async function initRepo(repoDir, o) {
  const res = { written: [], kept: [] };
  for (const f of await scaffoldFiles(o)) {
    const target = join(repoDir, f.path);
    await mkdir(dirname(target), { recursive: true });
    const wrote = await writeFile(target, f.text, { flag: "wx" }).then(
      () => true,
      (err) => {
        if (err.code === "EEXIST") return false;
        throw err;
      }
    );
    (wrote ? res.written : res.kept).push(f.path);
  }
  return res;
}
async function checkRepo(repoDir, o) {
  const res = { missing: [], outOfDate: [] };
  for (const f of await scaffoldFiles(o)) {
    if (f.kind === "example" && await hasSibling(repoDir, f.path)) continue;
    const state = await fileState(repoDir, f);
    if (state === "missing") res.missing.push(f.path);
    else if (state === "out-of-date") res.outOfDate.push(f.path);
  }
  return res;
}
async function hasSibling(repoDir, path) {
  const dir = dirname(path);
  if (dir === "intents") return false;
  if (dir === "intents/requests") return existsSync(join(repoDir, dir));
  const names = await readdir(join(repoDir, dir)).catch(() => []);
  return names.some((n) => n.endsWith(".yaml") || n.endsWith(".yml"));
}

// src/cli/init-command.ts
var ACTION_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
async function initCommand(g, dir, o) {
  if (!ACTION_REPO.test(o.actionRepo)) {
    throw new InputError([
      { file: "--action-repo", severity: "error", message: `expected owner/name, got '${o.actionRepo}'` }
    ]);
  }
  const repoDir = dir === void 0 ? g.repo : resolve(dir);
  const opts = { actionRepo: o.actionRepo, version: VERSION, now: /* @__PURE__ */ new Date() };
  if (o.check) {
    const res2 = await checkRepo(repoDir, opts);
    if (g.json)
      process.stdout.write(
        `${JSON.stringify({ ok: !res2.missing.length && !res2.outOfDate.length, ...res2 }, null, 2)}
`
      );
    else {
      for (const p of res2.missing) process.stdout.write(`missing      ${p}
`);
      for (const p of res2.outOfDate) process.stdout.write(`out of date  ${p}
`);
      process.stderr.write(
        res2.missing.length || res2.outOfDate.length ? `\u2716 ${res2.missing.length} missing, ${res2.outOfDate.length} out of date: \`intentops init\` adds the missing ones; update the others by hand (for workflows: uses: ${o.actionRepo}@v${VERSION.split(".")[0]})
` : `\u2714 up to date with intentops ${VERSION}
`
      );
    }
    return res2.missing.length || res2.outOfDate.length ? 1 : 0;
  }
  const res = await initRepo(repoDir, opts);
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}
`);
  else {
    for (const p of res.written) process.stdout.write(`wrote  ${p}
`);
    for (const p of res.kept) process.stdout.write(`kept   ${p} (exists)
`);
    process.stderr.write(
      `\u2714 ${res.written.length} file(s) written, ${res.kept.length} kept, in ${repoDir}: run \`intentops validate\`, commit, and see docs/setup.md for the repository settings
`
    );
  }
  return 0;
}
export {
  initCommand
};
