import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod/mini';
import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { checkSchema } from '../../domain/input/schema-check.js';
import { locate, type YamlSource } from '../../domain/input/yaml-source.js';
import { createSha256 } from '../../domain/records/sha256.js';
import { classifyRequestPath, REQUESTS_DIR } from '../../domain/request/request-path.js';
import { type AnomalyRules, AnomalyRulesSchema } from '../../domain/schemas/anomaly-rules.js';
import { type Intent, IntentSchema } from '../../domain/schemas/catalog.js';
import { type EnvironmentsFile, EnvironmentsFileSchema } from '../../domain/schemas/environments.js';
import { type ExecuteSettings, ExecuteSettingsSchema } from '../../domain/schemas/execute-settings.js';
import { type Learning, LearningSchema } from '../../domain/schemas/learning.js';
import { type NotifyConfig, NotifyConfigSchema } from '../../domain/schemas/notify.js';
import { type OutcomeSpec, OutcomeSpecSchema } from '../../domain/schemas/outcomes.js';
import { type PolicyFile, PolicyFileSchema } from '../../domain/schemas/policy.js';
import { type Request, RequestSchema } from '../../domain/schemas/request.js';
import { type ParsedYamlCache, parseIntentYaml } from './parsed-yaml.js';
import {
  entryOnDisk,
  extensionTwins,
  type FileKind,
  kindOf,
  listIntentFiles,
  OutsideRepoError,
  readBounded,
  realRepoRoot,
} from './repo-files.js';

// Loads every file under intents/ once: parsed, schema-checked, each kept with its source so later
// checks can point at a line. Cross-references are checked in validate.ts.

export interface Loaded<T> {
  path: string;
  source: YamlSource;
  data: T;
}

/** An error pointing at a key or value of a loaded file. */
export function diagnosticAt(
  l: Loaded<unknown>,
  path: readonly (string | number)[],
  message: string,
  part: 'key' | 'value' = 'value',
): Diagnostic {
  return { file: l.path, ...locate(l.source, path, part), message, severity: 'error' };
}

export interface Catalog {
  intents: Map<string, Loaded<Intent>>;
  outcomes: Loaded<OutcomeSpec>[];
  rules: Loaded<AnomalyRules>[];
  policies: Loaded<PolicyFile>[];
  learning?: Loaded<Learning>;
  /** intents/notify.yaml: where anomalies are alerted. */
  notify?: Loaded<NotifyConfig>;
  /** intents/execute.yaml: the execute job's start point and age limit. */
  execute?: Loaded<ExecuteSettings>;
  /** intents/environments.yaml: staging, production…; absent, requests name no environment. */
  environments?: Loaded<EnvironmentsFile>;
  requests: Loaded<Request>[];
  /** sha256 over the catalog's files (not requests): which definitions a record ran against. */
  digest: string;
}

export interface LoadResult {
  catalog: Catalog;
  diagnostics: Diagnostic[];
  /** Every file looked at, valid or not. */
  files: string[];
}

const SCHEMAS: Record<FileKind, z.core.$ZodType> = {
  intent: IntentSchema,
  outcomes: OutcomeSpecSchema,
  'anomaly-rules': AnomalyRulesSchema,
  policy: PolicyFileSchema,
  learning: LearningSchema,
  notify: NotifyConfigSchema,
  execute: ExecuteSettingsSchema,
  environments: EnvironmentsFileSchema,
  request: RequestSchema,
};

export async function loadFile(
  repoDir: string,
  rel: string,
  /** The repository's real path, when the caller resolved it once for many files. */
  realRoot?: string,
  /** Values of files an earlier run parsed (the CLI's validate keeps them between runs). */
  parsedYaml?: ParsedYamlCache,
): Promise<{ kind?: FileKind; loaded?: Loaded<unknown>; diagnostics: Diagnostic[]; text?: string }> {
  if (rel.startsWith(REQUESTS_DIR)) {
    const named = classifyRequestPath(rel, entryOnDisk(repoDir, rel));
    if (named.kind === 'refused')
      return { diagnostics: [{ file: rel, severity: 'error', message: named.reason }] };
  }
  const kind = kindOf(rel);
  if (!kind) {
    return {
      diagnostics: [
        {
          file: rel,
          severity: 'error',
          message:
            'not an intents file: expected intents/catalog/*.yaml, intents/outcomes/*.yaml, intents/anomaly-rules/*.yaml, intents/policies/*.yaml, intents/learning.yaml, intents/notify.yaml, intents/execute.yaml, intents/environments.yaml or intents/requests/*.yaml',
        },
      ],
    };
  }
  let read: ReturnType<typeof readBounded>;
  try {
    read = readBounded(repoDir, rel, realRoot);
  } catch (err) {
    const message = err instanceof OutsideRepoError ? err.message : `cannot read: ${(err as Error).message}`;
    return { kind, diagnostics: [{ file: rel, severity: 'error', message }] };
  }
  if ('tooLarge' in read) {
    return {
      kind,
      diagnostics: [
        {
          file: rel,
          severity: 'error',
          message: `file is too large (${read.tooLarge} bytes); at most 1048576 bytes allowed`,
        },
      ],
    };
  }
  const parsed = parseIntentYaml(rel, read.bytes, parsedYaml && { store: parsedYaml, key: read.real });
  if (!parsed.source) return { kind, diagnostics: parsed.diagnostics };
  const checked = checkSchema(parsed.source, SCHEMAS[kind]);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (checked.data === undefined) return { kind, diagnostics };
  return {
    kind,
    loaded: { path: rel, source: parsed.source, data: checked.data },
    diagnostics,
    text: parsed.source.text,
  };
}

