// A small evaluator of GitHub Actions expressions (`${{ … }}`, a job's `if:`) for the workflow
// trust check, in three-valued logic: the context gives the values the check fixes (the event's
// name, the commenter's association), and everything else is UNKNOWN. A job's `if:` filters an
// event only when it is false whatever the unknowns are: `unknown && false` is false,
// `unknown || false` stays unknown. Semantics as GitHub documents them: `&&`/`||` return an
// operand, `==` compares strings case-insensitively and other types after coercion to numbers,
// `contains`/`startsWith`/`endsWith` ignore case, `format` and `toJSON` as the runner has them.
// https://docs.github.com/en/actions/reference/workflows-and-actions/expressions

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = null | boolean | number | string | Value[] | { [k: string]: Value } | typeof UNKNOWN;

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'id'; value: string }
  | { kind: 'op'; value: string };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', ',', '.', '*'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += text[i++];
      }
      out.push({ kind: 'str', value: s });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?(0x[0-9a-f]+|[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?)/i.exec(text.slice(i)) as RegExpExecArray;
      out.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ kind: 'id', value: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (!op) throw new Error(`unexpected '${c}' in ${text}`);
      out.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return out;
}

const truthy = (v: Exclude<Value, typeof UNKNOWN>) =>
  !(v === null || v === false || v === 0 || v === '' || Number.isNaN(v));

function toNumber(v: Exclude<Value, typeof UNKNOWN>): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return Number.NaN;
}

function equal(a: Value, b: Value): Value {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (typeof a === 'object' || typeof a === 'boolean')) return a === b;
  return toNumber(a) === toNumber(b);
}

function compare(op: string, a: Value, b: Value): Value {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  const [x, y] =
    typeof a === 'string' && typeof b === 'string'
      ? [a.toLowerCase(), b.toLowerCase()]
      : [toNumber(a), toNumber(b)];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

const lower = (v: Value) => (typeof v === 'string' ? v.toLowerCase() : v);

function call(name: string, args: Value[]): Value {
  switch (name.toLowerCase()) {
    case 'always':
    case 'success':
      return true; // a job's `if:` without `needs`: its status is success
    case 'fromjson': {
      const [s] = args;
      return typeof s === 'string' ? (JSON.parse(s) as Value) : UNKNOWN;
    }
    case 'contains': {
      const [hay, needle] = args;
      if (hay === UNKNOWN || needle === UNKNOWN || hay === undefined || needle === undefined) return UNKNOWN;
      if (Array.isArray(hay)) return hay.some((e) => equal(e, needle) === true);
      return String(lower(hay)).includes(String(lower(needle)));
    }
    case 'startswith':
    case 'endswith': {
      const [s, part] = args;
      if (typeof s !== 'string' || typeof part !== 'string') return UNKNOWN;
      return name.toLowerCase() === 'startswith'
        ? s.toLowerCase().startsWith(part.toLowerCase())
        : s.toLowerCase().endsWith(part.toLowerCase());
    }
    case 'tojson': {
      const [v] = args;
      // As GitHub: pretty-printed with two spaces; a string gives a JSON string literal.
      return v === UNKNOWN || v === undefined || args.includes(UNKNOWN)
        ? UNKNOWN
        : JSON.stringify(v, null, 2);
    }
    case 'format': {
      if (args.includes(UNKNOWN) || typeof args[0] !== 'string') return UNKNOWN;
      const [text, ...rest] = args as Exclude<Value, typeof UNKNOWN>[];
      // `{{` and `}}` are literal braces, `{N}` the Nth argument (null is '').
      return (text as string).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n: string | undefined) => {
        if (m === '{{') return '{';
        if (m === '}}') return '}';
        const v = rest[Number(n)];
        if (v === undefined) throw new Error(`format: no argument ${n}`);
        return v === null ? '' : typeof v === 'object' ? 'Object' : String(v);
      });
    }
    default:
      return UNKNOWN;
  }
}

