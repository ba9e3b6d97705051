import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{endGroup,error,group,info,setFailed,setOutput,setSecret,startGroup,summary,useRunner,warning}from"./chunk-QOTFNPST.js";import"./chunk-GJTYOO5A.js";export{endGroup,error,group,info,setFailed,setOutput,setSecret,startGroup,summary,useRunner,warning};
