import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/cli/duration-flag.ts
function durationFlag(flag, value, example = "30d or 12h") {
  try {
    return durationSeconds(value);
  } catch {
    throw new InputError([
      { file: flag, severity: "error", message: `expected a duration like ${example}, got '${value}'` }
    ]);
  }
}
function sinceDate(since, now) {
  return since === void 0 ? void 0 : new Date(now.getTime() - durationFlag("--since", since) * 1e3);
}

export {
  durationFlag,
  sinceDate
};
