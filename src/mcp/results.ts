import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import { type Diagnostic, formatDiagnostic } from '../domain/input/diagnostic.js';
import { InputError } from '../domain/input/errors.js';
import { fence } from './untrusted.js';

// What every tool shares: who is asking, where the repository is, GitHub when configured, and how a
// result or a refusal looks on the wire (JSON text plus the same object as structured content).
// Text captured from outside is never in the plain part: it goes under `captured`, fenced in the
// text (untrusted.ts), and so do refusal reasons and error messages, which may quote it.

export interface McpContext {
  repoDir: string;
  /** The proposer: recorded as `proposed_by`, judged by the policies. */
  agent: string;
  github: { github: GitHubPort; owner: string; repo: string } | null;
  now: () => Date;
  /** stderr: stdout belongs to the protocol. */
  log: (message: string) => void;
}

/** A result of the bot's own making and the agent's own input: nothing captured from outside. */
export function ok(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/**
 * A result holding captured text: `trusted` as it is (counts, enums, the catalog), `captured`
 * marked untrusted and fenced in a second text block named `source`.
 */
export function okCaptured(
  source: string,
  trusted: Record<string, unknown>,
  captured: Record<string, unknown>,
): CallToolResult {
  const marked = { ...trusted, untrusted: true };
  return {
    content: [
      { type: 'text', text: JSON.stringify(marked, null, 2) },
      { type: 'text', text: fence(source, captured) },
    ],
    structuredContent: { ...marked, captured },
  };
}

/**
 * A refusal: one "file:line:col: message" line per reason, as the CLI prints them, fenced: a
 * reason may quote a file someone else wrote (a request's value, a record's name).
 */
export function refused(headline: string, diagnostics: readonly Diagnostic[]): CallToolResult {
  const reasons = diagnostics.map(formatDiagnostic);
  return {
    isError: true,
    content: [{ type: 'text', text: `${headline}\n${fence('reasons', { reasons })}` }],
    structuredContent: { refused: true, headline, untrusted: true, captured: { reasons } },
  };
}

/** Runs a tool body; bad input becomes a refusal, anything else a tool error with its message. */
export async function guarded(
  what: string,
  ctx: McpContext,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof InputError) return refused(`${what}: refused`, err.diagnostics);
    const message = err instanceof Error ? err.message : String(err);
    ctx.log(`intentops mcp: ${what} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    // The message may quote what failed to read: a record's name, a GitHub response.
    return {
      isError: true,
      content: [{ type: 'text', text: `${what} failed\n${fence('error', { error: message })}` }],
      structuredContent: { failed: true, untrusted: true, captured: { error: message } },
    };
  }
}