/** Each file of a .yaml/.yml pair that is being loaded is an error naming the other one. */
function twinDiagnostics(all: readonly string[], files: readonly string[]): Diagnostic[] {
  const loading = new Set(files);
  return extensionTwins([...all, ...files]).flatMap((pair) =>
    pair
      .filter((f) => loading.has(f))
      .map((f) => ({
        file: f,
        severity: 'error' as const,
        message: `same name as ${pair.find((g) => g !== f)}: the two differ only by .yaml/.yml, so one would be taken for the other; keep one`,
      })),
  );
}

export interface LoadOptions {
  /** Values of files an earlier run parsed: see src/app/shared/parsed-yaml.ts. */
  parsedYaml?: ParsedYamlCache;
}

export async function loadRepo(
  repoDir: string,
  only?: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const all = listIntentFiles(repoDir);
  // Named files: the definitions, and of intents/requests/ only those named (another request's
  // problem must not block this one's plan).
  const files = only ? [...new Set([...all.filter((f) => !f.startsWith(REQUESTS_DIR)), ...only])] : all;
  // What the digest covers, in file order; it is computed on first use (`validate` never asks).
  const hashed: string[] = [];
  let digest: string | undefined;
  const catalog: Catalog = {
    intents: new Map(),
    outcomes: [],
    rules: [],
    policies: [],
    requests: [],
    get digest() {
      if (digest === undefined) {
        const hash = createSha256();
        for (const part of hashed) hash.update(part);
        digest = `sha256:${hash.digest('hex')}`;
      }
      return digest;
    },
  };
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(join(repoDir, 'intents'))) {
    diagnostics.push({
      file: 'intents/',
      severity: 'error',
      message: `no intents/ folder in ${repoDir}: is it the GitOps repository? (use --repo DIR)`,
    });
  }
  diagnostics.push(...twinDiagnostics(all, files));
  const root = realRepoRoot(repoDir);
  const results: Awaited<ReturnType<typeof loadFile>>[] = [];
  for (const f of files) {
    results.push(await loadFile(repoDir, f, root, options.parsedYaml));
    // A file is read and parsed in one go; between files the event loop turns, so requests in flight
    // (the plan's GitHub reads) move on while the repository loads, not after it.
    await new Promise((resolve) => setImmediate(resolve));
  }
  results.forEach((r, i) => {
    const path = files[i] as string;
    diagnostics.push(...r.diagnostics);
    if (r.kind && r.kind !== 'request' && r.text !== undefined) hashed.push(`${path}\u0000${r.text}\u0000`);
    if (!r.loaded) return;
    switch (r.kind) {
      case 'intent': {
        const l = r.loaded as Loaded<Intent>;
        catalog.intents.set(l.data.name, l);
        break;
      }
      case 'outcomes':
        catalog.outcomes.push(r.loaded as Loaded<OutcomeSpec>);
        break;
      case 'anomaly-rules':
        catalog.rules.push(r.loaded as Loaded<AnomalyRules>);
        break;
      case 'policy':
        catalog.policies.push(r.loaded as Loaded<PolicyFile>);
        break;
      case 'learning':
        catalog.learning = r.loaded as Loaded<Learning>;
        break;
      case 'notify':
        catalog.notify = r.loaded as Loaded<NotifyConfig>;
        break;
      case 'execute':
        catalog.execute = r.loaded as Loaded<ExecuteSettings>;
        break;
      case 'environments':
        catalog.environments = r.loaded as Loaded<EnvironmentsFile>;
        break;
      case 'request':
        catalog.requests.push(r.loaded as Loaded<Request>);
        break;
    }
  });
  return { catalog, diagnostics, files };
}
