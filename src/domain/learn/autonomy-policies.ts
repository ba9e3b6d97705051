import { isMap, type YAMLMap } from 'yaml';
import type { CatalogView } from './catalog-view.js';
import type { FileChange } from './types.js';
import { editYaml } from './yaml-edit.js';

// The policies that give an agent its autonomy, and the edit of their `max_risk` a track-record
// suggestion proposes (comments and order kept).

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];
/** What a policy lets an agent run alone when it names no max_risk (src/domain/policy/policy.ts). */
const DEFAULT_MAX_RISK: Risk = 'low';

/** The policies that name `agent` in autonomy.agents, with their file and index. */
export function policiesOf(view: CatalogView, agent: string) {
  return view.policies.flatMap((file) =>
    file.data.policies.flatMap((p, index) =>
      p.autonomy?.agents?.includes(agent)
        ? [{ file, index, name: p.name, maxRisk: (p.autonomy.max_risk ?? DEFAULT_MAX_RISK) as Risk }]
        : [],
    ),
  );
}

/** `max_risk` set on each policy, one file change per file, with a comment saying why. */
export function setMaxRisk(
  targets: ReturnType<typeof policiesOf>,
  to: (current: Risk) => Risk,
  comment: string,
): FileChange[] {
  const byFile = new Map<string, typeof targets>();
  for (const t of targets) byFile.set(t.file.path, [...(byFile.get(t.file.path) ?? []), t]);
  return [...byFile.values()].map((ts) => {
    const file = (ts[0] as (typeof ts)[number]).file;
    return {
      path: file.path,
      before: file.text,
      after: editYaml(file.text, (doc) => {
        for (const t of ts) {
          doc.setIn(['policies', t.index, 'autonomy', 'max_risk'], to(t.maxRisk));
          const autonomy = doc.getIn(['policies', t.index, 'autonomy'], true);
          if (isMap(autonomy)) {
            const pair = (autonomy as YAMLMap).items.find(
              (p) => (p.key as { value?: unknown })?.value === 'max_risk',
            );
            const key = pair?.key as { commentBefore?: string } | undefined;
            if (key && typeof key === 'object') key.commentBefore = comment;
          }
        }
      }),
    };
  });
}

export const down = (r: Risk) => RISKS[Math.max(0, RISKS.indexOf(r) - 1)] as Risk;
export const up = (r: Risk) => RISKS[Math.min(RISKS.length - 1, RISKS.indexOf(r) + 1)] as Risk;
