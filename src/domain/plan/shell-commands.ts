/**
 * What the shell lexer (shell-context.ts) knows of commands: which word of a simple command is its
 * name, which are assignments, operands or redirection targets, and the builtins and variables that
 * bash reads as a variable name, as arithmetic or as code. Quoting keeps a value one word, but
 * in those places bash reads the word's text again — `a[$(id)]` as a name or in arithmetic runs
 * `id` — so a value there is refused.
 *
 * A value stored in a variable is safe until something evaluates the variable (`x=V; (( x ))`
 * runs a `$(…)` in V). The facts a template gives about both are gathered here, and the lexer
 * refuses a stored value once the template also evaluates variables.
 */

/** Facts about the whole template, gathered while lexing. */
export interface TemplateFacts {
  /** Why the template may evaluate a variable's value as a name, arithmetic or code. */
  evaluates?: string;
  /** A builtin that stores input in variables (read, mapfile): any value printed may reach one. */
  reads?: string;
  /** Names of the functions the template defines: their operands become `$1`, `$2`… */
  functions: Set<string>;
}

/** What a placeholder in the current word of a command is, for the lexer to refuse or remember. */
export interface Role {
  /** Refuse it, for this reason. */
  refuse?: string;
  /** The value is stored in a variable, by this. */
  store?: string;
  /** The word is the command's name: refused unless the word has a literal `/` (a path). */
  commandName?: true;
  /** An operand of this literal command name (a function's operand is stored in `$1`…). */
  operandOf?: string;
  /** A value beginning the word with `-` would be read as an option or operator (printf -v, test -v). */
  option?: true;
}

const DECLARE =
  'which evaluates a subscript in a name, and reads a value as arithmetic (-i), a name (-n) or array elements (-a, -A, or a variable that is an array)';
/** Builtins that read their operands as names, arithmetic or code: no value may be an operand. */
const NAME_OR_CODE = new Map<string, string>([
  ['declare', `declare, ${DECLARE}`],
  ['typeset', `typeset, ${DECLARE}`],
  ['local', `local, ${DECLARE}`],
  ['read', 'read, which assigns to the names it is given and evaluates their subscripts'],
  ['mapfile', 'mapfile, which assigns to the array it names and runs its -C callback'],
  ['readarray', 'readarray, which assigns to the array it names and runs its -C callback'],
  ['unset', 'unset, which evaluates a subscript in the names it is given'],
  ['getopts', 'getopts, which assigns to the variable it names'],
  ['wait', 'wait, whose -p assigns to the variable it names'],
  ['trap', 'trap, which runs its operand as code'],
  ['source', 'source, which runs the file it names'],
  ['.', '., which runs the file it names'],
  ['alias', 'alias, whose value runs as code'],
  ['compgen', 'compgen, which expands its -W list and runs -C and -F'],
  ['complete', 'complete, which expands its -W list and runs -C and -F'],
  ['bind', 'bind, whose -x operand runs as code'],
  ['enable', 'enable, whose -f operand loads code'],
  ['hash', 'hash, whose -p operand is the file a command name runs'],
  ['fc', 'fc, which runs history entries and an editor command'],
  ['jobs', 'jobs, whose -x runs a command'],
  ['let', 'let, which evaluates its operands as arithmetic'],
  ['eval', 'eval, which runs its operands as code'],
]);
/**
 * Programs that start a shell on text they are given (`bash -c`, `sh -c`, `su -c`, `watch`, `ssh`'s
 * remote command): an operand may be read as code, and the new shell evaluates whatever it reads of
 * the variables this one exported or set before it. Their operands are refused, and the template
 * counts as one that evaluates variables. A value meant for a script goes to the script itself
 * (`./deploy.sh {{v}}`).
 */
const SHELL_RUNNERS = new Map<string, string>(
  ['bash', 'sh', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'su', 'sudo', 'runuser', 'watch', 'ssh'].map(
    (name) => [name, `${name}, which may run its operands as shell code (-c, a script, a remote command)`],
  ),
);
/** Builtins that read a value as code or run a file: the template may evaluate any variable. */
const RUNS_CODE = new Set(['trap', 'source', '.', 'alias', 'compgen', 'complete', 'bind', 'enable', 'fc']);
/** Builtins whose operands name variables: given by an expansion, a variable names a variable. */
const NAMES = new Set([
  'declare',
  'typeset',
  'local',
  'read',
  'mapfile',
  'readarray',
  'unset',
  'getopts',
  'wait',
]);
/** `export` and `readonly` check their names, but evaluate a value with `-a`/`-A` (or for an integer). */
const EXPORTS = new Set(['export', 'readonly']);
const DECLARES = new Set(['declare', 'typeset', 'local']);
const READS = new Set(['read', 'mapfile', 'readarray']);
/** `[[ … ]]` and `test` operators whose operands are evaluated: arithmetic, or a variable name. */
const TEST_NAMES = new Set(['-v', '-R']);
const ARITH_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge', ...TEST_NAMES]);

