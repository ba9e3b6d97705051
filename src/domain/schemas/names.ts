// The shapes of names, without zod: code that only checks a name (the action's inputs, a shard) does
// not load the schemas' library for it.

/** Intent and policy names: kebab-case, as they appear in file names and labels. */
export const KEBAB_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Param, metric and template names: usable as `{{name}}` and as CEL identifiers. */
export const SNAKE_NAME = /^[a-z_][a-z0-9_]*$/;
/** Step, condition and rule names: lowercase words joined by `_` or `-`. */
export const IDENTIFIER = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
/** Environment variable names. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
