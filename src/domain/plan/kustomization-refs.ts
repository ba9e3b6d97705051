import { parse } from 'yaml';

// What a kustomization names: the remote ones `kubectl kustomize` would fetch (from the runner,
// which on a self-hosted one reaches cluster services and cloud metadata), and the local ones that
// may be kustomizations in turn. Pure: the walk over the files is in app/plan/kustomize-remotes.ts.

export interface KustomizationRefs {
  /** Remote references, as `field: ref`. */
  remote: string[];
  /** Local paths that may be kustomizations too (resources, bases, components), as written. */
  local: string[];
}

/** A reference kustomize fetches over the network: a URL, a go-getter or a git host address. */
export function isRemoteRef(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^(git::|git@|hg::|s3::|gcs::)/i.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)[/:]/i.test(ref) ||
    /[?&](ref|version|timeout|submodules)=/.test(ref)
  );
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const paths = (v: unknown, key = 'path'): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) => (x && typeof x === 'object' && typeof x[key] === 'string' ? [x[key] as string] : []))
    : [];

/** The references of one kustomization file's text; an unreadable one names nothing. */
export function kustomizationRefs(text: string): KustomizationRefs {
  let doc: Record<string, unknown>;
  try {
    const parsed = parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object') return { remote: [], local: [] };
    doc = parsed as Record<string, unknown>;
  } catch {
    return { remote: [], local: [] };
  }
  const named: [string, string[]][] = [
    ['resources', strings(doc.resources)],
    ['bases', strings(doc.bases)],
    ['components', strings(doc.components)],
    ['crds', strings(doc.crds)],
    ['patches', paths(doc.patches)],
    ['patchesStrategicMerge', strings(doc.patchesStrategicMerge)],
    ['patchesJson6902', paths(doc.patchesJson6902)],
    ['replacements', paths(doc.replacements)],
    ['generators', strings(doc.generators)],
    ['transformers', strings(doc.transformers)],
    ['validators', strings(doc.validators)],
    ['configurations', strings(doc.configurations)],
    ['helmCharts', paths(doc.helmCharts, 'repo')],
    ['helmGlobals', paths([doc.helmGlobals], 'chartHome')],
    ['openapi', paths([doc.openapi])],
  ];
  const remote = named.flatMap(([field, refs]) =>
    refs.filter((r) => isRemoteRef(r.trim())).map((r) => `${field}: ${r.trim()}`),
  );
  const local = named
    .filter(([field]) => field === 'resources' || field === 'bases' || field === 'components')
    .flatMap(([, refs]) => refs.filter((r) => !isRemoteRef(r.trim())));
  return { remote, local };
}
