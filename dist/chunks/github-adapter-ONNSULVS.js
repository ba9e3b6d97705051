import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{connectGitHub,githubPort}from"./chunk-KWRC2HG2.js";import"./chunk-SB62BDH4.js";import"./chunk-GJTYOO5A.js";export{connectGitHub,githubPort};
