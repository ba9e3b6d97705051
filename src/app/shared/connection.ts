import type { ObserverConfig } from './providers.js';

// One environment's cluster and observability credentials, as a run uses them: the observers'
// configuration, and what its steps get on top of the job's environment (the kubeconfig file of
// that environment). Made for one request at a time and released after it, so the files of one
// environment are gone before a step of another one runs.

export interface Connection {
  observe: ObserverConfig;
  /** Set in every step's environment on top of the job's (KUBECONFIG: this environment's file). */
  stepEnv: Record<string, string>;
  /** Removes what was written for it; safe to call more than once. */
  release(): void;
}

/** Why a request cannot get its environment's credentials (it is then recorded, and nothing runs). */
export interface Refusal {
  refused: string;
}

export type Connect = (environment: string | undefined) => Promise<Connection | Refusal>;
