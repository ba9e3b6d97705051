import { blobSha } from './model.js';
import {
  created,
  type Handler,
  type HandlerContext,
  message,
  notFound,
  validationFailed,
} from './replies.js';
import { refJson, repoJson } from './shapes.js';
import { commitJson, comparisonJson, contentEntryJson, contentFileJson } from './shapes-git.js';

/** The repository, git refs (branches and tags) and the contents API (base64 files on a branch). */

function unknownObject(ctx: HandlerContext, sha: string) {
  return ctx.state.commits.has(sha) ? undefined : message(ctx, 422, 'Object does not exist');
}

function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0;
}

/** The head's commits since the merge base with base, as `GET /compare` answers. */
function compare(ctx: HandlerContext, base: string | undefined, head: string | undefined) {
  const from = ctx.state.resolve(base);
  const to = ctx.state.resolve(head);
  if (!base || !head || !from || !to) return notFound(ctx);
  return { status: 200, body: comparisonJson(ctx.api, ctx.state, from, to) };
}

export const gitHandlers: Record<string, Handler> = {
  'repos/get': (ctx) => ({ status: 200, body: repoJson(ctx.api, ctx.state) }),

  'git/get-ref': (ctx) => {
    const ref = String(ctx.path.ref);
    const sha = ctx.state.refs.get(ref);
    return sha ? { status: 200, body: refJson(ctx.api, ctx.state, ref, sha) } : notFound(ctx);
  },

  'git/create-ref': (ctx) => {
    const full = String(ctx.body.ref);
    const sha = String(ctx.body.sha);
    if (!full.startsWith('refs/') || full.split('/').length < 3) {
      return message(ctx, 422, `${full} is not a valid ref name.`);
    }
    const ref = full.slice('refs/'.length);
    if (ctx.state.refs.has(ref)) return message(ctx, 422, 'Reference already exists');
    const missing = unknownObject(ctx, sha);
    if (missing) return missing;
    ctx.state.refs.set(ref, sha);
    return created(ctx, refJson(ctx.api, ctx.state, ref, sha));
  },

  'git/update-ref': (ctx) => {
    const ref = String(ctx.path.ref);
    const current = ctx.state.refs.get(ref);
    const sha = String(ctx.body.sha);
    if (!current) return message(ctx, 422, 'Reference does not exist');
    const missing = unknownObject(ctx, sha);
    if (missing) return missing;
    if (ctx.body.force !== true && !ctx.state.isAncestor(current, sha)) {
      return message(ctx, 422, 'Update is not a fast forward');
    }
    ctx.state.refs.set(ref, sha);
    return { status: 200, body: refJson(ctx.api, ctx.state, ref, sha) };
  },

  'git/delete-ref': (ctx) => {
    const ref = String(ctx.path.ref);
    if (!ctx.state.refs.delete(ref)) return message(ctx, 422, 'Reference does not exist');
    return { status: 204 };
  },

  'repos/compare-commits-with-basehead': (ctx) => {
    const [base, head] = String(ctx.path.basehead).split('...');
    return compare(ctx, base, head);
  },
  // The same endpoint as GitHub's description also writes it: `/compare/{base}...{head}`.
  'repos/compare-commits': (ctx) => compare(ctx, String(ctx.path.base), String(ctx.path.head)),

  'repos/get-content': (ctx) => {
    const s = ctx.state;
    const ref = typeof ctx.query.ref === 'string' ? ctx.query.ref : s.defaultBranch;
    const commit = s.resolve(ref);
    if (!commit) return message(ctx, 404, `No commit found for the ref ${ref}`);
    const path = String(ctx.path.path).replace(/^\/+|\/+$/g, '');
    const file = commit.files.get(path);
    if (file) return { status: 200, body: contentFileJson(ctx.api, s, ref, path, file) };
    const prefix = path === '' ? '' : `${path}/`;
    const names = new Map<string, boolean>();
    for (const p of commit.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const name = rest.split('/')[0] as string;
      names.set(name, !rest.includes('/'));
    }
    if (names.size === 0) return notFound(ctx);
    const entries = [...names].sort().map(([name, isFile]) => {
      const full = `${prefix}${name}`;
      return contentEntryJson(ctx.api, s, ref, full, isFile ? commit.files.get(full) : undefined);
    });
    return { status: 200, body: entries };
  },

  'repos/create-or-update-file-contents': (ctx) => {
    const s = ctx.state;
    const b = ctx.body;
    const branch = b.branch ?? s.defaultBranch;
    const headSha = s.branchSha(branch);
    if (!headSha) return message(ctx, 404, `Branch ${branch} not found`);
    if (!isBase64(b.content)) {
      return validationFailed(ctx, [{ resource: 'Content', field: 'content', code: 'invalid' }]);
    }
    const path = String(ctx.path.path);
    const head = s.commits.get(headSha);
    const existing = head?.files.get(path);
    if (existing && b.sha === undefined)
      return message(ctx, 422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (existing && b.sha !== blobSha(existing)) return message(ctx, 409, `${path} does not match ${b.sha}`);
    const content = Buffer.from(b.content, 'base64');
    const tree = new Map(head?.files);
    tree.set(path, content);
    const commit = s.commit(headSha, tree, b.message);
    s.refs.set(`heads/${branch}`, commit.sha);
    const { content: _c, encoding: _e, ...entry } = contentFileJson(ctx.api, s, branch, path, content);
    return {
      status: existing ? 200 : 201,
      body: { content: entry, commit: commitJson(ctx.api, s, commit) },
    };
  },
};
