import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

// The value of an ordinary intent file, read with js-yaml: `yaml`, which keeps every node's position
// for the diagnostics, reads a repository's intent files three times slower, and that is ~10 ms of
// each `intentops validate`. Positions are only needed when something is wrong, so yaml-source.ts
// parses with `yaml` again on the first `locate`.
//
// The two must give the same value, so js-yaml gets `yaml`'s own YAML 1.2 core schema (the tests
// and resolvers of yaml/dist/schema/core: no binary ints, no `1_000`), and every construct where
// they could part ways is left to `yaml`, which also words the diagnostics: tags and directives,
// anchors shared by collections (yaml limits their expansion), keys that are collections, implicit
// keys over 1024 characters, and anything js-yaml refuses (duplicate keys, several documents,
// syntax errors). src/domain/input/yaml-quick-parse.test.ts compares the two on every YAML file here.

/** One js-yaml type per tag (js-yaml keeps the last of a tag): yaml's resolvers for it, in order. */
const scalar = (tag: string, resolvers: [test: RegExp, construct: (s: string) => unknown][]) => {
  const resolverOf = (s: string | null) => resolvers.find(([test]) => test.test(s ?? ''));
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => resolverOf(s) !== undefined,
    construct: (s: string | null) => resolverOf(s)?.[1](s ?? ''),
  });
};

/** yaml's core schema (yaml/dist/schema/core: null, bool, int, float), in its order of precedence. */
const CORE_AS_YAML_READS_IT = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => Number.parseInt(s.slice(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => Number.parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => Number.parseInt(s.slice(2), 16)],
    ]),
    scalar('float', [
      [
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (s) =>
          s.slice(-3).toLowerCase() === 'nan'
            ? Number.NaN
            : s[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      ],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, Number.parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, Number.parseFloat],
    ]),
  ],
});

/** Where a node may begin in block context: a line's indentation and indicators, or after a key. */
const BLOCK_NODE_START = String.raw`(?:^[ \t]*(?:[-?:][ \t]+)*|:[ \t]+)`;
/** The same in flow context, where [ { , start nodes too. */
const FLOW_NODE_START = String.raw`(?:^[ \t]*|[-:?,[{][ \t]+|[[{,:])`;
/** Properties and explicit keys: a tag, an anchor, an alias, or `? `. */
const PROPERTY = String.raw`(?:!|[&*]\S|\?(?:[ \t]|$))`;
const PROPERTY_IN_BLOCK = new RegExp(BLOCK_NODE_START + PROPERTY, 'm');
const PROPERTY_ANYWHERE = new RegExp(FLOW_NODE_START + PROPERTY, 'm');
const FLOW_COLLECTION = new RegExp(`${BLOCK_NODE_START}[[{]`);
/** A quoted scalar closed on its line; its text is no syntax, so the checks below skip it. */
const QUOTED = new RegExp(`(${FLOW_NODE_START})(?:'(?:[^'\\n]|'')*'|"(?:[^"\\\\\\n]|\\\\.)*")`, 'gm');

/** Text that may mean something js-yaml and `yaml` read differently, or that `yaml` limits. */
const FOR_YAML_ONLY = [
  /^%/m, // a directive (%YAML 1.1 changes the schema)
  /[\]}][ \t]*:(?:[ \t]|$)/m, // a flow collection used as a key
  /[|>][-+]?[1-9]/, // a block scalar with an indentation indicator (the two differ on blank lines)
  // A null key: yaml names it '', js-yaml 'null'.
  /(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)(?:~|[Nn]ull|NULL)?[ \t]*:(?:[ \t]|$)/m,
  /[{,][ \t]*(?:(?:~|[Nn]ull|NULL)[ \t]*[,}:]|:)/, // the same in a flow mapping: {null}, {: x}
  /[\]}"']#/, // a comment without a blank before it, which yaml refuses after these
  /\t/, // a tab, which yaml refuses in more places than js-yaml
  /\r(?!\n)/, // a carriage return alone: a line break to js-yaml, text to yaml
  /^(?:---|\.\.\.)(?![ \t]*$|[ \t]+#)/m, // a document marker with more on its line
  // A quoted scalar not closed on its line: yaml has rules for the indentation of the next ones.
  new RegExp(`${FLOW_NODE_START}(?:'(?:[^'\\n]|'')*|"(?:[^"\\\\\\n]|\\\\.)*)$`, 'm'),
  /^[^\n]{1025}/m, // a line long enough to hold an implicit key over yaml's 1024-character limit
];

/**
 * The text inside flow collections ([…] and {…} begun where a node may begin, over any number of
 * lines), where [ { , start nodes too; elsewhere (a jsonpath, a regex) they are text. undefined
 * when one is not closed. Expects quoted scalars removed.
 */
function flowText(bare: string): string | undefined {
  let depth = 0;
  let out = '';
  for (const raw of bare.split('\n')) {
    const line = raw.replace(/(^|[ \t])#.*$/, '$1'); // a comment's brackets count for nothing
    let from = 0;
    if (depth === 0) {
      const open = FLOW_COLLECTION.exec(line);
      if (!open) continue;
      from = open.index + open[0].length - 1;
    }
    let to = line.length;
    for (let i = from; i < line.length; i++) {
      const c = line[i];
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
      if (depth === 0) {
        to = i + 1;
        break;
      }
    }
    out += `${line.slice(from, to)}\n`;
  }
  return depth === 0 ? out : undefined;
}

/** Whether `yaml` must read the text: see FOR_YAML_ONLY, and tags, anchors, aliases, explicit keys. */
function forYamlOnly(text: string): boolean {
  if (FOR_YAML_ONLY.some((re) => re.test(text))) return true;
  const bare = text.replace(QUOTED, '$1""');
  if (PROPERTY_IN_BLOCK.test(bare)) return true;
  const flow = flowText(bare);
  // A collection right after { or , may be a key ({[1, 2]}): yaml refuses those.
  return flow === undefined || PROPERTY_ANYWHERE.test(flow) || /[{,][ \t]*[[{]/.test(flow);
}

/** Whether a collection is reached twice: an alias, which `yaml` expands only up to its limit. */
function sharesCollections(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (seen.has(value)) return true;
  seen.add(value);
  return Object.values(value).some((v) => sharesCollections(v, seen));
}

/** The mapping at the top of `text`, or undefined when `yaml` must read the file. */
export function quickParse(text: string): { value: Record<string, unknown> } | undefined {
  if (forYamlOnly(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_AS_YAML_READS_IT });
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (sharesCollections(value)) return undefined;
  return { value: value as Record<string, unknown> };
}
