import type { GitHubState } from './model.js';
import type { OpenApiOperation } from './spec.js';

/** What handlers return, the errors GitHub sends, and list pagination with a `Link` header. */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HandlerContext {
  /** The double's base URL; API URLs in responses start with it. */
  api: string;
  state: GitHubState;
  operation: OpenApiOperation;
  /** The request URL, for pagination links. */
  url: URL;
  /** Path parameters, coerced to the declared types. */
  path: Record<string, unknown>;
  /** Query parameters, coerced, with the description's defaults filled in. */
  query: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: the body was already validated against the operation's schema
  body: any;
}

export type Handler = (ctx: HandlerContext) => Reply;

export const DOCS = 'https://docs.github.com/rest';

function docsOf(ctx: HandlerContext): string {
  return ctx.operation.externalDocs?.url ?? DOCS;
}

export function message(ctx: HandlerContext, status: number, text: string): Reply {
  return { status, body: { message: text, documentation_url: docsOf(ctx), status: String(status) } };
}

export function notFound(ctx: HandlerContext): Reply {
  return message(ctx, 404, 'Not Found');
}

export interface FieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
  value?: string | number | null;
}

/** GitHub's 422: `Validation Failed` plus one entry per problem. */
export function validationFailed(ctx: HandlerContext, errors: FieldError[]): Reply {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors, documentation_url: docsOf(ctx), status: '422' },
  };
}

export function created(ctx: HandlerContext, body: Record<string, unknown>): Reply {
  const location = typeof body.url === 'string' ? body.url : `${ctx.api}/`;
  return { status: 201, body, headers: { location } };
}

/**
 * One page of a list, as `per_page`/`page` select it, with the `Link` header octokit.paginate
 * follows. Link URLs keep the request's other query parameters.
 */
export function paginate(ctx: HandlerContext, items: unknown[]): Reply {
  const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.api);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  const body = items.slice((page - 1) * perPage, page * perPage);
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
