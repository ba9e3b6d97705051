// GitHub cancels a job with SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that. The
// first signal aborts the run: the step's process group is stopped and its record written and
// pushed. Every later signal is only logged, so nothing interrupts the record while it is written.

export interface SignalGuard {
  signal: AbortSignal;
  /**
   * Stops listening: signals then get Node's default handling again — unless one was already
   * received. A cancelled process is on its way out, and a repeated Ctrl-C between the record being
   * written and the process ending must not turn its exit code into a kill.
   */
  dispose(): void;
}

export function cancelOnSignals(log: (line: string) => void): SignalGuard {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      log(`received ${sig} again: ignored until the record is written and pushed`);
      return;
    }
    log(`received ${sig}: stopping the running step, then writing and pushing its record`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      if (controller.signal.aborted) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
