import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{structuredPatch}from"./chunk-PWWI4ZQH.js";var CONTEXT=2,range=(start,count)=>`${count===0?start-1:start},${count}`,text=t=>t===""?"":`${t.replace(/\n$/,"")}
`;function lineDiff(path,before,after){let from=before===null?"/dev/null":`a/${path}`,patch=structuredPatch(from,`b/${path}`,text(before??""),text(after),void 0,void 0,{context:CONTEXT}),out=[`--- ${from}`,`+++ b/${path}`];for(let h of patch.hunks)out.push(`@@ -${range(h.oldStart,h.oldLines)} +${range(h.newStart,h.newLines)} @@`),out.push(...h.lines);return out.join(`
`)}export{lineDiff};
