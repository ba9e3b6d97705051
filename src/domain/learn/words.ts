// How a suggestion names what it saw, the way a person would write it in a PR: the targets actually
// involved, counted when there are many.

/** `on shop`, `on shop and billing`, `on shop, billing and mail`, `on 6 apps (shop, billing, mail, …)`. */
export function onTargets(targets: readonly string[], param = 'target'): string {
  const t = [...new Set(targets)];
  if (t.length === 0) return '';
  if (t.length === 1) return `on ${t[0]}`;
  if (t.length <= 3) return `on ${t.slice(0, -1).join(', ')} and ${t.at(-1)}`;
  return `on ${t.length} ${param}s (${t.slice(0, 3).join(', ')}, …)`;
}

/** Distinct targets in first-seen order. */
export const targetsOf = (xs: readonly { target?: string | undefined }[]): string[] => [
  ...new Set(xs.map((x) => x.target).filter((t): t is string => !!t)),
];
