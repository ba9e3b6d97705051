import type { LoadOptions } from '../app/shared/load-repo.js';
import { validate } from '../app/validate/validate.js';
import { formatDiagnostic, formatGithubAnnotation, hasErrors } from '../domain/input/diagnostic.js';
import type { GlobalOptions } from './global-options.js';
import { repoRelative } from './repo-relative.js';
import { writeLine } from './write-line.js';

// `intentops validate`, the command every pull request runs: its own module, so that its start-up
// (src/cli/index.ts) loads nothing of the other commands.

export async function validateCommand(
  g: GlobalOptions,
  paths: string[],
  format: 'text' | 'json' | 'github',
  load: LoadOptions = {},
): Promise<number> {
  const only = paths.length ? paths.map((p) => repoRelative(g.repo, p)) : undefined;
  const result = await validate(g.repo, { now: new Date(), approvals: null, history: [] }, only, load);
  const bad = hasErrors(result.diagnostics);
  const checked = only ?? result.files;
  if (format === 'json') {
    writeLine(
      1,
      JSON.stringify({ valid: !bad, files: checked.length, diagnostics: result.diagnostics }, null, 2),
    );
  } else {
    for (const d of result.diagnostics)
      writeLine(
        format === 'github' ? 1 : 2,
        format === 'github' ? formatGithubAnnotation(d) : formatDiagnostic(d),
      );
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    writeLine(
      2,
      bad ? `✖ ${errors} error(s) in ${checked.length} file(s)` : `✔ ${checked.length} file(s) valid`,
    );
  }
  return bad ? 2 : 0;
}
