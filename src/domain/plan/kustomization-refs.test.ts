import { describe, expect, it } from 'vitest';
import { isRemoteRef, kustomizationRefs } from './kustomization-refs.js';

describe('kustomizationRefs', () => {
  it('names every remote a kustomization would fetch, by field', () => {
    const refs = kustomizationRefs(`
resources:
  - deployment.yaml
  - ../base
  - http://10.0.0.1:8080/x.yaml
  - github.com/org/repo/deploy?ref=v1
components: ["git::https://example.com/c.git"]
patches:
  - path: patch.yaml
  - path: https://example.com/p.yaml
helmCharts:
  - name: web
    repo: https://charts.example.com
`);
    expect(refs.remote).toEqual([
      'resources: http://10.0.0.1:8080/x.yaml',
      'resources: github.com/org/repo/deploy?ref=v1',
      'components: git::https://example.com/c.git',
      'patches: https://example.com/p.yaml',
      'helmCharts: https://charts.example.com',
    ]);
    expect(refs.local).toEqual(['deployment.yaml', '../base']);
  });

  it('reads local paths as local', () => {
    expect(['apps/web', './x.yaml', 'base/kustomization.yaml'].map(isRemoteRef)).toEqual([
      false,
      false,
      false,
    ]);
    expect(kustomizationRefs(': not yaml [').remote).toEqual([]);
  });
});
