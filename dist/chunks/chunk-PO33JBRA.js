import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
function lineDiff(path,before,after){let a=before===null?[]:before.replace(/\n$/,"").split(`
`),b=after.replace(/\n$/,"").split(`
`),head=0;for(;head<a.length&&head<b.length&&a[head]===b[head];)head++;let tail=0;for(;tail<a.length-head&&tail<b.length-head&&a[a.length-1-tail]===b[b.length-1-tail];)tail++;let from=Math.max(0,head-2),lines=[`--- ${before===null?"/dev/null":`a/${path}`}`,`+++ b/${path}`];lines.push(`@@ -${a.length?from+1:0},${a.length-tail-from+Math.min(2,tail)} +${from+1},${b.length-tail-from+Math.min(2,tail)} @@`);for(let l of a.slice(from,head))lines.push(` ${l}`);for(let l of a.slice(head,a.length-tail))lines.push(`-${l}`);for(let l of b.slice(head,b.length-tail))lines.push(`+${l}`);for(let l of b.slice(b.length-tail,b.length-tail+2))lines.push(` ${l}`);return lines.join(`
`)}export{lineDiff};
