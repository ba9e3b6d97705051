import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/yaml-source.ts
var import_yaml = __toESM(require_dist(), 1);
var MAX_YAML_BYTES = 1048576;
var MAX_ALIAS_COUNT = 100;
function error(file, message, at) {
  return { file, ...at ?? {}, message, severity: "error" };
}
function syntaxHint(line) {
  const value = line.replace(/^\s*(- )?[^:#]*:\s/, "");
  if (value !== line && /:\s/.test(value) && !/^["'|>]/.test(value.trim()))
    return '; hint: quote strings containing ": ", e.g. reason: "fix: the cache"';
  return "";
}
function decode(path, content) {
  const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
  if (size > MAX_YAML_BYTES) {
    return {
      diagnostic: error(path, `file is too large (${size} bytes); at most ${MAX_YAML_BYTES} bytes allowed`)
    };
  }
  const hasNul = typeof content === "string" ? content.includes("\0") : content.includes(0);
  if (hasNul)
    return { diagnostic: error(path, "file looks binary (contains NUL bytes); expected YAML text") };
  if (typeof content === "string") return { text: content };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(content) };
  } catch {
    return { diagnostic: error(path, "file is not valid UTF-8; save it as UTF-8 text") };
  }
}
function parseYamlSource(path, content) {
  const { text, diagnostic } = decode(path, content);
  if (text === void 0) return { diagnostics: diagnostic ? [diagnostic] : [] };
  const lineCounter = new import_yaml.LineCounter();
  const docs = (0, import_yaml.parseAllDocuments)(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset) => lineCounter.linePos(offset);
  const first = Array.isArray(docs) ? docs[0] : void 0;
  if (!Array.isArray(docs) || !first) {
    return { diagnostics: [error(path, "expected a mapping at the top level, but the file is empty")] };
  }
  const diagnostics = [];
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError) {
    const where = at(firstError.pos[0]);
    const hint = syntaxHint(text.split("\n")[where.line - 1] ?? "");
    return { diagnostics: [error(path, stripPosition(firstError.message) + hint, where)] };
  }
  const second = docs[1];
  if (second) {
    const where = at(second.range[0]);
    return {
      diagnostics: [error(path, "expected a single YAML document, found more than one (---)", where)]
    };
  }
  const doc = first;
  if (doc.contents === null || (0, import_yaml.isScalar)(doc.contents) && doc.contents.value === null) {
    return { diagnostics: [error(path, "expected a mapping at the top level, but the file is empty")] };
  }
  if (!(0, import_yaml.isMap)(doc.contents)) {
    const kind = (0, import_yaml.isSeq)(doc.contents) ? "a list" : "a scalar value";
    const where = at(doc.contents.range?.[0] ?? 0);
    return { diagnostics: [error(path, `expected a mapping at the top level, got ${kind}`, where)] };
  }
  (0, import_yaml.visit)(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !(0, import_yaml.isScalar)(pair.key) && !(0, import_yaml.isAlias)(pair.key)) {
        const where = at(pair.key.range?.[0] ?? 0);
        diagnostics.push(error(path, "expected a plain key (a string), got a collection", where));
      }
    }
  });
  if (diagnostics.length > 0) return { diagnostics };
  let value;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const where = firstAlias(doc, at);
    const reason = e instanceof Error ? e.message : String(e);
    const message = /resource exhaustion/i.test(reason) ? `too many alias expansions (over ${MAX_ALIAS_COUNT}); aliases that expand exponentially are refused` : `cannot resolve YAML aliases: ${reason}`;
    return { diagnostics: [error(path, message, where)] };
  }
  for (const w of doc.warnings) {
    diagnostics.push({ ...error(path, stripPosition(w.message), at(w.pos[0])), severity: "warning" });
  }
  return { source: { path, text, doc, value, lineCounter }, diagnostics };
}
function stripPosition(message) {
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, "");
}
function firstAlias(doc, at) {
  let found;
  (0, import_yaml.visit)(doc, {
    Alias(_, node) {
      found = at(node.range?.[0] ?? 0);
      return import_yaml.visit.BREAK;
    }
  });
  return found;
}
function keyMatches(key, segment) {
  return (0, import_yaml.isScalar)(key) && String(key.value) === String(segment);
}
function locate(source, path, part = "key") {
  const { doc, lineCounter } = source;
  let node = doc.contents;
  let keyOffset;
  let valueOffset = doc.contents?.range?.[0];
  for (const segment of path) {
    if ((0, import_yaml.isAlias)(node)) node = node.resolve(doc);
    let next;
    if ((0, import_yaml.isMap)(node)) {
      const pair = node.items.find((p) => (0, import_yaml.isPair)(p) && keyMatches(p.key, segment));
      if (pair) {
        const keyNode = pair.key;
        const valueNode = pair.value;
        const keyAt = keyNode?.range?.[0];
        next = { node: valueNode, value: valueNode?.range?.[0] ?? keyAt };
        if (keyAt !== void 0) next.key = keyAt;
      }
    } else if ((0, import_yaml.isSeq)(node) && typeof segment === "number") {
      const item = node.items[segment];
      const itemAt = item?.range?.[0];
      if (item && itemAt !== void 0) next = { node: item, key: itemAt, value: itemAt };
    }
    if (!next) break;
    node = next.node;
    keyOffset = next.key;
    valueOffset = next.value;
  }
  const offset = part === "key" ? keyOffset ?? valueOffset : valueOffset ?? keyOffset;
  return offset === void 0 ? { line: 1, col: 1 } : lineCounter.linePos(offset);
}

