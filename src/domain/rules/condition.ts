import {
  type ASTNode,
  TypeError as CelTypeError,
  Environment,
  EvaluationError,
  ParseError,
  serialize,
} from '@marcbachmann/cel-js';
import { didYouMean } from '../input/did-you-mean.js';
import { registerMixedArithmetic } from './arithmetic.js';
import { RULE_VARIABLES } from './variables.js';

// Anomaly-rule conditions are CEL (cel-js) over the variables in variables.ts. A condition is parsed
// and type-checked once and cached: detection and replay run the same few conditions over
// thousands of records.

export type Evaluation = {
  status: 'fired' | 'not_fired' | 'not_evaluated';
  reason?: string;
  /** The values the condition saw, keyed by the expression path that reads them. */
  inputs: Record<string, unknown>;
};

export type ConditionCheck = { ok: true } | { ok: false; message: string; offset?: number };

/** A select chain such as `after.metrics.memory_usage` rooted at a declared variable. */
interface InputPath {
  key: string;
  root: string;
  segments: (string | number)[];
  /** prefixKeys[i] renders root + the first i segments, to name where data runs out. */
  prefixKeys: string[];
}

type Compiled =
  | { ok: true; run: (ctx: Record<string, unknown>) => unknown; paths: InputPath[] }
  | { ok: false; message: string; offset?: number };

const CACHE_LIMIT = 1000;
const cache = new Map<string, Compiled>();
let environment: Environment | undefined;

function env(): Environment {
  if (environment) return environment;
  const e = registerMixedArithmetic(new Environment());
  for (const [name, v] of Object.entries(RULE_VARIABLES))
    e.registerVariable(name, v.type, { description: v.description });
  environment = e;
  return e;
}

/** Parses and type-checks `condition` against the rule variables; it must be a bool. */
export function checkCondition(condition: string): ConditionCheck {
  const c = compile(condition);
  if (c.ok) return { ok: true };
  return c.offset === undefined
    ? { ok: false, message: c.message }
    : { ok: false, message: c.message, offset: c.offset };
}

/**
 * Evaluates `condition` over `vars` (from ruleVariables). Missing data or a runtime error gives
 * not_evaluated with the reason — never a verdict the data cannot support.
 */
export function evaluateCondition(condition: string, vars: Record<string, unknown>): Evaluation {
  const c = compile(condition);
  if (!c.ok) return { status: 'not_evaluated', reason: `invalid condition: ${c.message}`, inputs: {} };
  const inputs: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const p of c.paths) {
    const r = resolve(vars, p);
    if (r.found) inputs[p.key] = r.value;
    else missing.push(r.at === p.segments.length ? p.key : `${p.prefixKeys[r.at]} (for ${p.key})`);
  }
  let result: unknown;
  try {
    result = c.run(vars);
  } catch (e) {
    const error = errorSummary(e);
    if (missing.length === 0)
      return { status: 'not_evaluated', reason: `evaluation error: ${error.message}`, inputs };
    // A missing input explains no_such_key / unknown_variable; anything else is worth showing too.
    const extra =
      error.code === 'no_such_key' || error.code === 'unknown_variable' ? '' : ` (${error.message})`;
    return { status: 'not_evaluated', reason: `missing input: ${missing.join(', ')}${extra}`, inputs };
  }
  if (typeof result !== 'boolean') {
    return { status: 'not_evaluated', reason: `condition gave ${typeof result}, not bool`, inputs };
  }
  return { status: result ? 'fired' : 'not_fired', inputs };
}

function compile(condition: string): Compiled {
  const hit = cache.get(condition);
  if (hit) return hit;
  const compiled = compileUncached(condition);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(condition, compiled);
  return compiled;
}

function compileUncached(condition: string): Compiled {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env().parse(condition);
  } catch (e) {
    return failure(e);
  }
  const checked = parsed.check();
  if (!checked.valid) return failure(checked.error);
  if (checked.type !== 'bool') {
    const hint = checked.type === 'dyn' ? ' (compare the value explicitly, e.g. `after.ready == true`)' : '';
    return { ok: false, message: `condition must be a bool, got ${checked.type}${hint}` };
  }
  const paths = new Map<string, InputPath>();
  collectPaths(parsed.ast, new Set(), paths);
  return { ok: true, run: parsed, paths: [...paths.values()] };
}

function failure(e: unknown): Compiled {
  const kind = e instanceof ParseError ? 'syntax error' : e instanceof CelTypeError ? 'type error' : 'error';
  const { code, message: summary } = errorSummary(e);
  const message = code === 'unknown_variable' ? `${summary}${unknownVariableHint(summary)}` : summary;
  const offset = e instanceof ParseError || e instanceof CelTypeError ? e.range?.start : undefined;
  return offset === undefined
    ? { ok: false, message: `${kind}: ${message}` }
    : { ok: false, message: `${kind}: ${message}`, offset };
}

/**
 * A misspelt variable (`pod_restart_after`) only said "Unknown variable": name the close one, or
 * else every variable — and for a bare name, that metrics are read under before/after.metrics.
 */
