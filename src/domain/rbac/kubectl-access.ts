import { type Access, access, type Derived, type Verb } from './access.js';
import { type ResourceName, resourceOfKind, resourceOfWord } from './resource-names.js';

// The API calls an argv `kubectl` command makes, from its words alone, as kubectl 1.30–1.32 makes
// them: the table below is the whole of what is derived. Whatever it does not know (a subcommand,
// a resource word, a flag that changes the calls) is "add by hand" with the command, never a guess.

/** What `kubectl apply -f/-k PATH` would send: the objects' kinds, or why they cannot be read. */
export type ReadApplied = (
  path: string,
  kustomize: boolean,
) => { objects: { apiVersion: string; kind: string; namespace?: string }[] } | { unreadable: string };

/** Flags that take the next word as their value (when not written `--flag=value`). */
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '-f',
  '--filename',
  '-k',
  '--kustomize',
  '-p',
  '--patch',
  '--type',
  '--field-selector',
  '--sort-by',
  '--replicas',
  '--timeout',
  '--to-revision',
  '--for',
  '--tail',
  '--since',
  '-L',
  '--label-columns',
  '--field-manager',
  '--current-replicas',
  '--resource-version',
  '--template',
  '--raw',
  '--from',
  '--context',
  '--kubeconfig',
  '--server',
  '-s',
  '--as',
  '--as-group',
  '--token',
  '--user',
  '--cluster',
]);

/** Flags that point kubectl at another cluster or identity, or change what is sent. */
const CHANGES_CALLS = new Set([
  '--context',
  '--kubeconfig',
  '--server',
  '-s',
  '--as',
  '--as-group',
  '--token',
  '--user',
  '--cluster',
  '--dry-run',
  '--prune',
  '--from',
  '--current-replicas',
  '--resource-version',
  '--all',
  '--recursive',
  '-R',
  // patch/get of a subresource (status, scale) need rights on that subresource, not the resource
  '--subresource',
]);

/** Paths every identity may read (system:public-info-viewer). */
const PUBLIC_PATHS = /^\/(readyz|livez|healthz|version)(\/[a-z-]*)?(\?.*)?$/;

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parse(words: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const put = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') break; // what follows is the command `kubectl exec` runs
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      if (eq > 0) put(w.slice(0, eq), w.slice(eq + 1));
      else if (VALUE_FLAGS.has(w)) put(w, words[++i] ?? '');
      else put(w, 'true');
    } else if (w.startsWith('-') && w.length > 1) {
      const short = w.slice(0, 2);
      if (VALUE_FLAGS.has(short))
        put(short, w.length > 2 ? w.slice(2).replace(/^=/, '') : (words[++i] ?? ''));
      else for (const c of w.slice(1)) put(`-${c}`, 'true');
    } else positional.push(w);
  }
  return { positional, flags };
}

const first = (p: Parsed, ...names: string[]) =>
  names.map((n) => p.flags.get(n)?.[0]).find((v) => v !== undefined);

/** `deployment/x` or `deployment x` (the type word, then names). */
interface Target {
  resource: ResourceName;
  named: boolean;
}

function targets(args: readonly string[]): Target[] | string {
  if (args.length === 0) return 'no resource named';
  if (args.every((a) => a.includes('/'))) {
    const out: Target[] = [];
    for (const a of args) {
      const word = a.slice(0, a.indexOf('/'));
      const r = resourceOfWord(word);
      if (!r) return `unknown resource type '${word}'`;
      out.push({ resource: r, named: true });
    }
    return out;
  }
  const [types, ...names] = args as [string, ...string[]];
  if (types.includes('{{')) return `the resource type '${types}' depends on a param`;
  const out: Target[] = [];
  for (const word of types.split(',')) {
    const r = resourceOfWord(word);
    if (!r) return `unknown resource type '${word}'`;
    out.push({ resource: r, named: names.length > 0 });
  }
  return out;
}

function on(r: ResourceName, verbs: Verb[], ns: string | undefined, sub = ''): Access {
  return access(r.group, `${r.resource}${sub}`, verbs, r.cluster ? null : ns);
}

const PODS: ResourceName = { group: '', resource: 'pods' };

/** The workload's own revisions: ReplicaSets for deployments, ControllerRevisions otherwise. */
function revisions(r: ResourceName): ResourceName {
  return r.resource === 'deployments'
    ? { group: 'apps', resource: 'replicasets' }
    : { group: 'apps', resource: 'controllerrevisions' };
}

const WORKLOADS = new Set(['deployments', 'statefulsets', 'daemonsets']);

type Handler = (p: Parsed, args: string[], ns: string | undefined, read: ReadApplied) => Access[] | string;

function forTargets(args: readonly string[], each: (t: Target) => Access[]): Access[] | string {
  const ts = targets(args);
  return typeof ts === 'string' ? ts : ts.flatMap(each);
}

/** How kubectl finds what it changes: one object by name, else a list (no name, or a selector). */
function finds(p: Parsed, t: Target): Verb {
  return t.named && first(p, '-l', '--selector') === undefined ? 'get' : 'list';
}

function rollout(verb: string): Handler {
  return (p, args, ns) =>
    forTargets(args, (t) => {
      if (!WORKLOADS.has(t.resource.resource)) return [];
      switch (verb) {
        case 'restart':
        case 'pause':
        case 'resume':
          return [on(t.resource, [finds(p, t), 'patch'], ns)];
        // waits through a watch on the one object (a field selector on its name)
        case 'status':
          return [on(t.resource, ['get', 'list', 'watch'], ns)];
        case 'undo':
          return [on(t.resource, [finds(p, t), 'patch'], ns), on(revisions(t.resource), ['list'], ns)];
        case 'history':
          return [on(t.resource, [finds(p, t)], ns), on(revisions(t.resource), ['list'], ns)];
        default:
          return [];
      }
    });
}

