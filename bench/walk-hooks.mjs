// Module hooks for bench/walk.mjs (registered by walk-trace.mjs, run in the loader's thread): every
// function of the measured tree's src/ (tests excepted) gets, as its first act, a call that names its
// file and itself: `globalThis.__walk?.("app/execute/reconcile.ts", "reconcile")`. The hook reads the
// TypeScript itself and strips its types with esbuild (as tsx would, but the same on Node 20 and 24,
// whose loaders order tsx's hooks differently), parses the JavaScript with acorn and only adds calls:
// nothing else moves, so the run does what it does unmeasured, in the same order.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { transform } from 'esbuild';

let srcRoot = '';

export function initialize(data) {
  srcRoot = data.srcRoot; // a file URL ending in /src/
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** The name a function goes by: its own, its method's or property's, its variable's. */
function nameOf(node, parent) {
  if (node.id?.name) return node.id.name;
  const key = parent?.key;
  if (
    parent &&
    (parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition')
  )
    return key?.name ?? key?.value ?? '(computed)';
  if (parent?.type === 'VariableDeclarator') return parent.id?.name ?? '(anonymous)';
  return '(anonymous)';
}

/** Every function node with its parent, depth first. */
function* functions(node, parent) {
  if (!node || typeof node.type !== 'string') return;
  if (FUNCTIONS.has(node.type)) yield [node, parent];
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) yield* functions(c, node);
    else if (v && typeof v.type === 'string') yield* functions(v, node);
  }
}

export function instrument(source, file) {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  const edits = []; // [position, text], applied from the end
  for (const [fn, parent] of functions(ast, null)) {
    const name = nameOf(fn, parent);
    const call = `globalThis.__walk?.(${JSON.stringify(file)},${JSON.stringify(name)})`;
    if (fn.body.type === 'BlockStatement') edits.push([fn.body.start + 1, `${call};`]);
    else {
      edits.push([fn.body.start, `(${call},`]);
      edits.push([fn.body.end, ')']);
    }
  }
  edits.sort((a, b) => b[0] - a[0]);
  let out = source;
  for (const [at, text] of edits) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

export async function load(url, context, nextLoad) {
  const path = url.split('?')[0];
  if (!path.startsWith(srcRoot) || !path.endsWith('.ts') || path.endsWith('.test.ts'))
    return nextLoad(url, context);
  const ts = await readFile(fileURLToPath(path), 'utf8');
  const { code } = await transform(ts, { loader: 'ts', format: 'esm', target: 'es2022' });
  const file = decodeURIComponent(path.slice(srcRoot.length));
  return { format: 'module', source: instrument(code, file), shortCircuit: true };
}
