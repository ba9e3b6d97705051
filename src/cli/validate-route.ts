// Which command lines the start-up bundle of `validate` may take (src/cli/index.ts): exactly the
// global options main.ts declares, then `validate`. Anything else (other commands, help, version,
// an option this does not know) goes to the full CLI, so the two can never parse a line apart.

/** Global options that take a value, and those that do not (src/cli/main.ts). */
const WITH_VALUE = new Set(['--repo']);
const FLAGS = new Set(['--json']);

/** Whether commander would run the `validate` command for these arguments. */
export function isValidateCall(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === 'validate') return true;
    if (FLAGS.has(a)) continue;
    if (WITH_VALUE.has(a)) {
      // The value is the next word, whatever it looks like (`--repo validate` names a folder).
      if (i + 1 >= argv.length) return false;
      i++;
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0 && WITH_VALUE.has(a.slice(0, eq))) continue;
    return false;
  }
  return false;
}
