import { type Diagnostic, formatDiagnostic } from './diagnostic.js';

/** Bad input from the user: nothing ran. Exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly diagnostics: Diagnostic[],
    message = diagnostics.map(formatDiagnostic).join('\n'),
  ) {
    super(message);
  }
}

/** A template could not be rendered safely with the given values. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    message: string,
    /** The param whose value was refused, when there is one. */
    readonly param?: string,
  ) {
    super(message);
  }
}
