import { KnownSecrets } from '../domain/secrets/known-secrets.js';
import {
  joinForScan,
  type LiteralMatcher,
  literalMatcher,
  literalSpans,
  MIN_SECRET_LENGTH,
  mapStringsDeep,
  type Needle,
  replaceSpans,
  type Span,
  secretForms,
  secretValues,
  splitSpans,
} from '../domain/secrets/redact.js';
import { findSecrets } from '../domain/secrets/secret-patterns.js';

/*
 * Redaction of secrets before anything is written (records, incident drafts, comments):
 * 1. values of secret-looking env vars, of the variables `secretNames` names, and extras, in raw,
 *    base64, URL- and JSON-escaped forms, across line breaks and in halves (domain/known-secrets),
 *    become `[REDACTED:<ENV_NAME>]` (`[REDACTED:SECRET]` for extras);
 * 2. known token formats found by secretlint's recommended preset become `[REDACTED:<ruleId>]`,
 *    and the shapes it misses (domain/secret-patterns: JWTs, authorization headers, PEM keys and
 *    their cut-off tails, URL credentials…; domain/secret-shapes: Azure keys and SAS signatures,
 *    Stripe/OpenAI/Anthropic/Slack tokens, env pairs and passwords on command lines)
 *    `[REDACTED:<shape>]`. The preset stays at 12.0: 12.1 and later need Node 22;
 * 3. every secret value found in step 2 is then redacted wherever else it occurs, in all its forms:
 *    some secretlint rules report a range that starts at the key *name* with the *secret's* length
 *    (AWS secret keys, x-oauth-basic URLs), so their range alone would leave the secret's tail.
 * When any of it cannot run, RedactionError is thrown and the caller writes nothing.
 */

export interface Redactor {
  /** The known secrets (step 1), for redacting a process's output as it streams. */
  readonly literals: LiteralMatcher;
  redactText(s: string): Promise<string>;
  /** A copy with every string redacted, object keys included (see mapStringsDeep). */
  redactDeep<T>(value: T): Promise<T>;
}

/** Redaction could not run: the caller must write nothing. */
export class RedactionError extends Error {
  override readonly name = 'RedactionError';
}

export interface RedactorOptions {
  env: Record<string, string | undefined>;
  extraSecrets?: string[];
  /** Variables whose values are secrets whatever their names (the webhooks notify.yaml names). */
  secretNames?: readonly string[];
}

const FILTER_COMMENTS_ID = '@secretlint/secretlint-rule-filter-comments';
const AWS_ID = '@secretlint/secretlint-rule-aws';
/** A path that can never be read: the GCP rule tries to open `filePath` as a .p12 file. */
const VIRTUAL_PATH = '/dev/null/intentops-redaction.txt';
/** Built at run time so this file itself never looks like it holds a token. */
const CANARY = `ghp_${'Zq7'.repeat(12)}`;

/** What a scan found: where, and the secret texts themselves (to redact everywhere). */
interface Found {
  spans: Span[];
  literals: Needle[];
}
type Scan = (text: string) => Promise<Found>;
type LintSource = typeof import('@secretlint/core').lintSource;
type LintConfig = Parameters<LintSource>[0]['options']['config'];

async function loadScanner(): Promise<Scan> {
  const [{ lintSource }, { rules }] = await Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]);
  // The preset's rules registered one by one: secretlint 11 ignores `disabled` on a preset's
  // sub-rule, and `secretlint-disable` comments in step output must not switch redaction off.
  const config: LintConfig = {
    rules: rules
      .filter((rule) => rule.meta.id !== FILTER_COMMENTS_ID)
      .map((rule) => ({
        id: rule.meta.id,
        rule,
        // AWS key id scanning is off by default; an access key id in a record is still worth hiding.
        ...(rule.meta.id === AWS_ID ? { options: { enableIDScanRule: true } } : {}),
      })),
  };
  return async (text) => {
    if (text.length === 0) return { spans: [], literals: [] };
    // maskSecrets off: the reported values (message data) are the secrets we need to find again.
    const result = await lintSource({
      source: { content: text, filePath: VIRTUAL_PATH, contentType: 'text' },
      options: { config, noPhysicFilePath: true, maskSecrets: false },
    });
    const found: Found = { spans: [], literals: [] };
    for (const m of result.messages) {
      found.spans.push({ start: m.range[0], end: m.range[1], label: m.ruleId });
      for (const value of reportedValues(m.data)) found.literals.push({ text: value, label: m.ruleId });
    }
    for (const f of findSecrets(text)) {
      found.spans.push({ start: f.start, end: f.end, label: f.label });
      if (f.literal) found.literals.push({ text: f.literal, label: f.label });
    }
    return found;
  };
}

