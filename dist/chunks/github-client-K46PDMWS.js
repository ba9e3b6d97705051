import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{createOctokit}from"./chunk-KIPAYI2W.js";import"./chunk-GJTYOO5A.js";export{createOctokit};
