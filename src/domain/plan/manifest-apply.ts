import type { Command, Plan, PlannedStep } from './plan.js';
import { kubectlOperands } from './preview-commands.js';

// The built-in preview's question: which steps apply manifests from the repository
// (`kubectl apply -k <dir>`, `kubectl apply -f <file or dir>`), and from where. Read from the plan's
// rendered steps, so `apps/{{app}}` is the path the run will apply.

export interface ApplySource {
  step: string;
  /** `-k`: a kustomization folder; `-f`: a manifest file or a folder of them. */
  kind: 'kustomize' | 'files';
  /** Relative to the repository's root, normalised. */
  path: string;
  recursive: boolean;
  /** `-n`: the namespace of the objects that name none. */
  namespace?: string;
}

/** A step that applies manifests the built-in preview cannot read, and why. */
export interface ApplySkipped {
  step: string;
  skipped: string;
}

/**
 * The words of a shell string that is one simple command (words, single or double quotes, no
 * expansion, operator or redirection); undefined otherwise.
 */
export function simpleWords(line: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += line.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return undefined;
      const inner = line.slice(i + 1, end);
      if (/[$`\\]/.test(inner)) return undefined;
      cur += inner;
      has = true;
      i = end;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else if (/[;&|<>()$`\\*?[\]{}~#]/.test(c)) {
      return undefined;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

/** `a/./b/` → `a/b`; undefined for a path outside the repository, absolute, or a URL. */
export function repoPath(p: string): string | undefined {
  if (p === '' || p === '-' || p.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join('/') : '.';
}

const VALUE = (
  a: string,
  short: string,
  long: string,
): { value?: string; takesNext: boolean } | undefined => {
  if (a === short || a === long) return { takesNext: true };
  if (a.startsWith(`${long}=`)) return { value: a.slice(long.length + 1), takesNext: false };
  if (a.startsWith(short) && a.length > short.length && !a.startsWith('--'))
    return { value: a.slice(short.length).replace(/^=/, ''), takesNext: false };
  return undefined;
};

function fromArgv(step: string, argv: readonly string[]): (ApplySource | ApplySkipped)[] {
  if ((argv[0]?.split('/').pop() ?? '') !== 'kubectl') return [];
  const args = argv.slice(1);
  if (kubectlOperands(args)[0] !== 'apply') return [];
  if (args.some((a) => a === '--dry-run' || a.startsWith('--dry-run='))) return [];
  const recursive = args.includes('-R') || args.includes('--recursive');
  let namespace: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const n = VALUE(args[i] as string, '-n', '--namespace');
    if (n) namespace = n.takesNext ? args[i + 1] : n.value;
  }
  const out: (ApplySource | ApplySkipped)[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const k = VALUE(a, '-k', '--kustomize');
    const f = k ? undefined : VALUE(a, '-f', '--filename');
    const hit = k ?? f;
    if (!hit) continue;
    const raw = hit.takesNext ? args[++i] : hit.value;
    if (raw === undefined) continue;
    const path = repoPath(raw);
    if (!path) {
      out.push({
        step,
        skipped: `${raw} is not a path in the repository (only manifests from the pull request are previewed)`,
      });
      continue;
    }
    out.push({ step, kind: k ? 'kustomize' : 'files', path, recursive, ...(namespace ? { namespace } : {}) });
  }
  return out;
}

/** The manifests the plan's steps apply, in step order (rollback steps are not a run's change). */
export function applySources(
  steps: readonly Pick<PlannedStep, 'name' | 'command'>[],
): (ApplySource | ApplySkipped)[] {
  return steps.flatMap((s) => {
    const cmd: Command = s.command;
    if (typeof cmd !== 'string') return fromArgv(s.name, cmd);
    const words = simpleWords(cmd);
    if (words) return fromArgv(s.name, words);
    return /\bkubectl\b[^\n;|&]*\bapply\b/.test(cmd)
      ? [
          {
            step: s.name,
            skipped:
              'the step is a shell command line of more than one simple command: its manifests cannot be read from it',
          },
        ]
      : [];
  });
}

/** Whether a plan has anything to preview: `preview:` commands, or a step applying manifests. */
export function hasPreviews(plan: Pick<Plan, 'steps' | 'previews'> | undefined): boolean {
  return !!plan && (!!plan.previews?.length || applySources(plan.steps).length > 0);
}
