import { type SealOutcome, sealEnvironment } from './sealed-env.js';

// First, before any other module runs: start again without the secrets in this process's environment
// (src/action/sealed-env.ts). main.ts says in the log what came of it. Nothing else is imported
// before the re-exec: this image is replaced, and loading anything more only delays the one that runs.
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
const { run } = await import('./main.js');
await run(sealed);
