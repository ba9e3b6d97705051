import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// docs/cluster-access.md is what a team sets its cluster up from: its roles must grant what
// intentops and the example catalog's commands need, the observe role nothing that changes the
// cluster, each OIDC job `id-token: write`, and README and setup must lead to it.

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const GUIDE = read('docs/cluster-access.md');

/** The YAML of every fenced `yaml` block of the guide, each document parsed. */
const blocks = [...GUIDE.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```$/gm)].map((m) => {
  // a block inside a list item is indented like its fence
  const text = (m[2] ?? '').replace(new RegExp(`^${m[1]}`, 'gm'), '');
  return parseAllDocuments(text).map((d) => {
    expect(d.errors, text).toEqual([]);
    return d.toJS() as Record<string, unknown>;
  });
});

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** `group/resource:verb` for every right a ClusterRole of the guide grants. */
function rights(name: string): Set<string> {
  const role = blocks
    .flat()
    .find((d) => d.kind === 'ClusterRole' && (d.metadata as { name?: string })?.name === name) as
    | { rules: Rule[] }
    | undefined;
  expect(role, `the guide has the ClusterRole ${name}`).toBeDefined();
  const out = new Set<string>();
  for (const r of role?.rules ?? [])
    for (const g of r.apiGroups)
      for (const res of r.resources) for (const v of r.verbs) out.add(`${g}/${res}:${v}`);
  return out;
}

/** What intentops' own Kubernetes provider reads (src/adapters/kubernetes.ts, kubernetes-watch.ts). */
const PROVIDER = [
  '/pods:list',
  '/pods:watch',
  '/events:list',
  'apps/deployments:list',
  'apps/deployments:get',
  'velero.io/backups:list',
];

/**
 * What each command of the examples needs, by its first words (`kubectl rollout restart`). A new
 * command in intents/ fails the test until it is here and the guide's table and roles grant it.
 */
const NEEDS: Record<string, string[]> = {
  'kubectl rollout restart': ['apps/deployments:get', 'apps/deployments:patch'],
  'kubectl rollout status': ['apps/deployments:get', 'apps/deployments:list', 'apps/deployments:watch'],
  // a preview: run with the observe identity, which holds these too
  'kubectl rollout history': ['apps/deployments:get', 'apps/replicasets:list'],
  'kubectl rollout undo': ['apps/deployments:get', 'apps/deployments:patch', 'apps/replicasets:list'],
  'kubectl set image': ['apps/deployments:get', 'apps/deployments:patch'],
  'kubectl exec': ['apps/deployments:get', '/pods:get', '/pods:list', '/pods/exec:get', '/pods/exec:create'],
  'kubectl get pods': ['/pods:list'],
  'kubectl top pods': ['metrics.k8s.io/pods:list'],
  'kubectl get backups.velero.io': ['velero.io/backups:list'],
  'velero backup get': ['velero.io/backups:list'],
  // every identity may read /readyz (system:public-info-viewer)
  'kubectl get --raw': [],
  // whatever the kustomization holds: the guide says to add those rules
  'kubectl apply': [],
};

/** The first words of every kubectl and velero command in the example intents and the rollback doc. */
function exampleCommands(): Map<string, string> {
  const files = ['intents', 'templates/gitops/intents'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => relative(ROOT, join(ROOT, dir, f))),
  );
  const found = new Map<string, string>();
  for (const f of [...files, 'docs/rollback.md']) {
    // argv steps (`[kubectl, rollout, …]`) and shell strings alike: brackets, commas, quotes out
    const text = read(f).replace(/[[\],"']/g, ' ');
    for (const m of text.matchAll(/\b(kubectl|velero)\s+([a-z][a-z-]*)\s+(\S+)(?:\s+(\S+))?/g)) {
      const words = [m[1], m[2], m[3], m[4]].filter((w): w is string => w !== undefined);
      const key = [2, 3, 4].map((n) => words.slice(0, n).join(' ')).find((k) => NEEDS[k] !== undefined);
      found.set(key ?? words.slice(0, 3).join(' '), f);
    }
  }
  return found;
}

describe('docs/cluster-access.md', () => {
  it('grants the observe identity what the Kubernetes provider reads, and only get, list, watch', () => {
    const observe = rights('intentops-observe');
    for (const r of PROVIDER) expect(observe, r).toContain(r);
    expect([...observe].filter((r) => !/:(get|list|watch)$/.test(r))).toEqual([]);
  });

  it('grants the execute identity what every kubectl and velero command of the examples needs', () => {
    const execute = rights('intentops-execute');
    const commands = exampleCommands();
    expect(commands.size).toBeGreaterThan(5);
    for (const [command, file] of commands) {
      const needs = NEEDS[command];
      expect(needs, `${file}: \`${command}\` — add it to NEEDS and to the guide`).toBeDefined();
      for (const r of needs ?? []) expect(execute, `${command} needs ${r}`).toContain(r);
      for (const r of PROVIDER) expect(execute, r).toContain(r);
    }
  });

  it('names each command of the examples in its table', () => {
    for (const command of exampleCommands().keys()) expect(GUIDE, command).toContain(`\`${command}`);
  });

  it('asks for id-token: write in every job that logs in to a cloud with GitHub OIDC', () => {
    const jobs = blocks
      .flat()
      .flatMap((d) => Object.values(d).filter((v) => (v as { steps?: unknown })?.steps))
      .map((j) => j as { permissions?: Record<string, string>; steps: { uses?: string }[] });
    const logins = jobs.filter((j) =>
      j.steps.some((s) =>
        /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login)@/.test(
          s.uses ?? '',
        ),
      ),
    );
    expect(logins).toHaveLength(3);
    for (const j of logins) expect(j.permissions?.['id-token']).toBe('write');
  });

  it('is linked from README.md and docs/setup.md', () => {
    expect(read('README.md')).toContain('](docs/cluster-access.md');
    expect(read('docs/setup.md')).toContain('](cluster-access.md');
  });
});
