/**
 * A loopback GitHub REST double that accepts only what GitHub's official OpenAPI description
 * (npm `@octokit/openapi`) allows, backed by a small in-memory repository. See
 * test/helpers/github-double/ for the parts: spec (matching), validate (ajv), model (state),
 * handlers-* (operations), faults (failNext), server.
 */
export { rateLimitHeaders } from './github-double/faults.js';
export type {
  CommentRecord,
  DispatchRecord,
  GitHubState,
  IssueRecord,
  LabelRecord,
  RepoRole,
  ReviewState,
  UserRecord,
  WorkflowRecord,
  WorkflowRunRecord,
} from './github-double/model.js';
export {
  type GitHubDouble,
  type GitHubDoubleOptions,
  type RecordedRequest,
  startGitHubDouble,
} from './github-double/server.js';
export { loadDescription, matchOperation } from './github-double/spec.js';
export { type SchemaProblem, validateBody, validateResponse } from './github-double/validate.js';
