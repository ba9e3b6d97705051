import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/failed-step.ts
var STDERR_TAIL_LINES = 15;
function lastLines(text, n = STDERR_TAIL_LINES) {
  const lines = text.replace(/\s+$/, "").split("\n");
  return lines.length === 1 && lines[0] === "" ? [] : lines.slice(-n);
}
function stepEnding(run) {
  if (run.timed_out) return "timed out";
  if (run.cancelled) return "cancelled";
  if (run.exit_code === null && run.error) return run.error;
  return `exit ${run.exit_code ?? "none"}`;
}
function failedStep(record) {
  return record.commands_run.find((c) => c.exit_code !== 0 && !c.continue_on_error && !c.cancelled);
}

export {
  lastLines,
  stepEnding,
  failedStep
};