/** Evaluates `text` (with or without `${{ }}`) in `context`; a name the context lacks is UNKNOWN. */
export function evaluate(text: string, context: { [k: string]: Value }): Value {
  const source = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = tokenize(source);
  let at = 0;
  const peek = (v: string) => {
    const t = tokens[at];
    return t?.kind === 'op' && t.value === v;
  };
  const expect = (v: string) => {
    if (!peek(v)) throw new Error(`expected '${v}' in ${source}`);
    at++;
  };

  const or = (): Value => {
    let left = and();
    while (peek('||')) {
      at++;
      const right = and();
      if (left !== UNKNOWN && truthy(left)) continue;
      if (left === UNKNOWN) left = right !== UNKNOWN && truthy(right) ? right : UNKNOWN;
      else left = right;
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek('&&')) {
      at++;
      const right = equality();
      if (left !== UNKNOWN && !truthy(left)) continue;
      if (left === UNKNOWN) left = right !== UNKNOWN && !truthy(right) ? right : UNKNOWN;
      else left = right;
    }
    return left;
  };
  const equality = (): Value => {
    let left = comparison();
    while (peek('==') || peek('!=')) {
      const op = (tokens[at++] as Token).value;
      const eq = equal(left, comparison());
      left = op === '==' || eq === UNKNOWN ? eq : !eq;
    }
    return left;
  };
  const comparison = (): Value => {
    let left = unary();
    while (peek('<') || peek('<=') || peek('>') || peek('>=')) {
      const op = (tokens[at++] as Token).value as string;
      left = compare(op, left, unary());
    }
    return left;
  };
  const unary = (): Value => {
    if (peek('!')) {
      at++;
      const v = unary();
      return v === UNKNOWN ? UNKNOWN : !truthy(v);
    }
    return postfix();
  };
  const postfix = (): Value => {
    let v = primary();
    for (;;) {
      if (peek('.')) {
        at++;
        if (peek('*')) {
          at++;
          v = v === UNKNOWN ? UNKNOWN : Array.isArray(v) ? v : Object.values(v ?? {});
          continue;
        }
        const name = tokens[at++];
        if (name?.kind !== 'id') throw new Error(`expected a property name in ${source}`);
        v = property(v, name.value);
      } else if (peek('[')) {
        at++;
        const key = or();
        expect(']');
        v =
          key === UNKNOWN || v === UNKNOWN
            ? UNKNOWN
            : Array.isArray(v) && typeof key === 'number'
              ? (v[key] ?? null)
              : property(v, String(key));
      } else {
        return v;
      }
    }
  };
  const property = (v: Value, name: string): Value => {
    if (v === UNKNOWN) return UNKNOWN;
    if (Array.isArray(v)) return v.some((e) => e === UNKNOWN) ? UNKNOWN : v.map((e) => property(e, name));
    if (v && typeof v === 'object') return name in v ? (v[name] as Value) : UNKNOWN;
    return null;
  };
  const primary = (): Value => {
    const t = tokens[at++];
    if (!t) throw new Error(`unexpected end of ${source}`);
    if (t.kind === 'num' || t.kind === 'str') return t.value;
    if (t.kind === 'op' && t.value === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind !== 'id') throw new Error(`unexpected '${t.value}' in ${source}`);
    if (t.value === 'true') return true;
    if (t.value === 'false') return false;
    if (t.value === 'null') return null;
    if (peek('(')) {
      at++;
      const args: Value[] = [];
      while (!peek(')')) {
        args.push(or());
        if (!peek(')')) expect(',');
      }
      at++;
      return call(t.value, args);
    }
    return t.value in context ? (context[t.value] as Value) : UNKNOWN;
  };

  const v = or();
  if (at !== tokens.length) throw new Error(`unexpected '${tokens[at]?.value}' in ${source}`);
  return v;
}

/** Whether a job's `if:` is false in `context` whatever the values it does not fix. */
export function surelyFalse(condition: unknown, context: { [k: string]: Value }): boolean {
  if (condition === undefined || condition === null) return false; // no `if:`: the job runs
  if (typeof condition === 'boolean' || typeof condition === 'number') return !condition;
  try {
    const v = evaluate(String(condition), context);
    return v !== UNKNOWN && !truthy(v);
  } catch {
    return false; // what this evaluator cannot read proves nothing
  }
}
