#!/usr/bin/env node
import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import module from"node:module";module.enableCompileCache?.();var{main}=await import("./chunks/main-SP4NTEP7.js");process.exitCode=await main(process.argv.slice(2));
