import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{actionRefOf,buildFacts,buildVersion,describeBuild,gitFacts,packageRoot}from"./chunk-R66GI4YW.js";import"./chunk-LXZWD2NR.js";import"./chunk-DSU7MMVN.js";import"./chunk-GJTYOO5A.js";export{actionRefOf,buildFacts,buildVersion,describeBuild,gitFacts,packageRoot};
