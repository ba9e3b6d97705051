import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/app/github-calls.ts
import { setTimeout as sleep } from "node:timers/promises";
var ApiCallCounter = class {
  byOperation = {};
  add(operation) {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }
  get total() {
    return Object.values(this.byOperation).reduce((a, b) => a + b, 0);
  }
};
var statusOf = (err) => {
  const status = err?.status;
  return typeof status === "number" ? status : void 0;
};
var uncertain = (err) => (statusOf(err) ?? 500) >= 500;
var NO_BLIND_RETRY = { request: { retries: 0 } };
async function* counted(calls, operation, pages) {
  for await (const page of pages) {
    calls.add(operation);
    yield* page.data;
  }
}
async function writeOnce(w) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await w.send();
    } catch (err) {
      if (!uncertain(err) || attempt >= w.attempts) throw err;
      w.log(`${w.what}: GitHub answered ${statusOf(err) ?? "nothing"}; looking for it before trying again`);
      await sleep(attempt * attempt * w.retryBaseMs);
      const found = await w.lookup();
      if (found !== void 0) return found;
    }
  }
}

// src/app/repo-labels.ts
var RepoLabels = class {
  constructor(octokit, repo, calls, styleOf) {
    this.octokit = octokit;
    this.repo = repo;
    this.calls = calls;
    this.styleOf = styleOf;
  }
  octokit;
  repo;
  calls;
  styleOf;
  names;
  async ensure(wanted) {
    if (!this.names) {
      this.names = this.list();
      this.names.catch(() => {
        this.names = void 0;
      });
    }
    const have = await this.names;
    for (const name of wanted) {
      if (have.has(name.toLowerCase())) continue;
      this.calls.add("issues/create-label");
      try {
        await this.octokit.rest.issues.createLabel({ ...this.repo, name, ...this.styleOf(name) });
      } catch (err) {
        if (statusOf(err) !== 422) throw err;
      }
      have.add(name.toLowerCase());
    }
  }
  async list() {
    const names = /* @__PURE__ */ new Set();
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listLabelsForRepo, {
      ...this.repo,
      per_page: 100
    });
    for await (const label of counted(this.calls, "issues/list-labels-for-repo", pages)) {
      names.add(label.name.toLowerCase());
    }
    return names;
  }
};

export {
  ApiCallCounter,
  statusOf,
  NO_BLIND_RETRY,
  counted,
  writeOnce,
  RepoLabels
};
