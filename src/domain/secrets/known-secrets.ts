import {
  kubeconfigSecrets,
  type LiteralMatcher,
  literalMatcher,
  literalSpans,
  MIN_SECRET_LENGTH,
  type Needle,
  PEM_ARMOR,
  replaceSpans,
  type Span,
  secretForms,
} from './redact.js';

/*
 * The known secrets — the values of the variables a step was given whose names look secret, the
 * action's inputs, the webhooks intents/notify.yaml names — found by value:
 * 1. in every form secretForms lists: as is, line by line, JSON-escaped, URL-encoded, base64 at
 *    each of the three byte alignments;
 * 2. across line breaks: a form with a line break (and the indent after it) inside — base64 wrapped
 *    at 76 columns, a value printed by two `echo`s — is found in the text with its breaks taken out;
 * 3. in halves: a prefix or a suffix of a value (or of its base64) at least half as long as it, and
 *    of 8 characters or more, is redacted wherever it stands. So a value printed in two halves —
 *    on two lines, far apart, with text around, one on stdout and one on stderr (each stream is
 *    redacted on its own) — leaves neither half. When one piece is the longer half, the other
 *    piece, however short (down to 6 characters), is redacted wherever it stands in the same
 *    texts: printing 10 characters on stdout and the rest on stderr leaves nothing either. The
 *    price: a value whose first or last half is an ordinary word (`production-…`) has that word
 *    redacted where it appears. Values shorter than 16 characters are not matched in halves (a
 *    half would be under 8), and a value printed in three pieces leaves its middle one.
 */

/** Shorter values have halves under 8 characters: too likely to be ordinary text. */
const MIN_HALVED_LENGTH = 16;
/** A line break and the indent of the next line. */
const BREAK = /\r?\n[ \t]*/g;

interface Halves {
  text: string;
  label: string;
  /** The shortest prefix or suffix that counts. */
  min: number;
}

/** The texts whose halves count: the value line by line (no PEM armor), each also in base64. */
function halvedTexts(value: string): string[] {
  const trimmed = value.trim();
  const kube = kubeconfigSecrets(trimmed);
  if (kube) return kube.flatMap(halvedTexts);
  const out = new Set<string>();
  for (const line of trimmed.split(/\r?\n/).map((l) => l.trim())) {
    if (PEM_ARMOR.test(line)) continue;
    const b64 = Buffer.from(line, 'utf8').toString('base64');
    out.add(line).add(b64).add(b64.replace(/=+$/, ''));
  }
  return [...out].filter((t) => t.length >= MIN_HALVED_LENGTH);
}

/** `text` without its line breaks, and where each of its characters was in `text`. */
function withoutBreaks(text: string): { text: string; at: (j: number) => number } | undefined {
  const runs: { at: number; removed: number }[] = [];
  let out = '';
  let last = 0;
  let removed = 0;
  for (const m of text.matchAll(BREAK)) {
    out += text.slice(last, m.index);
    removed += m[0].length;
    runs.push({ at: out.length, removed });
    last = m.index + m[0].length;
  }
  if (runs.length === 0) return undefined;
  out += text.slice(last);
  return {
    text: out,
    at(j) {
      let lo = 0;
      let hi = runs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((runs[mid] as { at: number }).at <= j) lo = mid + 1;
        else hi = mid;
      }
      return j + (lo === 0 ? 0 : (runs[lo - 1] as { removed: number }).removed);
    },
  };
}

/**
 * Where a prefix or a suffix of `h.text` of `h.min` characters or more occurs in `text`; what is
 * left of `h.text` beside each (the other piece) goes into `rest`.
 */
function halfSpans(h: Halves, text: string, out: Span[], rest: Map<string, string>): void {
  const n = h.text.length;
  const other = (piece: string) => {
    if (piece.length >= MIN_SECRET_LENGTH && !rest.has(piece)) rest.set(piece, h.label);
  };
  const head = h.text.slice(0, h.min);
  for (let i = text.indexOf(head); i !== -1; i = text.indexOf(head, i + 1)) {
    let k = h.min;
    while (k < n && text[i + k] === h.text[k]) k++;
    out.push({ start: i, end: i + k, label: h.label });
    other(h.text.slice(k));
  }
  const tail = h.text.slice(n - h.min);
  for (let i = text.indexOf(tail); i !== -1; i = text.indexOf(tail, i + 1)) {
    let k = h.min;
    while (k < n && i - (k - h.min) - 1 >= 0 && text[i - (k - h.min) - 1] === h.text[n - k - 1]) k++;
    out.push({ start: i - (k - h.min), end: i + h.min, label: h.label });
    other(h.text.slice(0, n - k));
  }
}

/** Every occurrence of `piece` in `text`. */
function occurrences(piece: string, label: string, text: string, out: Span[]): void {
  for (let i = text.indexOf(piece); i !== -1; i = text.indexOf(piece, i + piece.length)) {
    out.push({ start: i, end: i + piece.length, label });
  }
}

export class KnownSecrets {
  /** Every form of every value, for a stream that cannot wait for whole lines (StreamScrubber). */
  readonly matcher: LiteralMatcher;
  private readonly halves: Halves[];

  /** `values`: each secret value with the label its marker names (see secretValues). */
  constructor(values: readonly Needle[]) {
    this.matcher = literalMatcher(
      values.flatMap((v) => secretForms(v.text).map((text) => ({ text, label: v.label }))),
    );
    const seen = new Set<string>();
    this.halves = values.flatMap((v) =>
      halvedTexts(v.text)
        .filter((text) => !seen.has(text) && seen.add(text))
        .map((text) => ({ text, label: v.label, min: Math.max(8, Math.floor(text.length / 2)) })),
    );
  }

  /**
   * Where known secrets occur in each of `texts` (spans to redact, possibly overlapping). The texts
   * are searched together: when one holds a half of a value, the other piece of it is looked for in
   * all of them, however short (down to 6 characters) — stdout and stderr of one process, the
   * strings of one record.
   */
  spans(texts: readonly string[]): Span[][] {
    const rest = new Map<string, string>();
    const scans = texts.map((text) => {
      const joined = withoutBreaks(text);
      const view = joined?.text ?? text;
      const found: Span[] = [];
      // What does not cross a break is found in `text` below; only what does is new here.
      if (joined) for (const s of literalSpans(this.matcher, view)) if (s.end - s.start >= 8) found.push(s);
      for (const h of this.halves) halfSpans(h, view, found, rest);
      return { text, joined, view, found };
    });
    return scans.map(({ text, joined, view, found }) => {
      for (const [piece, label] of rest) occurrences(piece, label, view, found);
      const spans = literalSpans(this.matcher, text);
      for (const s of found) {
        spans.push(joined ? { start: joined.at(s.start), end: joined.at(s.end - 1) + 1, label: s.label } : s);
      }
      return spans;
    });
  }

  /** `texts` with every known secret replaced by its marker (see spans). */
  redact(texts: readonly string[]): string[] {
    const spans = this.spans(texts);
    return texts.map((text, i) => {
      const s = spans[i] ?? [];
      return s.length === 0 ? text : replaceSpans(text, s);
    });
  }
}