// src/domain/schema-check.ts
var TYPE_WORDS = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean (true or false)",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  null: "null"
};
function typeWord(expected) {
  return TYPE_WORDS[expected] ?? expected;
}
function show(v) {
  if (v === void 0) return "nothing";
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `'${v.length > 60 ? `${v.slice(0, 60)}\u2026` : v}'`;
  return String(v);
}
function isScalar2(v) {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}
function messageFor(iss) {
  const got = show(iss.input);
  switch (iss.code) {
    case "invalid_type":
      return `expected ${typeWord(iss.expected)}, got ${got}`;
    case "invalid_value":
      return iss.values.length === 1 ? `expected ${String(iss.values[0])}, got ${got}` : `expected one of ${iss.values.map(String).join(", ")}, got ${got}`;
    case "too_small":
    case "too_big": {
      const bound = iss.code === "too_small" ? iss.minimum : iss.maximum;
      const cmp = iss.code === "too_small" ? iss.inclusive ? "\u2265" : ">" : iss.inclusive ? "\u2264" : "<";
      if (iss.origin === "string" && iss.code === "too_small" && Number(bound) === 1)
        return "expected a non-empty string";
      if (iss.origin === "array" && iss.code === "too_small" && Number(bound) === 1)
        return "expected a non-empty list";
      if (iss.origin === "string")
        return `expected ${cmp} ${String(bound)} characters, got ${[...String(iss.input)].length}`;
      if (iss.origin === "array" || iss.origin === "set") return `expected ${cmp} ${String(bound)} items`;
      return `expected a number ${cmp} ${String(bound)}, got ${got}`;
    }
    case "invalid_format":
      return iss.format === "regex" && "pattern" in iss ? `expected a string matching ${String(iss.pattern)}, got ${got}` : `expected ${iss.format}, got ${got}`;
    case "not_multiple_of":
      return `expected a multiple of ${String(iss.divisor)}, got ${got}`;
    case "invalid_union":
      return "";
    case "unrecognized_keys": {
      const shape = iss.inst?._zod?.def?.shape;
      return shape ? `expected one of: ${Object.keys(shape).join(", ")}` : "unknown key";
    }
    default:
      return void 0;
  }
}
function valueAt(root, path) {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, seg)) return void 0;
    v = v[seg];
  }
  return v;
}
function isMissingKey(root, path) {
  const key = path.at(-1);
  if (key === void 0) return false;
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && !Array.isArray(parent) && !Object.hasOwn(parent, key);
}
function pathText(path) {
  return path.reduce(
    (s, seg) => typeof seg === "number" ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg,
    ""
  );
}
function closestBranch(branches, root, at) {
  const score = (b) => b.reduce((n, i) => {
    if (i.code === "unrecognized_keys") return n + i.keys.length;
    return i.code === "invalid_type" && isMissingKey(root, [...at, ...i.path]) ? n + 1 : n;
  }, 0) * 1e3 + b.length;
  const typed = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === "invalid_type"));
  return typed.reduce(
    (best, b) => !best || score(b) < score(best) ? b : best,
    void 0
  );
}
function toDiagnostics(source, issue, prefix) {
  const path = [...prefix, ...issue.path.map((seg) => typeof seg === "symbol" ? String(seg) : seg)];
  const input = valueAt(source.value, path);
  const d = (at, part, message, label = at) => ({
    file: source.path,
    ...locate(source, at, part),
    message: label.length > 0 ? `${pathText(label)}: ${message}` : message,
    severity: "error"
  });
  const keyed = issue.code === "unrecognized_keys" || issue.code === "invalid_key";
  if (!keyed && isMissingKey(source.value, path)) {
    const parent = path.slice(0, -1);
    return [d(parent, "key", `missing required key '${String(path.at(-1))}'`)];
  }
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => d([...path, k], "key", `unknown key '${k}'; ${issue.message}`, path));
    case "invalid_key": {
      const why = issue.issues.map((i) => i.message).join("; ");
      return [d(path, "key", `invalid key '${String(path.at(-1))}': ${why}`, path.slice(0, -1))];
    }
    case "invalid_union": {
      const branch = closestBranch(issue.errors, source.value, path);
      if (branch) return branch.flatMap((i) => toDiagnostics(source, i, path));
      if (issue.message) return [d(path, "value", `${issue.message}, got ${show(input)}`)];
      const words = new Set(
        issue.errors.flatMap(
          (b) => b.filter((i) => i.code === "invalid_type").map((i) => typeWord(i.expected))
        )
      );
      const list = [...words];
      const expected = list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list.at(-1)}` : list[0] ?? "another value";
      return [d(path, "value", `expected ${expected}, got ${show(input)}`)];
    }
    default: {
      const addGot = issue.message.startsWith("expected") && !issue.message.includes(", got ") && isScalar2(input);
      return [d(path, "value", addGot ? `${issue.message}, got ${show(input)}` : issue.message)];
    }
  }
}
function checkSchema(source, schema) {
  const result = schema.safeParse(source.value, { error: messageFor });
  if (result.success) return { data: result.data, diagnostics: [] };
  const seen = /* @__PURE__ */ new Set();
  const diagnostics = result.error.issues.flatMap((issue) => toDiagnostics(source, issue, [])).filter((x) => {
    const key = `${x.line}:${x.col}:${x.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { diagnostics };
}

export {
  parseYamlSource,
  locate,
  checkSchema
};
