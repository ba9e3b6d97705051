import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
var BOT_IDENTITY={name:"github-actions[bot]",email:"41898282+github-actions[bot]@users.noreply.github.com"};export{BOT_IDENTITY};
