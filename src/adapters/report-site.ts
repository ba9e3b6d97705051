import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// Writes the report's pages and copies Chart.js's UMD build next to them, so the site works offline,
// from file:// and from GitHub Pages: no page loads anything from elsewhere.

const WRITE_BATCH = 32;

export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
}

/**
 * Chart.js's self-contained browser build: the copy the bundle ships in dist/ (the action runs
 * with no node_modules; this module is dist/index.js or a chunk in dist/chunks/), else the
 * installed package's.
 */
export function chartJsUmdPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, dirname(here)]) {
    const shipped = join(dir, 'chart.umd.min.js');
    if (dir.endsWith('dist') && existsSync(shipped)) return shipped;
  }
  // The package exports only its module entries; the UMD file sits next to the CommonJS one.
  const main = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(main), 'chart.umd.min.js');
}

export async function writeReportSite(
  outDir: string,
  pages: ReadonlyMap<string, string>,
  chartFile: string,
): Promise<string[]> {
  const root = resolve(outDir);
  const entries = [...pages].map(([rel, text]) => {
    const target = resolve(root, rel);
    if (!target.startsWith(root + sep)) throw new ReportWriteError(`page path ${rel} leaves ${root}`);
    return { rel, target, text };
  });
  for (const dir of new Set(entries.map((e) => dirname(e.target)))) await mkdir(dir, { recursive: true });
  // A few dozen writes in flight: thousands of pages, without opening thousands of files at once.
  for (let i = 0; i < entries.length; i += WRITE_BATCH) {
    await Promise.all(entries.slice(i, i + WRITE_BATCH).map((e) => writeFile(e.target, e.text)));
  }
  const written = entries.map((e) => e.rel);
  try {
    await copyFile(chartJsUmdPath(), join(root, chartFile));
  } catch (err) {
    throw new ReportWriteError(`cannot copy Chart.js into ${root}: ${(err as Error).message}`);
  }
  written.push(chartFile);
  return written;
}
