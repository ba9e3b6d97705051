import { userInfo } from 'node:os';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { GlobalOptions } from './main.js';
import { toolVersion } from './tool-version.js';

// `intentops rollback <execution-id>`: a person at a terminal is the human decision the `ask`
// policy waits for. And after `run`: what the policy says when a check, a P1 indicator or the bake
// failed (auto rolls back now, ask prints how, never says so).

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function localUser(): string {
  try {
    return process.env.USER || userInfo().username || 'local user';
  } catch {
    return 'local user';
  }
}

/** exit 0 when the rollback (and its bake) passed, 1 when it did not, 2 when refused (bad input). */
export async function rollbackCommand(g: GlobalOptions, id: string): Promise<number> {
  const [{ cancelOnSignals }, { runRollback }, { realPorts }, { localOrigin }] = await Promise.all([
    import('../adapters/signals.js'),
    import('../app/rollback/run-rollback.js'),
    import('../app/shared/real-ports.js'),
    import('../app/records/origin.js'),
  ]);
  const signals = cancelOnSignals(err);
  try {
    const r = await runRollback(
      {
        repoDir: g.repo,
        toolVersion: await toolVersion(),
        env: process.env,
        id,
        by: localUser(),
        mode: 'ask',
        trigger: `intentops rollback run by ${localUser()}`,
        signal: signals.signal,
      },
      { ...realPorts(g.json ? () => {} : err), origin: localOrigin(g.repo, process.env) },
    );
    const ok = r.record.status === 'success' && (!r.bake?.baked || r.bake.observation.verdict === 'pass');
    if (g.json) out(JSON.stringify({ path: r.path, record: r.record, ok }, null, 2));
    else out(`${r.note.replace(/\*\*/g, '')}\nrollback record: ${r.path}`);
    return ok ? 0 : 1;
  } finally {
    signals.dispose();
  }
}

/** After a run or its bake went wrong: the policy's answer. Never changes the exit code. */
export async function remediateAfter(
  g: GlobalOptions,
  record: ExecutionRecord,
  signal?: AbortSignal,
): Promise<void> {
  const [{ remediate }, { realPorts }, { localOrigin }] = await Promise.all([
    import('../app/rollback/remediate.js'),
    import('../app/shared/real-ports.js'),
    import('../app/records/origin.js'),
  ]);
  const r = await remediate(
    {
      repoDir: g.repo,
      toolVersion: await toolVersion(),
      env: process.env,
      record,
      ...(signal ? { signal } : {}),
    },
    { ...realPorts(g.json ? () => {} : err), origin: localOrigin(g.repo, process.env) },
  );
  if (r.action === 'rolled-back' && !g.json) err(r.rollback.note.replace(/\*\*/g, ''));
}
