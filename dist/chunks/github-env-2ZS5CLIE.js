import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  githubFromEnv,
  requireGitHub
} from "./chunk-BRAFLAXF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";
export {
  githubFromEnv,
  requireGitHub
};
