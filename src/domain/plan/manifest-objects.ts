import { parseAllDocuments, stringify } from 'yaml';

// Manifests as the built-in preview reads them (from the pull request, as data): the objects of a
// YAML stream, and an object as the diff shows it, without what the API server keeps for itself.

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
  [key: string]: unknown;
}

/** The objects of a YAML stream (`kind: List` items flattened), or why it cannot be read. */
export function manifestObjects(
  text: string,
  file: string,
): { objects: ManifestObject[]; problems: string[] } {
  const objects: ManifestObject[] = [];
  const problems: string[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length) {
      problems.push(`${file}: document ${i + 1} is not YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
      continue;
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const list =
      typeof value === 'object' && (value as { kind?: unknown }).kind === 'List'
        ? ((value as { items?: unknown[] }).items ?? [])
        : [value];
    for (const o of list) {
      const m = o as Partial<ManifestObject> | null;
      if (
        !m ||
        typeof m !== 'object' ||
        typeof m.apiVersion !== 'string' ||
        typeof m.kind !== 'string' ||
        typeof m.metadata?.name !== 'string'
      ) {
        problems.push(
          `${file}: document ${i + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`,
        );
        continue;
      }
      objects.push(m as ManifestObject);
    }
  }
  return { objects, problems };
}

/** Fields the API server sets and a reviewer has no use for in a diff. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
];
const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/** The object as YAML for the diff (keys sorted, so both sides line up); '' for none. */
export function diffText(o: Record<string, unknown> | undefined): string {
  if (!o) return '';
  const { status: _status, ...rest } = o;
  const metadata = { ...((rest.metadata as Record<string, unknown>) ?? {}) };
  for (const k of SERVER_METADATA) delete metadata[k];
  const annotations = { ...((metadata.annotations as Record<string, unknown>) ?? {}) };
  for (const k of SERVER_ANNOTATIONS) delete annotations[k];
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return stringify({ ...rest, metadata }, { sortMapEntries: true, lineWidth: 0 });
}

export const objectLabel = (o: { kind: string; metadata: { name: string; namespace?: string } }) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
