import { runProcess } from '../adapters/process-runner.js';
import { abortableSleep, type ExecPorts } from './ports.js';

export function realPorts(log: (line: string) => void): ExecPorts {
  return { runProcess, now: () => new Date(), sleep: abortableSleep, log };
}
