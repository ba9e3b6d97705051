import {
  collectNeedles,
  joinForScan,
  literalReplacer,
  mapStringsDeep,
  replaceSpans,
  type Span,
  splitSpans,
} from '../domain/redact.js';

/*
 * Redaction of secrets before anything is written (records, incident drafts, comments):
 * 1. values of secret-looking env vars (+ extras), in raw, base64, URL- and JSON-escaped forms,
 *    become `[REDACTED:<ENV_NAME>]` (`[REDACTED:SECRET]` for extras);
 * 2. known token formats found by secretlint's recommended preset become `[REDACTED:<ruleId>]`.
 * When either cannot run, RedactionError is thrown and the caller writes nothing.
 */

export interface Redactor {
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
}

const FILTER_COMMENTS_ID = '@secretlint/secretlint-rule-filter-comments';
const AWS_ID = '@secretlint/secretlint-rule-aws';
/** A path that can never be read: the GCP rule tries to open `filePath` as a .p12 file. */
const VIRTUAL_PATH = '/dev/null/intentops-redaction.txt';
/** Built at run time so this file itself never looks like it holds a token. */
const CANARY = `ghp_${'Zq7'.repeat(12)}`;

type Scan = (text: string) => Promise<Span[]>;
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
    if (text.length === 0) return [];
    const result = await lintSource({
      source: { content: text, filePath: VIRTUAL_PATH, contentType: 'text' },
      options: { config, noPhysicFilePath: true, maskSecrets: true },
    });
    return result.messages.map((m) => ({ start: m.range[0], end: m.range[1], label: m.ruleId }));
  };
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Loads secretlint and checks that it still detects a known token shape before trusting it. */
export async function createRedactor(opts: RedactorOptions): Promise<Redactor> {
  let scan: Scan;
  try {
    scan = await loadScanner();
    const found = await scan(`x ${CANARY} x`);
    if (!found.some((s) => s.label.endsWith('secretlint-rule-github'))) {
      throw new Error('the recommended preset did not detect a GitHub token');
    }
  } catch (e) {
    throw new RedactionError(`secret scanner unavailable: ${reason(e)}`, { cause: e });
  }
  const replaceKnown = literalReplacer(collectNeedles(opts.env, opts.extraSecrets));

  const scanSafely = async (text: string): Promise<Span[]> => {
    try {
      return await scan(text);
    } catch (e) {
      throw new RedactionError(`secret scan failed: ${reason(e)}`, { cause: e });
    }
  };

  return {
    async redactText(s) {
      const known = replaceKnown(s);
      return replaceSpans(known, await scanSafely(known));
    },

    async redactDeep<T>(value: T): Promise<T> {
      // One scan over all strings: secretlint costs ~0.25 ms per call whatever the size.
      const parts: string[] = [];
      try {
        mapStringsDeep(value, (s) => {
          parts.push(replaceKnown(s));
          return s;
        });
      } catch (e) {
        throw new RedactionError(`cannot redact value: ${reason(e)}`, { cause: e });
      }
      const { text, starts } = joinForScan(parts);
      const perPart = splitSpans(await scanSafely(text), parts, starts);
      let i = 0;
      return mapStringsDeep(value, () => {
        const index = i++;
        const spans = perPart[index] ?? [];
        const part = parts[index] as string;
        return spans.length === 0 ? part : replaceSpans(part, spans);
      });
    },
  };
}
