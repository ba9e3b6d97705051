import { runProcess } from '../../adapters/process-runner.js';
import { abortableSleep, type ExecPorts } from './ports.js';
import { createObservers, type ObserverConfig, observerConfigFromEnv } from './providers.js';

export function realPorts(
  log: (line: string) => void,
  observe: ObserverConfig = observerConfigFromEnv(process.env),
): ExecPorts {
  return {
    runProcess,
    now: () => new Date(),
    sleep: abortableSleep,
    log,
    observers: createObservers(observe),
  };
}
