#!/usr/bin/env node
// Node ≥ 22.1 caches compiled code between runs (Node 24 on GitHub's runners): enable it before the
// rest of the CLI is loaded, so start-up pays less for parsing the bundle. Node 20 has none.
import { validateCall } from './validate-route.js';

(process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
// `validate` starts without commander and the other commands (src/cli/validate-route.ts).
const call = validateCall(argv);
if (call) {
  const [{ resolveGlobals, reportFailure }, { validateCommand }] = await Promise.all([
    import('./global-options.js'),
    import('./validate-command.js'),
  ]);
  try {
    const g = resolveGlobals(call);
    process.exitCode = await validateCommand(g, call.paths, g.json ? 'json' : call.format);
  } catch (err) {
    process.exitCode = reportFailure(err);
  }
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
