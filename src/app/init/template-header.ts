import { createHash } from 'node:crypto';

// The line `intentops init` adds to each YAML file it writes: which version wrote it, from which
// template (the hash of the template as shipped, placeholders and all). `init --update` finds its
// merge base by it (./template-store.ts). The line is intentops', never merged: it is taken out of
// the user's file before the merge and written anew after.

export interface TemplateHeader {
  version: string;
  /** 16 hex digits of the template's sha256. */
  hash: string;
}

const LINE = /^# intentops-template: (\S+) sha256:([0-9a-f]{16})\b.*(?:\r?\n|$)/m;

export function templateHash(raw: string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function formatHeader(h: TemplateHeader): string {
  return `# intentops-template: ${h.version} sha256:${h.hash} (intentops init --update merges from it: keep this line)\n`;
}

export function readHeader(text: string): TemplateHeader | undefined {
  const m = LINE.exec(text);
  return m ? { version: m[1] as string, hash: m[2] as string } : undefined;
}

/** The file without its header line. */
export function stripHeader(text: string): string {
  return text.replace(LINE, '');
}

/** Adds the header as the first line, after an editor's `# yaml-language-server:` line if there is one. */
export function withHeader(text: string, h: TemplateHeader): string {
  const body = stripHeader(text);
  const first = /^# yaml-language-server:.*\n/.exec(body);
  const at = first ? first[0].length : 0;
  return `${body.slice(0, at)}${formatHeader(h)}${body.slice(at)}`;
}
