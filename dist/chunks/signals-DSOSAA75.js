import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{cancelOnSignals}from"./chunk-BSLG3G7M.js";import"./chunk-GJTYOO5A.js";export{cancelOnSignals};
