import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BASE_ENV_NAMES } from '../app/shared/step-env.js';
import { type ScrubResult, scrubStartupEnviron } from './environ-scrub.js';

/*
 * A step is untrusted code, and any process of the runner's user reads `/proc/<pid>/environ` of
 * every other: the environment a process was *started* with stays there for its whole life, whatever
 * it later deletes from `process.env`. The runner starts the action with the `github-token` input,
 * `ACTIONS_RUNTIME_TOKEN` and every secret the workflow sets in that environment. So the action's
 * first act is to take everything but the names below into memory (`actionEnv()`) and out of
 * `process.env`, and to make `/proc/<pid>/environ` stop showing them:
 *  - on Linux by overwriting those bytes of its own start-up environment (environ-scrub.ts), read
 *    back to check;
 *  - elsewhere, or when the kernel refuses that, by starting again as the same process
 *    (`process.execve`, same pid: the runner still waits on it) with only the names below, taking the
 *    rest over a FIFO from a short-lived holder child that got them over a pipe: they never touch a
 *    file, an environ or a command line.
 * Every child — git, the Kubernetes client's exec plugins, steps — starts from the clean
 * `process.env` unless given more on purpose.
 */

/** Set in the new image: the FIFO the sealed entries come through. Its path is no secret. */
const SEALED_VAR = 'INTENTOPS_SEALED_ENV';
/** How long the holder waits for the new image to read (then it removes the FIFO and exits). */
const HOLDER_WAIT_MS = 60_000;
/** How long either side waits for the other before giving up (a machine under load is slow to start Node). */
const HANDOVER_MS = 30_000;

/**
 * The variables the runner sets that carry no secret (GitHub's documented defaults, the runner's
 * paths) and those a process needs to behave as before. Everything else is sealed: a workflow may set
 * any name, `GITHUB_APP_KEY` included, so this is a list of what to keep, not of what to hide.
 */
const KEEP = new Set([
  // What every step gets of this environment is kept by definition (none of it is secret).
  ...BASE_ENV_NAMES,
  'PWD',
  'HOSTNAME',
  // In a pod: where the API server is (the service account's token is a file, not a variable).
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'NODE_COMPILE_CACHE',
  'ImageOS',
  'ImageVersion',
  ...[
    'ACTION',
    'ACTION_PATH',
    'ACTION_REF',
    'ACTION_REPOSITORY',
    'ACTIONS',
    'ACTOR',
    'ACTOR_ID',
    'API_URL',
    'BASE_REF',
    'ENV',
    'EVENT_NAME',
    'EVENT_PATH',
    'GRAPHQL_URL',
    'HEAD_REF',
    'JOB',
    'OUTPUT',
    'PATH',
    'REF',
    'REF_NAME',
    'REF_PROTECTED',
    'REF_TYPE',
    'REPOSITORY',
    'REPOSITORY_ID',
    'REPOSITORY_OWNER',
    'REPOSITORY_OWNER_ID',
    'RETENTION_DAYS',
    'RUN_ATTEMPT',
    'RUN_ID',
    'RUN_NUMBER',
    'SERVER_URL',
    'SHA',
    'STATE',
    'STEP_SUMMARY',
    'TRIGGERING_ACTOR',
    'WORKFLOW',
    'WORKFLOW_REF',
    'WORKFLOW_SHA',
    'WORKSPACE',
  ].map((n) => `GITHUB_${n}`),
  ...['ARCH', 'DEBUG', 'ENVIRONMENT', 'NAME', 'OS', 'TEMP', 'TOOL_CACHE', 'TRACKING_ID', 'WORKSPACE'].map(
    (n) => `RUNNER_${n}`,
  ),
]);
const KEEP_PREFIX = /^(LC_[A-Z]+|XDG_[A-Z_]+)$/;

/** Whether a variable may stay in the environment every process of the runner's user can read. */
export function keptInEnviron(name: string): boolean {
  return KEEP.has(name) || KEEP_PREFIX.test(name);
}

/** Splits an environment into what stays visible and what is sealed. */
export function splitEnv(env: Record<string, string | undefined>): {
  keep: Record<string, string>;
  sealed: Record<string, string>;
} {
  const keep: Record<string, string> = {};
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    (keptInEnviron(name) ? keep : sealed)[name] = value;
  }
  return { keep, sealed };
}