/**
 * Variables whose assigned value bash evaluates: arithmetic (checked in bash 5.2: RANDOM, SRANDOM,
 * OPTIND, HISTCMD; SECONDS and LINENO in other versions), prompt expansion when printed (PS0–PS4,
 * which runs a `$(…)`), code (PROMPT_COMMAND), or a file another bash runs at start (BASH_ENV, ENV).
 */
const EVALUATED_VARIABLES = new Map<string, string>([
  ...['RANDOM', 'SRANDOM', 'OPTIND', 'HISTCMD', 'SECONDS', 'LINENO'].map(
    (v) => [v, `${v}, whose value is evaluated as arithmetic`] as const,
  ),
  ...['PS0', 'PS1', 'PS2', 'PS3', 'PS4'].map((v) => [v, `${v}, whose value is expanded again`] as const),
  ['PROMPT_COMMAND', 'PROMPT_COMMAND, whose value runs as code'],
  ['BASH_ENV', 'BASH_ENV, the file a bash started later runs'],
  ['ENV', 'ENV, the file a shell started later runs'],
]);

/** Reserved words after which a command's name is still to come. */
const KEYWORDS = new Set([
  '!',
  '{',
  '}',
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'while',
  'until',
  'do',
  'done',
  'coproc',
]);
/** Words that take options and then a command: `command -p x`, `builtin x`, `time -p x`. */
const WRAPPERS = new Set(['command', 'builtin', 'time']);

