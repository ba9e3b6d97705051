import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// An action run at another time: "20 minutes later", "a week ago", without waiting. The child's
// Date starts at `at` and runs on from there. The offset is baked into a module the child imports
// through NODE_OPTIONS (which the action keeps when it seals its environment; any other variable
// would be sealed away before the new image reads it). Test-only: the product has no clock switch.

const dir = mkdtempSync(join(tmpdir(), 'intentops-clock-'));
let n = 0;

export function clockAt(at: Date | number): Record<string, string> {
  const offset = (typeof at === 'number' ? at : at.getTime()) - Date.now();
  const file = join(dir, `clock-${++n}.mjs`);
  writeFileSync(
    file,
    `const offset = ${Math.round(offset)};
const Real = Date;
globalThis.Date = new Proxy(Real, {
  construct: (target, args, newTarget) =>
    Reflect.construct(target, args.length ? args : [Real.now() + offset], newTarget),
  apply: () => new Real(Real.now() + offset).toString(),
  get: (target, key) => (key === 'now' ? () => Real.now() + offset : Reflect.get(target, key)),
});
`,
  );
  return { NODE_OPTIONS: `--import=${pathToFileURL(file).href}` };
}