export type SealOutcome =
  /**
   * The sealed entries are in memory only: cleared from this process's start-up environment
   * (`in place`), or this image was started without them (`re-executed`).
   */
  | { status: 'sealed'; names: string[]; how: 'in place' | 're-executed' }
  /** Nothing to hide (no input, no secret in the environment). */
  | { status: 'nothing-to-seal' }
  /** The environment could not be sealed: steps could read it. `why` goes to the log. */
  | { status: 'not-sealed'; why: string };

let sealedEntries: Record<string, string> = {};

/**
 * The environment the runner started the action with: the clean `process.env` and the sealed entries.
 * Read inputs, secrets and the names an intent passes to its steps from here, never `process.env`.
 */
export function actionEnv(): Record<string, string | undefined> {
  return { ...process.env, ...sealedEntries };
}

/** The sealed entries, to hand to a second copy of this module in this process (the validate bundle's). */
export function sealedEntriesCopy(): Record<string, string> {
  return { ...sealedEntries };
}

/** In that second copy: takes the entries the first one holds. */
export function adoptSealed(entries: Record<string, string>): void {
  sealedEntries = { ...entries };
}

/**
 * The holder, a POSIX shell (not a second Node: its start was ~30 ms on the path of every run, the
 * runner's first image waiting for it). It makes the FIFO, reads the payload on stdin into a shell
 * variable, says `ready`, and writes it into the FIFO once the new image opens it; then it removes the
 * folder. `ready` comes once the writer is started, and this shell keeps no copy of the payload.
 * `printf` is a shell built-in (dash, bash, zsh, busybox), so the payload is on no command
 * line. `mkfifo`, `cat` and `sleep` are separate programs, looked up on HOLDER_PATH only: the runner's
 * PATH holds whatever a step appended to `$GITHUB_PATH`, and a `cat` planted there would be handed
 * the payload. The shell's environment is that PATH only. A new image that never comes is waited for
 * `wait` seconds.
 */
const HOLDER = `dir=$1 wait=$2
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' HUP INT TERM
mkfifo -m 600 "$dir/env" || exit 1
payload=$(cat) || exit 1
[ -n "$payload" ] || exit 1
printf '%s' "$payload" >"$dir/env" &
writer=$!
payload=
echo ready
waited=0
while kill -0 "$writer" 2>/dev/null; do
  if [ "$waited" -ge "$wait" ]; then kill "$writer" 2>/dev/null; exit 1; fi
  sleep 1
  waited=$((waited + 1))
done
wait "$writer"
`;

/** The system's own folders (Linux and macOS keep mkfifo, cat and sleep there); no step writes them. */
const HOLDER_PATH = '/usr/bin:/bin';

const HANDOVER = /^intentops-seal-[A-Za-z0-9]{6}$/;

/** `<the private folder's root>/intentops-seal-XXXXXX/env`, as privateDir and sealEnvironment make it. */
export function isHandoverPath(path: string): boolean {
  const dir = dirname(path);
  return (
    path === join(dir, 'env') && HANDOVER.test(basename(dir)) && ['/dev/shm', tmpdir()].includes(dirname(dir))
  );
}

/** A folder only this user can enter, in memory where the system has one. */
function privateDir(): string {
  const root = process.platform === 'linux' ? '/dev/shm' : tmpdir();
  try {
    return mkdtempSync(join(root, 'intentops-seal-'));
  } catch {
    return mkdtempSync(join(tmpdir(), 'intentops-seal-'));
  }
}

/** Stops the holder and the writer it may have started: its process group (it is detached). */
function stopHolder(holder: ChildProcess): void {
  try {
    if (holder.pid !== undefined) process.kill(-holder.pid, 'SIGKILL');
  } catch {
    holder.kill('SIGKILL');
  }
}