/** `name=`, `name+=`, `name[…]=` at the start of a raw word: an assignment where one may stand. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[\s\S]*?\])?\+?=/;

/** The word after quote removal, as bash looks it up (`''eval`, `\eval`, `$'eval'` find eval). */
export function unquote(raw: string): string {
  return raw.replace(/\$(?=['"])/g, '').replace(/['"\\]/g, '');
}

/** A word bash reads as written: no expansion and no placeholder in it. */
function literal(raw: string): boolean {
  return !/[$`]|\{\{/.test(raw);
}

/**
 * One simple command, word by word: `head` until its name (assignments, redirections, keywords and
 * wrappers come first), then its operands.
 */
export class SimpleCommand {
  private head = true;
  private wrapper = false;
  /** The command's name after quote removal; '' when it is not literal. */
  private name: string | undefined;
  /** Operands after quote removal; undefined for one that is not literal. */
  private readonly operands: (string | undefined)[] = [];
  /** The next word is a redirection's target (`> file`, `2>&1`). */
  redirect = false;
  /** `for`/`select`: the variable comes next, then `in`, then the list. */
  private loop: 'var' | 'in' | 'list' | undefined;
  /** After `function`: the function's name comes next. */
  private defining = false;
  /** printf -v or test -v: the command reads a name. */
  private readsName: string | undefined;

  constructor(private readonly facts: TemplateFacts) {}

  private evaluates(why: string): void {
    this.facts.evaluates ??= why;
  }

  /** The role of a placeholder in this command's current word, whose raw text so far is `soFar`. */
  placeholder(soFar: string): Role {
    if (this.redirect) return {};
    if (this.loop === 'var') return { refuse: 'naming the variable of a for or select loop' };
    if (this.loop === 'list')
      return { store: 'a for or select loop, which assigns each word to its variable' };
    if (this.defining) return { refuse: 'naming a function' };
    if (this.head) {
      const assigned = ASSIGNMENT.exec(soFar)?.[1];
      if (assigned === undefined) return { commandName: true };
      const special = EVALUATED_VARIABLES.get(assigned);
      return special ? { refuse: `assigned to ${special}` } : { store: `an assignment to ${assigned}` };
    }
    const name = this.name;
    if (!name) return {}; // a command named by an expansion: beyond the lexer (see template.ts)
    const why = NAME_OR_CODE.get(name) ?? SHELL_RUNNERS.get(name);
    if (why) return { refuse: `an operand of ${why}` };
    const plain = unquote(soFar);
    if (EXPORTS.has(name)) {
      const assigned = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/.exec(plain)?.[1];
      if (assigned === undefined) return { refuse: `a name or option given to ${name}` };
      const special = EVALUATED_VARIABLES.get(assigned);
      if (special) return { refuse: `assigned to ${special}` };
      if (this.operands.some((o) => o === undefined || /^[-+][A-Za-z]*[aA]/.test(o))) {
        return { refuse: `a value given to ${name} -a, -A or an option from an expansion` };
      }
      return { store: `${name} ${assigned}=…` };
    }
    if (name === 'printf' || name === 'test' || name === '[') {
      if (this.readsName) return { refuse: `an operand of ${this.readsName}` };
      const options = name !== 'printf' || this.operands.every((o) => o?.startsWith('-'));
      if (options && plain.startsWith('-')) {
        return { refuse: `an option of ${name}, where -v reads a variable name` };
      }
      return { operandOf: name, ...(options ? { option: true as const } : {}) };
    }
    if (name === 'set') return { store: 'set, which assigns the positional parameters $1, $2…' };
    return { operandOf: name };
  }

  /** A word of this command ended; `fd` when it is a redirection's file descriptor (`2>`). */
  word(raw: string, fd = false): void {
    if (fd) return;
    if (this.redirect) {
      this.redirect = false;
      return;
    }
    const word = unquote(raw);
    if (this.loop) {
      if (this.loop === 'var') this.loop = 'in';
      else if (this.loop === 'in') this.loop = word === 'in' ? 'list' : undefined;
      return;
    }
    if (this.defining) {
      this.defining = false;
      this.facts.functions.add(word);
      return;
    }
    if (this.head) this.headWord(raw, word);
    else this.operand(raw, word);
  }

  private headWord(raw: string, word: string): void {
    const assigned = ASSIGNMENT.exec(raw)?.[1];
    if (assigned !== undefined) {
      const special = EVALUATED_VARIABLES.get(assigned);
      if (special) this.evaluates(`an assignment to ${special}`);
      return;
    }
    if (this.wrapper && word.startsWith('-')) return;
    if (KEYWORDS.has(word)) return;
    if (word === 'for' || word === 'select') {
      this.loop = 'var';
      return;
    }
    if (word === 'function') {
      this.defining = true;
      return;
    }
    if (WRAPPERS.has(word)) {
      this.wrapper = true;
      return;
    }
    this.head = false;
    this.name = literal(raw) ? word : '';
    if (RUNS_CODE.has(word) || word === 'eval' || word === 'let') {
      this.evaluates(NAME_OR_CODE.get(word) as string);
    }
    const shell = SHELL_RUNNERS.get(word);
    if (shell) this.evaluates(shell);
    if (READS.has(word)) this.facts.reads ??= word;
  }

  private operand(raw: string, word: string): void {
    const name = this.name ?? '';
    const isLiteral = literal(raw);
    const options = this.operands.every((o) => o?.startsWith('-'));
    this.operands.push(isLiteral ? word : undefined);
    if (name === '[[' && ARITH_TESTS.has(word)) this.evaluates(`[[ … ${word} … ]]`);
    if ((name === 'test' || name === '[') && TEST_NAMES.has(word)) {
      this.readsName = `${name} ${word}, which evaluates a variable name`;
      this.evaluates(this.readsName);
    }
    if (name === 'printf' && options && /^-[^-]*v/.test(word)) {
      this.readsName = 'printf -v, which assigns to the variable it names';
      this.evaluates(this.readsName);
    }
    // `declare a=$x` runs code in x when a is an array; `local` makes a new variable, and
    // `export`/`readonly` check their names, so only a name from an expansion matters there.
    const nameOnly = name === 'local' || EXPORTS.has(name);
    if (
      (NAMES.has(name) || nameOnly) &&
      !isLiteral &&
      !(nameOnly && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(raw))
    ) {
      this.evaluates(`${name} with an operand from an expansion, which may name a variable`);
    }
    if (/^[-+][A-Za-z]*[aA]/.test(word) || (DECLARES.has(name) && /^[-+][A-Za-z]*[in]/.test(word))) {
      if (NAMES.has(name) || EXPORTS.has(name)) {
        this.evaluates(`${name} ${word}, which evaluates values as arithmetic, names or arrays`);
      }
    }
  }

  /** Whether `name[…]` in the current word is a name bash evaluates (an assignment, a name operand). */
  readsNames(): boolean {
    const name = this.name ?? '';
    return this.head || NAMES.has(name) || EXPORTS.has(name) || this.readsName !== undefined;
  }

  /** Before `(`: true when the command so far is a function's name (`f ()`, `f()` already ended). */
  definesFunction(): boolean {
    if (this.head || !this.name || this.operands.length > 0) return false;
    this.facts.functions.add(this.name);
    return true;
  }
}
