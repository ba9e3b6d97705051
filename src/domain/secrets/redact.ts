import { parse as parseYaml } from 'yaml';

/*
 * Pure helpers for secret redaction: which env values are secrets, the forms a secret takes in
 * output (raw, base64 at any byte alignment, URL/JSON-escaped), literal replacement, range
 * replacement, and mapping one scan over many strings back to each string.
 */

/** Shorter values are too likely to be ordinary words or numbers to replace everywhere. */
export const MIN_SECRET_LENGTH = 6;
/** Shorter base64 fragments of a secret are not replaced: they would hit ordinary text. */
const MIN_ENCODED_LENGTH = 8;

// A webhook URL is its own credential: whoever has it can post.
const SECRET_NAME =
  /TOKEN|SECRET|WEBHOOK|PASSW(?:OR)?D|(?:^|_)PASS(?:$|_)|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SIGNING_?KEY|(?:^|_)KEY$|CREDENTIAL|AUTH|SESSION|COOKIE|DSN|CONN(?:ECTION)?_?STR(?:ING)?/i;
/** Names that match the pattern but hold paths, sockets or desktop settings, not secrets. */
const NOT_SECRET_NAME =
  /^(?:XDG_\w*|DBUS_SESSION_BUS_ADDRESS|DESKTOP_SESSION|XAUTHORITY|SSH_AUTH_SOCK|GPG_AGENT_INFO)$|_(?:FILE|PATH|DIR|SOCK)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/**
 * The action's inputs known to hold no secret. Every other `INPUT_*` value is one (the kubeconfig,
 * the token, a URL that may carry credentials, an input added later): these are excluded only
 * because their values (`execute`, the checkout path) would otherwise vanish from every record.
 */
const PLAIN_INPUTS = new Set(['INPUT_COMMAND', 'INPUT_REPO-PATH', 'INPUT_DRY-RUN', 'INPUT_RETENTION']);

/**
 * Whether the value of env var `name` is treated as a secret: by its name, as an action input, or
 * because configuration says so (`secretNames`: the variables intents/notify.yaml names hold
 * webhook URLs and routing keys, whatever they are called).
 */
export function isSecretEnv(name: string, secretNames: ReadonlySet<string> = new Set()): boolean {
  if (secretNames.has(name)) return true;
  if (/^INPUT_/i.test(name)) return !PLAIN_INPUTS.has(name.toUpperCase());
  return isSecretName(name);
}

export function redactionMarker(label: string): string {
  return `[REDACTED:${label}]`;
}

/** A literal text to replace, and the label its replacement names. */
export interface Needle {
  text: string;
  label: string;
}

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Base64 forms of `value`: the whole encoding (padded and not), plus, for each of the three byte
 * alignments the value can have inside a longer encoded blob (e.g. `user:token` in a Basic auth
 * header), the characters that depend only on the value's own bits. Standard and URL-safe alphabets.
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>();
  const whole = bytes.toString('base64');
  forms.add(whole).add(whole.replace(/=+$/, ''));
  for (let shift = 0; shift < 3; shift++) {
    const enc = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Output char i holds bits [6i, 6i+6); the value holds bits [8*shift, 8*(shift+n)).
    const core = enc.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
    if (core.length >= MIN_ENCODED_LENGTH) forms.add(core);
  }
  for (const f of [...forms]) forms.add(toUrlSafe(f));
  return [...forms].filter((f) => f.length >= MIN_ENCODED_LENGTH);
}

/** Keys under a kubeconfig `user:` that name files, commands or people rather than hold secrets. */
const KUBE_USER_PLAIN = new Set([
  'client-certificate',
  'client-key',
  'tokenFile',
  'username',
  'command',
  'apiVersion',
  'installHint',
  'interactiveMode',
  'provideClusterInfo',
  'name',
]);

/**
 * The secrets in a kubeconfig: every string under `users[].user` (token, client key and
 * certificate data, password, auth-provider and exec credentials), base64 `*-data` also decoded.
 * Undefined when `value` is not a kubeconfig. Its other lines (`apiVersion: v1`, cluster names,
 * server URLs) are ordinary text that must not be redacted wherever it appears.
 */
export function kubeconfigSecrets(value: string): string[] | undefined {
  if (!/^users:|"users"\s*:/m.test(value)) return undefined;
  let doc: unknown;
  try {
    doc = parseYaml(value);
  } catch {
    return undefined;
  }
  const users = (doc as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return undefined;
  const found: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (KUBE_USER_PLAIN.has(key)) return;
      found.push(v);
      if (key.endsWith('-data')) found.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) for (const item of v) walk(item, key);
    else if (v !== null && typeof v === 'object')
      for (const [k, item] of Object.entries(v)) walk(item, k === 'value' ? key : k);
  };
  for (const u of users) walk((u as { user?: unknown } | null)?.user, 'user');
  return found;
}

