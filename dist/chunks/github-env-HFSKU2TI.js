import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{githubFromEnv,requireGitHub}from"./chunk-XG5HQDKX.js";import"./chunk-DKITYNWU.js";import"./chunk-PMJQOT3G.js";import"./chunk-GJTYOO5A.js";export{githubFromEnv,requireGitHub};
