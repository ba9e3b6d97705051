import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../schemas/catalog.js';
import { kubectlAccess, type ReadApplied } from './kubectl-access.js';
import { namespaceScope, patternNames } from './namespace-scope.js';

const none: ReadApplied = () => ({ unreadable: 'no files here' });
const rights = (argv: string[], read = none) => {
  const d = kubectlAccess(argv, read);
  if ('byHand' in d) return d.byHand.reason;
  return d.accesses.flatMap((a) => a.verbs.map((v) => `${a.namespace ?? '-'} ${a.group}/${a.resource}:${v}`));
};

describe('kubectlAccess', () => {
  it('derives the calls of the commands it knows, in the namespace given', () => {
    expect(rights(['kubectl', 'rollout', 'restart', 'deployment/{{app}}', '-n', '{{app}}'])).toEqual([
      '{{app}} apps/deployments:get',
      '{{app}} apps/deployments:patch',
    ]);
    expect(rights(['kubectl', 'scale', 'deploy/web', '--replicas=3', '--namespace=shop'])).toEqual([
      'shop apps/deployments:get',
      'shop apps/deployments/scale:patch',
    ]);
    expect(rights(['kubectl', 'get', 'pods,deploy', '-n', 'shop', '-w'])).toEqual([
      'shop /pods:list',
      'shop /pods:watch',
      'shop apps/deployments:list',
      'shop apps/deployments:watch',
    ]);
    expect(rights(['kubectl', 'get', 'backups.velero.io', 'daily-1', '-n', 'velero'])).toEqual([
      'velero velero.io/backups:get',
    ]);
    expect(
      rights(['/usr/local/bin/kubectl', 'exec', 'web-0', '-n', 'shop', '--', 'kubectl', 'delete', 'ns', 'x']),
    ).toEqual(['shop /pods:get', 'shop /pods/exec:get', 'shop /pods/exec:create']);
    expect(rights(['kubectl', 'get', 'nodes'])).toEqual(['- /nodes:list']);
    // No name, or a selector: kubectl lists what it changes (then patches each)
    expect(rights(['kubectl', 'rollout', 'restart', 'deployment', '-n', 'shop'])).toEqual([
      'shop apps/deployments:list',
      'shop apps/deployments:patch',
    ]);
    expect(rights(['kubectl', 'label', 'pods', '-l', 'app=web', 'tier=front', '-n', 'shop'])).toEqual([
      'shop /pods:list',
      'shop /pods:patch',
    ]);
    expect(rights(['kubectl', 'get', '--raw', '/readyz'])).toEqual([]);
  });

  it('apply: the kinds of what it reads, and the namespace it checks before creating', () => {
    const read: ReadApplied = () => ({
      objects: [
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop' },
        { apiVersion: 'v1', kind: 'Namespace' },
      ],
    });
    expect(rights(['kubectl', 'apply', '-k', 'deploy/shop'], read)).toEqual([
      'shop apps/deployments:get',
      'shop apps/deployments:create',
      'shop apps/deployments:patch',
      'shop /namespaces:get',
      '- /namespaces:get',
      '- /namespaces:create',
      '- /namespaces:patch',
    ]);
    // Server-side apply is a PATCH, and the API server also asks for create when the object is new.
    expect(rights(['kubectl', 'apply', '--server-side', '-f', 'x.yaml'], read).slice(0, 2)).toEqual([
      'shop apps/deployments:patch',
      'shop apps/deployments:create',
    ]);
  });

  it('leaves to a person what it cannot know, saying why', () => {
    expect(rights(['kubectl', 'apply', '-k', 'apps/{{app}}'])).toMatch(/depends on a param/);
    expect(rights(['kubectl', 'apply', '-f', 'x.yaml'])).toBe('no files here');
    expect(rights(['kubectl', 'delete', 'pod', 'x'])).toMatch(
      /kubectl delete is not in the derivation table/,
    );
    expect(rights(['kubectl', 'get', 'widgets', '-n', 'shop'])).toMatch(/unknown resource type 'widgets'/);
    expect(rights(['kubectl', '--context', 'prod', 'get', 'pods'])).toMatch(/--context changes/);
    expect(rights(['kubectl', 'get', '--raw', '/metrics'])).toMatch(/not a resource/);
    expect(rights(['kubectl', 'apply', '-k', 'x', '--dry-run=server'])).toMatch(/--dry-run/);
    // A subresource is another resource with rights of its own.
    expect(
      rights(['kubectl', 'patch', 'deployment', 'web', '-n', 'shop', '--subresource=scale', '-p', '{}']),
    ).toMatch(/--subresource/);
  });
});

