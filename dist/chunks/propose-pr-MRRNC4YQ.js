import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{findProposalPr,openProposalPr}from"./chunk-SM7OIOMF.js";import"./chunk-TXPG3LAP.js";import"./chunk-WS7G634W.js";import"./chunk-7AXKYU5B.js";import"./chunk-AYGVNU2G.js";import"./chunk-GJTYOO5A.js";export{findProposalPr,openProposalPr};
