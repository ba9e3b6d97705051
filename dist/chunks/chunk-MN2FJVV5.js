import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/adapters/git-diff.ts
import { execFile } from "node:child_process";
var GitDiffError = class extends Error {
  name = "GitDiffError";
};
function changedFiles(dir, base, head, mergeBase = true) {
  const range = mergeBase ? `${base}...${head}` : `${base}..${head}`;
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["diff", "--name-status", "--no-renames", "-z", range, "--"],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 6e4 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new GitDiffError(
              `git diff ${range} failed (is the history fetched? use fetch-depth: 0): ${String(stderr).trim()}`
            )
          );
          return;
        }
        const parts = String(stdout).split("\0").filter(Boolean);
        const out = [];
        for (let i = 0; i + 1 < parts.length; i += 2) {
          out.push({
            status: parts[i].charAt(0),
            path: parts[i + 1]
          });
        }
        resolve(out);
      }
    );
  });
}

export {
  GitDiffError,
  changedFiles
};
