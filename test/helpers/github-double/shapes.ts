import type {
  CollaboratorRecord,
  CommentRecord,
  GitHubState,
  IssueRecord,
  LabelRecord,
  ReviewRecord,
  UserRecord,
} from './model.js';

/**
 * The JSON GitHub sends for each kind of object, with every field the description marks required
 * filled with realistic values. API URLs point at the double (like a GHES host would), HTML URLs at
 * github.com. Strict response validation checks every one of these against the description.
 */

export const HTML = 'https://github.com';

/** Node ids are opaque base64 strings on GitHub; these only need to be stable and distinct. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64').replace(/=+$/, '')}`;
}

export function userJson(api: string, u: UserRecord): Record<string, unknown> {
  const url = `${api}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'BOT' : 'U', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${HTML}/${encodeURIComponent(u.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function repoUrls(api: string, s: GitHubState): { api: string; html: string } {
  return { api: `${api}/repos/${s.owner}/${s.repo}`, html: `${HTML}/${s.owner}/${s.repo}` };
}

export function labelJson(api: string, s: GitHubState, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId('LA', l.id),
    url: `${repoUrls(api, s).api}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: l.default,
  };
}

export function repoJson(api: string, s: GitHubState): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const openIssues = [...s.issues.values()].filter((i) => i.state === 'open').length;
  return {
    id: s.repoId,
    node_id: nodeId('R', s.repoId),
    name: s.repo,
    full_name: `${s.owner}/${s.repo}`,
    owner: userJson(api, { login: s.owner, id: 9_919, type: 'User' }),
    private: false,
    html_url: html,
    description: 'GitOps repository managed by intentops',
    fork: false,
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    hooks_url: `${r}/hooks`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    git_url: `git://github.com/${s.owner}/${s.repo}.git`,
    ssh_url: `git@github.com:${s.owner}/${s.repo}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 108,
    default_branch: s.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: ['gitops'],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    license: null,
    pushed_at: s.now(),
    created_at: s.createdAt,
    updated_at: s.createdAt,
    allow_auto_merge: true,
    delete_branch_on_merge: true,
    network_count: 0,
    subscribers_count: 1,
  };
}

export function issueJson(api: string, s: GitHubState, i: IssueRecord): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const url = `${r}/issues/${i.number}`;
  const labels = i.labels.map((name) => s.label(name)).filter((l): l is LabelRecord => l !== undefined);
  const json: Record<string, unknown> = {
    id: i.id,
    node_id: nodeId(i.pull ? 'PR' : 'I', i.id),
    url,
    repository_url: r,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${html}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userJson(api, i.user),
    labels: labels.map((l) => labelJson(api, s, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: i.locked,
    active_lock_reason: null,
    comments: s.commentsOf(i.number).length,
    closed_at: i.closedAt,
    closed_by: i.closedBy ? userJson(api, i.closedBy) : null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: i.user.login === s.owner ? 'OWNER' : 'NONE',
  };
  if (i.pull) {
    json.draft = i.pull.draft;
    json.pull_request = {
      url: `${r}/pulls/${i.number}`,
      html_url: `${html}/pull/${i.number}`,
      diff_url: `${html}/pull/${i.number}.diff`,
      patch_url: `${html}/pull/${i.number}.patch`,
      merged_at: i.pull.mergedAt,
    };
  }
  return json;
}

export function commentJson(api: string, s: GitHubState, c: CommentRecord): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${r}/issues/comments/${c.id}`,
    html_url: `${html}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${r}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(api, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.login === s.owner ? 'OWNER' : 'NONE',
  };
}

export function reviewJson(api: string, s: GitHubState, v: ReviewRecord): Record<string, unknown> {
  const { api: r, html } = repoUrls(api, s);
  const htmlUrl = `${html}/pull/${v.pullNumber}#pullrequestreview-${v.id}`;
  return {
    id: v.id,
    node_id: nodeId('PRR', v.id),
    user: userJson(api, v.user),
    body: v.body,
    state: v.state,
    commit_id: v.commitId,
    html_url: htmlUrl,
    pull_request_url: `${r}/pulls/${v.pullNumber}`,
    _links: { html: { href: htmlUrl }, pull_request: { href: `${r}/pulls/${v.pullNumber}` } },
    submitted_at: v.submittedAt,
    author_association: v.user.login === s.owner ? 'OWNER' : 'NONE',
  };
}

export function refJson(api: string, s: GitHubState, ref: string, sha: string): Record<string, unknown> {
  const r = repoUrls(api, s).api;
  return {
    ref: `refs/${ref}`,
    node_id: `REF_${Buffer.from(`${s.repoId}:${ref}`).toString('base64')}`,
    url: `${r}/git/refs/${ref}`,
    object: { type: 'commit', sha, url: `${r}/git/commits/${sha}` },
  };
}

/** The legacy base role GitHub reports in `permission` for each role. */
const BASE_ROLE = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
} as const;

/** `GET /repos/{owner}/{repo}/collaborators/{username}/permission`: the permission and the collaborator. */
export function collaboratorPermissionJson(api: string, c: CollaboratorRecord): Record<string, unknown> {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(c.role);
  return {
    permission: BASE_ROLE[c.role],
    role_name: c.role,
    user: {
      ...userJson(api, c.user),
      permissions: { pull: true, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 },
      role_name: c.role,
    },
  };
}
