import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-2XYNP2R3.js";
import "./chunks/chunk-7PRU2VJ3.js";
import "./chunks/chunk-AJBWUAOC.js";
import "./chunks/chunk-7E55XGKX.js";

// src/action/index.ts
process.exitCode = await main([
  "--repo",
  process.env.GITHUB_WORKSPACE ?? ".",
  "validate",
  "--format",
  "github"
]);
