import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{runCachedScript}from"./chunk-APDPYZ5Y.js";import"./chunk-VS2XFLSM.js";import"./chunk-GJTYOO5A.js";export{runCachedScript};
