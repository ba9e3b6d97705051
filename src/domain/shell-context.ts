import { TemplateError } from './errors.js';

/**
 * A small bash lexer that answers one question for each placeholder in a shell template: in which
 * quoting context does it sit? Only the template is scanned, never a value, so a value cannot steer
 * the lexer. Whatever the lexer does not model exactly (backticks, heredocs, arithmetic, `case`,
 * quotes inside `${…}`) stops it: every placeholder after that point is refused rather than quoted
 * on a guess, because quoting for the wrong context is how injection happens. Places where bash
 * reads a word's text a second time are refused too (see template.ts).
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
}

interface WordFrame {
  kind: 'script' | 'cmd' | 'paren';
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
type Frame = WordFrame | DoubleFrame | { kind: 'param'; depth: number };

const BLANK = new Set([' ', '\t', '\n']);
/**
 * After a syntax error bash resumes at the next raw line break, forgetting open quotes and
 * brackets, and reads the following lines in contexts other than the lexer's: so a template line
 * break inside quotes or brackets stops the lexer.
 */
const LINE_BREAK = 'a line break inside quotes or brackets';
const OPERATOR = new Set([';', '&', '|', '<', '>']);

export function refuse(mark: PlaceholderMark, why: string): never {
  throw new TemplateError(`placeholder {{${mark.name}}} in unsupported shell context (${why})`, mark.name);
}

/** Classifies every mark (sorted by start) or throws TemplateError. */
export function scanShell(t: string, marks: readonly PlaceholderMark[]): ShellSlot[] {
  const at = new Map(marks.map((m) => [m.start, m]));
  const slots: ShellSlot[] = [];
  let words = 0;
  const stack: Frame[] = [{ kind: 'script', word: 0, started: false, content: false, begin: 0 }];
  let i = 0;

  /** Stop lexing: nothing after i can be classified with certainty. */
  const stop = (why: string): ShellSlot[] => {
    const next = marks.find((m) => m.start >= i);
    if (next) refuse(next, `after ${why}`);
    return slots;
  };
  const begin = (f: WordFrame, content: boolean) => {
    if (!f.started) f.begin = i;
    f.started = true;
    if (content) f.content = true;
  };
  /** Ends the current word; returns true when it was the `case` keyword. */
  const endWord = (f: WordFrame): boolean => {
    const raw = f.started ? t.slice(f.begin, i) : '';
    // Quotes and backslashes removed: bash finds builtins such as ''eval after quote removal.
    const word = raw.replace(/['"\\]/g, '');
    if (word === '[[' && !f.evaluates) {
      f.evaluates = { why: '[[ … ]], whose operators evaluate words', until: ']]' };
    }
    // Only a bare `]]` closes: a quoted or escaped one (`"]]"`, `\]\]`) is an operand.
    if (raw === ']]' && f.evaluates?.until === ']]') f.evaluates = undefined;
    if ((word === 'eval' || word === 'let') && !f.evaluates) {
      f.evaluates = { why: `${word}, which evaluates its arguments again`, until: 'command' };
    }
    f.word = ++words;
    f.started = false;
    f.content = false;
    return word === 'case';
  };
  const endCommand = (f: WordFrame) => {
    if (f.evaluates?.until === 'command') f.evaluates = undefined;
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
      if (f.brackets === 0) f.evaluates = undefined;
    } else if (
      c === '[' &&
      !f.evaluates &&
      f.started &&
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(f.begin, i))
    ) {
      f.evaluates = { why: 'an array subscript, which is evaluated', until: ']' };
      f.brackets = 1;
    }
  };
  /** Refuses a placeholder whose text bash would evaluate again, or that sits in a subscript. */
  const checkEvaluated = (mark: PlaceholderMark, f: WordFrame) => {
    for (const frame of stack) {
      if ('evaluates' in frame && frame.evaluates) refuse(mark, `inside ${frame.evaluates.why}`);
    }
    const soFar = f.started ? t.slice(f.begin, mark.start) : '';
    if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(soFar) && !/\]\+?=/.test(soFar)) {
      refuse(mark, 'inside an array subscript, which is evaluated');
    }
  };
  /** After `$` at i: returns how far to advance, or a reason to stop. */
  const dollar = (inDouble: boolean): number | string => {
    const next = t[i + 1] ?? '';
    const after = at.get(i + 1);
    if (after) refuse(after, 'right after $');
    if (next === '(') {
      if (t[i + 2] === '(') return 'arithmetic $((…))';
      const cmd: WordFrame = { kind: 'cmd', word: ++words, started: false, content: false, begin: i + 2 };
      // Unquoted, its output is split into words and globbed: a value could add words.
      if (!inDouble) {
        cmd.evaluates = { why: 'an unquoted $(…), whose output is split and globbed', until: ')' };
      }
      stack.push(cmd);
      return 2;
    }
    if (next === '[') return 'arithmetic $[…]';
    if (next === '{') {
      stack.push({ kind: 'param', depth: 1 });
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
      if (c === '}' && --frame.depth === 0) stack.pop();
      i += c === '\\' || (c === '$' && next === '{') ? 2 : 1;
      continue;
    }

    if (frame.kind === 'double') {
      const outer = stack[stack.length - 2] as WordFrame;
      if (mark) {
        if (frame.locale) refuse(mark, 'inside $"…"');
        checkEvaluated(mark, outer);
        slots.push({
          ...mark,
          context: 'double',
          wordStart: !outer.content && !frame.content,
          word: outer.word,
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
      checkEvaluated(mark, frame);
      slots.push({ ...mark, context: 'unquoted', wordStart: !frame.content, word: frame.word });
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
          checkEvaluated(inside, frame);
          slots.push({
            ...inside,
            context: 'single',
            wordStart: !frame.content && !literal,
            word: frame.word,
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
      if (endWord(frame)) return stop('case');
      stack.push({ kind: 'paren', word: ++words, started: false, content: false, begin: i + 1 });
      if (assign) {
        const paren = stack[stack.length - 1] as WordFrame;
        paren.evaluates = { why: 'an array assignment, whose subscripts are evaluated', until: ')' };
      }
      i++;
    } else if (c === ')') {
      if (endWord(frame)) return stop('case');
      if (frame.kind === 'script') return stop('an unbalanced )');
      stack.pop();
      // `$(…)` continues the surrounding word; a `(…)` group is an operator that ends it.
      if (frame.kind === 'paren') endWord(stack[stack.length - 1] as WordFrame);
      i++;
    } else if (OPERATOR.has(c)) {
      if (endWord(frame)) return stop('case');
      if (c === ';' || c === '&' || c === '|') endCommand(frame);
      if (c === '<' && next === '<') {
        if (t[i + 2] !== '<') return stop('a heredoc (<<)');
        i += 2;
      }
      i++;
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
  const seen = new Set(slots.map((s) => s.start));
  const lost = marks.find((m) => !seen.has(m.start));
  if (lost) refuse(lost, 'escaped or inside an expansion');
  return slots;
}