/** Message data keys that name things rather than hold the secret. */
const NOT_SECRET_DATA = new Set(['FILE_NAME', 'typeName']);

/** The secret values a secretlint message reports in its data (`KEY`, `TOKEN`, `URI`…). */
function reportedValues(data: unknown, key = ''): string[] {
  if (typeof data === 'string')
    return NOT_SECRET_DATA.has(key) || data.length < MIN_SECRET_LENGTH ? [] : [data];
  if (Array.isArray(data)) return data.flatMap((d) => reportedValues(d, key));
  if (data !== null && typeof data === 'object')
    return Object.entries(data).flatMap(([k, v]) => reportedValues(v, k));
  return [];
}

/** The found secrets, in every form, as one matcher. */
function foundMatcher(literals: readonly Needle[]): LiteralMatcher {
  return literalMatcher(
    literals.flatMap((n) => secretForms(n.text).map((text) => ({ text, label: n.label }))),
  );
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Loads secretlint and checks that it still detects a known token shape before trusting it. */
export async function createRedactor(opts: RedactorOptions): Promise<Redactor> {
  let scan: Scan;
  try {
    scan = await loadScanner();
    const found = await scan(`x ${CANARY} x`);
    if (!found.spans.some((s) => s.label.endsWith('secretlint-rule-github'))) {
      throw new Error('the recommended preset did not detect a GitHub token');
    }
  } catch (e) {
    throw new RedactionError(`secret scanner unavailable: ${reason(e)}`, { cause: e });
  }
  const known = new KnownSecrets(secretValues(opts.env, opts.extraSecrets, opts.secretNames));

  const scanSafely = async (text: string): Promise<Found> => {
    try {
      return await scan(text);
    } catch (e) {
      throw new RedactionError(`secret scan failed: ${reason(e)}`, { cause: e });
    }
  };

  return {
    literals: known.matcher,

    async redactText(s) {
      const [text = ''] = known.redact([s]);
      const found = await scanSafely(text);
      const everywhere = foundMatcher(found.literals);
      return replaceSpans(text, [...found.spans, ...literalSpans(everywhere, text)]);
    },

    async redactDeep<T>(value: T): Promise<T> {
      // One scan over all strings: secretlint costs ~0.25 ms per call whatever the size.
      const strings: string[] = [];
      try {
        mapStringsDeep(value, (s) => {
          strings.push(s);
          return s;
        });
      } catch (e) {
        throw new RedactionError(`cannot redact value: ${reason(e)}`, { cause: e });
      }
      // Known secrets across all strings at once: half of one in stdout, the rest in stderr.
      const parts = known.redact(strings);
      const { text, starts } = joinForScan(parts);
      const found = await scanSafely(text);
      const perPart = splitSpans(found.spans, parts, starts);
      // A secret found in one string is redacted in every string (a key printed bare elsewhere).
      const everywhere = foundMatcher(found.literals);
      let i = 0;
      return mapStringsDeep(value, () => {
        const index = i++;
        const part = parts[index] as string;
        const spans = [...(perPart[index] ?? []), ...literalSpans(everywhere, part)];
        return spans.length === 0 ? part : replaceSpans(part, spans);
      });
    },
  };
}
