import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{creator,rules}from"./chunk-HMI3XCMN.js";import"./chunk-GJTYOO5A.js";export{creator,rules};