describe('namespaceScope', () => {
  const spec = (s: Partial<ParamSpec>): ParamSpec => ({ type: 'string', allow_leading_dash: false, ...s });

  it('a fixed name, an enum, a pattern listing names: those namespaces', () => {
    expect(namespaceScope('shop', {})).toEqual({ namespaces: ['shop'] });
    expect(namespaceScope('{{ env }}-web', { env: spec({ enum: ['prod', 'stage'] }) })).toEqual({
      namespaces: ['prod-web', 'stage-web'],
    });
    expect(namespaceScope('{{ns}}', { ns: spec({ pattern: '^(?:shop|store)$' }) })).toEqual({
      namespaces: ['shop', 'store'],
    });
  });

  it('a free param, no namespace, all namespaces: anywhere, with the reason', () => {
    expect(namespaceScope('{{app}}', { app: spec({ pattern: '^[a-z0-9-]+$' }) })).toEqual({
      anywhere: '{{app}} may be any namespace (no enum, no pattern listing names)',
    });
    expect(namespaceScope(undefined, {})).toHaveProperty('anywhere');
    expect(namespaceScope('*', {})).toEqual({ anywhere: 'all namespaces (-A)' });
  });

  it('patternNames reads only plain alternations of names', () => {
    expect(patternNames('^shop$')).toEqual(['shop']);
    expect(patternNames('^(a|b)$')).toEqual(['a', 'b']);
    expect(patternNames('^(a|b.*)$')).toBeUndefined();
    expect(patternNames('^[a-z]+$')).toBeUndefined();
    expect(patternNames('shop')).toBeUndefined();
  });
});

describe('catalogRbac', () => {
  it('a cluster tool inside an argv command (bash -c) is added by hand, not ignored', async () => {
    const { catalogRbac } = await import('./catalog-rbac.js');
    const intent = {
      name: 'sneaky',
      description: 'x',
      risk: 'low' as const,
      params: {},
      steps: [
        { name: 'a', run: ['bash', '-c', 'kubectl delete ns shop'] },
        { name: 'b', run: ['echo', 'hello'] },
      ],
    };
    const [execute] = catalogRbac([{ intent }], [], none);
    expect(execute?.roles).toEqual([]);
    expect(execute?.byHand).toEqual([
      {
        command: 'bash -c kubectl delete ns shop',
        where: 'sneaky step a',
        reason: 'it runs bash, which calls a cluster tool',
      },
    ]);
  });
});

describe('renderManifests', () => {
  it('a command with line breaks stays inside its comment', async () => {
    const { renderManifests } = await import('./manifests.js');
    const { parseAllDocuments } = await import('yaml');
    const text = renderManifests(
      [
        {
          name: 'intentops-execute',
          roles: [],
          byHand: [
            { command: 'kubectl get pods\r\nkind: ClusterRole\u2028x\u0085y', where: 'w', reason: 'r' },
          ],
        },
      ],
      { serviceAccountNamespace: 'intentops', header: ['a\rb'] },
    );
    const docs = parseAllDocuments(text).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string };
    });
    expect(text).not.toMatch(/[\r\u0085\u2028\u2029]/);
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount']);
    expect(text.split('\n').filter((l) => !l.startsWith('#'))[0]).toBe('apiVersion: v1');
  });
});
