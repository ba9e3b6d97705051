import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  TemplateError
} from "./chunk-OPNGBO4A.js";

// src/domain/shell-context.ts
var BLANK = /* @__PURE__ */ new Set([" ", "	", "\n"]);
var LINE_BREAK = "a line break inside quotes or brackets";
var OPERATOR = /* @__PURE__ */ new Set([";", "&", "|", "<", ">"]);
function refuse(mark, why) {
  throw new TemplateError(`placeholder {{${mark.name}}} in unsupported shell context (${why})`, mark.name);
}
function scanShell(t, marks) {
  const at = new Map(marks.map((m) => [m.start, m]));
  const slots = [];
  let words = 0;
  const stack = [{ kind: "script", word: 0, started: false, content: false, begin: 0 }];
  let i = 0;
  const stop = (why) => {
    const next = marks.find((m) => m.start >= i);
    if (next) refuse(next, `after ${why}`);
    return slots;
  };
  const begin = (f, content) => {
    if (!f.started) f.begin = i;
    f.started = true;
    if (content) f.content = true;
  };
  const endWord = (f) => {
    const raw = f.started ? t.slice(f.begin, i) : "";
    const word = raw.replace(/['"\\]/g, "");
    if (word === "[[" && !f.evaluates) {
      f.evaluates = { why: "[[ \u2026 ]], whose operators evaluate words", until: "]]" };
    }
    if (raw === "]]" && f.evaluates?.until === "]]") f.evaluates = void 0;
    if ((word === "eval" || word === "let") && !f.evaluates) {
      f.evaluates = { why: `${word}, which evaluates its arguments again`, until: "command" };
    }
    f.word = ++words;
    f.started = false;
    f.content = false;
    return word === "case";
  };
  const endCommand = (f) => {
    if (f.evaluates?.until === "command") f.evaluates = void 0;
  };
  const subscript = (f, c) => {
    if (f.evaluates?.until === "]") {
      f.brackets = (f.brackets ?? 0) + (c === "[" ? 1 : -1);
      if (f.brackets === 0) f.evaluates = void 0;
    } else if (c === "[" && !f.evaluates && f.started && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(f.begin, i))) {
      f.evaluates = { why: "an array subscript, which is evaluated", until: "]" };
      f.brackets = 1;
    }
  };
  const checkEvaluated = (mark, f) => {
    for (const frame of stack) {
      if ("evaluates" in frame && frame.evaluates) refuse(mark, `inside ${frame.evaluates.why}`);
    }
    const soFar = f.started ? t.slice(f.begin, mark.start) : "";
    if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(soFar) && !/\]\+?=/.test(soFar)) {
      refuse(mark, "inside an array subscript, which is evaluated");
    }
  };
  const dollar = (inDouble) => {
    const next = t[i + 1] ?? "";
    const after = at.get(i + 1);
    if (after) refuse(after, "right after $");
    if (next === "(") {
      if (t[i + 2] === "(") return "arithmetic $((\u2026))";
      const cmd = { kind: "cmd", word: ++words, started: false, content: false, begin: i + 2 };
      if (!inDouble) {
        cmd.evaluates = { why: "an unquoted $(\u2026), whose output is split and globbed", until: ")" };
      }
      stack.push(cmd);
      return 2;
    }
    if (next === "[") return "arithmetic $[\u2026]";
    if (next === "{") {
      stack.push({ kind: "param", depth: 1 });
      return 2;
    }
    if (!inDouble && next === '"') {
      stack.push({ kind: "double", content: false, locale: true });
      return 2;
    }
    if (/[A-Za-z_]/.test(next)) return 1 + (/^[A-Za-z0-9_]+/.exec(t.slice(i + 1))?.[0].length ?? 0);
    if (/[0-9@*#?$!-]/.test(next)) return 2;
    return 1;
  };
  while (i < t.length) {
    const frame = stack[stack.length - 1];
    const mark = at.get(i);
    const c = t[i];
    const next = t[i + 1];
    if (stack.length > 1 && (c === "\n" || c === "\\" && next === "\n")) return stop(LINE_BREAK);
    if (frame.kind === "param") {
      if (mark) refuse(mark, "inside ${\u2026}");
      if (c === "'" || c === '"' || c === "`") return stop("a quote inside ${\u2026}");
      if (c === "$" && next === "(") return stop("a substitution inside ${\u2026}");
      if (c === "{" || c === "$" && next === "{") frame.depth++;
      if (c === "}" && --frame.depth === 0) stack.pop();
      i += c === "\\" || c === "$" && next === "{" ? 2 : 1;
      continue;
    }
    if (frame.kind === "double") {
      const outer = stack[stack.length - 2];
      if (mark) {
        if (frame.locale) refuse(mark, 'inside $"\u2026"');
        checkEvaluated(mark, outer);
        slots.push({
          ...mark,
          context: "double",
          wordStart: !outer.content && !frame.content,
          word: outer.word
        });
        i = mark.end;
      } else if (c === '"') {
        stack.pop();
        if (frame.content) outer.content = true;
        i++;
      } else if (c === "\\") {
        const escaped = at.get(i + 1);
        if (escaped) refuse(escaped, "after a backslash");
        frame.content = true;
        i += 2;
      } else if (c === "`") {
        return stop("a backtick substitution");
      } else if (c === "$") {
        const step = dollar(true);
        if (typeof step === "string") return stop(step);
        i += step;
      } else {
        frame.content = true;
        i++;
      }
      continue;
    }
    if (mark) {
      begin(frame, false);
      checkEvaluated(mark, frame);
      slots.push({ ...mark, context: "unquoted", wordStart: !frame.content, word: frame.word });
      i = mark.end;
      continue;
    }
    if (BLANK.has(c)) {
      if (endWord(frame)) return stop("case (its patterns end in unbalanced parentheses)");
      if (c === "\n") endCommand(frame);
      i++;
    } else if (c === "#" && !frame.started) {
      for (; i < t.length && t[i] !== "\n"; i++) {
        const inComment = at.get(i);
        if (inComment) refuse(inComment, "inside a # comment");
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
            context: "single",
            wordStart: !frame.content && !literal,
            word: frame.word
          });
          i = inside.end;
        } else {
          if (t[i] === "\n") return stop(LINE_BREAK);
          literal = true;
          i++;
        }
      }
      if (i >= t.length) throw new TemplateError("unterminated ' in shell template");
      if (literal) frame.content = true;
      i++;
    } else if (c === '"') {
      begin(frame, false);
      stack.push({ kind: "double", content: false, locale: false });
      i++;
    } else if (c === "\\") {
      const escaped = at.get(i + 1);
      if (escaped) refuse(escaped, "after a backslash");
      if (next !== "\n") begin(frame, true);
      i += 2;
    } else if (c === "$" && next === "'") {
      begin(frame, false);
      for (i += 2; i < t.length && t[i] !== "'"; i += t[i] === "\\" ? 2 : 1) {
        const inside = at.get(i) ?? at.get(i + 1);
        if (inside) refuse(inside, "inside $'\u2026'");
        if (t[i] === "\n" || t[i + 1] === "\n") return stop(LINE_BREAK);
      }
      if (i >= t.length) throw new TemplateError("unterminated $' in shell template");
      i++;
    } else if (c === "$") {
      begin(frame, false);
      const step = dollar(false);
      if (typeof step === "string") return stop(step);
      i += step;
    } else if (c === "`") {
      return stop("a backtick substitution");
    } else if (c === "(") {
      if (next === "(" && !frame.started) return stop("arithmetic ((\u2026))");
      const assign = frame.started && t[i - 1] === "=";
      if (endWord(frame)) return stop("case");
      stack.push({ kind: "paren", word: ++words, started: false, content: false, begin: i + 1 });
      if (assign) {
        const paren = stack[stack.length - 1];
        paren.evaluates = { why: "an array assignment, whose subscripts are evaluated", until: ")" };
      }
      i++;
    } else if (c === ")") {
      if (endWord(frame)) return stop("case");
      if (frame.kind === "script") return stop("an unbalanced )");
      stack.pop();
      if (frame.kind === "paren") endWord(stack[stack.length - 1]);
      i++;
    } else if (OPERATOR.has(c)) {
      if (endWord(frame)) return stop("case");
      if (c === ";" || c === "&" || c === "|") endCommand(frame);
      if (c === "<" && next === "<") {
        if (t[i + 2] !== "<") return stop("a heredoc (<<)");
        i += 2;
      }
      i++;
    } else {
      if (c === "[" || c === "]") subscript(frame, c);
      begin(frame, true);
      i++;
    }
  }
  const open = stack[stack.length - 1];
  if (open.kind !== "script") {
    const what = { cmd: "$(", paren: "(", double: '"', param: "${" }[open.kind];
    throw new TemplateError(`unterminated ${what} in shell template`);
  }
  const seen = new Set(slots.map((s) => s.start));
  const lost = marks.find((m) => !seen.has(m.start));
  if (lost) refuse(lost, "escaped or inside an expansion");
  return slots;
}

