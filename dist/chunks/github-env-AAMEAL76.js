import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{githubFromEnv,requireGitHub}from"./chunk-T4IMAWEQ.js";import"./chunk-E7OIHZ4S.js";import"./chunk-GJTYOO5A.js";export{githubFromEnv,requireGitHub};
