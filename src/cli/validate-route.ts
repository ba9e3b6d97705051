// A built-in from process.getBuiltinModule, not `import`: no ESM facade to build at start-up.
const { parseArgs } = process.getBuiltinModule('node:util');

// `validate`, the command every pull request and editor runs, starts without commander
// (src/cli/index.ts): commander and the other commands' modules are most of the CLI's start-up. This
// takes only the plainest lines: the global options main.ts declares, `validate`, its paths, and its
// --format with a value main.ts accepts. Anything else (help, version, another command, an option or
// form this does not know, `--`) goes to commander, so the two can never read a line apart.

/** Global options that take a value, and those that do not (src/cli/main.ts). */
const WITH_VALUE = new Set(['--repo']);
const FLAGS = new Set(['--json']);
const FORMATS = ['text', 'json', 'github'] as const;

export interface ValidateCall {
  repo?: string;
  json: boolean;
  paths: string[];
  format: (typeof FORMATS)[number];
}

/** The options of a plain `validate` line, or undefined when commander must read it. */
export function validateCall(argv: readonly string[]): ValidateCall | undefined {
  // Before the command, only the global options: a word there is the command (or --repo's value).
  let at = 0;
  for (; at < argv.length && argv[at] !== 'validate'; at++) {
    const a = argv[at] as string;
    if (FLAGS.has(a)) continue;
    if (WITH_VALUE.has(a)) {
      // The value is the next word, whatever it looks like (`--repo validate` names a folder).
      at++;
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0 && WITH_VALUE.has(a.slice(0, eq))) continue;
    return undefined;
  }
  if (at >= argv.length || argv.includes('--')) return undefined;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse([...argv.slice(0, at), ...argv.slice(at + 1)]);
  } catch {
    return undefined; // an option it does not know, or a value that looks like one
  }
  const { values, tokens } = parsed;
  // Given twice: which one commander keeps is its business.
  const named = tokens.filter((t) => t.kind === 'option').map((t) => t.name);
  if (new Set(named).size !== named.length) return undefined;
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as ValidateCall['format'])) return undefined;
  return {
    ...(values.repo === undefined ? {} : { repo: values.repo }),
    json: values.json ?? false,
    paths: parsed.positionals,
    format: format as ValidateCall['format'],
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: { repo: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
}
