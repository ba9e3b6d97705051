import { isNamespace } from '../observe/kube-state.js';
import { placeholders } from '../plan/template.js';
import type { ParamSpec } from '../schemas/catalog.js';

// Where a namespace template can point: the namespaces its params allow (a fixed name, an enum, a
// pattern that is a list of names), or anywhere (a free param, no -n at all) — then only a
// ClusterRole can grant it.

export type Scope = { namespaces: string[] } | { anywhere: string };

/** `^(shop|web)$`, `^shop$`, `^(?:a|b)$` → the names; undefined for any other pattern. */
export function patternNames(pattern: string): string[] | undefined {
  const m = /^\^(?:\((?:\?:)?([^()]*)\)|([^()|]*))\$$/.exec(pattern);
  const body = m?.[1] ?? m?.[2];
  if (body === undefined) return undefined;
  const names = body.split('|');
  return names.every((n) => isNamespace(n)) ? names : undefined;
}

function allowed(name: string, spec: ParamSpec | undefined): string[] | string {
  if (!spec) return `{{${name}}} is not a param`;
  if (spec.enum) return spec.enum.map(String);
  const listed = spec.pattern === undefined ? undefined : patternNames(spec.pattern);
  return listed ?? `{{${name}}} may be any namespace (no enum, no pattern listing names)`;
}

export function namespaceScope(
  template: string | undefined,
  params: Readonly<Record<string, ParamSpec>>,
): Scope {
  if (template === undefined) return { anywhere: "no namespace given: kubectl uses the context's namespace" };
  if (template === '*') return { anywhere: 'all namespaces (-A)' };
  let out = [template];
  for (const name of placeholders(template)) {
    const values = allowed(name, Object.hasOwn(params, name) ? params[name] : undefined);
    if (typeof values === 'string') return { anywhere: values };
    const mark = new RegExp(`\\{\\{[ \\t]*${name}[ \\t]*\\}\\}`, 'g');
    out = out.flatMap((t) => values.map((v) => t.replace(mark, () => v)));
  }
  if (out.some((n) => n.includes('{{'))) return { anywhere: `${template} is not one name` };
  return { namespaces: [...new Set(out.filter(isNamespace))].sort() };
}
