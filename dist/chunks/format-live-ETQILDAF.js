import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{formatLive}from"./chunk-OE2QNPDK.js";import"./chunk-GJTYOO5A.js";export{formatLive};
