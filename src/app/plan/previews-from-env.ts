import { hasPreviews } from '../../domain/plan/manifest-apply.js';
import type { Plan } from '../../domain/plan/plan.js';
import { previewCommandFinding } from '../../domain/plan/preview-commands.js';
import type { PreviewOutput } from './previews.js';

// The previews outside the pull request's job (`intentops plan`, MCP `plan_intent`): the same
// runPreviews, with the environment's kubeconfig (named in the output, as the live state names it)
// and the same allow-list. Here the catalog is the working tree's and validate may not have run on
// it, so every preview command of the planned requests is checked before anything runs: one refused
// command and no preview runs at all.

export type PreviewReport =
  | { ran: false; why: string }
  | {
      ran: true;
      /** Where the dry runs read the cluster (the kubeconfig, named), or why not. */
      cluster: string;
      byPath: Record<string, PreviewOutput[]>;
    };

/** Why no preview may run: the first refused command, by intent. */
export function refusedPreview(requests: readonly { plan?: Plan }[]): string | undefined {
  for (const { plan } of requests)
    for (const p of plan?.previews ?? []) {
      const finding = previewCommandFinding(p.command);
      if (finding)
        return `intent ${plan?.intent} preview '${p.name}': ${finding.message} (intentops validate shows where); no preview ran`;
    }
  return undefined;
}

/** The previews of `requests` with `env`'s kubeconfig (KUBECONFIG, INTENTOPS_KUBE_CONTEXT). */
export async function previewsFromEnv(
  repoDir: string,
  requests: readonly { path: string; plan?: Plan }[],
  env: Record<string, string | undefined>,
): Promise<PreviewReport> {
  if (!requests.some((r) => hasPreviews(r.plan)))
    return { ran: false, why: 'no preview declared and no step applies manifests from the repository' };
  const refused = refusedPreview(requests);
  if (refused) return { ran: false, why: refused };
  const [{ runPreviews }, { runProcess }, { createManifestDryRun }, { describeKubeConfig }, providers] =
    await Promise.all([
      import('./previews.js'),
      import('../../adapters/process-runner.js'),
      import('../../adapters/kubernetes-dry-run.js'),
      import('../../adapters/kubernetes.js'),
      import('../shared/providers.js'),
    ]);
  const { runRedactor } = await import('../records/run-redactor.js');
  const config = providers.observerConfigFromEnv(env);
  const source = {
    ...(config.kubeconfigPath ? { kubeconfigPath: config.kubeconfigPath } : {}),
    ...(config.kubeContext ? { context: config.kubeContext } : {}),
  };
  let cluster: string;
  let dryRun: ReturnType<typeof createManifestDryRun> | undefined;
  try {
    const t = describeKubeConfig(source);
    cluster = `kubeconfig ${t.from}, context ${t.context}, server ${t.server}`;
    dryRun = createManifestDryRun(source);
  } catch (err) {
    cluster = `no cluster: ${(err as Error).message}`;
  }
  const byPath = await runPreviews(requests, {
    repoDir,
    ...(dryRun ? { cluster: dryRun } : { noCluster: cluster.replace(/^no cluster: /, '') }),
    runProcess,
    env,
    redactor: await runRedactor(repoDir, env),
  });
  return { ran: true, cluster, byPath };
}
