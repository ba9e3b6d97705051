// Imported first (`node --import tsx --import walk-trace.mjs?root=…&out=…`) by bench/walk.mjs: keeps
// the sequence of functions of <root>/src entered (walk-hooks.mjs adds the calls), from the first entry
// of `executeReconcile` on, and writes it to `out` as JSON lines when the process exits. The query rides
// in process.execArgv, so the action's re-exec into its sealed environment keeps it.
import { appendFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const query = new URL(import.meta.url).searchParams;
const root = query.get('root');
const out = query.get('out');
const srcRoot = `${pathToFileURL(root).href.replace(/\/$/, '')}/src/`;
register(new URL('./walk-hooks.mjs', import.meta.url), { data: { srcRoot } });

const events = [];
let on = false;
globalThis.__walk = (file, fn) => {
  if (!on && file === 'action/execute-reconcile.ts' && fn === 'executeReconcile') on = true;
  if (on) events.push(`${file}\t${fn}`);
};
writeFileSync(out, '');
process.on('exit', () => appendFileSync(out, events.join('\n')));
