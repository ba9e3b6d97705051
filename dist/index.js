import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-RHSEIVQ2.js";
import "./chunks/chunk-6GHWFL73.js";
import "./chunks/chunk-BPGYOTEN.js";
import "./chunks/chunk-E5R4RK5R.js";
import "./chunks/chunk-N3GGVEA6.js";
import "./chunks/chunk-G335CAHQ.js";
import "./chunks/chunk-LMSLKW5O.js";
import "./chunks/chunk-URUTEEGJ.js";
import "./chunks/chunk-7E55XGKX.js";

// src/action/index.ts
process.exitCode = await main([
  "--repo",
  process.env.GITHUB_WORKSPACE ?? ".",
  "validate",
  "--format",
  "github"
]);
