import { deployment } from './live-cluster.js';

// A GitOps repository whose deploy intent applies a kustomization from the repository and declares
// a preview command; the manifests move web-<n> from 1.4.0 to 1.5.0 and add a ConfigMap and a
// Secret. What the preview test, bench/live-plan.ts and the screenshot script read.

/** A GitHub token shape: the redaction must find it in the dry-run diff. */
export const LEAKY_TOKEN = 'ghp_R2d2C3poR2d2C3poR2d2C3poR2d2C3po1234';
export const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXBhc3N3b3Jk';

export const PREVIEW_INTENT = `name: deploy-web
description: deploy a web app from its kustomization
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  version: { type: string, pattern: "^[0-9.]+$" }
steps:
  - name: apply
    run: [kubectl, apply, -k, "apps/{{app}}"]
  - name: wait
    run: [kubectl, -n, shop, rollout, status, "deploy/{{app}}"]
preview:
  - name: manifests
    run: [kubectl, version, --client]
capture:
  timeout: 5s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;

export function appManifests(app: string, version: string): Record<string, string> {
  return {
    [`apps/${app}/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources: [deployment.yaml, config.yaml, secret.yaml]
`,
    [`apps/${app}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app}, labels: { app: ${app} } }
spec:
  replicas: 3
  selector: { matchLabels: { app: ${app} } }
  template:
    spec:
      containers:
        - name: app
          image: registry.example/${app}:${version}
`,
    [`apps/${app}/config.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata: { name: ${app}-config }
data:
  LOG_LEVEL: info
  GITHUB_TOKEN: ${LEAKY_TOKEN}
`,
    [`apps/${app}/secret.yaml`]: `apiVersion: v1
kind: Secret
metadata: { name: ${app}-db }
data:
  password: ${SECRET_VALUE}
`,
  };
}

/**
 * The live objects the double holds for these apps: each deployment at 1.4.0, 2 replicas, with the
 * defaults the API server filled in when it was created.
 */
export const liveObjects = (apps: readonly string[]) =>
  apps.map((a) => {
    const d = deployment(a, '1.4.0');
    return {
      ...d,
      metadata: { ...d.metadata, resourceVersion: '41', uid: `uid-${a}` },
      spec: {
        ...d.spec,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      },
    };
  });
