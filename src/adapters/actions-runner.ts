import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { access, appendFile, constants, writeFile } from 'node:fs/promises';
import { EOL } from 'node:os';

// What the action says to the GitHub Actions runner: workflow commands on stdout (`::error file=…::`,
// `::add-mask::`, `::group::`), outputs appended to $GITHUB_OUTPUT, the job summary to
// $GITHUB_STEP_SUMMARY — the protocol GitHub documents, written byte for byte as @actions/core writes
// it (actions-runner.test.ts holds the two side by side). @actions/core loads its OIDC client at
// import (@actions/http-client, undici, tunnel: 600 KB bundled, ~90 ms of CPU at each start), which
// the action never uses; a pull request's validate and plan wait for every start.
//
// Off a runner (no GITHUB_ACTIONS=true), `useRunner()` hands every call to @actions/core instead, so
// the tools that stand in for it (GitHub's @github/local-action captures the outputs that way) see
// them as before.

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type Core = typeof import('@actions/core');
let core: Core | undefined;

/** On a runner: nothing to do. Elsewhere: loads @actions/core, which every call below then goes through. */
export async function useRunner(): Promise<void> {
  if (process.env.GITHUB_ACTIONS !== 'true' && !core) core = await import('@actions/core');
}

/** As @actions/core's toCommandValue: strings as they are, nothing as '', anything else as JSON. */
function commandValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || v instanceof String) return String(v);
  return JSON.stringify(v);
}

const escapeData = (v: unknown) =>
  commandValue(v).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (v: unknown) => escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');

function issue(command: string, properties: Record<string, unknown>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function annotation(
  command: 'error' | 'warning',
  message: string | Error,
  p: AnnotationProperties = {},
): void {
  issue(
    command,
    {
      title: p.title,
      file: p.file,
      line: p.startLine,
      endLine: p.endLine,
      col: p.startColumn,
      endColumn: p.endColumn,
    },
    message instanceof Error ? message.toString() : message,
  );
}

export function info(message: string): void {
  if (core) {
    core.info(message);
    return;
  }
  process.stdout.write(`${message}${EOL}`);
}

export function warning(message: string | Error, properties?: AnnotationProperties): void {
  if (core) {
    core.warning(message, properties);
    return;
  }
  annotation('warning', message, properties);
}

export function error(message: string | Error, properties?: AnnotationProperties): void {
  if (core) {
    core.error(message, properties);
    return;
  }
  annotation('error', message, properties);
}

/** Fails the step (exit code 1 when the process ends) with an error annotation. */
export function setFailed(message: string | Error): void {
  if (core) {
    core.setFailed(message);
    return;
  }
  process.exitCode = 1;
  error(message);
}

/** Masks `secret` in the job's log from now on. */
export function setSecret(secret: string): void {
  if (core) {
    core.setSecret(secret);
    return;
  }
  issue('add-mask', {}, secret);
}

export function setOutput(name: string, value: unknown): void {
  if (core) {
    core.setOutput(name, value);
    return;
  }
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    // A runner too old for output files: the command it read before them.
    process.stdout.write(EOL);
    issue('set-output', { name }, commandValue(value));
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const text = commandValue(value);
  // Neither may hold the delimiter, or the runner would read the rest as another output.
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

export function startGroup(name: string): void {
  if (core) {
    core.startGroup(name);
    return;
  }
  issue('group', {}, name);
}

export function endGroup(): void {
  if (core) {
    core.endGroup();
    return;
  }
  issue('endgroup', {}, '');
}

/** Runs `fn` inside a folded group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/** The job summary: text is buffered, then appended (or written over) to $GITHUB_STEP_SUMMARY. */
class Summary {
  #buffer = '';

  addRaw(text: string, addEOL = false): this {
    this.#buffer += addEOL ? `${text}${EOL}` : text;
    return this;
  }

  emptyBuffer(): this {
    this.#buffer = '';
    return this;
  }

  async write(options: { overwrite?: boolean } = {}): Promise<this> {
    if (core) {
      await core.summary.addRaw(this.#buffer).write(options);
      return this.emptyBuffer();
    }
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    try {
      await access(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
      );
    }
    await (options.overwrite ? writeFile : appendFile)(file, this.#buffer, { encoding: 'utf8' });
    return this.emptyBuffer();
  }
}

export const summary = new Summary();