// src/domain/template.ts
var PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;
function marksIn(template) {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({
    name: m[1],
    start: m.index,
    end: m.index + m[0].length
  }));
}
function placeholders(template) {
  return [...new Set(marksIn(template).map((m) => m.name))];
}
function lookup(values, name) {
  const value = Object.hasOwn(values, name) ? values[name] : void 0;
  if (typeof value !== "string") throw new TemplateError(`undeclared placeholder {{${name}}}`, name);
  return value;
}
function processValue(values, name) {
  const value = lookup(values, name);
  if (value.includes("\0")) {
    throw new TemplateError(
      `value of {{${name}}} contains a NUL character, which cannot be passed to a process`,
      name
    );
  }
  return value;
}
function dashGuard(opts) {
  const filled = /* @__PURE__ */ new Set();
  return (name, value, wordStart, word) => {
    if (wordStart && !filled.has(word) && value.startsWith("-") && !opts?.allowLeadingDash?.(name)) {
      throw new TemplateError(
        `value of {{${name}}} starts with "-" where it begins an argument, so the command would read it as an option; allow leading dashes for this param if that is intended`,
        name
      );
    }
    if (value !== "") filled.add(word);
  };
}
var singleBody = (v) => v.replaceAll("'", "'\\''").replaceAll("\n", () => "'$'\\n''");
var QUOTE = {
  unquoted: (v) => `'${singleBody(v)}'`,
  single: singleBody,
  double: (v) => v.replace(/[\\$`"]/g, "\\$&").replaceAll("\n", () => `"$'\\n'"`)
};
var scanned = /* @__PURE__ */ new Map();
var SCAN_CACHE_MAX = 1e3;
function scanOnce(template) {
  let hit = scanned.get(template);
  if (!hit) {
    const marks = marksIn(template);
    try {
      hit = { marks, slots: scanShell(template, marks) };
    } catch (error) {
      hit = { error };
    }
    if (scanned.size >= SCAN_CACHE_MAX) scanned.clear();
    scanned.set(template, hit);
  }
  if ("error" in hit) throw hit.error;
  return hit;
}
function renderShell(template, values, opts) {
  const { marks, slots } = scanOnce(template);
  for (const m of marks) processValue(values, m.name);
  const guard = dashGuard(opts);
  let out = "";
  let last = 0;
  for (const slot of slots) {
    const value = values[slot.name];
    guard(slot.name, value, slot.wordStart, slot.word);
    out += template.slice(last, slot.start) + QUOTE[slot.context](value);
    last = slot.end;
  }
  return out + template.slice(last);
}
function renderArgv(argv, values, opts) {
  const guard = dashGuard(opts);
  return argv.map((element, index) => {
    let out = "";
    let last = 0;
    let literal = false;
    for (const m of marksIn(element)) {
      const value = processValue(values, m.name);
      const before = element.slice(last, m.start);
      if (before !== "") literal = true;
      guard(m.name, value, !literal, index);
      out += before + value;
      last = m.end;
    }
    return out + element.slice(last);
  });
}
function renderText(template, values, escapeValue) {
  return template.replace(PLACEHOLDER, (_whole, name) => {
    const value = lookup(values, name);
    try {
      return escapeValue(value);
    } catch (err) {
      if (err instanceof TemplateError && err.param === void 0) {
        throw new TemplateError(`value of {{${name}}}: ${err.message}`, name);
      }
      throw err;
    }
  });
}
function wellFormed(v) {
  return v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
var GO_ESCAPES = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "	": "\\t"
};
function goString(v) {
  let out = "";
  for (const c of wellFormed(v)) {
    const code = c.charCodeAt(0);
    out += GO_ESCAPES[c] ?? (code < 32 || code === 127 ? `\\x${code.toString(16).padStart(2, "0")}` : c);
  }
  return out;
}
var escapers = {
  /** One URL path segment or query component: every reserved character percent-encoded. */
  urlComponent(v) {
    if (v === "." || v === "..") throw new TemplateError(`"${v}" would climb the URL path`);
    return encodeURIComponent(wellFormed(v)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    );
  },
  /** Inside a PromQL "…" string. For `=~` matchers the value is still a regex: escape that first. */
  promqlString: goString,
  /** Inside a LogQL "…" string (label matcher or line filter). */
  logqlString: goString
};

export {
  placeholders,
  renderShell,
  renderArgv,
  renderText,
  escapers
};
