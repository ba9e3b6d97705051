import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KUBECTL, KUBELET, SERVER } from './demo-app.js';

// The throw-away GitOps repo: the project's own examples (rules, learning triggers, policies, the
// other intents), with deploy-app pointed at a local stand-in for a cluster.

/** The package root (where package.json and intents/ are), from src/… or dist/…. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'intents'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the intentops package root (package.json next to intents/)');
}

const DEPLOY_APP = `# yaml-language-server: $schema=../../schemas/catalog.schema.json
# The demo's deploy-app: same params as the example, but the "cluster" is a local process that a
# small supervisor (scripts/kubelet.mjs) starts and restarts, answering like kubectl would.
name: deploy-app
description: Roll out a release of an app
risk: medium
params:
  app: { type: string, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: app name }
  tag: { type: string, default: latest, pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$" }
steps:
  - name: apply
    run: node scripts/kubelet.mjs deploy {{app}} {{tag}}
    timeout: 30s
expected_duration: 5s
capture:
  metrics:
    memory_usage: { run: "node scripts/kubectl.mjs memory {{app}}", timeout: 5s }
  error_count: { run: [node, scripts/kubectl.mjs, errors, "{{app}}"] }
  pod_restarts: { run: [node, scripts/kubectl.mjs, restarts, "{{app}}"] }
  logs: { run: [node, scripts/kubectl.mjs, logs, "{{app}}"], lines: 20 }
`;

// The seed's outcome spec, with the two checks asking the local stand-in instead of a cluster.
// pods_ready fails a leaking release at its first OOM kill (a P1 indicator), so its timeout only
// counts on a machine slow enough to start the app late: 8s there ended some runs before the first
// kill, and their restart went unrecorded.
const DEPLOY_OUTCOMES = `# yaml-language-server: $schema=../../schemas/outcomes.schema.json
outcomes:
  success:
    - condition: "pods_ready"
      check: "node scripts/kubectl.mjs not-ready {{app}}"
      expected: "0"
      timeout: 30s
      interval: 300ms
    - condition: "endpoint_healthy"
      check: "node scripts/kubectl.mjs health {{app}}"
      expected: "200"
      timeout: 5s
      interval: 300ms
  failure_indicators:
    - pattern: "CrashLoopBackOff"
      severity: P1
    - pattern: "ImagePullBackOff"
      severity: P2
    - pattern: "OOMKilled"
      severity: P1
`;

const RELEASES = {
  '1.4.0': {},
  // A release with a memory leak: it grows past its limit and is killed, again and again.
  '1.5.0': { leak_mb: 160, crash_after_ms: 350 },
};

async function put(root: string, rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
}

/**
 * With PROMETHEUS_URL or KUBECONFIG set, the demo's runs also observe those real systems
 * (read-only): configuration alone points it at a real cluster.
 */
export function realObservers(env: Record<string, string | undefined>): string {
  const lines: string[] = [];
  if (env.PROMETHEUS_URL || env.INTENTOPS_PROMETHEUS_URL) {
    lines.push('  prometheus:', '    queries:', "      targets_up: 'sum(up)'");
  }
  if (env.KUBECONFIG) {
    lines.push(
      `  kubernetes: { namespace: ${JSON.stringify(env.INTENTOPS_DEMO_NAMESPACE ?? 'default')}, selector: ${JSON.stringify(env.INTENTOPS_DEMO_SELECTOR ?? 'app')} }`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export async function writeDemoRepo(
  root: string,
  env: Record<string, string | undefined> = {},
): Promise<void> {
  const examples = join(packageRoot(), 'intents');
  await cp(examples, join(root, 'intents'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('intents', 'requests')}/`),
  });
  await cp(join(packageRoot(), 'schemas'), join(root, 'schemas'), { recursive: true });
  await mkdir(join(root, 'intents', 'requests'), { recursive: true });
  await put(root, 'intents/catalog/deploy-app.yaml', DEPLOY_APP + realObservers(env));
  await put(root, 'intents/outcomes/deploy-app.yaml', DEPLOY_OUTCOMES);
  await put(root, 'apps/home-portal/server.mjs', SERVER);
  await put(root, 'apps/home-portal/releases.json', `${JSON.stringify(RELEASES, null, 2)}\n`);
  await put(root, 'scripts/kubelet.mjs', KUBELET);
  await put(root, 'scripts/kubectl.mjs', KUBECTL);
  // site/: the HTML report the demo writes (on GitHub it is a Pages artifact, never committed).
  await put(root, '.gitignore', '.run/\nsite/\n');
  await put(root, 'README.md', '# A throw-away GitOps repo made by `intentops demo`\n');
}

export function requestYaml(app: string, tag: string, reason: string): string {
  return `# yaml-language-server: $schema=../../schemas/request.schema.json
intent: deploy-app
params:
  app: ${app}
  tag: "${tag}"
reason: "${reason}"
proposed_by: demo-agent
`;
}
