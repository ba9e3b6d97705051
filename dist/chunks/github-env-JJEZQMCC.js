import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{githubFromEnv,requireGitHub}from"./chunk-3NCHOW3J.js";import"./chunk-DM7G3MRS.js";import"./chunk-AR4RGVBZ.js";import"./chunk-GJTYOO5A.js";export{githubFromEnv,requireGitHub};
