import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { githubDrafts, localDrafts } from '../app/incidents/open-incidents.js';
import { EXECUTION_ID, getExecution, listExecutions } from '../app/records/execution-query.js';
import { RecordStatus } from '../domain/schemas/record.js';
import { GET_EXECUTION, LIST_EXECUTIONS, LIST_INCIDENTS } from './descriptions.js';
import { guarded, type McpContext, okCaptured, refused } from './results.js';

// get_execution, list_executions, list_incidents: what became of a proposal, read from the records
// and drafts the bot committed (and, with GitHub, the open incident-draft issues). Everything read
// there holds text captured from outside, ids and paths included (a request's file name is its
// author's choice): it is returned as captured, untrusted data (untrusted.ts).

const Status = RecordStatus;

export function registerRecordTools(server: McpServer, ctx: McpContext): void {
  const read = { readOnlyHint: true, openWorldHint: false } as const;

  server.registerTool(
    'get_execution',
    {
      title: 'Get an execution record',
      description: GET_EXECUTION,
      inputSchema: z.strictObject({
        id: z
          .string()
          .regex(EXECUTION_ID, 'expected an execution id such as exec-20261125-101500-deploy-app-web-1a2b3c')
          .describe('execution id, from list_executions'),
      }),
      annotations: read,
    },
    (a) =>
      guarded('get_execution', ctx, async () => {
        const found = await getExecution(ctx.repoDir, a.id);
        if (!found) {
          return refused('get_execution: not found', [
            { file: 'executions/', severity: 'error', message: `no execution record with id '${a.id}'` },
          ]);
        }
        return okCaptured('execution_record', {}, { id: a.id, path: found.path, record: found.record });
      }),
  );

  server.registerTool(
    'list_executions',
    {
      title: 'List execution records',
      description: LIST_EXECUTIONS,
      inputSchema: z.strictObject({
        intent: z.string().min(1).optional().describe('only this intent'),
        status: z.optional(Status).describe('only runs that ended so'),
        proposer: z
          .string()
          .min(1)
          .optional()
          .describe('only requests with this proposed_by (e.g. your agent name)'),
        limit: z.int().min(1).max(100).default(20).describe('at most this many, newest first'),
      }),
      annotations: read,
    },
    (a) =>
      guarded('list_executions', ctx, async () => {
        const executions = await listExecutions(ctx.repoDir, {
          limit: a.limit,
          ...(a.intent ? { intent: a.intent } : {}),
          ...(a.status ? { status: a.status } : {}),
          ...(a.proposer ? { proposer: a.proposer } : {}),
        });
        return okCaptured(
          'execution_summaries',
          { count: executions.length, limit: a.limit },
          { executions },
        );
      }),
  );

  server.registerTool(
    'list_incidents',
    {
      title: 'List open incident drafts',
      description: LIST_INCIDENTS,
      inputSchema: z.strictObject({
        intent: z.string().min(1).optional().describe('only drafts for this intent'),
        limit: z.int().min(1).max(200).default(50).describe('at most this many'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (a) =>
      guarded('list_incidents', ctx, async () => {
        const local = await localDrafts(ctx.repoDir);
        const remote = ctx.github
          ? await githubDrafts(
              ctx.github.github,
              { owner: ctx.github.owner, repo: ctx.github.repo },
              // filtered below by intent: read enough issues for the filter to find `limit`
              a.intent ? 1000 : a.limit,
            )
          : [];
        const incidents = [...local, ...remote]
          .filter((i) => !a.intent || i.intent === a.intent)
          .slice(0, a.limit);
        return okCaptured('incident_drafts', { count: incidents.length }, { incidents });
      }),
  );
}
