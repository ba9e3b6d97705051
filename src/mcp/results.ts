import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GitHubClient } from '../adapters/github-client.js';
import { type Diagnostic, formatDiagnostic } from '../domain/diagnostic.js';
import { InputError } from '../domain/errors.js';

// What every tool shares: who is asking, where the repository is, GitHub when configured, and how a
// result or a refusal looks on the wire (JSON text plus the same object as structured content).

export interface McpContext {
  repoDir: string;
  /** The proposer: recorded as `proposed_by`, judged by the policies. */
  agent: string;
  github: { octokit: GitHubClient; owner: string; repo: string } | null;
  now: () => Date;
  /** stderr: stdout belongs to the protocol. */
  log: (message: string) => void;
}

export function ok(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/** A refusal: one "file:line:col: message" line per reason, as the CLI prints them. */
export function refused(headline: string, diagnostics: readonly Diagnostic[]): CallToolResult {
  const reasons = diagnostics.map(formatDiagnostic);
  return {
    isError: true,
    content: [{ type: 'text', text: [headline, ...reasons.map((r) => `  ${r}`)].join('\n') }],
    structuredContent: { refused: true, headline, reasons },
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
    return { isError: true, content: [{ type: 'text', text: `${what} failed: ${message}` }] };
  }
}
