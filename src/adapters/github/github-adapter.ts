import { createOctokit, type GitHubClient, type GitHubClientOptions, handedOff } from './client.js';

export { preloadFetch } from './client.js';

import { AUTO_MERGE_OFF, AUTO_MERGE_ON, AUTO_MERGE_READ, type AutoMergeState, PIN_ISSUE } from './graphql.js';

// The one implementation of the GitHub port (app/shared/github-port.ts says what each call promises), on
// the run's Octokit (plugin-retry, plugin-throttling: adapters/github/client.ts). The use-cases'
// wording maps to REST (or GraphQL where REST has no call) here and nowhere else. Adapters do not
// import app/: the port is met structurally, and the wiring that hands this to a use-case is where
// the compiler checks it.

interface Repo {
  owner: string;
  repo: string;
}

interface Once {
  once?: boolean;
}

interface PullQuery {
  state: 'open' | 'closed' | 'all';
  head?: string;
  base?: string;
  sort?: 'created' | 'updated';
  direction?: 'asc' | 'desc';
  perPage?: number;
}

interface IssueQuery {
  labels: string;
  state: 'open' | 'closed' | 'all';
  sort?: 'created' | 'updated';
  direction?: 'asc' | 'desc';
}

type ConditionalPage<T> = { notModified: true } | { items: T[]; etag: string; next: boolean };
type ListedForRepo = Awaited<ReturnType<GitHubClient['rest']['issues']['listForRepo']>>['data'][number];

/**
 * Per-request option: plugin-retry must not re-send this write blindly (it re-sends POSTs too); the
 * caller looks for what it made before sending again.
 */
const NO_BLIND_RETRY = { request: { retries: 0 } } as const;
const once = (o: Once | undefined) => (o?.once ? NO_BLIND_RETRY : {});

/** Pages of a listing as plain arrays, fetched as they are read (a caller that stops fetches no more). */
async function* pagesOf<T>(pages: AsyncIterable<{ data: T[] }>): AsyncGenerator<T[]> {
  for await (const page of pages) yield page.data;
}

export type GitHubAdapter = ReturnType<typeof adapt>;

const adapters = new WeakMap<GitHubClient, GitHubAdapter>();

/**
 * The port on this client: one per client, so what is cached per run (collaborator permissions)
 * lives as long as the client.
 */
export function githubPort(octokit: GitHubClient): GitHubAdapter {
  let port = adapters.get(octokit);
  if (!port) {
    port = adapt(octokit);
    adapters.set(octokit, port);
  }
  return port;
}

/** A new client (adapters/github/client.ts) and the port on it: what the action, the CLI and MCP wire. */
export function connectGitHub(options: GitHubClientOptions): GitHubAdapter {
  return githubPort(createOctokit(options));
}

