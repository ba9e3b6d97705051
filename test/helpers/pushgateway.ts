import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './prometheus-server.js';

/**
 * A real Prometheus Pushgateway (Debian package `prometheus-pushgateway`) on a loopback port, no
 * persistence. Tests push known values to it and a real Prometheus scrapes it, so a metric can
 * really change between two snapshots.
 */

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const hasPushgateway = existsSync(PUSHGATEWAY_BIN);

export interface Pushgateway {
  /** Base URL, e.g. `http://127.0.0.1:40123`; Prometheus scrapes `${url}/metrics`. */
  url: string;
  /** Where a PUT replaces the group of `job` (plus grouping labels), e.g. from a step. */
  groupUrl(job: string, labels?: Record<string, string>): string;
  /** PUT text-format metrics into the group; throws on a non-2xx answer. */
  push(job: string, text: string, labels?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

export class PushgatewayError extends Error {
  override readonly name = 'PushgatewayError';
}

export async function startPushgateway(): Promise<Pushgateway> {
  // A freed port can be taken before the gateway binds it; a fresh one is then tried.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Debian's build defaults --persistence.file to /var/lib/prometheus/pushgateway.data: without
    // an empty one, every gateway would start with what earlier tests pushed and save its own there.
    const child = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    try {
      await waitReady(url, child, () => log);
    } catch (err) {
      await kill(child);
      if (attempt < 3 && /address already in use/.test(log)) continue;
      throw err;
    }
    const groupUrl = (job: string, labels: Record<string, string> = {}): string =>
      [`${url}/metrics/job/${encodeURIComponent(job)}`]
        .concat(Object.entries(labels).map(([k, v]) => `${k}/${encodeURIComponent(v)}`))
        .join('/');
    return {
      url,
      groupUrl,
      async push(job, text, labels) {
        const target = groupUrl(job, labels);
        const res = await fetch(target, {
          method: 'PUT',
          body: text.endsWith('\n') ? text : `${text}\n`,
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) {
          throw new PushgatewayError(`PUT ${target}: ${res.status} ${(await res.text()).trim()}`);
        }
      },
      stop: () => kill(child),
    };
  }
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new PushgatewayError(`pushgateway exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new PushgatewayError(`pushgateway not ready within ${READY_TIMEOUT_MS} ms:\n${log()}`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
