import { schema as githubSchema } from '@octokit/graphql-schema';
import {
  buildSchema,
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type { AutoMergeRecord, GitHubState, IssueRecord } from './model.js';
import type { Reply } from './replies.js';
import { nodeId } from './shapes.js';

/**
 * POST /graphql: the query is parsed and validated against GitHub's public schema (npm
 * `@octokit/graphql-schema`), so a misspelt field or a wrong argument type is refused as GitHub
 * would (HTTP 200 with `errors`). Only `node(id:)` (a pull request's `autoMergeRequest`) and the
 * `enablePullRequestAutoMerge` / `disablePullRequestAutoMerge` / `pinIssue` mutations are carried out; any other
 * root field is refused.
 */

let cached: GraphQLSchema | undefined;

function schema(): GraphQLSchema {
  if (!cached) {
    cached = buildSchema(githubSchema.idl, { assumeValidSDL: true }); // the published SDL repeats two fields
  }
  return cached;
}

const IMPLEMENTED = new Set([
  'node',
  'enablePullRequestAutoMerge',
  'disablePullRequestAutoMerge',
  'pinIssue',
]);
/** GitHub pins at most three issues per repository. */
const PIN_MAX = 3;

export interface GraphqlOutcome {
  reply: Reply;
  /** Why the double refused it, like a REST request's `rejected`. */
  rejected?: string;
}

const errors = (list: readonly { message: string; locations?: unknown }[], type = 'INVALID'): Reply => ({
  status: 200,
  body: { errors: list.map((e) => ({ type, message: e.message, locations: e.locations ?? [] })) },
});

function rootFields(doc: DocumentNode): string[] {
  return doc.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .flatMap((op) => op.selectionSet.selections)
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : `(${s.kind})`));
}

function pullByNodeId(state: GitHubState, id: unknown): IssueRecord | undefined {
  return [...state.issues.values()].find((i) => i.pull && nodeId('PR', i.id) === id);
}

function autoMergeJson(a: AutoMergeRecord | null | undefined) {
  if (!a) return null;
  const by = { __typename: a.enabledBy.type, login: a.enabledBy.login };
  return { mergeMethod: a.mergeMethod, enabledAt: a.enabledAt, enabledBy: by };
}

function pullJson(i: IssueRecord) {
  return {
    __typename: 'PullRequest',
    id: nodeId('PR', i.id),
    number: i.number,
    autoMergeRequest: autoMergeJson(i.pull?.autoMerge),
  };
}

class ResolveError extends Error {}

function rootValue(state: GitHubState) {
  return {
    node: ({ id }: { id: string }) => {
      const pull = pullByNodeId(state, id);
      return pull ? pullJson(pull) : null;
    },
    enablePullRequestAutoMerge: ({ input }: { input: { pullRequestId: string; mergeMethod?: string } }) => {
      const pull = pullByNodeId(state, input.pullRequestId);
      if (!pull?.pull)
        throw new ResolveError(`Could not resolve to a node with the global id of '${input.pullRequestId}'`);
      if (pull.state !== 'open') throw new ResolveError('Pull request is not open');
      pull.pull.autoMerge = {
        mergeMethod: (input.mergeMethod ?? 'MERGE') as AutoMergeRecord['mergeMethod'],
        enabledBy: state.actor,
        enabledAt: state.now(),
      };
      return { actor: null, clientMutationId: null, pullRequest: pullJson(pull) };
    },
    pinIssue: ({ input }: { input: { issueId: string } }) => {
      const issue = [...state.issues.values()].find((i) => !i.pull && nodeId('I', i.id) === input.issueId);
      if (!issue)
        throw new ResolveError(`Could not resolve to a node with the global id of '${input.issueId}'`);
      const pinned = [...state.issues.values()].filter((i) => i.pinned && i !== issue).length;
      if (!issue.pinned && pinned >= PIN_MAX)
        throw new ResolveError('Maximum of 3 pinned issues per repository');
      issue.pinned = true;
      return {
        clientMutationId: null,
        issue: { __typename: 'Issue', id: nodeId('I', issue.id), number: issue.number, isPinned: true },
      };
    },
    disablePullRequestAutoMerge: ({ input }: { input: { pullRequestId: string } }) => {
      const pull = pullByNodeId(state, input.pullRequestId);
      if (!pull?.pull)
        throw new ResolveError(`Could not resolve to a node with the global id of '${input.pullRequestId}'`);
      pull.pull.autoMerge = null;
      return { actor: null, clientMutationId: null, pullRequest: pullJson(pull) };
    },
  };
}

/**
 * The name a GraphQL request goes by in the double's records and fault queue: `/graphql` and its
 * root fields (`/graphql pinIssue`), so a fault can fail one GraphQL operation as `failNext` fails
 * one REST route. `/graphql` alone when the query does not parse.
 */
export function graphqlTemplate(body: unknown): string {
  const { query } = (body ?? {}) as { query?: unknown };
  if (typeof query !== 'string') return GRAPHQL_PATH;
  try {
    return [GRAPHQL_PATH, ...rootFields(parse(query))].join(' ');
  } catch {
    return GRAPHQL_PATH;
  }
}

export const GRAPHQL_PATH = '/graphql';

/** Whether a fault's template names this GraphQL request: `/graphql` alone names any. */
export function graphqlFaultMatches(faultTemplate: string, requestTemplate: string): boolean {
  return faultTemplate === GRAPHQL_PATH
    ? requestTemplate.startsWith(GRAPHQL_PATH)
    : faultTemplate === requestTemplate;
}

export function graphqlReply(state: GitHubState, body: unknown): GraphqlOutcome {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string') {
    return {
      reply: errors([{ message: 'A query attribute must be specified and must be a string.' }]),
      rejected: 'no query',
    };
  }
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { reply: errors([err as GraphQLError], 'PARSE'), rejected: 'query does not parse' };
  }
  const invalid = validate(schema(), doc);
  if (invalid.length > 0) {
    return { reply: errors(invalid), rejected: `query breaks GitHub’s schema: ${invalid[0]?.message}` };
  }
  const missing = rootFields(doc).filter((f) => !IMPLEMENTED.has(f));
  if (missing.length > 0) {
    const message = `github-double: ${missing.join(', ')} is valid on GitHub but not implemented here`;
    return { reply: errors([{ message }]), rejected: 'operation not implemented by the double' };
  }
  const result = execute({
    schema: schema(),
    document: doc,
    rootValue: rootValue(state),
    ...(variables ? { variableValues: variables } : {}),
  });
  if (result instanceof Promise) throw new Error('github-double: GraphQL resolvers are synchronous');
  const failed = result.errors ?? [];
  if (failed.some((e) => !(e.originalError instanceof ResolveError))) {
    throw new Error(`github-double: GraphQL execution failed: ${failed.map((e) => e.message).join('; ')}`);
  }
  const out = failed.length
    ? { data: result.data ?? null, errors: failed.map((e) => e.toJSON()) }
    : { data: result.data };
  return { reply: { status: 200, body: out } };
}
