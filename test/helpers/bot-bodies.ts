import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanFences } from '../../src/domain/bot/bot-markers.js';
import type { RecordedRequest } from './github-double.js';

// What the bot wrote on GitHub, as a reader gets it: every title, body and comment the GitHub
// double received, and the checks every such text must pass (no @mention nobody asked for,
// Markdown that stays balanced).

/** Every text field of every write the double accepted: issue/PR titles and bodies, comments. */
export function botTexts(requests: readonly RecordedRequest[]): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const r of requests) {
    if (r.method === 'GET' || r.rejected || !r.body || typeof r.body !== 'object') continue;
    for (const field of ['title', 'body'] as const) {
      const text = (r.body as Record<string, unknown>)[field];
      if (typeof text === 'string') out.push({ where: `${r.method} ${r.path} ${field}`, text });
    }
  }
  return out;
}

/**
 * The `@login`s GitHub would turn into a notification: outside code fences and code spans (GitHub
 * pings in neither), not part of an e-mail address or a word.
 */
export function mentions(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { fenced } = scanFences(lines);
  const prose = lines
    .filter((_, i) => !fenced[i])
    .join('\n')
    .replace(/(`+)[\s\S]*?\1/g, ' ');
  return [...prose.matchAll(/(?<![\w`/.@-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w-]*[./][A-Za-z])/g)].map(
    (m) => `@${m[1]}`,
  );
}

/** What is unbalanced in `body`: a fence left open, `<details>` without its close. Empty when fine. */
export function unbalanced(body: string): string[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const { fenced, open } = scanFences(lines);
  const problems = open ? [`code fence ${open} left open`] : [];
  const outside = lines.filter((_, i) => !fenced[i]).join('\n');
  for (const tag of ['details', 'summary']) {
    const opens = outside.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
    const closes = outside.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
    if (opens !== closes) problems.push(`<${tag}> ${opens} opened, ${closes} closed`);
  }
  return problems;
}

/** Keeps a body as a file for a person to render and read (INTENTOPS_BODIES_DIR); no-op otherwise. */
export function keepBody(name: string, body: string | null | undefined): void {
  const dir = process.env.INTENTOPS_BODIES_DIR;
  if (!dir || body == null) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), body);
}
