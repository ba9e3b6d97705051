#!/usr/bin/env node
// Node ≥ 22 can cache compiled code between runs (Node 24 on GitHub's runners): enable it before the
// rest of the CLI is loaded, so start-up pays less for parsing the bundle.
import { runCachedScript } from './cached-script.js';
import type { main as Main } from './main.js';
import { isValidateCall } from './validate-route.js';

// Built-ins as in cached-script.ts: no ESM facades at start-up.
const module = process.getBuiltinModule('node:module');
const { join } = process.getBuiltinModule('node:path');

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The bundle's name (dist/chunks/validate-<hash>.cjs): `validate`, the command every pull request
// runs, starts from one CommonJS file whose code cache is taken after a run (src/cli/cached-script.ts).
// From the sources there is none, and every command loads main.ts.
declare const __INTENTOPS_VALIDATE_BUNDLE__: string | undefined;

const argv = process.argv.slice(2);
const fast =
  typeof __INTENTOPS_VALIDATE_BUNDLE__ === 'string' && isValidateCall(argv)
    ? runCachedScript<{ main: typeof Main }>(join(import.meta.dirname, __INTENTOPS_VALIDATE_BUNDLE__))
    : undefined;
const { main } = fast?.exports ?? (await import('./main.js'));
process.exitCode = await main(argv);
fast?.saveCache();
