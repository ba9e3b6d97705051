import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{githubFromEnv,requireGitHub}from"./chunk-IETQJ24D.js";import"./chunk-SDSC2EUA.js";import"./chunk-GJTYOO5A.js";export{githubFromEnv,requireGitHub};
