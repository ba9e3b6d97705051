import { BATCH_SEPARATOR, isSecretName, MIN_SECRET_LENGTH } from './redact.js';
import {
  eachMatch,
  groupFinding,
  PLACEHOLDER,
  plausibleToken,
  type Rule,
  type SecretFinding,
} from './secret-match.js';
import { SHAPE_RULES } from './secret-shapes.js';

export type { SecretFinding } from './secret-match.js';

/*
 * Secret shapes secretlint's recommended preset misses or reports with a wrong range: JWTs,
 * authorization headers and bearer tokens, PEM private keys (also a body whose BEGIN line was cut
 * off by an output tail, or whose END never came), credentials in URLs, npm auth tokens and
 * `SECRET_NAME=value` assignments; and (secret-shapes.ts) the shapes issue 23 found in records.
 * Each finding is the exact span of the secret and its text, so the caller can also redact that
 * text wherever else it appears.
 */

// header.payload.signature, each base64url; the header and (nearly always) the payload are JSON
// objects, so they start with `eyJ` (`{"`). JWE has five parts: the extra ones are taken too.
const JWT = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){1,3}/dg;
const jwt: Rule = (text, out) => {
  eachMatch(JWT, text, (m) => {
    const f = groupFinding(m, 0, 'jwt');
    if (f) out.push(f);
  });
};

const SCHEMES = 'bearer|basic|token|digest|negotiate|ntlm|apikey|api-key|aws4-hmac-sha256|sso-key|ssws';
// `Authorization: <scheme> <credential>` in headers, curl flags, JSON and YAML. After a scheme the
// credential runs to the end of the value (a Digest header's parameters included); without one it
// is a single token-like word, so prose about authorization stays.
const AUTH_HEADER = new RegExp(
  String.raw`\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(${SCHEMES})\s+)?([^\s"'\[$<][^"'\r\n]*?)\s*(?=["'\r\n]|$)`,
  'dgim',
);
const authHeader: Rule = (text, out) => {
  eachMatch(AUTH_HEADER, text, (m) => {
    const value = m[2] ?? '';
    // A value holding a marker already had its secret (a known env value) replaced.
    if (value.length < MIN_SECRET_LENGTH || PLACEHOLDER.test(value) || value.includes('[REDACTED:')) return;
    if (m[1] === undefined && (/\s/.test(value) || !plausibleToken(value))) return;
    const f = groupFinding(m, 2, 'authorization');
    if (f) out.push(f);
  });
};

// A bearer token outside a header line: `--token-type bearer`-style prose is kept out by plausibleToken.
const BEARER = /\bbearer\s+([A-Za-z0-9._~+/=-]+)/dgi;
const bearer: Rule = (text, out) => {
  eachMatch(BEARER, text, (m) => {
    if (!plausibleToken(m[1] ?? '')) return;
    const f = groupFinding(m, 1, 'bearer');
    if (f) out.push(f);
  });
};

// PEM private keys. Newlines may be real or escaped (`\n` inside a JSON string), or the separator
// between two strings scanned together (a capture's log lines are one string each).
const NL = String.raw`(?:${BATCH_SEPARATOR.replace('\0', '\\0')}|\r?\n|\\r?\\n)`;
const BODY_LINE = String.raw`[ \t]*(?:[A-Za-z0-9+/=]{4,}|(?:Proc-Type|DEK-Info|Comment):[^\r\n\\]*)[ \t]*`;
const KEY_LABEL = '[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?';
const PEM_WHOLE = new RegExp(String.raw`-----BEGIN (${KEY_LABEL})-----[\s\S]*?-----END \1-----`, 'dg');
/** A BEGIN line and the body after it, when no END follows (the output was cut after it). */
const PEM_HEAD = new RegExp(`-----BEGIN ${KEY_LABEL}-----(?:${NL}${BODY_LINE})+`, 'dg');
const PEM_END = new RegExp(`-----END ${KEY_LABEL}-----`, 'g');
const SEPARATOR = new RegExp(NL, 'g');
const BODY = new RegExp(`^${BODY_LINE}$`);

/**
 * Where the body before an END line starts, walking back line by line while lines look like key
 * material: a tail that starts mid-key has lost its BEGIN line, but its body is still the key.
 */
function tailStart(text: string, endMarker: number): number {
  let start = endMarker;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const seps = [...text.slice(0, start).matchAll(SEPARATOR)];
  for (let i = seps.length - 1; i >= 0; i--) {
    const sep = seps[i] as RegExpExecArray;
    // Only lines right above: the separator must end where the run found so far starts.
    if (sep.index + sep[0].length !== start) break;
    const prev = seps[i - 1];
    const lineStart = prev ? prev.index + prev[0].length : 0;
    if (!BODY.test(text.slice(lineStart, sep.index))) break;
    start = lineStart;
  }
  return start;
}

