#!/usr/bin/env node
// Node ≥ 22 can cache compiled code between runs (Node 24 on GitHub's runners): enable it before the
// rest of the CLI is loaded, so start-up pays less for parsing the bundle.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
