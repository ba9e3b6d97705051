import { Git } from '../../adapters/git.js';
import type { RecordProposer } from '../../domain/schemas/record.js';

// Who proposed a request, as its record keeps it: the request PR's author when GitHub said who that
// is (the proposer cannot choose it), else the author of the commit that added the request — which
// anyone can set, so it is marked unverified. The request file's `proposed_by` is only a claim and
// is kept beside it (see docs/metrics.md).

export async function establishProposer(
  repoDir: string,
  prAuthor: string | undefined,
  commit: string | null,
): Promise<RecordProposer | undefined> {
  if (prAuthor) return { login: prAuthor, source: 'pr_author', verified: true };
  const name = commit ? await new Git(repoDir).authorOf(commit) : null;
  return name ? { login: name, source: 'git_author', verified: false } : undefined;
}
