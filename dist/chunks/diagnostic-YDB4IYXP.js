import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{formatDiagnostic,formatGithubAnnotation,hasErrors}from"./chunk-AR4RGVBZ.js";import"./chunk-GJTYOO5A.js";export{formatDiagnostic,formatGithubAnnotation,hasErrors};