/** A PEM BEGIN or END line. */
export const PEM_ARMOR = /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/;

/** Every form in which `value` may show up in logs or records. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (s: string): void => {
    if (s.length >= MIN_SECRET_LENGTH) forms.add(s);
  };
  const trimmed = value.trim();
  add(value);
  add(trimmed);
  const kube = kubeconfigSecrets(trimmed);
  // A multi-line secret (a PEM key) is often printed one line at a time; a kubeconfig's lines are
  // mostly not secret, its user entries are.
  if (kube) for (const inner of kube) for (const f of secretForms(inner)) forms.add(f);
  else
    for (const line of trimmed.split(/\r?\n/)) {
      // PEM armor is no secret, and the key rules need it to find the body: never replace it.
      if (!PEM_ARMOR.test(line.trim())) add(line.trim());
    }
  for (const f of jsonForms(trimmed)) add(f);
  for (const f of urlForms(trimmed)) add(f);
  if (trimmed.length >= MIN_SECRET_LENGTH) for (const f of base64Forms(trimmed)) forms.add(f);
  return [...forms];
}

/** `\uXXXX` of one UTF-16 code unit, as JSON encoders write it. */
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `value` inside a JSON string as common encoders write it: JSON.stringify's minimal escapes,
 * with `/` escaped too (PHP, some Java libraries), ASCII only (Python's json.dumps: `\u00e9`, a
 * character outside the BMP as two escapes), HTML-safe (Go's encoding/json: `<>&` as `\u003c`…).
 */
export function jsonForms(value: string): string[] {
  const plain = JSON.stringify(value).slice(1, -1);
  return [
    ...new Set([
      plain,
      plain.replace(/\//g, '\\/'),
      plain.replace(/[\u007f-\uffff]/g, unicodeEscape),
      plain.replace(/[<>&\u2028\u2029]/g, unicodeEscape),
    ]),
  ];
}

/** `value` URL-encoded: as a URI component, with lower-case hex, and as a form field (`+` for space). */
export function urlForms(value: string): string[] {
  const component = encodeURIComponent(value);
  return [
    ...new Set([
      component,
      component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      new URLSearchParams([['', value]]).toString().slice(1),
    ]),
  ];
}

/**
 * The secret values: env values whose names look secret, that are action inputs or that
 * `secretNames` names (label: the variable), and explicit extras (label `SECRET`).
 */
export function secretValues(
  env: Record<string, string | undefined>,
  extraSecrets: readonly string[] = [],
  secretNames: readonly string[] = [],
): Needle[] {
  const named = new Set(secretNames);
  const values: Needle[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined || value.trim().length < MIN_SECRET_LENGTH || !isSecretEnv(name, named)) continue;
    values.push({ text: value, label: name });
  }
  for (const value of extraSecrets) {
    if (value.trim().length >= MIN_SECRET_LENGTH) values.push({ text: value, label: 'SECRET' });
  }
  return values;
}

/** Every form of every secret value (see secretValues), labelled. */
export function collectNeedles(
  env: Record<string, string | undefined>,
  extraSecrets: readonly string[] = [],
  secretNames: readonly string[] = [],
): Needle[] {
  return secretValues(env, extraSecrets, secretNames).flatMap((v) =>
    secretForms(v.text).map((text) => ({ text, label: v.label })),
  );
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Needles as one alternation, longest first, with each text's label (the first needle's wins). */
export interface LiteralMatcher {
  /** Global; undefined when there is nothing to match. */
  pattern: RegExp | undefined;
  labelOf: ReadonlyMap<string, string>;
  /** Length of the longest needle: a stream must hold back one less than this. */
  longest: number;
}

export function literalMatcher(needles: readonly Needle[]): LiteralMatcher {
  const labelOf = new Map<string, string>();
  for (const n of needles) if (n.text.length > 0 && !labelOf.has(n.text)) labelOf.set(n.text, n.label);
  const texts = [...labelOf.keys()].sort((a, b) => b.length - a.length);
  return {
    pattern: texts.length ? new RegExp(texts.map(escapeRegExp).join('|'), 'g') : undefined,
    labelOf,
    longest: texts[0]?.length ?? 0,
  };
}

/** Where the needles occur in `text`, as spans to redact. */
export function literalSpans(m: LiteralMatcher, text: string): Span[] {
  if (!m.pattern) return [];
  return [...text.matchAll(m.pattern)].map((hit) => ({
    start: hit.index,
    end: hit.index + hit[0].length,
    label: m.labelOf.get(hit[0]) ?? 'SECRET',
  }));
}

/**
 * One pass replacing every needle with its marker. Longer needles win where they overlap (the
 * alternation tries them first); for equal texts the first needle's label is used.
 */
export function literalReplacer(needles: readonly Needle[]): (text: string) => string {
  const m = literalMatcher(needles);
  const pattern = m.pattern;
  if (!pattern) return (text) => text;
  return (text) => text.replace(pattern, (hit) => redactionMarker(m.labelOf.get(hit) ?? 'SECRET'));
}

/**
 * Redacts known secrets in a stream of text chunks before anything keeps them (an output tail), so
 * a secret split across chunks is still caught: the last `longest - 1` characters are held back
 * until the next chunk (or `end`) shows whether they begin a secret.
 */
export class StreamScrubber {
  private held = '';
  constructor(private readonly m: LiteralMatcher) {}

  push(chunk: string): string {
    const pattern = this.m.pattern;
    if (!pattern) return chunk;
    const text = this.held + chunk;
    let cut = Math.max(0, text.length - (this.m.longest - 1));
    // A secret that is complete but crosses the cut goes out whole, redacted.
    for (const hit of text.matchAll(pattern)) {
      if (hit.index < cut && hit.index + hit[0].length > cut) cut = hit.index + hit[0].length;
      if (hit.index >= cut) break;
    }
    this.held = text.slice(cut);
    return this.replace(text.slice(0, cut));
  }

  end(): string {
    const rest = this.held;
    this.held = '';
    return this.replace(rest);
  }

  private replace(text: string): string {
    const pattern = this.m.pattern;
    if (!pattern) return text;
    return text.replace(pattern, (hit) => redactionMarker(this.m.labelOf.get(hit) ?? 'SECRET'));
  }
}

/** A span of text to redact: [start, end) in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
  label: string;
}

/** Replaces spans with markers; overlapping or touching spans merge (the earliest label names them). */
export function replaceSpans(text: string, spans: readonly Span[]): string {
  const sorted = spans
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let current: Span | undefined;
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

/**
 * Separator for scanning many strings as one text. NUL is in no token alphabet and is not `\s`,
 * so patterns do not run from one string into the next; a span that still crosses is split.
 */
export const BATCH_SEPARATOR = '\n\0\n';

/** Joins strings for one scan, remembering where each starts. */
export function joinForScan(parts: readonly string[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let offset = 0;
  for (const p of parts) {
    starts.push(offset);
    offset += p.length + BATCH_SEPARATOR.length;
  }
  return { text: parts.join(BATCH_SEPARATOR), starts };
}

/** Maps spans over the joined text back to spans in each part (a crossing span is cut per part). */
export function splitSpans(spans: readonly Span[], parts: readonly string[], starts: readonly number[]) {
  const perPart: Span[][] = parts.map(() => []);
  for (const span of spans) {
    // Parts are few hundred at most and spans rare: a linear scan is enough.
    parts.forEach((part, i) => {
      const base = starts[i] as number;
      const start = Math.max(span.start, base);
      const end = Math.min(span.end, base + part.length);
      if (end > start) perPart[i]?.push({ start: start - base, end: end - base, label: span.label });
    });
  }
  return perPart;
}

/** `base`, or `base~2`, `base~3`… whichever is not taken yet. */
function freeKey(base: string, taken: (candidate: string) => boolean): string {
  let k = base;
  for (let n = 2; taken(k); n++) k = `${base}~${n}`;
  return k;
}

/**
 * Copies `value` with `fn` applied to every string in it, object keys included (a secret can be
 * a key, e.g. a URL with credentials). Keys that collide after `fn` get a `~2`, `~3`… suffix so no
 * entry is lost. Walks arrays, plain objects, Map and Set; Dates and non-string primitives are
 * kept; any other object (class instance, Buffer, Error) or a cycle throws TypeError, since its
 * strings cannot be reached safely. Strings are visited in a fixed order (key before value).
 */
export function mapStringsDeep<T>(value: T, fn: (s: string) => string): T {
  const ancestors = new Set<object>();
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') return fn(v);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return v;
    if (ancestors.has(v)) throw new TypeError(`cannot redact a cyclic value (at ${path})`);
    ancestors.add(v);
    try {
      if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`));
      if (v instanceof Map) {
        const out = new Map<unknown, unknown>();
        for (const [i, [key, item]] of [...v].entries()) {
          const k =
            typeof key === 'string' ? freeKey(fn(key), (c) => out.has(c)) : walk(key, `${path}<key ${i}>`);
          out.set(k, walk(item, `${path}<${i}>`));
        }
        return out;
      }
      if (v instanceof Set) return new Set([...v].map((item, i) => walk(item, `${path}<${i}>`)));
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`cannot redact a ${proto?.constructor?.name ?? 'non-plain'} object (at ${path})`);
      }
      const out: Record<string, unknown> = {};
      // Paths name entries by position, never by key: a key may be the secret.
      for (const [i, [key, item]] of Object.entries(v).entries()) {
        const k = freeKey(fn(key), (c) => Object.hasOwn(out, c));
        // defineProperty: a `__proto__` key stays a plain key instead of replacing the prototype.
        Object.defineProperty(out, k, {
          value: walk(item, `${path}<${i}>`),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };
  return walk(value, '$') as T;
}
