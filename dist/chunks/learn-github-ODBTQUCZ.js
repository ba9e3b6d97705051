import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{learnToGitHub}from"./chunk-HCSESWGN.js";import{requireGitHub}from"./chunk-4YA2TDCL.js";import"./chunk-PO33JBRA.js";import{rejectionLines}from"./chunk-4WGYRJV2.js";import"./chunk-CQ5YB2IB.js";import"./chunk-7AXKYU5B.js";import"./chunk-T5TQVOYW.js";import"./chunk-HSI6Q32C.js";import"./chunk-VWRRWUCP.js";import"./chunk-CXVUELPA.js";import"./chunk-TF34U5BU.js";import"./chunk-DVX43SWI.js";import"./chunk-PO5DHDQP.js";import"./chunk-BCDCFPRC.js";import"./chunk-FG5OZP77.js";import"./chunk-UQXBV5HB.js";import"./chunk-NZCHSI4H.js";import"./chunk-EDGTRVD5.js";import"./chunk-FLK6VVG2.js";import"./chunk-GJTYOO5A.js";async function learnOnGitHub(g,result,now){let gh=await requireGitHub("--pr"),{published,ledgerPath}=await learnToGitHub(g.repo,result,{...gh,log:l=>process.stderr.write(`${l}
`)},now);if(process.stdout.write(g.json?`${JSON.stringify({suggestions:result.suggestions,published,skipped:result.skipped,rejected:result.rejected,ledger:ledgerPath},null,2)}
`:`${published.map(p=>`${p.id}: ${p.outcome}`).join(`
`)||"no suggestions"}
`),!g.json)for(let l of rejectionLines(result.rejected))process.stderr.write(`evidence not counted: ${l}
`);return 0}export{learnOnGitHub};