/** exec and logs: a pod by name, or the first pod of a workload (found by its selector). */
function inPod(sub: '/exec' | '/log', verbs: Verb[]): Handler {
  return (_p, args, ns) => {
    const [target] = args;
    if (!target) return 'no pod named';
    const t = targets([target.includes('/') ? target : `pods/${target}`]);
    if (typeof t === 'string') return t;
    const r = (t[0] as Target).resource;
    // A workload's pods are listed by its selector and the first one taken from the list; a pod
    // named is read first.
    const find =
      r.resource === 'pods' ? [on(PODS, ['get'], ns)] : [on(r, ['get'], ns), on(PODS, ['list'], ns)];
    return [...find, on(PODS, verbs, ns, sub)];
  };
}

const HANDLERS: Record<string, Handler> = {
  get(p, args, ns) {
    const raw = first(p, '--raw');
    if (raw !== undefined) return PUBLIC_PATHS.test(raw) ? [] : `--raw ${raw} is not a resource`;
    const watch = first(p, '-w', '--watch', '--watch-only') !== undefined;
    return forTargets(args, (t) => [
      on(t.resource, [t.named ? 'get' : 'list', ...(watch ? (['watch'] as Verb[]) : [])], ns),
    ]);
  },
  top(_p, args, ns) {
    const [what, name] = args;
    const r = resourceOfWord(what ?? '');
    if (!r || (r.resource !== 'pods' && r.resource !== 'nodes')) return `kubectl top ${what ?? ''}`;
    return [on({ ...r, group: 'metrics.k8s.io' }, [name ? 'get' : 'list'], ns)];
  },
  'rollout restart': rollout('restart'),
  'rollout status': rollout('status'),
  'rollout undo': rollout('undo'),
  'rollout pause': rollout('pause'),
  'rollout resume': rollout('resume'),
  'rollout history': rollout('history'),
  'set image': (p, args, ns) =>
    forTargets(args.slice(0, 1), (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  'set env': (p, args, ns) =>
    forTargets(args.slice(0, 1), (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  'set resources': (p, args, ns) =>
    forTargets(args.slice(0, 1), (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  annotate: (p, args, ns) =>
    forTargets(args.slice(0, 1), (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  label: (p, args, ns) => forTargets(args.slice(0, 1), (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  patch: (p, args, ns) => forTargets(args, (t) => [on(t.resource, [finds(p, t), 'patch'], ns)]),
  // without preconditions kubectl patches the scale subresource
  scale: (p, args, ns) =>
    forTargets(args, (t) => [on(t.resource, [finds(p, t)], ns), on(t.resource, ['patch'], ns, '/scale')]),
  wait: (_p, args, ns) => forTargets(args, (t) => [on(t.resource, ['get', 'list', 'watch'], ns)]),
  exec: inPod('/exec', ['get', 'create']),
  logs: inPod('/log', ['get']),
  apply(p, args, ns, read) {
    if (args.length) return `unexpected argument ${args[0]}`;
    const k = first(p, '-k', '--kustomize');
    const f = first(p, '-f', '--filename');
    const path = k ?? f;
    if (path === undefined || (p.flags.get('-k')?.length ?? 0) + (p.flags.get('-f')?.length ?? 0) > 1)
      return 'expected one -f or -k';
    if (path.includes('{{')) return `the path ${path} depends on a param: the kinds it holds are not known`;
    const got = read(path, k !== undefined);
    if ('unreadable' in got) return got.unreadable;
    const serverSide = first(p, '--server-side') === 'true';
    // Server-side apply is a PATCH; the API server also checks create when the object is new.
    const verbs: Verb[] = serverSide ? ['patch', 'create'] : ['get', 'create', 'patch'];
    const out: Access[] = [];
    for (const o of got.objects) {
      const r = resourceOfKind(o.apiVersion, o.kind);
      if (!r) return `kind ${o.kind} (${o.apiVersion}) in ${path}`;
      const where = o.namespace ?? ns;
      out.push(on(r, verbs, where));
      // Before creating a missing object, client-side apply reads its namespace (a namespace is its
      // own namespace for RBAC: a Role there grants it).
      if (!serverSide && !r.cluster) out.push(access('', 'namespaces', ['get'], where));
    }
    return out;
  },
  // discovery only: every identity may (system:discovery)
  version: () => [],
  'api-resources': () => [],
  'api-versions': () => [],
};

const KUBECTL = /(^|\/)kubectl$/;

export function isKubectl(argv: readonly string[]): boolean {
  return KUBECTL.test(argv[0] ?? '');
}

/** The accesses of one argv `kubectl` command, or why it is added by hand. */
export function kubectlAccess(argv: readonly string[], read: ReadApplied): Derived {
  const command = argv.join(' ');
  const byHand = (reason: string): Derived => ({ byHand: { command, reason } });
  const p = parse(argv.slice(1));
  const changed = [...p.flags.keys()].find((f) => CHANGES_CALLS.has(f));
  if (changed) return byHand(`${changed} changes what kubectl calls or as whom`);
  const [w1, w2] = p.positional;
  const two = `${w1} ${w2}`;
  const key = w1 && HANDLERS[two] ? two : w1;
  const handler = key ? HANDLERS[key] : undefined;
  if (!key || !handler) return byHand(`kubectl ${w1 ?? ''} is not in the derivation table`);
  const args = p.positional.slice(key.split(' ').length);
  const all = first(p, '-A', '--all-namespaces') !== undefined;
  const ns = all ? '*' : first(p, '-n', '--namespace');
  const got = handler(p, args, ns, read);
  if (typeof got === 'string') return byHand(got);
  return { accesses: got };
}
