// Work that dependencies do and intentops never needs, each rewritten in the bundled copy
// (scripts/bundle.mjs). A dependency that no longer reads as expected fails the build instead of
// silently keeping it. test/startup-rewrites.test.ts checks that the rewritten code answers the same.
import { readFileSync } from 'node:fs';

/** re2js's ES module build, which the bundles take. */
const RE2JS_BUILD = /[\\/]re2js[\\/]build[\\/]index\.js$/;

export const startupRewrites = [
  {
    // commander loads node:child_process at import (with net, dgram and streams: ~5 ms) for
    // executable subcommands, which intentops has none of: the module is taken on first spawn.
    file: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    from: "const childProcess = require('node:child_process');",
    to: "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
  },
  {
    // fdir requires picomatch from node_modules when there is one (five files, ~60 KB) for its own
    // glob(); tinyglobby, its only user here, passes filters and never calls glob().
    file: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/,
    from: '\t__require.resolve("picomatch");\n\tpm = __require("picomatch");\n',
    to: '',
  },
  {
    // fdir's `import * as nativeFs` makes the bundle copy every export of fs at start-up (with the
    // getters Node defines lazily) for a default that tinyglobby's options may replace.
    file: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/,
    from: 'import * as nativeFs from "fs";',
    to: 'const nativeFs = process.getBuiltinModule("fs");',
  },
  {
    // The one non-ASCII character left in the validate bundle (esbuild escapes strings, not regular
    // expressions): see the ASCII check below.
    file: /[\\/]cel-js[\\/]lib[\\/]functions\.js$/,
    from: '(ns|us|µs|ms|s|m|h)/',
    to: '(ns|us|\\u00b5s|ms|s|m|h)/',
  },
  {
    // re2js analyses every pattern for its one-pass engine as it compiles it, and that analysis is
    // quadratic in a counted repetition: for `[A-Za-z0-9._-]{0,127}` (a container tag) it costs
    // validate 9 M instructions (3%). A yes/no match (testExact, how param patterns are matched) runs
    // on the DFA as well; the one-pass program is made when a match with captures first needs it.
    file: RE2JS_BUILD,
    from: 'this.onepass = OnePass.compile(this.prog);',
    to: 'this.lazyOnepass = void 0;',
  },
  {
    file: RE2JS_BUILD,
    from: '\tget dfa() {',
    // null when the pattern is not one-pass, so undefined marks "not made yet".
    to: '\tget onepass() {\n\t\tif (this.lazyOnepass === void 0) this.lazyOnepass = OnePass.compile(this.prog);\n\t\treturn this.lazyOnepass;\n\t}\n\tget dfa() {',
  },
  {
    file: RE2JS_BUILD,
    from: 'if (this.onepass !== null) return OnePass.execute(this, input, pos, anchor, ncap);',
    to: 'if (ncap > 0 && this.onepass !== null) return OnePass.execute(this, input, pos, anchor, ncap);',
  },
];

/** `text` of the dependency at `path` with its rewrites applied; throws when one no longer fits. */
export function rewrite(path, text) {
  let out = text;
  for (const { from, to } of startupRewrites.filter(({ file }) => file.test(path))) {
    if (!out.includes(from)) throw new Error(`${path}: expected ${JSON.stringify(from)} (changed?)`);
    out = out.replace(from, to);
  }
  return out;
}

/** The esbuild plugin that applies them, with one onLoad: esbuild takes the first that answers. */
export const lazierDependencies = {
  name: 'lazier-dependencies',
  setup(b) {
    const files = new RegExp(startupRewrites.map(({ file }) => file.source).join('|'));
    b.onLoad({ filter: files }, (args) => ({
      contents: rewrite(args.path, readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
