import { actionEnv, type SealOutcome, sealEnvironment, sealedEntriesCopy } from './sealed-env.js';
import type { runValidateAction as RunValidateAction } from './validate-action.js';

// First, before any other module runs: take the secrets out of this process's environment
// (src/action/sealed-env.ts). Nothing else is imported before that is done: on the fallback path
// this image is replaced, and loading anything more only delays the one that runs.
let sealed: SealOutcome;
try {
  sealed = await sealEnvironment();
} catch (err) {
  // The new image could not take its environment back: nothing has run, and nothing may.
  const core = await import('../adapters/actions-runner.js');
  core.setFailed(
    `could not start with a sealed environment: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}

// The validate bundle's name (dist/chunks/validate-<hash>.cjs, scripts/bundle.mjs); none from the sources.
declare const __INTENTOPS_VALIDATE_BUNDLE__: string | undefined;

// `validate`, which every pull request waits for, runs from the validate bundle, one CommonJS file,
// as the CLI's does: it loads faster than the graph of ES modules main.js takes in. No code cache,
// unlike the CLI: a hosted runner starts cold anyway, and on a self-hosted one a cache file is
// writable by any step of the runner's user, and would run as the action's code.
// On a runner only: elsewhere the log goes through @actions/core (local-action), which the bundle lacks.
if (
  typeof __INTENTOPS_VALIDATE_BUNDLE__ === 'string' &&
  process.env.GITHUB_ACTIONS === 'true' &&
  actionEnv().INPUT_COMMAND?.trim() === 'validate'
) {
  const { join } = process.getBuiltinModule('node:path');
  try {
    const { runCachedScript } = await import('../adapters/cached-script.js');
    const bundle = runCachedScript<{ runValidateAction: typeof RunValidateAction }>(
      join(import.meta.dirname, __INTENTOPS_VALIDATE_BUNDLE__),
      undefined,
    ).exports;
    await bundle.runValidateAction(sealed, sealedEntriesCopy());
  } catch (err) {
    // A damaged action folder: said in one line, as every other failure of the step (no stack).
    const core = await import('../adapters/actions-runner.js');
    core.setFailed(`could not run the validate bundle: ${err instanceof Error ? err.message : String(err)}`);
  }
} else {
  const { run } = await import('./main.js');
  await run(sealed);
}
