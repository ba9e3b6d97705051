// What REST cannot do: auto-merge and pinning exist in GitHub's GraphQL API only.

export const AUTO_MERGE_READ = `query ($id: ID!) {
  node(id: $id) { ... on PullRequest { autoMergeRequest { mergeMethod } } }
}`;
export const AUTO_MERGE_OFF = `mutation ($id: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $id }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;
export const AUTO_MERGE_ON = `mutation ($id: ID!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;

export interface AutoMergeState {
  node: { autoMergeRequest?: { mergeMethod: string } | null } | null;
}

export const PIN_ISSUE = `mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number isPinned } } }`;
