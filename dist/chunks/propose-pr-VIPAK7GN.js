import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{findProposalPr,openProposalPr}from"./chunk-VXBZOOX2.js";import"./chunk-GHQKGRGE.js";import"./chunk-ZRF2TQ7E.js";import"./chunk-7AXKYU5B.js";import"./chunk-5X5GE4BP.js";import"./chunk-GJTYOO5A.js";export{findProposalPr,openProposalPr};
