import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{learnToGitHub}from"./chunk-6V7XICHZ.js";import"./chunk-PEDMAZM6.js";import"./chunk-PO33JBRA.js";import{rejectionLines}from"./chunk-LEGCEIQN.js";import"./chunk-KJCVC7Q7.js";import{requireGitHub}from"./chunk-B26LCWMQ.js";import"./chunk-CTNZDEEL.js";import"./chunk-4HKZQ4LU.js";import"./chunk-4FP5HX3B.js";import"./chunk-AUHSVQOL.js";import"./chunk-FRUOB5TN.js";import"./chunk-DCAQJS7W.js";import"./chunk-2P3TWFKB.js";import"./chunk-SUCR2ZK4.js";import"./chunk-ALNYEWFL.js";import"./chunk-SDSC2EUA.js";import"./chunk-SEW3B7XV.js";import"./chunk-PO5DHDQP.js";import"./chunk-EPT7IH44.js";import"./chunk-EDGTRVD5.js";import"./chunk-FLK6VVG2.js";import"./chunk-GJTYOO5A.js";async function learnOnGitHub(g,result,now){let gh=await requireGitHub("--pr"),{published,ledgerPath}=await learnToGitHub(g.repo,result,{...gh,log:l=>process.stderr.write(`${l}
`)},now);if(process.stdout.write(g.json?`${JSON.stringify({suggestions:result.suggestions,published,skipped:result.skipped,rejected:result.rejected,ledger:ledgerPath},null,2)}
`:`${published.map(p=>`${p.id}: ${p.outcome}`).join(`
`)||"no suggestions"}
`),!g.json)for(let l of rejectionLines(result.rejected))process.stderr.write(`evidence not counted: ${l}
`);return 0}export{learnOnGitHub};
