import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { VERSION } from '../version.js';
import { registerCatalogTools } from './catalog-tools.js';
import { SERVER_INSTRUCTIONS } from './descriptions.js';
import { registerRecordTools } from './record-tools.js';
import type { McpContext } from './results.js';

// `intentops mcp`: the catalog, planning, proposing and the records, as Model Context Protocol tools
// for AI agents, over stdio. stdout carries only protocol messages; anything else goes to stderr.

export function createMcpServer(ctx: McpContext): McpServer {
  const server = new McpServer(
    { name: 'intentops', version: VERSION },
    { instructions: SERVER_INSTRUCTIONS, capabilities: { tools: {} } },
  );
  registerCatalogTools(server, ctx);
  registerRecordTools(server, ctx);
  return server;
}

/** Serves on stdin/stdout until the client goes away (stdin ends) or a signal asks to stop. */
export async function serveStdio(ctx: McpContext): Promise<void> {
  const server = createMcpServer(ctx);
  const done = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(new StdioServerTransport());
  ctx.log(
    `intentops mcp: serving ${ctx.repoDir} as proposer ${ctx.agent}${ctx.github ? ` (GitHub ${ctx.github.owner}/${ctx.github.repo})` : ''}`,
  );
  await done;
  await server.close();
}
