// What records name as the tool's version: `0.2.0+<commit>` from an unreleased tree
// (src/build-version.ts). Loaded on demand: that module starts git, and `validate`, which shares
// this file's importers, never needs it.
export const toolVersion = (): Promise<string> => import('../build-version.js').then((m) => m.buildVersion());
