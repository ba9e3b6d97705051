import { TemplateError } from '../input/errors.js';
import { type Role, SimpleCommand, type TemplateFacts, unquote } from './shell-commands.js';

/**
 * A small bash lexer that answers one question for each placeholder in a shell template: in which
 * quoting context does it sit? Only the template is scanned, never a value, so a value cannot steer
 * the lexer. Whatever the lexer does not model exactly (backticks, heredocs, arithmetic, `case`,
 * quotes inside `${…}`) stops it: every placeholder after that point is refused rather than quoted
 * on a guess, because quoting for the wrong context is how injection happens. Places where bash
 * reads a word's text a second time are refused too (see template.ts): the lexer follows each
 * simple command's words (shell-commands.ts) to know which builtin a value is given to.
 */

/** Where a placeholder sits: bare word text, inside '…', or inside "…". */
export type ShellContext = 'unquoted' | 'single' | 'double';

export interface PlaceholderMark {
  name: string;
  /** Index of the first `{` in the template. */
  start: number;
  /** Index just past the closing `}}`. */
  end: number;
}

export interface ShellSlot extends PlaceholderMark {
  context: ShellContext;
  /** No literal text precedes the placeholder in its shell word (it may start the word). */
  wordStart: boolean;
  /** Identifies the shell word; placeholders in the same word share it. */
  word: number;
  /** A value beginning the word with `-` would be an option or operator that reads a name (`-v`). */
  option?: true;
}

interface WordFrame {
  kind: 'script' | 'cmd' | 'paren';
  /** The simple command the current word belongs to. */
  cmd: SimpleCommand;
  /** Placeholders in the current word where it names the command: decided when the word ends. */
  naming: PlaceholderMark[];
  /** A `( … )` group or function body: its words are no part of the command around it. */
  group?: boolean;
  /** Where the open subscript's text starts, when the subscript is a name bash evaluates. */
  subscriptFrom?: number;
  /** Inside a construct that re-reads words, until the given word, the command's end, `)` or `]`. */
  evaluates?: { why: string; until: ']]' | 'command' | ')' | ']' };
  /** Open `[` inside an array subscript (`until: ']'`): bash reads to the matching `]`. */
  brackets?: number;
  word: number;
  /** Something (even an empty quote) has begun the current word. */
  started: boolean;
  /** Literal characters are in the current word. */
  content: boolean;
  begin: number;
}
interface DoubleFrame {
  kind: 'double';
  content: boolean;
  /** `$"…"`: bash may replace the whole string with a translation. */
  locale: boolean;
}
type Frame = WordFrame | DoubleFrame | { kind: 'param'; depth: number; from: number };

const BLANK = new Set([' ', '\t', '\n']);
/**
 * After a syntax error bash resumes at the next raw line break, forgetting open quotes and
 * brackets, and reads the following lines in contexts other than the lexer's: so a template line
 * break inside quotes or brackets stops the lexer.
 */
const LINE_BREAK = 'a line break inside quotes or brackets';
const OPERATOR = new Set([';', '&', '|', '<', '>']);
/** Control and redirection operators, longest first. */
// biome-ignore format: a table
const OPERATORS = [
  ';;&', '<<<', '&>>', '<<-', ';;', ';&', '&&', '||', '|&', '<<', '>>', '<&', '>&', '<>', '>|', '&>',
  ';', '&', '|', '<', '>',
];
const REDIRECTIONS = new Set(['<<<', '&>>', '>>', '<&', '>&', '<>', '>|', '&>', '<', '>']);
/** `${…}` that evaluates a variable's value: indirection, a subscript, an offset, a prompt. */
const EVALUATING_PARAM = /^!|\[(?![@*]\])|:[^-=+?]|@P/;

export function refuse(mark: PlaceholderMark, why: string): never {
  throw new TemplateError(
    `placeholder {{${mark.name}}} in unsupported shell context (${why}); expected where bash reads a ` +
      "value only as data: an ordinary command's operand, quoted or not, or an argv step",
    mark.name,
  );
}

