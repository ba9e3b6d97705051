import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{githubFromEnv,requireGitHub}from"./chunk-4YA2TDCL.js";import"./chunk-DVX43SWI.js";import"./chunk-GJTYOO5A.js";export{githubFromEnv,requireGitHub};
