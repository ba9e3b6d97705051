import { type ASTNode, type Environment, EvaluationError } from '@marcbachmann/cel-js';

// Standard CEL has no int*double: `expected_duration * 2` would fail with "no such overload".
// Ops people write exactly that, so mixed numeric operands are promoted the way they expect:
// anything with a double becomes double, int with uint stays int (range-checked).
// <, <=, >, >= across int/uint/double are already built into cel-js (registering them again throws),
// so only arithmetic and ==/!= are added here. Registering `a == b` also registers b == a and both !=.

const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

type Arith = '+' | '-' | '*' | '/';
const ARITH: readonly Arith[] = ['+', '-', '*', '/'];

/** int (bigint), uint (UnsignedInt, valueOf → bigint) or double (number), as a JS number. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number((v as { valueOf(): bigint }).valueOf());
}

function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : (v as { valueOf(): bigint }).valueOf();
}

function divisionByZero(ast: ASTNode | undefined): EvaluationError {
  return new EvaluationError({
    code: 'division_by_zero',
    message: 'division by zero',
    ...(ast ? { node: ast } : {}),
  });
}

function doubleOp(op: Arith) {
  return (a: unknown, b: unknown, ast?: ASTNode): number => {
    const x = toNumber(a);
    const y = toNumber(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        // Same as int / int: a zero divisor is an error, not Infinity that would silently fire a rule.
        if (y === 0) throw divisionByZero(ast);
        return x / y;
    }
  };
}

function intOp(op: Arith) {
  return (a: unknown, b: unknown, ast?: ASTNode): bigint => {
    const x = toBigInt(a);
    const y = toBigInt(b);
    let r: bigint;
    switch (op) {
      case '+':
        r = x + y;
        break;
      case '-':
        r = x - y;
        break;
      case '*':
        r = x * y;
        break;
      case '/':
        if (y === 0n) throw divisionByZero(ast);
        r = x / y;
        break;
    }
    if (r > MAX_INT || r < MIN_INT) {
      throw new EvaluationError({
        code: 'numeric_overflow',
        message: `integer overflow: ${r}`,
        ...(ast ? { node: ast } : {}),
      });
    }
    return r;
  };
}

/** Adds mixed int/uint/double arithmetic and equality to `env`; returns it for chaining. */
export function registerMixedArithmetic(env: Environment): Environment {
  const toDouble: [string, string][] = [
    ['int', 'double'],
    ['double', 'int'],
    ['uint', 'double'],
    ['double', 'uint'],
  ];
  for (const [l, r] of toDouble) {
    for (const op of ARITH) env.registerOperator(`${l} ${op} ${r}: double`, doubleOp(op));
  }
  for (const [l, r] of [
    ['int', 'uint'],
    ['uint', 'int'],
  ]) {
    for (const op of ARITH) env.registerOperator(`${l} ${op} ${r}: int`, intOp(op));
  }
  env.registerOperator('int == double', (a, b) => toNumber(a) === b);
  env.registerOperator('uint == double', (a, b) => toNumber(a) === b);
  env.registerOperator('int == uint', (a, b) => a === toBigInt(b));
  return env;
}
