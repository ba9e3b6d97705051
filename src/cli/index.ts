#!/usr/bin/env node
import { runCachedScript } from '../adapters/cached-script.js';
// Node ≥ 22.1 caches compiled code between runs (Node 24 on GitHub's runners): enable it before the
// rest of the CLI is loaded, so start-up pays less for parsing the bundle.
import { userCacheDir } from '../adapters/user-cache-file.js';
import type { runValidate as RunValidate } from './validate-entry.js';
import { validateCall } from './validate-route.js';

(process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The validate bundle's name (dist/chunks/validate-<hash>.cjs): `validate`, the command every pull
// request runs, starts without commander (src/cli/validate-route.ts) from one CommonJS file whose
// code cache is taken after a run (src/adapters/cached-script.ts). From the sources there is none.
declare const __INTENTOPS_VALIDATE_BUNDLE__: string | undefined;

const argv = process.argv.slice(2);
const call = validateCall(argv);
if (call) {
  const { join } = process.getBuiltinModule('node:path');
  const dir = userCacheDir();
  const fast =
    typeof __INTENTOPS_VALIDATE_BUNDLE__ === 'string'
      ? runCachedScript<{ runValidate: typeof RunValidate }>(
          join(import.meta.dirname, __INTENTOPS_VALIDATE_BUNDLE__),
          dir,
        )
      : undefined;
  const { runValidate } = fast?.exports ?? (await import('./validate-entry.js'));
  // The parsed intent files are kept per build, named like its code cache (src/app/shared/parsed-yaml.ts).
  const parsedYamlFile =
    fast && dir !== undefined && typeof __INTENTOPS_VALIDATE_BUNDLE__ === 'string'
      ? join(dir, `intentops-${__INTENTOPS_VALIDATE_BUNDLE__.replace(/^.*\//, '')}.yaml.json`)
      : undefined;
  process.exitCode = await runValidate(call, parsedYamlFile);
  fast?.saveCache();
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
