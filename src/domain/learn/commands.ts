// The commands in a `/manual-fix` or `/manual-step` note, and the same commands with the target
// replaced by a param, so fixes that differ only by the app they were run on count as one pattern.

const FENCE = /```[^\n]*\n([\s\S]*?)```/g;

/** Commands of a note: fenced code if there is any, else `$ `-prompted lines, else every line. */
export function noteCommands(text: string): string[] {
  const fenced = [...text.matchAll(FENCE)].flatMap((m) => (m[1] ?? '').split('\n'));
  const lines = fenced.length ? fenced : text.split('\n');
  const prompted = lines.filter((l) => /^\s*\$\s+/.test(l));
  return (prompted.length ? prompted.map((l) => l.replace(/^\s*\$\s+/, '')) : lines)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A name stands alone or starts a derived one (`shop` in `shop-redis`), never ends one.
const nameRe = (t: string) => new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(t)}(?![A-Za-z0-9_])`, 'g');

export const mentions = (command: string, target: string) => target !== '' && nameRe(target).test(command);

/** `targets` (longest first) replaced, as whole names, by `{{param}}`. */
export function generalize(command: string, targets: readonly string[], param: string): string {
  let out = command;
  for (const t of [...targets].sort((a, b) => b.length - a.length)) {
    if (t) out = out.replace(nameRe(t), `{{${param}}}`);
  }
  return out;
}

const NAMED_BY_SUBCOMMAND = new Set([
  'kubectl',
  'helm',
  'docker',
  'systemctl',
  'git',
  'velero',
  'flux',
  'argocd',
]);

/** The words that say what a command does: flags, their short values and templated names dropped. */
function commandWords(command: string): string[] {
  const tokens = command.split(' ');
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (/^-[A-Za-z]$/.test(t)) {
      i++; // a short flag's value
      continue;
    }
    if (t.startsWith('-') || t.includes('/') || t.includes('=')) continue;
    // `{{app}}-cache` says "cache"; `{{app}}` alone says nothing.
    const w = t
      .replace(/\{\{[^}]*\}\}/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .replace(/^-+|-+$/g, '');
    if (/^[a-z][a-z0-9-]*$/.test(w)) words.push(w);
  }
  return words;
}

/** A kebab name for what a command does: `kubectl delete pod …` → `delete-pod`, `redis-cli … FLUSHDB` → `redis-flushdb`. */
export function actionName(command: string): string {
  const [tool, ...rest] = commandWords(command);
  if (!tool) return '';
  const parts = NAMED_BY_SUBCOMMAND.has(tool)
    ? rest.slice(0, 2)
    : [tool.replace(/-cli$/, ''), ...rest.slice(0, 1)];
  return parts.join('-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

/** A kebab name for an intent built from commands: the action of the first one that has a name. */
export function intentNameFor(commands: readonly string[]): string {
  return commands.map(actionName).find(Boolean) || 'manual-fix';
}
