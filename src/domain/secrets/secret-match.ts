import { MIN_SECRET_LENGTH } from './redact.js';

/*
 * What the hand-written secret rules (secret-patterns.ts, secret-shapes.ts) share: the finding they
 * report, and how a regex match becomes one.
 */

export interface SecretFinding {
  start: number;
  end: number;
  label: string;
  /** The secret itself, to be redacted everywhere (absent when too short to replace blindly). */
  literal?: string;
}

export type Rule = (text: string, out: SecretFinding[]) => void;

/** Shell and template placeholders, and our own markers, are not secrets. */
export const PLACEHOLDER = /^(?:\$|\[REDACTED|<|%|\{\{|\*{3})/;

/** Opaque tokens have digits or are long; this keeps prose ("bearer authentication") out. */
export function plausibleToken(value: string): boolean {
  if (value.length < 8 || PLACEHOLDER.test(value)) return false;
  return /\d/.test(value) || value.length >= 20;
}

/** A finding for capture group `group` of a regex match (the `d` flag gives its indices). */
export function groupFinding(m: RegExpExecArray, group: number, label: string): SecretFinding | undefined {
  const at = m.indices?.[group];
  const value = m[group];
  if (!at || value === undefined || value.length === 0) return undefined;
  return {
    start: at[0],
    end: at[1],
    label,
    ...(value.length >= MIN_SECRET_LENGTH ? { literal: value } : {}),
  };
}

/** The finding for the first of `groups` that took part in the match (alternative quotings of one value). */
export function firstGroupFinding(
  m: RegExpExecArray,
  groups: readonly number[],
  label: string,
): SecretFinding | undefined {
  const g = groups.find((i) => m[i] !== undefined);
  return g === undefined ? undefined : groupFinding(m, g, label);
}

export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}
