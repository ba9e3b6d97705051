import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { type CallOptions, call } from './kubernetes.js';
import { KubernetesError, type KubeSource, loadKubeConfig } from './kubernetes-config.js';

// The built-in preview's two calls per manifest object: read it as the cluster has it, and ask the
// API server what it would store on a server-side apply with `dryRun=All` (admission, defaulting
// and validation run; nothing is persisted). The one PATCH intentops sends on a pull request, and
// it always carries dryRun=All: the read-only observe credentials need the `patch` verb for it,
// which the API server authorizes as a patch but never writes (docs/cluster-access.md).

export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
};

export interface ManifestDryRun {
  /** The object as the cluster has it now; undefined when there is none of that name. */
  live(obj: KubeObject, opts: CallOptions): Promise<KubeObject | undefined>;
  /** What a server-side apply of `obj` would store: PATCH …?dryRun=All&fieldManager=…&force=true. */
  dryRunApply(obj: KubeObject, opts: CallOptions): Promise<KubeObject>;
}

export const PREVIEW_FIELD_MANAGER = 'intentops-preview';

/** The client's model objects (dates as Date) as plain JSON, as the API sent them. */
const plain = (o: unknown) => JSON.parse(JSON.stringify(o)) as KubeObject;

const label = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

export function createManifestDryRun(source: KubeSource): ManifestDryRun {
  const api = KubernetesObjectApi.makeApiClient(loadKubeConfig(source));
  return {
    async live(obj, opts) {
      try {
        return plain(await call(`read ${label(obj)}`, opts, () => api.read(obj)));
      } catch (err) {
        if (err instanceof KubernetesError && err.kind === 'not_found' && !/resource type/.test(err.message))
          return undefined;
        throw err;
      }
    },
    async dryRunApply(obj, opts) {
      const res = await call(`dry-run apply of ${label(obj)}`, opts, () =>
        api.patch(obj, undefined, 'All', PREVIEW_FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
      );
      return plain(res);
    },
  };
}
