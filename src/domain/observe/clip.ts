/*
 * Cutting text from outside (a process, Kubernetes, Loki, Prometheus, an HTTP answer) to size.
 * Redact first, cut after (issue 23): a secret across a cut leaves a prefix that no rule
 * recognises, so the small cuts a record keeps (a 512-character message, a 2 KiB log line, a
 * 300-character indicator line) are made only on redacted text — the ports hand it over redacted
 * (app/shared/step-env.ts, app/shared/redacted-observers.ts). Before redaction, text is only
 * bounded, far above those sizes and never inside a word: `boundText`.
 */

/** Characters after which a word ends: a cut right after one leaves no part of a word. */
const DELIMITER = /[\s"',;]/;

/**
 * At most `max` characters of the start of `text`, for text not yet redacted: when it is longer,
 * the last, cut word is dropped as well, so no prefix of a secret stays for the redactor to miss.
 * A start without any delimiter is kept: a word of `max` characters is no secret cut in half.
 */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = withoutCutWord(text.slice(0, max + 1));
  return kept.length > max ? text.slice(0, max) : kept;
}

/** `text`, whose end was cut off, up to its last delimiter: without the word the cut went through. */
export function withoutCutWord(text: string): string {
  for (let i = text.length - 1; i > 0; i--) if (DELIMITER.test(text[i] ?? '')) return text.slice(0, i);
  return text;
}

/** At most `max` characters of redacted `text`, `…` marking a cut. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** At most `maxBytes` bytes of redacted `text` in UTF-8, cut at a character boundary, `…` marking a cut. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength('…');
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > budget) break;
    out += ch;
  }
  return `${out}…`;
}
