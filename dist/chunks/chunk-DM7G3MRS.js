import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{formatDiagnostic}from"./chunk-AR4RGVBZ.js";var InputError=class extends Error{constructor(diagnostics,message=diagnostics.map(formatDiagnostic).join(`
`)){super(message);this.diagnostics=diagnostics}diagnostics;name="InputError"},TemplateError=class extends Error{constructor(message,param){super(message);this.param=param}param;name="TemplateError"};export{InputError,TemplateError};
