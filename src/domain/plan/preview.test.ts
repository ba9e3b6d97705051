import { describe, expect, it } from 'vitest';
import { applySources, repoPath, simpleWords } from './manifest-apply.js';
import { kustomizedPaths, previewCommandFinding } from './preview-commands.js';
import { unifiedDiff } from './unified-diff.js';

describe('previewCommandFinding', () => {
  it.each([
    [['kubectl', 'diff', '-k', 'apps/{{app}}']],
    [['kubectl', '-n', 'shop', 'get', 'deploy', '{{app}}', '-o', 'yaml']],
    [['kubectl', 'rollout', 'history', 'deploy/{{app}}']],
    [['kubectl', 'auth', 'can-i', 'list', 'pods']],
    [['kubectl', 'apply', '--dry-run=server', '-k', 'apps/x']],
    [['kubectl', 'apply', '--dry-run', 'client', '-f', 'x.yaml']],
    [['/usr/local/bin/helm', 'diff', 'upgrade', 'web', 'chart']],
    [['kubectl', 'get', 'deploy', '-l', 'app={{app}}']],
    [['kubectl', 'get', 'deploy/{{app}}', '-o', 'yaml']],
    [['kubectl', 'diff', '-k', 'apps/{{app}}']],
  ])('allows the read-only %j', (argv) => {
    expect(previewCommandFinding(argv)).toBeUndefined();
  });

  it.each([
    [
      ['kubectl', 'apply', '-k', 'apps/x'],
      'kubectl apply without --dry-run=server|client changes the cluster',
    ],
    [['kubectl', 'apply', '--dry-run=none', '-k', 'a'], 'kubectl apply --dry-run=none changes the cluster'],
    [['kubectl', '--context', 'prod', 'delete', 'pod', 'x'], 'kubectl delete is not a read-only verb'],
    [['kubectl', 'rollout', 'restart', 'deploy/x'], 'kubectl rollout restart is not read-only'],
    [['kubectl', 'scale', '--replicas=0', 'deploy/x'], 'kubectl scale is not a read-only verb'],
    [['kubectl', '{{verb}}', 'pods'], 'the kubectl verb comes from a param'],
    [['kubectl', 'apply', '--dry-run={{mode}}', '-k', 'a'], 'the --dry-run mode comes from a param'],
    [['kubectl', 'get', 'secret', 'db', '-o', 'yaml'], 'kubectl get of Secrets'],
    [['kubectl', 'get', 'pods,secrets'], 'kubectl get of Secrets'],
    [['kubectl', 'describe', 'secrets/db'], 'kubectl describe of Secrets'],
    [['helm', 'upgrade', 'web', 'chart'], 'helm upgrade is not read-only'],
    [['terraform', 'apply', '-auto-approve'], 'terraform runs the providers'],
    [['env', 'kubectl', 'delete', 'ns', 'x'], 'env is not kubectl or helm'],
    [['./scripts/show-plan'], "./scripts/show-plan is a file of the pull request's checkout"],
    [
      ['kubectl', 'kustomize', '--enable-helm', 'apps/x'],
      "--enable-helm runs code the pull request's manifests name",
    ],
    [['kubectl', 'diff', '-k', 'apps/x', '--enable-alpha-plugins'], '--enable-alpha-plugins runs code'],
    // Secrets, however they are named or reached (the output is a public comment).
    [['kubectl', 'get', '-k', 'apps/{{app}}', '-o', 'yaml'], 'kubectl get -k reads whatever the files name'],
    [['kubectl', 'get', '-kapps/x', '-o', 'yaml'], 'kubectl get -k reads whatever the files name'],
    [['kubectl', 'describe', '--filename=apps/x/s.yaml'], 'kubectl describe -f reads whatever'],
    [['kubectl', 'get', 'secrets.v1.', '-o', 'yaml'], 'kubectl get of Secrets'],
    [['kubectl', 'get', 'Secret.v1', 'db'], 'kubectl get of Secrets'],
    [['kubectl', 'get', 'SECRETS/db', '-o', 'json'], 'kubectl get of Secrets'],
    [['kubectl', 'get', '{{kind}}', 'db', '-o', 'yaml'], 'the kind kubectl get reads comes from a param'],
    [['kubectl', 'get', '--raw=/api/v1/namespaces/shop/secrets'], '--raw'],
    [['kubectl', 'get', '--raw', '/api/v1/secrets'], '--raw'],
    [['kubectl', 'get', 'all', '-o', 'yaml'], 'kubectl get all'],
    [['kubectl', 'get', 'pods', '-A', '-o', 'yaml'], '--all-namespaces'],
    // kubectl takes the last of a repeated flag: any repeat is refused; `_` is `-` to kubectl.
    [['kubectl', 'apply', '--dry-run=server', '-f', 'x', '--dry-run=none'], '--dry-run is given twice'],
    [['kubectl', '-n', 'a', 'get', 'pods', '--namespace=b'], '--namespace is given twice'],
    [['kubectl', 'diff', '-k', 'apps/x', '--enable_alpha_plugins'], '--enable-alpha-plugins runs code'],
    [['kubectl', 'kustomize', '--load-restrictor=LoadRestrictionsNone', 'apps/x'], '--load-restrictor'],
    [['kubectl', '--kubeconfig', 'apps/x/kc', 'get', 'pods'], '--kubeconfig'],
    [['kubectl', '--server=https://example.com', 'get', 'pods'], '--server'],
    [['helm', 'template', 'x', 'chart', '--post-renderer', './render.sh'], '--post-renderer'],
    [['helm', 'template', 'x', 'oci://169.254.169.254/chart'], 'would fetch oci://169.254.169.254/chart'],
    [['helm', 'template', 'x', 'chart', '--repo', 'http://10.0.0.1'], '--repo may not be set'],
    // Only kubectl and helm: anything else would run the pull request's files in the preview job.
    [['bash', 'script.sh'], 'bash runs a shell'],
    [['python3', 'scripts/x.py'], 'python3 is not kubectl or helm'],
    [['make', 'preview'], 'make is not kubectl or helm'],
    [['/usr/local/bin/show-plan', '{{app}}'], 'show-plan is not kubectl or helm'],
    [['terraform', 'plan', '-no-color'], 'terraform runs the providers'],
    ['kubectl get pods; echo pwned > /tmp/x', 'a shell string preview cannot be checked'],
  ])('refuses %j', (argv: string | string[], message) => {
    const f = previewCommandFinding(argv);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain(message);
  });

  it('says what kubectl verbs are allowed', () => {
    expect(previewCommandFinding(['kubectl', 'edit', 'x'])?.message).toMatch(
      /a preview may use kubectl get, describe, diff, .*apply only with --dry-run=server or --dry-run=client/,
    );
  });

  it('says why a program other than kubectl or helm is refused', () => {
    expect(previewCommandFinding(['make', 'preview'])?.message).toContain(
      "the preview job runs the base branch's commands on the pull request's files",
    );
  });
});

