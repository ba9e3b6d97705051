import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-VAE3S4N5.js";
import "./chunks/chunk-ITBMHVMT.js";
import "./chunks/chunk-YIE3CPDQ.js";
import "./chunks/chunk-7E55XGKX.js";

// src/action/index.ts
process.exitCode = await main([
  "--repo",
  process.env.GITHUB_WORKSPACE ?? ".",
  "validate",
  "--format",
  "github"
]);
