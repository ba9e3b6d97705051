import { type ApiCallCounter, counted, statusOf } from '../shared/github-calls.js';
import type { GitHubPort } from '../shared/github-port.js';

/**
 * The repository's labels, listed once (one call per 100 labels) and then known: missing ones are
 * created with a colour and description, GitHub's own implicit labels being grey and undescribed.
 */
export class RepoLabels {
  private names: Promise<Set<string>> | undefined;

  constructor(
    private readonly github: GitHubPort,
    private readonly repo: { owner: string; repo: string },
    private readonly calls: ApiCallCounter,
    private readonly styleOf: (name: string) => { color: string; description: string },
  ) {}

  async ensure(wanted: readonly string[]): Promise<void> {
    if (!this.names) {
      this.names = this.list();
      this.names.catch(() => {
        this.names = undefined; // the next call lists again
      });
    }
    const have = await this.names;
    for (const name of wanted) {
      if (have.has(name.toLowerCase())) continue;
      this.calls.add('issues/create-label');
      try {
        await this.github.labels.create(this.repo, { name, ...this.styleOf(name) });
      } catch (err) {
        if (statusOf(err) !== 422) throw err; // 422 already_exists: another run made it first
      }
      have.add(name.toLowerCase());
    }
  }

  private async list(): Promise<Set<string>> {
    const names = new Set<string>();
    const pages = this.github.labels.list(this.repo);
    for await (const label of counted(this.calls, 'issues/list-labels-for-repo', pages)) {
      names.add(label.name.toLowerCase());
    }
    return names;
  }
}
