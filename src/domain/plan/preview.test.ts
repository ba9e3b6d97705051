import { describe, expect, it } from 'vitest';
import { applySources, repoPath, simpleWords } from './manifest-apply.js';
import { previewCommandFinding } from './preview-commands.js';
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
    [['/usr/local/bin/show-plan', '{{app}}']],
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
    [['terraform', 'apply', '-auto-approve'], 'terraform apply is not read-only'],
    [['env', 'kubectl', 'delete', 'ns', 'x'], 'env runs another program'],
    [['./scripts/show-plan'], "./scripts/show-plan is a file of the pull request's checkout"],
    [
      ['kubectl', 'kustomize', '--enable-helm', 'apps/x'],
      "--enable-helm runs code the pull request's manifests name",
    ],
    [['kubectl', 'diff', '-k', 'apps/x', '--enable-alpha-plugins'], '--enable-alpha-plugins runs code'],
  ])('refuses %j', (argv, message) => {
    const f = previewCommandFinding(argv);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain(message);
  });

  it('says what kubectl verbs are allowed', () => {
    expect(previewCommandFinding(['kubectl', 'edit', 'x'])?.message).toMatch(
      /a preview may use kubectl get, describe, diff, .*apply only with --dry-run=server or --dry-run=client/,
    );
  });

  it('warns about terraform plan: it runs the pull request code', () => {
    expect(previewCommandFinding(['terraform', 'plan', '-no-color'])).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('data "external" runs a program'),
    });
  });

  it('warns about shell strings and shells', () => {
    expect(previewCommandFinding('kubectl diff -k apps/x')?.severity).toBe('warning');
    expect(previewCommandFinding(['bash', '-c', 'kubectl delete ns x'])?.severity).toBe('warning');
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
});
