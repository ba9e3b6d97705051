import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{remediateAfter,rollbackCommand}from"./chunk-2VOR7GZR.js";import"./chunk-GJTYOO5A.js";export{remediateAfter,rollbackCommand};
