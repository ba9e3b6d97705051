import { visiblePath } from '../request/request-path.js';

/** One finding about one file, located as precisely as the source allows. */
export interface Diagnostic {
  file: string;
  /** 1-based; absent when the problem is the file as a whole (too big, not UTF-8, missing). */
  line?: number;
  /** 1-based. */
  col?: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatDiagnostic(d: Diagnostic): string {
  // A path with a space or a line break at its end must not pass for another path.
  const file = visiblePath(d.file);
  const where = d.line ? `${file}:${d.line}:${d.col ?? 1}` : file;
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** GitHub workflow command; properties are escaped as the runner expects. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const prop = (s: string) =>
    s
      .replace(/%/g, '%25')
      .replace(/\r/g, '%0D')
      .replace(/\n/g, '%0A')
      .replace(/:/g, '%3A')
      .replace(/,/g, '%2C');
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const props = [`file=${prop(d.file)}`];
  if (d.line) props.push(`line=${d.line}`, `col=${d.col ?? 1}`);
  return `::${d.severity === 'warning' ? 'warning' : 'error'} ${props.join(',')}::${data(d.message)}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