const pem: Rule = (text, out) => {
  const covered: [number, number][] = [];
  const isCovered = (s: number, e: number) => covered.some(([a, b]) => s < b && e > a);
  const add = (start: number, end: number, body: string) => {
    covered.push([start, end]);
    // The body's lines become literals through secretForms (one per line), so the key is also
    // redacted where it appears line by line elsewhere.
    out.push({ start, end, label: 'private-key', ...(body.length >= 16 ? { literal: body } : {}) });
  };
  eachMatch(PEM_WHOLE, text, (m) => {
    const [s, e] = m.indices?.[0] ?? [0, 0];
    add(s, e, m[0].replace(/^-----BEGIN [^-]*-----|-----END [^-]*-----$/g, '').trim());
  });
  eachMatch(PEM_HEAD, text, (m) => {
    const [s, e] = m.indices?.[0] ?? [0, 0];
    if (!isCovered(s, e)) add(s, e, m[0].replace(/^-----BEGIN [^-]*-----/, '').trim());
  });
  for (const m of text.matchAll(PEM_END)) {
    const e = m.index + m[0].length;
    const s = tailStart(text, m.index);
    if (s < m.index && !isCovered(s, e)) add(s, e, text.slice(s, m.index).trim());
  }
};

// scheme://user:password@host — the whole userinfo goes; a token used as the user name
// (`https://<token>@github.com`, `<token>:x-oauth-basic@`) is one too.
const URL_CREDS = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/?#@"'<>]*)(?::([^\s/?#@"'<>]*))?@[^\s/?#@"'<>]/dgi;
const urlCredentials: Rule = (text, out) => {
  eachMatch(URL_CREDS, text, (m) => {
    const user = m[1] ?? '';
    const password = m[2];
    if (password === undefined && !plausibleToken(user)) return;
    if (password !== undefined && (password.length === 0 || PLACEHOLDER.test(password))) return;
    const start = m.indices?.[1]?.[0] ?? 0;
    const end = (m.indices?.[2] ?? m.indices?.[1])?.[1] ?? start;
    out.push({ start, end, label: 'url-credentials' });
    // Literals only for token-like parts: a user name such as `deploy` must not vanish everywhere.
    for (const [group, value] of [
      [1, user],
      [2, password],
    ] as const) {
      if (value === undefined) continue;
      const literal = group === 2 || plausibleToken(value);
      const f = literal ? groupFinding(m, group, 'url-credentials') : undefined;
      if (f?.literal) out.push(f);
    }
  });
};

// .npmrc: `//registry/:_authToken=…`, `_auth=…`, `_password=…` (any file name, any position).
const NPM_AUTH = /(?:^|[\s:])_(?:authToken|auth|password)\s*=\s*["']?([^\s"'$][^\s"']*)/dgm;
const npmAuth: Rule = (text, out) => {
  eachMatch(NPM_AUTH, text, (m) => {
    const f = groupFinding(m, 1, 'npm-auth');
    if (f && !PLACEHOLDER.test(m[1] ?? '')) out.push(f);
  });
};

// `DB_PASSWORD=…` as `env`, `set` or `export` print it: the value of a secret-named variable. And
// `aws_secret_access_key = …`, `"client_secret": "…"`, `token: …` in config files and JSON, where
// the value must look like a token (prose such as `token: required` stays).
const ASSIGNMENT = /(?:^|[\s;'"])(?:export\s+|declare\s+-x\s+)?([A-Za-z_][A-Za-z0-9_-]*)=["']?([^\s"']+)/dgm;
const KEY_VALUE =
  /(?:^|[\s;,{'"])["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?:[:=]|=>)[ \t]*["']?([^\s"',;}]+)/dgm;
const secretAssignment: Rule = (text, out) => {
  const seen = new Set<number>();
  eachMatch(ASSIGNMENT, text, (m) => {
    const name = m[1] ?? '';
    const value = m[2] ?? '';
    if (!isSecretName(name) || value.length < MIN_SECRET_LENGTH || PLACEHOLDER.test(value)) return;
    const f = groupFinding(m, 2, name);
    if (f) {
      seen.add(f.start);
      out.push(f);
    }
  });
  eachMatch(KEY_VALUE, text, (m) => {
    const name = m[1] ?? '';
    const value = m[2] ?? '';
    if (!isSecretName(name.replace(/[.-]/g, '_')) || !plausibleToken(value)) return;
    const f = groupFinding(m, 2, name);
    if (f && !seen.has(f.start)) out.push(f);
  });
};

const RULES: readonly Rule[] = [
  jwt,
  authHeader,
  bearer,
  pem,
  urlCredentials,
  npmAuth,
  secretAssignment,
  ...SHAPE_RULES,
];

/** Every secret the rules above find in `text`, in no particular order; spans may overlap. */
export function findSecrets(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const rule of RULES) rule(text, out);
  return out;
}
