import { resolve } from 'node:path';
import { writeReportSite } from '../adapters/report-site.js';
import { buildReport } from '../app/report/build-report.js';
import { RepositoryOptionError, resolveRepoLinks } from '../app/report/repo-links.js';
import { InputError } from '../domain/input/errors.js';
import { CHART_SCRIPT } from '../domain/report/index-page.js';
import { sinceDate } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops report [--since 30d] [--repository owner/repo] [--ref REF] --out DIR`: a static site of
// every execution (GitHub Pages ready), record paths linked to the repository.

export async function reportCommand(
  g: GlobalOptions,
  o: { since?: string; out: string; repository?: string; ref?: string },
): Promise<number> {
  const now = new Date();
  const since = sinceDate(o.since, now);
  const out = resolve(o.out);
  const links = await resolveRepoLinks({
    repoDir: g.repo,
    outDir: out,
    ...(o.repository !== undefined ? { repository: o.repository } : {}),
    ...(o.ref ? { ref: o.ref } : {}),
  }).catch((err: unknown) => {
    if (!(err instanceof RepositoryOptionError)) throw err;
    throw new InputError([{ file: '--repository', severity: 'error', message: err.message }]);
  });
  const site = await buildReport({ repoDir: g.repo, now, links, ...(since ? { since } : {}) });
  const files = await writeReportSite(out, site.pages, CHART_SCRIPT).catch((err: NodeJS.ErrnoException) => {
    // An --out that is a file or not writable is a usage problem: say so, exit 2.
    if (err.code && ['ENOTDIR', 'EEXIST', 'EACCES', 'EROFS', 'EISDIR'].includes(err.code)) {
      throw new InputError([
        { file: '--out', severity: 'error', message: `cannot write the report into ${out}: ${err.message}` },
      ]);
    }
    throw err;
  });
  for (const s of site.skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
  const summary = {
    out,
    index: `${out}/index.html`,
    files: files.length,
    executions: site.model.executions.length,
    skipped: site.skipped,
  };
  process.stdout.write(
    g.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `wrote ${files.length} files to ${out} (${summary.executions} executions): open ${summary.index}\n`,
  );
  return 0;
}
