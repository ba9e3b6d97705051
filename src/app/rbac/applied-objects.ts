import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ReadApplied } from '../../domain/rbac/kubectl-access.js';

// What `kubectl apply -f/-k PATH` would send, read from the repository (steps run at its root):
// the kinds of the manifests and of the kustomization's resources, recursively. Anything it cannot
// follow (a remote base, a Helm chart, a component, a generator other than ConfigMap/Secret) makes
// the command "add by hand" rather than a partial answer.

type Obj = { apiVersion: string; kind: string; namespace?: string };

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const UNFOLLOWED = ['helmCharts', 'components', 'generators', 'transformers', 'crds', 'openapi'];
const MAX_DEPTH = 8;

class Unreadable extends Error {}

function docsOf(file: string, shown: string): Record<string, unknown>[] {
  const text = readFileSync(file, 'utf8');
  const docs = parseAllDocuments(text);
  const out: Record<string, unknown>[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new Unreadable(`${shown} is not YAML: ${d.errors[0]?.message}`);
    const v = d.toJS() as unknown;
    if (v && typeof v === 'object') out.push(v as Record<string, unknown>);
  }
  return out;
}

function objectsIn(file: string, shown: string): Obj[] {
  return docsOf(file, shown)
    .flatMap((o) => {
      if (o.kind === 'List' && Array.isArray(o.items)) return o.items as Record<string, unknown>[];
      return [o];
    })
    .map((o) => {
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string')
        throw new Unreadable(`${shown}: an object without apiVersion and kind`);
      const ns = (o.metadata as { namespace?: unknown } | undefined)?.namespace;
      return { apiVersion: o.apiVersion, kind: o.kind, ...(typeof ns === 'string' ? { namespace: ns } : {}) };
    });
}

export function appliedObjects(repoDir: string): ReadApplied {
  const inside = (path: string): string => {
    const abs = resolve(repoDir, path);
    const rel = relative(repoDir, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Unreadable(`${path} is outside the repository`);
    if (!existsSync(abs)) throw new Unreadable(`${path} is not in the repository`);
    return abs;
  };
  const show = (abs: string) => relative(repoDir, abs) || '.';

  const kustomization = (dir: string, depth: number): Obj[] => {
    if (depth > MAX_DEPTH) throw new Unreadable(`${show(dir)}: kustomizations nested too deep`);
    const name = KUSTOMIZATIONS.find((k) => existsSync(join(dir, k)));
    if (!name) throw new Unreadable(`${show(dir)} has no kustomization.yaml`);
    const [k] = docsOf(join(dir, name), show(join(dir, name)));
    if (!k) return [];
    const odd = UNFOLLOWED.find((f) => k[f] !== undefined);
    if (odd) throw new Unreadable(`${show(join(dir, name))}: ${odd} is not followed`);
    const entries = [
      ...((k.resources as unknown[] | undefined) ?? []),
      ...((k.bases as unknown[] | undefined) ?? []),
    ];
    const out: Obj[] = [];
    for (const e of entries) {
      if (typeof e !== 'string' || /^[a-z]+:\/\/|^(github\.com|git@)/.test(e))
        throw new Unreadable(`${show(dir)}: resource ${String(e)} is not a local path`);
      const abs = resolve(dir, e);
      if (relative(repoDir, abs).startsWith('..'))
        throw new Unreadable(`${show(dir)}: ${e} is outside the repository`);
      if (!existsSync(abs)) throw new Unreadable(`${show(dir)}: ${e} does not exist`);
      out.push(...(statSync(abs).isDirectory() ? kustomization(abs, depth + 1) : objectsIn(abs, show(abs))));
    }
    if (Array.isArray(k.configMapGenerator) && k.configMapGenerator.length)
      out.push({ apiVersion: 'v1', kind: 'ConfigMap' });
    if (Array.isArray(k.secretGenerator) && k.secretGenerator.length)
      out.push({ apiVersion: 'v1', kind: 'Secret' });
    // The kustomization's namespace is set on every object it emits.
    return typeof k.namespace === 'string'
      ? out.map((o) => ({ ...o, namespace: k.namespace as string }))
      : out;
  };

  return (path, kustomize) => {
    try {
      if (/^[a-z]+:\/\//.test(path)) throw new Unreadable(`${path} is not a local path`);
      const abs = inside(path);
      if (kustomize) return { objects: kustomization(abs, 0) };
      if (!statSync(abs).isDirectory()) return { objects: objectsIn(abs, show(abs)) };
      const files = readdirSync(abs)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort();
      return { objects: files.flatMap((f) => objectsIn(join(abs, f), show(join(abs, f)))) };
    } catch (err) {
      if (err instanceof Unreadable) return { unreadable: err.message };
      return { unreadable: `${path}: ${(err as Error).message}` };
    }
  };
}
