import { sealEnvironment } from './sealed-env.js';

// First, before any other module runs: start again without the secrets in this process's environment
// (src/action/sealed-env.ts). main.ts says in the log what came of it.
const sealed = await sealEnvironment();
const { run } = await import('./main.js');
await run(sealed);
