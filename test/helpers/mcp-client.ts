import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';

// The SDK's own client driving the real CLI (`intentops mcp`) as a child process over stdio.

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'index.ts');

export interface McpSession {
  client: Client;
  /** Calls a tool; the result as the client got it. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /**
   * A successful result's structured content: what its text says, plus under `captured` the
   * untrusted data its text fences (see src/mcp/untrusted.ts).
   */
  json(result: CallToolResult): Record<string, unknown>;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Errors the client saw on the transport (e.g. a line on stdout that is not a protocol message). */
  errors: Error[];
  close(): Promise<void>;
}

export async function startMcp(
  repoDir: string,
  opts: { agent?: string; env?: Record<string, string>; args?: string[] } = {},
): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      CLI,
      'mcp',
      '--repo',
      repoDir,
      ...(opts.agent ? ['--agent', opts.agent] : []),
      ...(opts.args ?? []),
    ],
    // Only what the SDK passes by default plus what the test gives: no GITHUB_TOKEN from outside.
    env: { ...getDefaultEnvironment(), ...(opts.env ?? {}) },
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += String(d);
  });
  const client = new Client({ name: 'intentops-test', version: '0.0.0' });
  const errors: Error[] = [];
  client.onerror = (e) => errors.push(e);
  await client.connect(transport);
  return {
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    json: (result) => {
      const first = result.content[0];
      if (result.isError || first?.type !== 'text') throw new Error(`tool error: ${JSON.stringify(result)}`);
      const plain = JSON.parse(first.text) as Record<string, unknown>;
      // The first block is the plain part; the structured content adds `captured`.
      expect(result.structuredContent).toMatchObject(plain);
      return result.structuredContent ?? plain;
    },
    stderr: () => stderr,
    errors,
    close: () => client.close(),
  };
}

/** The text of a result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}