function adapt(octokit: GitHubClient) {
  const { rest } = octokit;
  const pullQuery = (q: PullQuery) => ({
    state: q.state,
    ...(q.head ? { head: q.head } : {}),
    ...(q.base ? { base: q.base } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    per_page: q.perPage ?? 100,
  });
  return {
    handedOff: () => handedOff(octokit),
    pulls: {
      get: async (repo: Repo, number: number) =>
        (await rest.pulls.get({ ...repo, pull_number: number })).data,
      list: (repo: Repo, q: PullQuery) =>
        pagesOf(octokit.paginate.iterator(rest.pulls.list, { ...repo, ...pullQuery(q) })),
      create: async (repo: Repo, pr: { head: string; base: string; title: string; body: string }) =>
        (await rest.pulls.create({ ...repo, ...pr })).data,
      update: async (repo: Repo, number: number, change: { title?: string; body?: string }) => {
        await rest.pulls.update({ ...repo, pull_number: number, ...change });
      },
      forCommit: async (repo: Repo, sha: string) =>
        (await rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 }))
          .data,
      autoMergeOn: async (nodeId: string) =>
        !!(await octokit.graphql<AutoMergeState>(AUTO_MERGE_READ, { id: nodeId })).node?.autoMergeRequest,
      setAutoMerge: async (nodeId: string, on: boolean) => {
        await octokit.graphql(on ? AUTO_MERGE_ON : AUTO_MERGE_OFF, { id: nodeId, ...NO_BLIND_RETRY });
      },
    },
    reviews: {
      list: (repo: Repo, number: number) =>
        pagesOf(
          octokit.paginate.iterator(rest.pulls.listReviews, { ...repo, pull_number: number, per_page: 100 }),
        ),
    },
    issues: {
      get: async (repo: Repo, number: number) =>
        (await rest.issues.get({ ...repo, issue_number: number })).data,
      list: (repo: Repo, q: IssueQuery) =>
        pagesOf(octokit.paginate.iterator(rest.issues.listForRepo, { ...repo, ...q, per_page: 100 })),
      listPage: async (
        repo: Repo,
        q: IssueQuery,
        page: number,
        etag?: string,
      ): Promise<ConditionalPage<ListedForRepo>> => {
        try {
          const res = await rest.issues.listForRepo({
            ...repo,
            ...q,
            per_page: 100,
            page,
            ...(etag ? { headers: { 'if-none-match': etag } } : {}),
          });
          return {
            items: res.data,
            etag: res.headers.etag ?? '',
            next: /rel="next"/.test(res.headers.link ?? ''),
          };
        } catch (err) {
          // Octokit throws on a 304; asked with an ETag, it means "as you had it".
          if (etag && (err as { status?: unknown }).status === 304) return { notModified: true };
          throw err;
        }
      },
      create: async (repo: Repo, issue: { title: string; body: string; labels?: string[] }, o?: Once) =>
        (await rest.issues.create({ ...repo, ...issue, ...once(o) })).data,
      update: async (
        repo: Repo,
        number: number,
        change: { body?: string; state?: 'open' | 'closed'; state_reason?: 'reopened' },
        o?: Once,
      ) => (await rest.issues.update({ ...repo, issue_number: number, ...change, ...once(o) })).data,
      addLabels: async (repo: Repo, number: number, labels: string[]) => {
        await rest.issues.addLabels({ ...repo, issue_number: number, labels });
      },
      removeLabel: async (repo: Repo, number: number, name: string) => {
        await rest.issues.removeLabel({ ...repo, issue_number: number, name });
      },
      pin: async (nodeId: string) =>
        (
          await octokit.graphql<{ pinIssue: { issue: { isPinned: boolean } | null } | null }>(PIN_ISSUE, {
            id: nodeId,
          })
        ).pinIssue?.issue?.isPinned === true,
    },
    comments: {
      list: (repo: Repo, issue: number) =>
        pagesOf(
          octokit.paginate.iterator(rest.issues.listComments, {
            ...repo,
            issue_number: issue,
            per_page: 100,
          }),
        ),
      create: async (repo: Repo, issue: number, body: string, o?: Once) =>
        (await rest.issues.createComment({ ...repo, issue_number: issue, body, ...once(o) })).data,
      update: async (repo: Repo, id: number, body: string) => {
        await rest.issues.updateComment({ ...repo, comment_id: id, body });
      },
    },
    labels: {
      list: (repo: Repo) =>
        pagesOf(octokit.paginate.iterator(rest.issues.listLabelsForRepo, { ...repo, per_page: 100 })),
      create: async (repo: Repo, label: { name: string; color: string; description: string }) => {
        await rest.issues.createLabel({ ...repo, ...label });
      },
    },
    permissions: {
      collaborator: async (repo: Repo, login: string) =>
        (await rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login })).data,
      teamMembership: async (org: string, team: string, login: string) =>
        (await rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: login })).data.state,
    },
    workflows: {
      dispatch: async (repo: Repo, workflow: string, ref: string, inputs?: Record<string, string>) => {
        await rest.actions.createWorkflowDispatch({
          ...repo,
          workflow_id: workflow,
          ref,
          ...(inputs ? { inputs } : {}),
        });
      },
      run: async (repo: Repo, id: number) => {
        const { data } = await rest.actions.getWorkflowRun({ ...repo, run_id: id });
        return { status: data.status, attempt: data.run_attempt ?? 1 };
      },
    },
    branches: {
      defaultBranch: async (repo: Repo) => (await rest.repos.get({ ...repo })).data.default_branch,
      head: async (repo: Repo, branch: string) =>
        (await rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha,
      create: async (repo: Repo, branch: string, sha: string) => {
        await rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
      },
      reset: async (repo: Repo, branch: string, sha: string) => {
        await rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
      },
      commitsSince: async (repo: Repo, base: string, head: string) => {
        const { data } = await rest.repos.compareCommitsWithBasehead({
          ...repo,
          basehead: `${base}...${head}`,
          per_page: 100,
        });
        return data.commits.map((c) => ({
          sha: c.sha,
          message: c.commit.message,
          author: c.author?.login ?? c.commit.author?.name,
        }));
      },
    },
    contents: {
      get: async (repo: Repo, path: string, ref: string) => {
        const { data } = await rest.repos.getContent({ ...repo, path, ref });
        if (Array.isArray(data) || data.type !== 'file') return undefined;
        return { text: Buffer.from(data.content ?? '', 'base64').toString('utf8'), sha: data.sha };
      },
      put: async (
        repo: Repo,
        f: { path: string; branch: string; message: string; text: string; sha?: string },
      ) => {
        await rest.repos.createOrUpdateFileContents({
          ...repo,
          path: f.path,
          branch: f.branch,
          message: f.message,
          content: Buffer.from(f.text).toString('base64'),
          ...(f.sha ? { sha: f.sha } : {}),
        });
      },
    },
  };
}
