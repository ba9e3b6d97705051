import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { FuzzBase } from './bases.js';
import { ALL, HOSTILE, KEY_GROUP } from './hostile-values.js';

// Cases for the fuzzer (test/helpers/validate-fuzz.ts): one to three files of a base changed —
// values swapped for hostile or out-of-range ones, keys deleted, misspelt or added, lists emptied or
// repeated, text cut, shifted or spliced with YAML syntax, files deleted, copied or renamed.

/** mulberry32: small, fast, and the same sequence for a seed on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** A key as someone might misspell it. */
function misspell(rand: Rand, key: string): string {
  if (key.length < 2) return `${key}x`;
  const i = Math.floor(rand() * (key.length - 1));
  switch (Math.floor(rand() * 5)) {
    case 0:
      return key.slice(0, i) + (key[i + 1] ?? '') + (key[i] ?? '') + key.slice(i + 2); // swap
    case 1:
      return key.slice(0, i) + key.slice(i + 1); // drop
    case 2:
      return key.toUpperCase();
    case 3:
      return `${key}s`;
    default:
      return key.replace(/_/g, '-') === key ? `${key}_` : key.replace(/_/g, '-');
  }
}

interface Slots {
  /** Scalars in a mapping (with their key) or a list (with the key of the list). */
  scalars: { parent: YAMLMap | YAMLSeq; at: Pair | number; key: string }[];
  pairs: { map: YAMLMap; index: number }[];
  maps: YAMLMap[];
  seqs: YAMLSeq[];
}

function slots(root: unknown): Slots {
  const s: Slots = { scalars: [], pairs: [], maps: [], seqs: [] };
  const walk = (node: unknown, key: string) => {
    if (isMap(node)) {
      s.maps.push(node);
      node.items.forEach((p, index) => {
        s.pairs.push({ map: node, index });
        const k = String((p.key as Scalar | null)?.value ?? '');
        if (isScalar(p.value)) s.scalars.push({ parent: node, at: p, key: k });
        walk(p.value, k);
      });
    } else if (isSeq(node)) {
      s.seqs.push(node);
      node.items.forEach((item, i) => {
        if (isScalar(item)) s.scalars.push({ parent: node, at: i, key });
        walk(item, key);
      });
    }
  };
  walk(root, '');
  return s;
}

/** One mutation of a parsed document, said in a few words ("none" when it offered nothing). */
function mutateDocument(rand: Rand, doc: ReturnType<typeof parseDocument>, pool: readonly unknown[]): string {
  const s = slots(doc.contents);
  const value = (key = '') => {
    const group = KEY_GROUP[key];
    const r = rand();
    if (group && r < 0.7) return pick(rand, HOSTILE[group]);
    return r < 0.85 ? pick(rand, ALL) : pick(rand, pool);
  };
  const op = Math.floor(rand() * 10);
  if (op <= 4 && s.scalars.length) {
    // Values whose range or syntax is checked are where crashes hide: most mutations pick a kind of
    // value first (a cron, a duration, a template…), then one of that kind, so rare kinds get hit.
    const groups = [...new Set(s.scalars.map((x) => KEY_GROUP[x.key]).filter((g) => g !== undefined))];
    const group = groups.length && rand() < 0.75 ? pick(rand, groups) : undefined;
    const { parent, at, key } = pick(
      rand,
      group ? s.scalars.filter((x) => KEY_GROUP[x.key] === group) : s.scalars,
    );
    const v = value(key);
    const node = doc.createNode(v) as Node;
    if (isPair(at)) at.value = node;
    else (parent as YAMLSeq).items[at as number] = node;
    return `value → ${JSON.stringify(v)?.slice(0, 60)}`;
  }
  if (op === 5 && s.pairs.length) {
    const { map, index } = pick(rand, s.pairs);
    const [removed] = map.items.splice(index, 1);
    return `delete key ${String((removed?.key as Scalar | undefined)?.value)}`;
  }
  if (op === 6 && s.pairs.length) {
    const { map, index } = pick(rand, s.pairs);
    const key = map.items[index]?.key as Scalar | undefined;
    if (key && isScalar(key)) {
      const to = misspell(rand, String(key.value));
      key.value = to;
      return `misspell key → ${to}`;
    }
  }
  if (op === 7 && s.maps.length) {
    const map = pick(rand, s.maps);
    const key = pick(rand, ['extra', 'Name', 'intent', 'params', 'regex', 'expected', 'timeout', 'cron']);
    map.items.push(doc.createPair(key, value(key)) as Pair);
    return `add key ${key}`;
  }
  if (op === 8 && s.seqs.length) {
    const seq = pick(rand, s.seqs);
    const how = Math.floor(rand() * 3);
    if (how === 0) seq.items = [];
    else if (how === 1 && seq.items.length) seq.items.push(seq.items[0] as Node);
    else seq.items.splice(Math.floor(rand() * seq.items.length), 1);
    return ['empty list', 'repeat item', 'drop item'][how] as string;
  }
  if (s.pairs.length) {
    // The whole value of a key becomes another type.
    const { map, index } = pick(rand, s.pairs);
    const pair = map.items[index] as Pair;
    const v = pick(rand, [[], {}, 'x', 7, null, [{ a: 'b' }]]);
    pair.value = doc.createNode(v) as Node;
    return `retype ${String((pair.key as Scalar | undefined)?.value)} → ${JSON.stringify(v)}`;
  }
  return 'none';
}

