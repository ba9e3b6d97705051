import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type FaultQueue, faultReply } from './faults.js';
import { graphqlFaultMatches, graphqlReply, graphqlTemplate } from './graphql.js';
import { actionsHandlers } from './handlers-actions.js';
import { gitHandlers } from './handlers-git.js';
import { issueHandlers } from './handlers-issues.js';
import { pullHandlers } from './handlers-pulls.js';
import type { GitHubState } from './model.js';
import { DOCS, type Handler, type HandlerContext, type Reply } from './replies.js';
import { matchOperation } from './spec.js';
import { type SchemaProblem, validateBody, validateParams, validateResponse } from './validate.js';

/**
 * One request through the double: credentials, JSON, a matching operation in GitHub's
 * description, parameters and body against its schemas, injected faults, the in-memory handler,
 * and (strictResponses) the answer against the description. Fills in the request's record.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, still encoded. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  operationId?: string;
  template?: string;
  status: number;
  /** Why the double refused the request, when it did: the product sent something GitHub would not accept. */
  rejected?: string;
  problems?: SchemaProblem[];
  /** Answered by `failNext` / `failNextAfterApply`. */
  injected?: boolean;
  /** The injected answer came after the request was carried out (`failNextAfterApply`). */
  afterApply?: boolean;
  /** The double's own answer broke the description (strictResponses): a bug in the double. */
  responseProblems?: SchemaProblem[];
}

export interface PipelineConfig {
  api: string;
  state: GitHubState;
  faults: FaultQueue;
  strictBodies: boolean;
  strictResponses: boolean;
}

const HANDLERS: Record<string, Handler> = {
  ...issueHandlers,
  ...pullHandlers,
  ...gitHandlers,
  ...actionsHandlers,
};

export function refusal(status: number, text: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message: text, ...extra, documentation_url: DOCS, status: String(status) } };
}

function refuse(record: RecordedRequest, reason: string, reply: Reply, problems?: SchemaProblem[]): Reply {
  record.rejected = reason;
  if (problems) record.problems = problems;
  return reply;
}

export function answer(cfg: PipelineConfig, record: RecordedRequest, url: URL, raw: string): Reply {
  const auth = record.headers.authorization ?? '';
  if (!/^(token|bearer)\s+\S+$/i.test(auth)) {
    const text = auth ? 'Bad credentials' : 'Requires authentication';
    return refuse(record, 'no or malformed Authorization header', refusal(401, text));
  }
  if (raw.trim() !== '') {
    try {
      record.body = JSON.parse(raw);
    } catch {
      return refuse(record, 'body is not JSON', refusal(400, 'Problems parsing JSON'));
    }
  }
  if (record.method === 'POST' && record.path === '/graphql') {
    // Not in the REST description: checked against GitHub's GraphQL schema instead.
    record.operationId = 'graphql';
    record.template = graphqlTemplate(record.body);
    const template = record.template;
    // Injected faults name GraphQL by its root fields: the REST description has no operation for it.
    const fault = cfg.faults.find((f) => f.method === 'POST' && graphqlFaultMatches(f.template, template));
    if (fault) cfg.faults.splice(cfg.faults.indexOf(fault), 1);
    if (fault && !fault.afterApply) {
      record.injected = true;
      return faultReply(fault);
    }
    const { reply, rejected } = graphqlReply(cfg.state, record.body);
    if (rejected) record.rejected = rejected;
    if (fault) {
      record.injected = true;
      record.afterApply = true;
      return faultReply(fault);
    }
    return reply;
  }
  const match = matchOperation(record.method, record.path);
  if (!match) return refuse(record, 'no such operation in GitHub’s description', refusal(404, 'Not Found'));
  const { operation } = match;
  record.operationId = operation.operationId;
  record.template = match.template;

  const path: Record<string, unknown> = { ...match.pathParams };
  const query: Record<string, unknown> = { ...record.query };
  const problems = [
    ...validateParams(operation, 'path', path),
    ...validateParams(operation, 'query', query),
    ...validateBody(operation, record.body, cfg.strictBodies),
  ];
  if (problems.length > 0) {
    const errors = problems.map((p) => ({
      resource: operation.operationId,
      field: p.field,
      code: 'invalid',
      message: `${p.field} ${p.message}`,
    }));
    const reply = refusal(422, 'Validation Failed', { errors });
    return refuse(record, 'request breaks GitHub’s description', reply, problems);
  }
  const { state } = cfg;
  const sameRepo =
    path.owner === undefined ||
    (String(path.owner).toLowerCase() === state.owner.toLowerCase() &&
      String(path.repo).toLowerCase() === state.repo.toLowerCase());
  if (!sameRepo) return refusal(404, 'Not Found');

  const fault = cfg.faults.find((f) => f.method === record.method && f.template === match.template);
  if (fault) cfg.faults.splice(cfg.faults.indexOf(fault), 1);
  if (fault && !fault.afterApply) {
    record.injected = true;
    return faultReply(fault);
  }
  // Runs are modelled only when a test registers them: any other stays unimplemented, as before.
  const unmodelledRun =
    operation.operationId === 'actions/get-workflow-run' && !state.workflowRuns.has(Number(path.run_id));
  const handler = unmodelledRun ? undefined : HANDLERS[operation.operationId];
  if (!handler) {
    const text = `github-double: ${operation.operationId} is valid on GitHub but not implemented here`;
    return refuse(record, 'operation not implemented by the double', refusal(501, text));
  }
  const ctx: HandlerContext = { api: cfg.api, state, operation, url, path, query, body: record.body };
  let reply = handler(ctx);
  if (cfg.strictResponses) {
    // Checked as the client will see it: after JSON drops undefined fields.
    const body = reply.body === undefined ? undefined : JSON.parse(JSON.stringify(reply.body));
    const wrong = validateResponse(operation, reply.status, body);
    if (wrong.length > 0) {
      record.responseProblems = wrong;
      const detail = wrong.map((p) => `${p.field} ${p.message}`).join('; ');
      reply = refusal(
        500,
        `github-double: its ${reply.status} answer to ${operation.operationId} breaks GitHub’s description: ${detail}`,
      );
    }
  }
  if (fault) {
    record.injected = true;
    record.afterApply = true;
    return faultReply(fault);
  }
  return conditional(record, reply);
}

/**
 * GitHub's conditional requests: a GET answered 200 carries an ETag of its body (and links); sent
 * back in If-None-Match while they are unchanged, the answer is 304 with no body (no rate limit).
 */
function conditional(record: RecordedRequest, reply: Reply): Reply {
  if (record.method !== 'GET' || reply.status !== 200) return reply;
  const etag = `W/"${createHash('sha256')
    .update(JSON.stringify(reply.body ?? null))
    .update(reply.headers?.link ?? '')
    .digest('hex')
    .slice(0, 32)}"`;
  const sent = record.headers['if-none-match'];
  if (typeof sent === 'string' && sent.split(/\s*,\s*/).includes(etag))
    return { status: 304, headers: { etag, ...(reply.headers?.link ? { link: reply.headers.link } : {}) } };
  return { ...reply, headers: { ...reply.headers, etag } };
}
