import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/redact.ts
var import_yaml = __toESM(require_dist(), 1);
var MIN_SECRET_LENGTH = 6;
var MIN_ENCODED_LENGTH = 8;
var SECRET_NAME = /TOKEN|SECRET|PASSW(?:OR)?D|(?:^|_)PASS(?:$|_)|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SIGNING_?KEY|(?:^|_)KEY$|CREDENTIAL|AUTH|SESSION|COOKIE|DSN|CONN(?:ECTION)?_?STR(?:ING)?/i;
var NOT_SECRET_NAME = /^(?:XDG_\w*|DBUS_SESSION_BUS_ADDRESS|DESKTOP_SESSION|XAUTHORITY|SSH_AUTH_SOCK|GPG_AGENT_INFO)$|_(?:FILE|PATH|DIR|SOCK)$/i;
function isSecretName(name) {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}
var PLAIN_INPUTS = /* @__PURE__ */ new Set(["INPUT_COMMAND", "INPUT_REPO-PATH", "INPUT_DRY-RUN", "INPUT_RETENTION"]);
function isSecretEnv(name) {
  if (/^INPUT_/i.test(name)) return !PLAIN_INPUTS.has(name.toUpperCase());
  return isSecretName(name);
}
function redactionMarker(label) {
  return `[REDACTED:${label}]`;
}
var toUrlSafe = (b64) => b64.replace(/\+/g, "-").replace(/\//g, "_");
function base64Forms(value) {
  const bytes = Buffer.from(value, "utf8");
  const forms = /* @__PURE__ */ new Set();
  const whole = bytes.toString("base64");
  forms.add(whole).add(whole.replace(/=+$/, ""));
  for (let shift = 0; shift < 3; shift++) {
    const enc = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const core = enc.slice(Math.ceil(8 * shift / 6), Math.floor(8 * (shift + bytes.length) / 6));
    if (core.length >= MIN_ENCODED_LENGTH) forms.add(core);
  }
  for (const f of [...forms]) forms.add(toUrlSafe(f));
  return [...forms].filter((f) => f.length >= MIN_ENCODED_LENGTH);
}
var KUBE_USER_PLAIN = /* @__PURE__ */ new Set([
  "client-certificate",
  "client-key",
  "tokenFile",
  "username",
  "command",
  "apiVersion",
  "installHint",
  "interactiveMode",
  "provideClusterInfo",
  "name"
]);
function kubeconfigSecrets(value) {
  if (!/^users:|"users"\s*:/m.test(value)) return void 0;
  let doc;
  try {
    doc = (0, import_yaml.parse)(value);
  } catch {
    return void 0;
  }
  const users = doc?.users;
  if (!Array.isArray(users)) return void 0;
  const found = [];
  const walk = (v, key) => {
    if (typeof v === "string") {
      if (KUBE_USER_PLAIN.has(key)) return;
      found.push(v);
      if (key.endsWith("-data")) found.push(Buffer.from(v, "base64").toString("utf8"));
    } else if (Array.isArray(v)) for (const item of v) walk(item, key);
    else if (v !== null && typeof v === "object")
      for (const [k, item] of Object.entries(v)) walk(item, k === "value" ? key : k);
  };
  for (const u of users) walk(u?.user, "user");
  return found;
}
function secretForms(value) {
  const forms = /* @__PURE__ */ new Set();
  const add = (s) => {
    if (s.length >= MIN_SECRET_LENGTH) forms.add(s);
  };
  const trimmed = value.trim();
  add(value);
  add(trimmed);
  const kube = kubeconfigSecrets(trimmed);
  if (kube) for (const inner of kube) for (const f of secretForms(inner)) forms.add(f);
  else
    for (const line of trimmed.split(/\r?\n/)) {
      if (!/^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/.test(line.trim())) add(line.trim());
    }
  add(JSON.stringify(trimmed).slice(1, -1));
  add(encodeURIComponent(trimmed));
  if (trimmed.length >= MIN_SECRET_LENGTH) for (const f of base64Forms(trimmed)) forms.add(f);
  return [...forms];
}
function collectNeedles(env, extraSecrets = []) {
  const needles = [];
  const names = Object.keys(env).sort();
  for (const name of names) {
    const value = env[name];
    if (value === void 0 || value.trim().length < MIN_SECRET_LENGTH || !isSecretEnv(name)) continue;
    for (const text of secretForms(value)) needles.push({ text, label: name });
  }
  for (const value of extraSecrets) {
    if (value.trim().length < MIN_SECRET_LENGTH) continue;
    for (const text of secretForms(value)) needles.push({ text, label: "SECRET" });
  }
  return needles;
}
var escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function literalMatcher(needles) {
  const labelOf = /* @__PURE__ */ new Map();
  for (const n of needles) if (n.text.length > 0 && !labelOf.has(n.text)) labelOf.set(n.text, n.label);
  const texts = [...labelOf.keys()].sort((a, b) => b.length - a.length);
  return {
    pattern: texts.length ? new RegExp(texts.map(escapeRegExp).join("|"), "g") : void 0,
    labelOf,
    longest: texts[0]?.length ?? 0
  };
}
function literalSpans(m, text) {
  if (!m.pattern) return [];
  return [...text.matchAll(m.pattern)].map((hit) => ({
    start: hit.index,
    end: hit.index + hit[0].length,
    label: m.labelOf.get(hit[0]) ?? "SECRET"
  }));
}
function literalReplacer(needles) {
  const m = literalMatcher(needles);
  const pattern = m.pattern;
  if (!pattern) return (text) => text;
  return (text) => text.replace(pattern, (hit) => redactionMarker(m.labelOf.get(hit) ?? "SECRET"));
}
var StreamScrubber = class {
  constructor(m) {
    this.m = m;
  }
  m;
  held = "";
  push(chunk) {
    const pattern = this.m.pattern;
    if (!pattern) return chunk;
    const text = this.held + chunk;
    let cut = Math.max(0, text.length - (this.m.longest - 1));
    for (const hit of text.matchAll(pattern)) {
      if (hit.index < cut && hit.index + hit[0].length > cut) cut = hit.index + hit[0].length;
      if (hit.index >= cut) break;
    }
    this.held = text.slice(cut);
    return this.replace(text.slice(0, cut));
  }
  end() {
    const rest = this.held;
    this.held = "";
    return this.replace(rest);
  }
  replace(text) {
    const pattern = this.m.pattern;
    if (!pattern) return text;
    return text.replace(pattern, (hit) => redactionMarker(this.m.labelOf.get(hit) ?? "SECRET"));
  }
};
function replaceSpans(text, spans) {
  const sorted = spans.map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) })).filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let at = 0;
  let current;
  for (const s of sorted) {
    if (current && s.start <= current.end) {
      current.end = Math.max(current.end, s.end);
      continue;
    }
    if (current) {
      out += redactionMarker(current.label);
      at = current.end;
    }
    out += text.slice(at, s.start);
    current = { ...s };
  }
  if (current) {
    out += redactionMarker(current.label);
    at = current.end;
  }
  return out + text.slice(at);
}
var BATCH_SEPARATOR = "\n\0\n";
function joinForScan(parts) {
  const starts = [];
  let offset = 0;
  for (const p of parts) {
    starts.push(offset);
    offset += p.length + BATCH_SEPARATOR.length;
  }
  return { text: parts.join(BATCH_SEPARATOR), starts };
}
function splitSpans(spans, parts, starts) {
  const perPart = parts.map(() => []);
  for (const span of spans) {
    parts.forEach((part, i) => {
      const base = starts[i];
      const start = Math.max(span.start, base);
      const end = Math.min(span.end, base + part.length);
      if (end > start) perPart[i]?.push({ start: start - base, end: end - base, label: span.label });
    });
  }
  return perPart;
}
function freeKey(base, taken) {
  let k = base;
  for (let n = 2; taken(k); n++) k = `${base}~${n}`;
  return k;
}
function mapStringsDeep(value, fn) {
  const ancestors = /* @__PURE__ */ new Set();
  const walk = (v, path) => {
    if (typeof v === "string") return fn(v);
    if (v === null || typeof v !== "object") return v;
    if (v instanceof Date) return v;
    if (ancestors.has(v)) throw new TypeError(`cannot redact a cyclic value (at ${path})`);
    ancestors.add(v);
    try {
      if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`));
      if (v instanceof Map) {
        const out2 = /* @__PURE__ */ new Map();
        for (const [i, [key, item]] of [...v].entries()) {
          const k = typeof key === "string" ? freeKey(fn(key), (c) => out2.has(c)) : walk(key, `${path}<key ${i}>`);
          out2.set(k, walk(item, `${path}<${i}>`));
        }
        return out2;
      }
      if (v instanceof Set) return new Set([...v].map((item, i) => walk(item, `${path}<${i}>`)));
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`cannot redact a ${proto?.constructor?.name ?? "non-plain"} object (at ${path})`);
      }
      const out = {};
      for (const [i, [key, item]] of Object.entries(v).entries()) {
        const k = freeKey(fn(key), (c) => Object.hasOwn(out, c));
        Object.defineProperty(out, k, {
          value: walk(item, `${path}<${i}>`),
          enumerable: true,
          writable: true,
          configurable: true
        });
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };
  return walk(value, "$");
}

export {
  MIN_SECRET_LENGTH,
  isSecretName,
  secretForms,
  collectNeedles,
  literalMatcher,
  literalSpans,
  literalReplacer,
  StreamScrubber,
  replaceSpans,
  BATCH_SEPARATOR,
  joinForScan,
  splitSpans,
  mapStringsDeep
};
