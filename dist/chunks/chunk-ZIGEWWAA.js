import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/adapters/signals.ts
function cancelOnSignals(log) {
  const controller = new AbortController();
  const onSignal = (sig) => {
    if (controller.signal.aborted) {
      log(`received ${sig} again: ignored until the record is written and pushed`);
      return;
    }
    log(`received ${sig}: stopping the running step, then writing and pushing its record`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose() {
      if (controller.signal.aborted) return;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };
}

export {
  cancelOnSignals
};
