// Types of scripts/startup-rewrites.mjs, which the bundle script runs as plain JavaScript.
import type { Plugin } from 'esbuild';

export const startupRewrites: { file: RegExp; from: string; to: string }[];
export function rewrite(path: string, text: string): string;
export const lazierDependencies: Plugin;
