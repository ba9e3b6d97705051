import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
async function allOf(pages){let out=[];for await(let page of pages)out.push(...page);return out}async function firstPage(pages){for await(let page of pages)return page;return[]}export{allOf,firstPage};
