import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{formatLive,unlistedNote}from"./chunk-XY4BYTYM.js";import"./chunk-2PSHMBLF.js";import"./chunk-4FP5HX3B.js";import"./chunk-GJTYOO5A.js";export{formatLive,unlistedNote};