function unknownVariableHint(summary: string): string {
  const name = /Unknown variable: (\S+)/.exec(summary)?.[1];
  if (!name) return '';
  const known = Object.keys(RULE_VARIABLES);
  const guess = didYouMean(name, known);
  if (guess) return `; did you mean '${guess}'?`;
  const metric = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? `; a metric is read as after.metrics.${name} or before.metrics.${name}`
    : '';
  return `${metric}; the variables are: ${known.sort().join(', ')}`;
}

function errorSummary(e: unknown): { code?: string; message: string } {
  if (e instanceof EvaluationError || e instanceof ParseError || e instanceof CelTypeError) {
    return { code: e.code, message: e.summary };
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

// --- which inputs a condition reads, from its AST ---

/** Macros whose first argument names a variable bound inside the rest (`pods.exists(p, p.ready)`). */
const BINDING_MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'args' in x;
}

function collectPaths(node: ASTNode, bound: ReadonlySet<string>, out: Map<string, InputPath>): void {
  const chain = selectChain(node);
  if (chain && !bound.has(chain.root) && Object.hasOwn(RULE_VARIABLES, chain.root)) {
    const key = serialize(node);
    if (!out.has(key)) out.set(key, { key, ...chain });
    return;
  }
  if (node.op === 'rcall') {
    const [name, receiver, args] = node.args;
    const first = args[0];
    if (first?.op === 'id') {
      const inner = new Set(bound).add(first.args);
      if (name === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && args[1] && args[2]) {
        collectPaths(args[1], bound, out);
        collectPaths(args[2], inner, out);
        return;
      }
      if (BINDING_MACROS.has(name)) {
        collectPaths(receiver, bound, out);
        for (const a of args.slice(1)) collectPaths(a, inner, out);
        return;
      }
    }
  }
  if (node.op === 'value' || node.op === 'id') return;
  forEachChild(node.args, (child) => collectPaths(child, bound, out));
}

function forEachChild(args: unknown, visit: (n: ASTNode) => void): void {
  if (isNode(args)) visit(args);
  else if (Array.isArray(args)) for (const a of args) forEachChild(a, visit);
}

/** `id(.field | [literal])*` → root, segments and prefix renderings; undefined for anything else. */
function selectChain(node: ASTNode): Omit<InputPath, 'key'> | undefined {
  const segments: (string | number)[] = [];
  const nodes: ASTNode[] = [];
  let n: ASTNode = node;
  for (;;) {
    if (n.op === 'id') break;
    if (n.op === '.') {
      segments.push(n.args[1]);
    } else if (n.op === '[]' && n.args[1].op === 'value') {
      const k = n.args[1].args;
      if (typeof k === 'string' || typeof k === 'number') segments.push(k);
      else if (typeof k === 'bigint') segments.push(Number(k));
      else return undefined;
    } else {
      return undefined;
    }
    nodes.push(n);
    n = n.args[0];
  }
  segments.reverse();
  const prefixKeys = [n.args, ...nodes.reverse().map((x) => serialize(x))];
  return { root: n.args, segments, prefixKeys };
}

type Resolved = { found: true; value: unknown } | { found: false; at: number };

/** Follows a path through the variables; null counts as missing ("no data"). */
function resolve(vars: Record<string, unknown>, p: InputPath): Resolved {
  let v: unknown = Object.hasOwn(vars, p.root) ? vars[p.root] : undefined;
  if (v === undefined || v === null) return { found: false, at: 0 };
  for (let i = 0; i < p.segments.length; i++) {
    v = step(v, p.segments[i] as string | number);
    if (v === undefined || v === null) return { found: false, at: i + 1 };
  }
  return { found: true, value: v };
}

function step(v: unknown, key: string | number): unknown {
  if (v instanceof Map) return v.get(key);
  if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
  if (typeof v === 'object' && v !== null && Object.hasOwn(v, key))
    return (v as Record<string, unknown>)[key];
  return undefined;
}

/** The inputs a valid condition reads (`after.metrics.x`, `duration`…), as root and path. Empty when invalid. */
export function inputsRead(
  condition: string,
): { key: string; root: string; segments: (string | number)[] }[] {
  const c = compile(condition);
  return c.ok ? c.paths.map((p) => ({ key: p.key, root: p.root, segments: p.segments })) : [];
}

/** A metric a condition reads as `before.metrics.<name>` or `after.metrics.<name>`. */
export interface MetricRead {
  name: string;
  /** The expression path that reads it, e.g. `after.metrics.log_byte`. */
  key: string;
}

/**
 * The metrics a valid condition reads, so validate can hold them against what the intent captures
 * (a misspelt name makes the rule silently never fire). Empty for an invalid condition.
 */
export function metricsRead(condition: string): MetricRead[] {
  const c = compile(condition);
  if (!c.ok) return [];
  return c.paths.flatMap((p) =>
    (p.root === 'before' || p.root === 'after') &&
    p.segments[0] === 'metrics' &&
    typeof p.segments[1] === 'string'
      ? [{ name: p.segments[1], key: p.key }]
      : [],
  );
}
