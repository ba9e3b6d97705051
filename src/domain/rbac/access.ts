// What one command or one provider call needs from the Kubernetes API, before namespaces are
// resolved: a group, a resource (with its subresource, `pods/exec`), verbs, and the namespace as
// the catalog writes it (a template such as "{{app}}"), or none for cluster-scoped resources.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'patch' | 'update' | 'delete';

export const READ_VERBS: readonly Verb[] = ['get', 'list', 'watch'];

export interface Access {
  group: string;
  resource: string;
  verbs: Verb[];
  /**
   * The namespace template (`"{{app}}"`, `"velero"`); undefined where the command names none and
   * kubectl uses the kubeconfig context's namespace; null for a cluster-scoped resource.
   */
  namespace: string | undefined | null;
}

/** A command whose API calls cannot be derived from its words: a person adds the rights it needs. */
export interface ByHand {
  command: string;
  reason: string;
}

export type Derived = { accesses: Access[]; note?: string } | { byHand: ByHand };

export function access(
  group: string,
  resource: string,
  verbs: Verb[],
  namespace: string | undefined | null,
): Access {
  return { group, resource, verbs, namespace };
}

/** A command as one line, as the catalog wrote it (argv joined with spaces). */
export function commandText(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.join(' ');
}
