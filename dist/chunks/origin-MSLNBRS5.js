import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{describeOrigin,githubOrigin,githubOriginOf,localOrigin}from"./chunk-DZWURO7U.js";import"./chunk-RBGPVBP6.js";import"./chunk-EDGTRVD5.js";import"./chunk-DSU7MMVN.js";import"./chunk-GJTYOO5A.js";export{describeOrigin,githubOrigin,githubOriginOf,localOrigin};
