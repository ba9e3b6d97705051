import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  counted,
  statusOf
} from "./chunk-4LGOOGTA.js";

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
  RepoLabels
};