const TOKENS = [
  ':',
  '- ',
  '  ',
  '\t',
  '&a ',
  '*a',
  '!!binary ',
  '%YAML 1.2\n',
  '\n---\n',
  '"',
  "'",
  '{',
  '[',
  '#',
  '|',
  '>',
  '? ',
  '\ufeff',
  '\u0000',
  '\r',
];

/** A mutation of the text itself: what a bad paste or a stray key does. */
function mutateText(rand: Rand, text: string): { text: string; what: string } {
  const lines = text.split('\n');
  const i = Math.floor(rand() * lines.length);
  switch (Math.floor(rand() * 6)) {
    case 0:
      return { text: text.slice(0, Math.floor(rand() * text.length)), what: 'truncate' };
    case 1:
      lines.splice(i, 1);
      return { text: lines.join('\n'), what: `delete line ${i + 1}` };
    case 2:
      lines.splice(i, 0, lines[i] ?? '');
      return { text: lines.join('\n'), what: `repeat line ${i + 1}` };
    case 3:
      lines[i] = rand() < 0.5 ? ` ${lines[i]}` : (lines[i] ?? '').replace(/^ /, '');
      return { text: lines.join('\n'), what: `indent line ${i + 1}` };
    case 4: {
      const at = Math.floor(rand() * (text.length + 1));
      const token = pick(rand, TOKENS);
      return { text: text.slice(0, at) + token + text.slice(at), what: `insert ${JSON.stringify(token)}` };
    }
    default:
      return { text: '', what: 'empty file' };
  }
}

/** Scalars of every base, to swap into other places (a policy's name where a duration goes…). */
export function valuePool(bases: readonly FuzzBase[]): unknown[] {
  const out: unknown[] = [];
  for (const b of bases)
    for (const text of Object.values(b.files)) {
      const doc = parseDocument(text);
      for (const { parent, at } of slots(doc.contents).scalars) {
        const node = isPair(at) ? at.value : (parent as YAMLSeq).items[at as number];
        if (isScalar(node)) out.push(node.value);
      }
    }
  return out;
}

export interface FuzzCase {
  base: FuzzBase;
  /** Files changed from the base: new text, or null for a deleted file. */
  changes: Record<string, string | null>;
  /** What was done, for a person reproducing a failure. */
  steps: string[];
  format: 'text' | 'json' | 'github';
  /** Paths given to `validate` (none: the whole repository). */
  paths: string[];
}

export function makeCase(rand: Rand, bases: readonly FuzzBase[], pool: readonly unknown[]): FuzzCase {
  // The last base is the widest (everyFeatureBase when given): half of the cases start from it.
  const base = rand() < 0.5 ? (bases.at(-1) as FuzzBase) : pick(rand, bases);
  const paths = Object.keys(base.files).sort();
  const changes: Record<string, string | null> = {};
  const steps: string[] = [];
  const files = 1 + Math.floor(rand() * rand() * 3);
  // Policies, outcome specs, catalog intents and rules hold what is evaluated: more often mutated.
  const weighted = paths.flatMap((p) =>
    /^intents\/(policies|outcomes|catalog|anomaly-rules)\//.test(p) ? [p, p, p] : [p],
  );
  for (let f = 0; f < files; f++) {
    const path = pick(rand, weighted);
    let text = changes[path] ?? base.files[path] ?? '';
    const r = rand();
    if (r < 0.03) {
      changes[path] = null;
      steps.push(`${path}: delete file`);
      continue;
    }
    if (r < 0.06) {
      // The same text under another name: a name that no longer matches, or a file of another kind.
      const to = pick(rand, [
        'intents/catalog/copy.yaml',
        'intents/requests/copy.yaml',
        'intents/outcomes/copy.yaml',
        'intents/policies/copy.yml',
        'intents/anomaly-rules/copy.yaml',
        path.replace(/\.yaml$/, '.yml'),
      ]);
      changes[to] = text;
      steps.push(`${path}: copy to ${to}`);
      continue;
    }
    const mutations = 1 + Math.floor(rand() * rand() * 4);
    for (let m = 0; m < mutations; m++) {
      if (rand() < 0.8) {
        const doc = parseDocument(text);
        if (doc.errors.length === 0) {
          const what = mutateDocument(rand, doc, pool);
          try {
            text = doc.toString({ lineWidth: 0 });
            steps.push(`${path}: ${what}`);
            continue;
          } catch {
            // A value the writer cannot write (it happens): mutate the text instead.
          }
        }
      }
      const t = mutateText(rand, text);
      text = t.text;
      steps.push(`${path}: ${t.what}`);
    }
    changes[path] = text;
  }
  const format = pick(rand, ['text', 'json', 'github'] as const);
  const r = rand();
  const named = Object.keys(changes).filter((p) => changes[p] !== null);
  const casePaths =
    r < 0.75
      ? []
      : r < 0.9
        ? named.slice(0, 1)
        : [pick(rand, ['intents/requests/none.yaml', 'README.md', '../x.yaml'])];
  return { base, changes, steps, format, paths: casePaths };
}

/** Applies a case to its base's folder; the returned function puts the base back. */
export function applyCase(dir: string, c: FuzzCase): () => void {
  for (const [rel, text] of Object.entries(c.changes)) {
    if (text === null) rmSync(join(dir, rel), { force: true });
    else {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
  }
  return () => {
    for (const rel of Object.keys(c.changes)) {
      const original = c.base.files[rel];
      if (original === undefined) rmSync(join(dir, rel), { force: true });
      else writeFileSync(join(dir, rel), original);
    }
  };
}
