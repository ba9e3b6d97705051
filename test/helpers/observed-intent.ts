// The catalog intent the observation tests and benches run: one harmless step, and what it captures
// (`capture` lines, indented under `capture:`). Only the parts a test varies are parameters.

/** The Kubernetes capture of the fake API server's `shop` namespace. */
export const KUBE_CAPTURE = '  kubernetes: { namespace: shop, selector: "app={{app}}" }\n';

export function observedIntent(o: { timeout?: string; capture?: string; step?: string } = {}): string {
  return `name: deploy-app
description: observed deploy
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: ${o.step ?? '[echo, rolled out]'}
capture:
  timeout: ${o.timeout ?? '10s'}
${o.capture ?? KUBE_CAPTURE}`;
}