describe('kustomizedPaths', () => {
  it('finds the kustomizations a kubectl command builds', () => {
    expect(kustomizedPaths(['kubectl', 'diff', '-kapps/web'])).toEqual(['apps/web']);
    expect(kustomizedPaths(['kubectl', '-n', 'x', 'kustomize', 'apps/x'])).toEqual(['apps/x']);
    expect(kustomizedPaths(['kubectl', 'get', 'pods'])).toEqual([]);
    expect(kustomizedPaths(['helm', 'template', 'x'])).toEqual([]);
  });
});

describe('applySources', () => {
  it('finds kubectl apply -k and -f with repository paths, from argv and simple shell strings', () => {
    expect(
      applySources([
        { name: 'apply', command: ['kubectl', 'apply', '-k', 'apps/web/'] },
        { name: 'files', command: "kubectl -n shop apply -f 'deploy/web.yaml' --server-side" },
        { name: 'long', command: ['kubectl', 'apply', '--filename=manifests', '-R'] },
        { name: 'other', command: ['kubectl', 'rollout', 'status', 'deploy/web'] },
        { name: 'dry', command: ['kubectl', 'apply', '--dry-run=server', '-k', 'apps/web'] },
      ]),
    ).toEqual([
      { step: 'apply', kind: 'kustomize', path: 'apps/web', recursive: false },
      { step: 'files', kind: 'files', path: 'deploy/web.yaml', recursive: false, namespace: 'shop' },
      { step: 'long', kind: 'files', path: 'manifests', recursive: true },
    ]);
  });

  it('says why it cannot preview a URL, a path outside the repository, or a compound shell line', () => {
    const found = applySources([
      { name: 'url', command: ['kubectl', 'apply', '-f', 'https://example.com/x.yaml'] },
      { name: 'up', command: ['kubectl', 'apply', '-k', '../elsewhere'] },
      { name: 'pipe', command: 'kustomize build apps/x | kubectl apply -f -' },
    ]);
    expect(found.map((f) => ('skipped' in f ? `${f.step}: ${f.skipped}` : f))).toEqual([
      expect.stringMatching(/^url: https:\/\/example.com\/x.yaml is not a path in the repository/),
      expect.stringMatching(/^up: \.\.\/elsewhere is not a path in the repository/),
      expect.stringMatching(/^pipe: the step is a shell command line/),
    ]);
  });

  it('normalises paths and reads simple words', () => {
    expect(repoPath('./apps//web/./')).toBe('apps/web');
    expect(repoPath('a/../../b')).toBeUndefined();
    expect(simpleWords(`kubectl apply -k 'apps/it''s' "x y"`)).toEqual([
      'kubectl',
      'apply',
      '-k',
      'apps/its',
      'x y',
    ]);
    expect(simpleWords('kubectl apply -k $(pwd)')).toBeUndefined();
  });
});

describe('unifiedDiff', () => {
  it('prints hunks as diff -u, removals before additions', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n';
    expect(unifiedDiff(before, after, 'live', 'dry-run')).toBe(
      [
        '--- live',
        '+++ dry-run',
        '@@ -2,9 +2,10 @@',
        ' b',
        ' c',
        ' d',
        '-e',
        '+E',
        ' f',
        ' g',
        ' h',
        ' i',
        ' j',
        '+k',
      ].join('\n'),
    );
  });

  it('is empty for the same text, and shows a new object as all added', () => {
    expect(unifiedDiff('x\n', 'x\n', 'a', 'b')).toBe('');
    expect(unifiedDiff('', 'x\ny\n', 'a', 'b')).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y');
  });

  it('keeps far-apart changes in separate hunks', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l1\n', 'L1\n').replace('l18', 'L18');
    const d = unifiedDiff(before, after, 'a', 'b');
    expect(d.match(/^@@/gm)).toHaveLength(2);
    expect(d).toContain('@@ -1,5 +1,5 @@');
    expect(d).toContain('@@ -16,5 +16,5 @@');
  });

  it('gives up on alignment for a huge change and shows old removed, new added', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `old${i}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `new${i}`).join('\n');
    const d = unifiedDiff(before, after, 'a', 'b').split('\n');
    expect(d.slice(0, 3)).toEqual(['--- a', '+++ b', '@@ -1,3000 +1,3000 @@']);
    expect(d[3]).toBe('-old0');
    expect(d[3002]).toBe('-old2999');
    expect(d[3003]).toBe('+new0');
    expect(d).toHaveLength(6003);
  });
});
