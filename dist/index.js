import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-UUXOSL2X.js";
import "./chunks/chunk-6GHWFL73.js";
import "./chunks/chunk-BPGYOTEN.js";
import "./chunks/chunk-RTKUPMGY.js";
import "./chunks/chunk-A6AWRIXI.js";
import "./chunks/chunk-G335CAHQ.js";
import "./chunks/chunk-LMSLKW5O.js";
import "./chunks/chunk-XPYVKQRZ.js";
import "./chunks/chunk-7E55XGKX.js";

// src/action/index.ts
process.exitCode = await main([
  "--repo",
  process.env.GITHUB_WORKSPACE ?? ".",
  "validate",
  "--format",
  "github"
]);
