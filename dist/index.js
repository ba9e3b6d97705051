import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-IKQYYX3U.js";
import "./chunks/chunk-2ZW6Z7BH.js";
import "./chunks/chunk-VJDIPRZO.js";
import "./chunks/chunk-7TCELIEM.js";
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
