import * as core from '../adapters/actions-runner.js';
import { replayAll } from '../app/audit/replay.js';
import type { ActionInputs } from './inputs.js';
import { sinceInput } from './report-action.js';
import { cell, writeSummary } from './summary.js';

// `command: replay`: every record (or those within `since`) replayed; the step fails when a
// replay's verdict differs from the recorded one or a record cannot be read (`intentops replay --all`).

export async function replayAction(inputs: ActionInputs): Promise<void> {
  const res = await replayAll(inputs.repoPath, sinceInput(inputs.since, new Date()));
  for (const d of res.differing) core.error(`${d.path}: ${d.differences.join('; ')}`, { file: d.path });
  for (const u of res.unreadable) core.error(`${u.path}: ${u.reason}`, { file: u.path });
  const bad = res.differing.length + res.unreadable.length;
  core.setOutput('status', bad ? 'differs' : 'same');
  const line = `replayed ${res.replayed} record(s): ${res.same} same verdict, ${res.differing.length} differ, ${res.unreadable.length} unreadable`;
  await writeSummary(
    [
      `### intentops replay: ${line}`,
      ...res.differing.map((d) => `- \`${cell(d.path)}\`: ${cell(d.differences.join('; '))}`),
      ...res.unreadable.map((u) => `- \`${cell(u.path)}\`: ${cell(u.reason)}`),
    ].join('\n'),
  );
  if (bad) core.setFailed(line);
  else core.info(line);
}
