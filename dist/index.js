import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{sealEnvironment}from"./chunks/chunk-S3ASSG73.js";import"./chunks/chunk-GJTYOO5A.js";var sealed=await sealEnvironment(),{run}=await import("./chunks/main-CAHAQX6K.js");await run(sealed);