/** Starts the holder with the payload; resolves once it holds all of it (and the FIFO exists). */
function startHolder(dir: string, payload: Buffer): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const holder = spawn(
      '/bin/sh',
      ['-c', HOLDER, 'intentops-seal-holder', dir, String(Math.ceil(HOLDER_WAIT_MS / 1000))],
      {
        env: { PATH: HOLDER_PATH },
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
      },
    );
    const timer = setTimeout(() => {
      stopHolder(holder);
      reject(new Error(`the holder process did not answer within ${HANDOVER_MS} ms`));
    }, HANDOVER_MS);
    holder.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    holder.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the holder process ended early (exit ${code})`));
    });
    holder.stdout.once('data', () => {
      clearTimeout(timer);
      holder.removeAllListeners('exit');
      holder.unref();
      resolve(holder);
    });
    holder.stdin.end(payload);
  });
}

export interface Handover {
  /** The FIFO the entries come out of, once, to the first reader. */
  fifo: string;
  /** The holder, until it is done (tests wait for its exit). */
  holder: ChildProcess;
  /** Stops the holder and removes the FIFO's folder (when the new image will not come). */
  stop(): void;
}

/**
 * Puts `sealed` in the holder's keeping behind a FIFO in a private folder; resolves once the holder
 * has all of it, so this process may be replaced.
 */
export async function handOver(sealed: Record<string, string>): Promise<Handover> {
  const dir = privateDir();
  try {
    const holder = await startHolder(dir, Buffer.from(JSON.stringify(sealed), 'utf8'));
    return {
      fifo: join(dir, 'env'),
      holder,
      stop() {
        stopHolder(holder);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * In the image the runner started: clears the sealed entries from its start-up environment, or else
 * re-executes this process without them (it does not return then). In the new image: takes them back
 * into memory. When neither can be done (not Linux, and no `process.execve`: Node < 22.15 or
 * Windows): says why nothing was sealed.
 */
export async function sealEnvironment(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  scrub: (keep: (name: string) => boolean) => ScrubResult = scrubStartupEnviron,
): Promise<SealOutcome> {
  const fifo = process.env[SEALED_VAR];
  if (fifo) {
    delete process.env[SEALED_VAR];
    // Only a FIFO this module made: a stray variable (a workflow's env:) must not point the clean-up
    // below at another folder.
    if (!isHandoverPath(fifo)) throw new Error(`${SEALED_VAR} is not a path this action made: ${fifo}`);
    try {
      sealedEntries = JSON.parse(await readHandover(fifo)) as Record<string, string>;
    } finally {
      rmSync(dirname(fifo), { recursive: true, force: true });
    }
    return { status: 'sealed', names: Object.keys(sealedEntries).sort(), how: 're-executed' };
  }
  const { keep, sealed } = splitEnv(process.env);
  if (Object.keys(sealed).length === 0) {
    // process.env shows no entry to seal, but the start-up environment may hold one it does not
    // show (a string without `=`): cleared all the same, where that can be done.
    try {
      scrub(keptInEnviron);
    } catch {}
    return { status: 'nothing-to-seal' };
  }
  const inPlace = sealInPlace(sealed, scrub);
  if (inPlace.ok) return { status: 'sealed', names: Object.keys(sealed).sort(), how: 'in place' };
  const notInPlace = `clearing it in place failed: ${inPlace.why}`;
  const execve = (
    process as { execve?: (file: string, args: string[], env: Record<string, string>) => never }
  ).execve;
  if (typeof execve !== 'function' || process.platform === 'win32') {
    return {
      status: 'not-sealed',
      why: `${notInPlace}, and process.execve is not available (Node ${process.versions.node} on ${process.platform}; it needs Node 22.15 or later on Linux or macOS)`,
    };
  }
  let handover: Handover;
  try {
    handover = await handOver(sealed);
  } catch (err) {
    return {
      status: 'not-sealed',
      why: `${notInPlace}; ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  try {
    execve.call(process, process.execPath, [process.execPath, ...execArgv, ...argv.slice(1)], {
      ...keep,
      [SEALED_VAR]: handover.fifo,
    });
  } catch (err) {
    // The process was not replaced (the call failed before the kernel took over): run on unsealed.
    handover.stop();
    return {
      status: 'not-sealed',
      why: `${notInPlace}; process.execve failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  throw new Error('process.execve returned');
}

/**
 * Takes `sealed` into memory and out of `process.env` (unsetenv: the C library's `environ` no longer
 * points at them), then clears their bytes from the start-up environment. When that fails, puts them
 * back as they were, for the re-exec to hand them over.
 */
function sealInPlace(
  sealed: Record<string, string>,
  scrub: (keep: (name: string) => boolean) => ScrubResult,
): ScrubResult {
  for (const name of Object.keys(sealed)) delete process.env[name];
  let result: ScrubResult;
  try {
    result = scrub(keptInEnviron);
  } catch (err) {
    result = { ok: false, why: err instanceof Error ? err.message : String(err) };
  }
  if (result.ok) sealedEntries = sealed;
  else Object.assign(process.env, sealed);
  return result;
}

/**
 * Reads the FIFO the holder writes into. Opening it waits for the holder; should the holder be gone,
 * the wait ends after HANDOVER_MS with an error instead of holding the job until its timeout.
 */
async function readHandover(fifo: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the sealed environment did not arrive within ${HANDOVER_MS} ms (${fifo})`)),
      HANDOVER_MS,
    );
  });
  try {
    return await Promise.race([readFile(fifo, 'utf8'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
