import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatDiagnostic } from '../../domain/input/diagnostic.js';
import type { Suggestion } from '../../domain/learn/types.js';
import { validate } from '../validate/validate.js';

// A suggestion must leave the repository valid: its changes are applied to a copy of intents/ and
// the real validator runs over it. One that would not validate is reported, never proposed.

export async function problemsAfter(repoDir: string, s: Suggestion, now: Date): Promise<string[]> {
  const tmp = await mkdtemp(join(tmpdir(), 'intentops-learn-check-'));
  try {
    await cp(join(repoDir, 'intents'), join(tmp, 'intents'), { recursive: true, verbatimSymlinks: true });
    await rm(join(tmp, 'intents', 'requests'), { recursive: true, force: true });
    for (const c of s.changes) {
      await mkdir(dirname(join(tmp, c.path)), { recursive: true });
      await writeFile(join(tmp, c.path), c.after);
    }
    const result = await validate(tmp, { now, approvals: null, history: [] });
    return result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
