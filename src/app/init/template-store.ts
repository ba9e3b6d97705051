import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlobs } from '../../adapters/git-history.js';
import { runGit } from '../../adapters/git-run.js';
import { type TemplateHeader, templateHash } from './template-header.js';

// The templates of the versions that wrote a repository's files: the merge base of `init --update`.
// Offline, from the package: templates/past/<version>/ holds each release's templates as shipped
// (templates/past/README.md); this version's are templates/gitops/. A file written by an unreleased
// build names a template no release shipped: when intentops runs from a git checkout of itself (the
// usual source of such a build) its history is searched for that hash.

/** The only release that wrote files without a header line. */
export const HEADERLESS_VERSION = '0.2.0';

export interface BaseTemplate {
  /** The version that wrote it (as recorded; `0.2.0` for a file without a header). */
  version: string;
  raw: string;
}

const SEMVER = /^\d+\.\d+\.\d+$/;

export class TemplateStore {
  constructor(private readonly root: string) {}

  private async pastVersions(): Promise<string[]> {
    const names = await readdir(join(this.root, 'templates', 'past')).catch(() => [] as string[]);
    return names.filter((n) => SEMVER.test(n));
  }

  /** This version's template of `path` (relative to the GitOps repository). */
  current(path: string): Promise<string | undefined> {
    return readFile(join(this.root, 'templates', 'gitops', path), 'utf8').catch(() => undefined);
  }

  private past(version: string, path: string): Promise<string | undefined> {
    return readFile(join(this.root, 'templates', 'past', version, path), 'utf8').catch(() => undefined);
  }

  /** The template a file was written from: by its header's hash, or 0.2.0's for a file without one. */
  async base(path: string, header: TemplateHeader | undefined): Promise<BaseTemplate | undefined> {
    if (!header) {
      const raw = await this.past(HEADERLESS_VERSION, path);
      return raw === undefined ? undefined : { version: HEADERLESS_VERSION, raw };
    }
    const candidates = [
      await this.current(path),
      ...(await Promise.all((await this.pastVersions()).map((v) => this.past(v, path)))),
    ];
    const raw =
      candidates.find((t) => t !== undefined && templateHash(t) === header.hash) ??
      (await this.fromHistory(`templates/gitops/${path}`, (t) => templateHash(t) === header.hash));
    return raw === undefined ? undefined : { version: header.version, raw };
  }

  /** Whether a schema file is one some version of intentops wrote (then `--update` may replace it). */
  async knownSchema(name: string, text: string): Promise<boolean> {
    if (text === (await readFile(join(this.root, 'schemas', name), 'utf8').catch(() => undefined)))
      return true;
    const sha = createHash('sha256').update(text).digest('hex');
    for (const v of await this.pastVersions()) {
      const sums = await readFile(join(this.root, 'templates', 'past', v, 'schemas.sha256'), 'utf8').catch(
        () => '',
      );
      if (sums.split('\n').some((l) => l.trim() === `${sha}  ${name}`)) return true;
    }
    return (await this.fromHistory(`schemas/${name}`, (t) => t === text)) !== undefined;
  }

  /** A version of `path` from the git history of the intentops checkout that runs, if it is one. */
  private async fromHistory(path: string, match: (text: string) => boolean): Promise<string | undefined> {
    if (!existsSync(join(this.root, '.git'))) return undefined;
    const log = await runGit(this.root, ['log', '--format=%H', '--', path], { timeoutMs: 30_000 });
    if (!log.ok) return undefined;
    const commits = log.stdout.toString('utf8').split('\n').filter(Boolean);
    const blobs = await readBlobs(
      this.root,
      commits.map((c) => `${c}:${path}`),
    ).catch(() => new Map<string, string | null>());
    for (const text of blobs.values()) if (text !== null && match(text)) return text;
    return undefined;
  }
}
