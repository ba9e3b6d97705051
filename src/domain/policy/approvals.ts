// Human approvals on a request PR, counted as GitHub's branch protection counts them: each reviewer's
// latest decisive review (APPROVED, CHANGES_REQUESTED, DISMISSED; a COMMENTED review changes
// nothing), excluding the PR author, bots and reviewers without write access to the repository, and
// only approvals of the current head commit — an approval given before new pushes does not vouch
// for them.

export interface ReviewUser {
  login: string;
  type?: string;
}

/** The fields of a GitHub pull request review this needs (Octokit's review type fits). */
export interface ReviewLike {
  user: ReviewUser | null;
  state: string;
  commit_id: string | null;
  submitted_at?: string | null | undefined;
}

export interface ApprovalOptions {
  /** The PR author's login: their own reviews never count. */
  author: string;
  /** The PR's head commit: approvals of an earlier commit are stale. */
  headSha: string;
  /** Default: `isBotUser`. */
  isBot?: (user: ReviewUser) => boolean;
  /**
   * Whether a reviewer may write to the repository (GitHub counts only their approvals), with the
   * role to name when not. Absent: every approver counts — a caller counts once without it to learn
   * whose access to look up, then again with it.
   */
  access?: (login: string) => { write: boolean; role: string };
}

export interface ApprovalCount {
  count: number;
  approvers: string[];
  /** Reviewers whose reviews did not count, and why — for the plan's policy table. */
  ignored: { login: string; why: string }[];
}

/** GitHub Apps have `type: 'Bot'`; their logins (and some machine users') end in `[bot]`. */
export function isBotUser(user: ReviewUser): boolean {
  return user.type === 'Bot' || user.login.toLowerCase().endsWith('[bot]');
}

const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

export function countApprovals(reviews: readonly ReviewLike[], opts: ApprovalOptions): ApprovalCount {
  const isBot = opts.isBot ?? isBotUser;
  const author = opts.author.toLowerCase();
  // GitHub lists reviews oldest first; sort by submission time (stable) in case a caller did not.
  const ordered = reviews
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ta = a.r.submitted_at ? Date.parse(a.r.submitted_at) : Number.NaN;
      const tb = b.r.submitted_at ? Date.parse(b.r.submitted_at) : Number.NaN;
      return Number.isNaN(ta) || Number.isNaN(tb) || ta === tb ? a.i - b.i : ta - tb;
    })
    .map(({ r }) => r);

  // Logins are case-insensitive on GitHub: key by the lower-cased login, report the spelling seen.
  const latest = new Map<string, { user: ReviewUser; review?: ReviewLike }>();
  for (const review of ordered) {
    if (!review.user) continue; // a deleted account ("ghost") vouches for nobody
    const key = review.user.login.toLowerCase();
    const entry = latest.get(key) ?? { user: review.user };
    if (DECISIVE.has(review.state)) entry.review = review;
    latest.set(key, entry);
  }

  const approvers: string[] = [];
  const ignored: ApprovalCount['ignored'] = [];
  for (const [key, { user, review }] of latest) {
    const login = user.login;
    if (key === author) ignored.push({ login, why: 'the PR author' });
    else if (isBot(user)) ignored.push({ login, why: 'a bot' });
    else if (!review) ignored.push({ login, why: 'only commented' });
    else if (review.state === 'CHANGES_REQUESTED') ignored.push({ login, why: 'requested changes' });
    else if (review.state === 'DISMISSED') ignored.push({ login, why: 'review dismissed' });
    else if (review.commit_id !== opts.headSha) {
      const at = review.commit_id ? ` ${review.commit_id.slice(0, 7)}` : '';
      ignored.push({ login, why: `approved an earlier commit${at} (stale after new pushes)` });
    } else {
      const access = opts.access?.(login);
      if (access && !access.write) ignored.push({ login, why: `no write access (${access.role})` });
      else approvers.push(login);
    }
  }
  return { count: approvers.length, approvers, ignored };
}

/** The repository roles of a collaborator, as GitHub's permission endpoint reports them. */
export interface CollaboratorPermission {
  /** Legacy base role: admin, write, read or none (maintain maps to write, triage to read). */
  permission: string;
  /** The assigned role, custom roles included: admin, maintain, write, triage, read, or a custom name. */
  role_name?: string | null;
}

/**
 * GitHub's branch protection counts approvals from people with write access: admin, maintain or
 * write. A custom role reports its base role in `permission`, so one based on write counts too.
 */
export function canWrite(p: CollaboratorPermission): boolean {
  return (
    p.permission === 'admin' ||
    p.permission === 'write' ||
    ['admin', 'maintain', 'write'].includes(p.role_name ?? '')
  );
}

/** "alice, bob; not counted: carol (requested changes)" — one line for a plan or a record. */
export function describeApprovals(a: ApprovalCount): string {
  const who = a.approvers.length ? `approved by ${a.approvers.join(', ')}` : 'no counted approvals';
  const not = a.ignored.map((i) => `${i.login} (${i.why})`).join(', ');
  return not ? `${who}; not counted: ${not}` : who;
}