/** Classifies every mark (sorted by start) or throws TemplateError. */
export function scanShell(t: string, marks: readonly PlaceholderMark[]): ShellSlot[] {
  const at = new Map(marks.map((m) => [m.start, m]));
  const slots: ShellSlot[] = [];
  let words = 0;
  const facts: TemplateFacts = { functions: new Set() };
  /** Placeholders whose value a variable holds, and operands of commands that may be functions. */
  const stored: { mark: PlaceholderMark; why: string }[] = [];
  const operands: { mark: PlaceholderMark; command: string }[] = [];
  /** Commands given the output of a `$(…)` as an operand: a function stores it in `$1`… */
  const outputTo: string[] = [];
  const newFrame = (kind: WordFrame['kind'], begin: number): WordFrame => ({
    kind,
    cmd: new SimpleCommand(facts),
    naming: [],
    word: ++words,
    started: false,
    content: false,
    begin,
  });
  const stack: Frame[] = [newFrame('script', 0)];
  let i = 0;

  /**
   * A value stored in a variable is refused once the template evaluates variables: bash would run
   * a `$(…)` in it when it evaluates the variable (`x=V; (( x ))`).
   */
  const finish = (): ShellSlot[] => {
    if (!facts.evaluates) return slots;
    const output = outputTo.find((c) => facts.functions.has(c));
    const reads = facts.reads ?? (output && `the output of $(…) given to function ${output}`);
    const flows = [
      ...stored.map((s) => ({ mark: s.mark, how: `its value is stored by ${s.why}` })),
      ...operands
        .filter((o) => facts.functions.has(o.command))
        .map((o) => ({ mark: o.mark, how: `its value is stored in $1, $2… by function ${o.command}` })),
      // Whatever a command prints may reach a variable through read or a `$(…)` assigned.
      ...(reads
        ? slots.map((mark) => ({ mark, how: `its value may reach a variable through ${reads}` }))
        : []),
    ].sort((a, b) => a.mark.start - b.mark.start);
    const first = flows[0];
    if (first) refuse(first.mark, `${first.how}, and the template evaluates variables in ${facts.evaluates}`);
    return slots;
  };
  /** Placeholders in a command's name wait for the word's end; a word never ended is refused. */
  const unnamed = () => {
    for (const f of stack) if ('naming' in f) named(f, t.slice(f.begin, i));
  };
  /** Stop lexing: nothing after i can be classified with certainty. */
  const stop = (why: string): ShellSlot[] => {
    unnamed();
    const next = marks.find((m) => m.start >= i);
    if (next) refuse(next, `after ${why}`);
    facts.evaluates ??= `${why} or after it`;
    return finish();
  };
  /**
   * A value naming the command could name eval, declare or another builtin that evaluates its
   * operands; a word with a literal `/` is a path, which bash never looks up as a builtin.
   */
  const named = (f: WordFrame, raw: string) => {
    const first = f.naming[0];
    if (first && !raw.replace(/\{\{[^}]*\}\}/g, '').includes('/')) {
      refuse(
        first,
        'naming the command: a value could name a builtin such as eval; start the word with a path (./) or a fixed command',
      );
    }
    f.naming = [];
  };
  const begin = (f: WordFrame, content: boolean) => {
    if (!f.started) f.begin = i;
    f.started = true;
    if (content) f.content = true;
  };
  /**
   * Ends the current word; returns true when it was the `case` keyword. `fd` when the word is the
   * file descriptor of a redirection (`2>`), not a word of the command.
   */
  const endWord = (f: WordFrame, fd = false): boolean => {
    const raw = f.started ? t.slice(f.begin, i) : '';
    // Quotes and backslashes removed: bash finds builtins such as ''eval after quote removal.
    const word = unquote(raw);
    named(f, raw);
    if (f.started) f.cmd.word(raw, fd);
    if (word === '[[' && !f.evaluates) {
      f.evaluates = { why: '[[ … ]], whose operators evaluate words', until: ']]' };
    }
    // Only a bare `]]` closes: a quoted or escaped one (`"]]"`, `\]\]`) is an operand.
    if (raw === ']]' && f.evaluates?.until === ']]') f.evaluates = undefined;
    if ((word === 'eval' || word === 'let') && !f.evaluates) {
      f.evaluates = { why: `${word}, which evaluates its arguments again`, until: 'command' };
      facts.evaluates ??= word;
    }
    f.word = ++words;
    f.started = false;
    f.content = false;
    return word === 'case';
  };
  const endCommand = (f: WordFrame) => {
    if (f.evaluates?.until === 'command') f.evaluates = undefined;
    f.cmd = new SimpleCommand(facts);
  };
  /**
   * `name[` opens an array subscript. Where an assignment may stand bash reads it to the matching
   * `]` as one word — across blanks, newlines and `;` — and evaluates it, a `$(…)` inside
   * included; so everything up to that `]` is refused, wherever the word stands (a guess on the
   * safe side: `echo a[x` is only a glob).
   */
  const subscript = (f: WordFrame, c: '[' | ']') => {
    if (f.evaluates?.until === ']') {
      f.brackets = (f.brackets ?? 0) + (c === '[' ? 1 : -1);
      if (f.brackets !== 0) return;
      f.evaluates = undefined;
      // A subscript of more than numbers evaluates the variables it names (`a[i]=1`).
      const text = f.subscriptFrom === undefined ? '' : t.slice(f.subscriptFrom, i);
      if (/[^0-9\s+*/%-]/.test(text)) facts.evaluates ??= `the subscript [${text}]`;
      f.subscriptFrom = undefined;
    } else if (
      c === '[' &&
      !f.evaluates &&
      f.started &&
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(f.begin, i))
    ) {
      f.evaluates = { why: 'an array subscript, which is evaluated', until: ']' };
      f.brackets = 1;
      if (f.cmd.readsNames()) f.subscriptFrom = i + 1;
    }
  };
  /**
   * Refuses a placeholder whose text bash would evaluate again, or that sits in a subscript or in
   * an operand of a builtin that reads names or code; remembers one a variable stores. Every
   * command whose word holds the placeholder counts (`read "$(echo {{v}})"`), up to a group.
   */
  const checkPlaceholder = (mark: PlaceholderMark, f: WordFrame): { option?: true } => {
    for (const frame of stack) {
      if ('evaluates' in frame && frame.evaluates) refuse(mark, `inside ${frame.evaluates.why}`);
    }
    const soFar = f.started ? t.slice(f.begin, mark.start) : '';
    if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(soFar) && !/\]\+?=/.test(soFar)) {
      refuse(mark, 'inside an array subscript, which is evaluated');
    }
    let option = false;
    for (const [g, role] of rolesAt(mark.start)) {
      if (role.refuse) refuse(mark, role.refuse);
      if (role.store) stored.push({ mark, why: role.store });
      if (role.commandName) g.naming.push(mark);
      if (role.operandOf) operands.push({ mark, command: role.operandOf });
      if (role.option && g === f) option = true;
    }
    return option ? { option } : {};
  };
  /** What text at `pos` is to each command whose current word holds it, innermost first. */
  const rolesAt = (pos: number): [WordFrame, Role][] => {
    const roles: [WordFrame, Role][] = [];
    for (let k = stack.length - 1; k >= 0; k--) {
      const g = stack[k] as Frame;
      if (!('cmd' in g)) continue;
      roles.push([g, g.cmd.placeholder(g.started ? t.slice(g.begin, pos) : '')]);
      if (g.group) break;
    }
    return roles;
  };
  /** After `$` at i: returns how far to advance, or a reason to stop. */
  const dollar = (inDouble: boolean): number | string => {
    const next = t[i + 1] ?? '';
    const after = at.get(i + 1);
    if (after) refuse(after, 'right after $');
    if (next === '(') {
      if (t[i + 2] === '(') return 'arithmetic $((…))';
      // Its output may hold a value printed before (`echo {{v}} >f; x=$(cat f)`).
      for (const [, role] of rolesAt(i)) {
        if (role.store) facts.reads ??= `the output of $(…) stored by ${role.store}`;
        if (role.operandOf) outputTo.push(role.operandOf);
      }
      const cmd = newFrame('cmd', i + 2);
      // Unquoted, its output is split into words and globbed: a value could add words.
      if (!inDouble) {
        cmd.evaluates = { why: 'an unquoted $(…), whose output is split and globbed', until: ')' };
      }
      stack.push(cmd);
      return 2;
    }
    if (next === '[') return 'arithmetic $[…]';
    if (next === '{') {
      stack.push({ kind: 'param', depth: 1, from: i + 2 });
      return 2;
    }
    if (!inDouble && next === '"') {
      stack.push({ kind: 'double', content: false, locale: true });
      return 2;
    }
    if (/[A-Za-z_]/.test(next)) return 1 + (/^[A-Za-z0-9_]+/.exec(t.slice(i + 1))?.[0].length ?? 0);
    if (/[0-9@*#?$!-]/.test(next)) return 2;
    return 1;
  };

  while (i < t.length) {
    const frame = stack[stack.length - 1] as Frame;
    const mark = at.get(i);
    const c = t[i] as string;
    const next = t[i + 1];

    if (stack.length > 1 && (c === '\n' || (c === '\\' && next === '\n'))) return stop(LINE_BREAK);

    if (frame.kind === 'param') {
      if (mark) refuse(mark, 'inside ${…}');
      if (c === "'" || c === '"' || c === '`') return stop('a quote inside ${…}');
      if (c === '$' && next === '(') return stop('a substitution inside ${…}');
      if (c === '{' || (c === '$' && next === '{')) frame.depth++;
      if (c === '}' && --frame.depth === 0) {
        stack.pop();
        const body = t.slice(frame.from, i);
        if (EVALUATING_PARAM.test(body)) facts.evaluates ??= `\${${body}}`;
      }
      i += c === '\\' || (c === '$' && next === '{') ? 2 : 1;
      continue;
    }

    if (frame.kind === 'double') {
      const outer = stack[stack.length - 2] as WordFrame;
      if (mark) {
        if (frame.locale) refuse(mark, 'inside $"…"');
        slots.push({
          ...mark,
          context: 'double',
          wordStart: !outer.content && !frame.content,
          word: outer.word,
          ...checkPlaceholder(mark, outer),
        });
        i = mark.end;
      } else if (c === '"') {
        stack.pop();
        if (frame.content) outer.content = true;
        i++;
      } else if (c === '\\') {
        const escaped = at.get(i + 1);
        if (escaped) refuse(escaped, 'after a backslash');
        frame.content = true;
        i += 2;
      } else if (c === '`') {
        return stop('a backtick substitution');
      } else if (c === '$') {
        const step = dollar(true);
        if (typeof step === 'string') return stop(step);
        i += step;
      } else {
        frame.content = true;
        i++;
      }
      continue;
    }

    // An unquoted frame: the script itself, a `$(…)` body, or a `(…)` group.
    if (mark) {
      begin(frame, false);
      slots.push({
        ...mark,
        context: 'unquoted',
        wordStart: !frame.content,
        word: frame.word,
        ...checkPlaceholder(mark, frame),
      });
      i = mark.end;
      continue;
    }
    if (BLANK.has(c)) {
      if (endWord(frame)) return stop('case (its patterns end in unbalanced parentheses)');
      if (c === '\n') endCommand(frame);
      i++;
    } else if (c === '#' && !frame.started) {
      // A comment runs to the end of the line; a value there could end it with a newline.
      for (; i < t.length && t[i] !== '\n'; i++) {
        const inComment = at.get(i);
        if (inComment) refuse(inComment, 'inside a # comment');
      }
    } else if (c === "'") {
      begin(frame, false);
      let literal = false;
      for (i++; i < t.length && t[i] !== "'"; ) {
        const inside = at.get(i);
        if (inside) {
          slots.push({
            ...inside,
            context: 'single',
            wordStart: !frame.content && !literal,
            word: frame.word,
            ...checkPlaceholder(inside, frame),
          });
          i = inside.end;
        } else {
          if (t[i] === '\n') return stop(LINE_BREAK);
          literal = true;
          i++;
        }
      }
      if (i >= t.length) throw new TemplateError("unterminated ' in shell template");
      if (literal) frame.content = true;
      i++;
    } else if (c === '"') {
      begin(frame, false);
      stack.push({ kind: 'double', content: false, locale: false });
      i++;
    } else if (c === '\\') {
      const escaped = at.get(i + 1);
      if (escaped) refuse(escaped, 'after a backslash');
      if (next !== '\n') begin(frame, true); // backslash-newline only joins lines
      i += 2;
    } else if (c === '$' && next === "'") {
      begin(frame, false);
      for (i += 2; i < t.length && t[i] !== "'"; i += t[i] === '\\' ? 2 : 1) {
        const inside = at.get(i) ?? at.get(i + 1);
        if (inside) refuse(inside, "inside $'…'");
        if (t[i] === '\n' || t[i + 1] === '\n') return stop(LINE_BREAK);
      }
      if (i >= t.length) throw new TemplateError("unterminated $' in shell template");
      i++;
    } else if (c === '$') {
      begin(frame, false);
      const step = dollar(false);
      if (typeof step === 'string') return stop(step);
      i += step;
    } else if (c === '`') {
      return stop('a backtick substitution');
    } else if (c === '(') {
      if (next === '(' && !frame.started) return stop('arithmetic ((…))');
      // `name=(…)` assigns an array, whose `[subscript]=` keys are evaluated.
      const assign = frame.started && t[i - 1] === '=';
      // `<(…)`, `>(…)`: a process substitution is a word of the command around it.
      const substitution = !frame.started && (t[i - 1] === '<' || t[i - 1] === '>');
      if (endWord(frame)) return stop('case');
      const paren = newFrame('paren', i + 1);
      if (assign) {
        paren.evaluates = { why: 'an array assignment, whose subscripts are evaluated', until: ')' };
      } else if (!substitution) {
        // A subshell, or `name ()` defining a function whose body follows.
        paren.group = true;
        if (frame.cmd.definesFunction()) frame.cmd = new SimpleCommand(facts);
      }
      stack.push(paren);
      i++;
    } else if (c === ')') {
      if (endWord(frame)) return stop('case');
      if (frame.kind === 'script') return stop('an unbalanced )');
      stack.pop();
      // `$(…)` continues the surrounding word; a `(…)` group is an operator that ends it.
      if (frame.kind === 'paren') endWord(stack[stack.length - 1] as WordFrame);
      i++;
    } else if (OPERATOR.has(c)) {
      const op = OPERATORS.find((o) => t.startsWith(o, i)) ?? c;
      // `2>file`, `{fd}>file`: the number is the redirection's, not a word of the command.
      const fd =
        (op[0] === '<' || op[0] === '>') &&
        frame.started &&
        /^(?:[0-9]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/.test(t.slice(frame.begin, i));
      if (endWord(frame, fd)) return stop('case');
      if (op === '<<' || op === '<<-') return stop('a heredoc (<<)');
      // `&>`, `>&`, `>|` redirect; only `;`, `&`, `|`, `&&`, `||` and `|&` end a command.
      if (!REDIRECTIONS.has(op)) endCommand(frame);
      else if (t[i + op.length] !== '(') frame.cmd.redirect = true;
      i += op.length;
    } else {
      if (c === '[' || c === ']') subscript(frame, c);
      begin(frame, true);
      i++;
    }
  }

  const open = stack[stack.length - 1] as Frame;
  if (open.kind !== 'script') {
    const what = { cmd: '$(', paren: '(', double: '"', param: '${' }[open.kind];
    throw new TemplateError(`unterminated ${what} in shell template`);
  }
  if (endWord(open)) return stop('case');
  const seen = new Set(slots.map((s) => s.start));
  const lost = marks.find((m) => !seen.has(m.start));
  if (lost) refuse(lost, 'escaped or inside an expansion');
  return finish();
}
