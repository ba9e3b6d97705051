import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
var crypto;function createSha256(){return crypto??=process.getBuiltinModule("node:crypto"),crypto.createHash("sha256")}export{createSha256};
