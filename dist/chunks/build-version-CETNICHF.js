import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{actionRefOf,buildFacts,buildVersion,describeBuild,gitFacts,packageRoot}from"./chunk-5BNXG7ON.js";import"./chunk-LXZWD2NR.js";import"./chunk-FLK6VVG2.js";import"./chunk-GJTYOO5A.js";export{actionRefOf,buildFacts,buildVersion,describeBuild,gitFacts,packageRoot};
