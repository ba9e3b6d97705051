import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{connectGitHub,githubPort,preloadFetch}from"./chunk-4DCOWTYZ.js";import"./chunk-FRUOB5TN.js";import"./chunk-GJTYOO5A.js";export{connectGitHub,githubPort,preloadFetch};
