// Bundles src/ into dist/ (the CLI and the action entry). `--check` rebuilds into a temporary folder
// and fails when dist/ differs, so CI catches a dist/ that is stale against src/.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { lazierDependencies } from './startup-rewrites.mjs';

const check = process.argv.includes('--check');

// zod's namespace re-exports all of its ~60 locales (half of its 740 KB); every message intentops
// shows is English (set in src/domain/schemas/common.ts), so the bundle keeps `en` only and each start
// compiles that much less.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    // The module's path is a fixed name, not the absolute one: it goes into the chunks' hashes, and
    // dist/ must come out the same in any checkout (CI bundles in another folder).
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? {
            path: 'zod/locales/en-only.js',
            namespace: 'zod-en',
            pluginData: { dir: join(dirname(args.importer), '..', 'locales') },
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: args.pluginData.dir,
      loader: 'js',
    }));
  },
};
const outdir = check ? mkdtempSync(join(tmpdir(), 'intentops-dist-')) : 'dist';

// Shared by both builds.
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  // Less to read and compile at each start. Identifiers are kept: names in stack traces stay
  // readable, and keepNames' __name() call per function would cost more start-up than it saves.
  minifyWhitespace: true,
  minifySyntax: true,
  // Paths in the bundle stay as seen from the project, also when node_modules is a link.
  preserveSymlinks: true,
  logLevel: 'warning',
};
// package.json's version only, never a commit id: dist/ must come out the same in every checkout of a
// commit (and a commit cannot hold its own id). A build from an unreleased tree adds `+<commit>` at
// run time (src/build-version.ts).
const version = JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version);

// `validate` (every pull request runs it) starts from one CommonJS file of the CLI's static import
// graph, which src/cli/cached-script.ts runs with a code cache taken after the run. The commands main.ts
// imports on demand are not in it: src/cli/validate-route.ts sends only `validate` lines here, and
// an import() that is reached anyway fails loudly instead of mixing two copies of the code.
const notInValidateBundle = {
  name: 'not-in-validate-bundle',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'not-in-validate-bundle' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-validate-bundle' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`intentops: ${args.path} is not in the validate bundle (src/cli/validate-route.ts let another command through)`)});`,
      loader: 'js',
    }));
  },
};
// In the validate bundle, `yaml` (the parser that keeps every node's position) loads on first use:
// the quick path reads ordinary files (src/domain/input/yaml-quick-parse.ts) and only a finding asks for a
// position, so most runs never need it (5 M instructions of start-up). A CommonJS stand-in whose
// exports are getters: esbuild reads an import from it as property reads at each use.
const yamlExports = Object.keys(createRequire(import.meta.url)('yaml'));
const yamlOnFirstUse = {
  name: 'yaml-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'yaml', namespace: 'yaml-on-first-use' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'yaml-on-first-use' }, () => ({
      contents: [
        "let yaml;\nconst load = () => (yaml ??= require('yaml'));",
        ...yamlExports.map(
          (name) =>
            `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
        ),
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};
const validateBuild = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'validate.cjs',
  write: false,
  format: 'cjs',
  // The loader passes the file's URL as __importMetaUrl (CommonJS has no import.meta).
  define: { __INTENTOPS_VERSION__: version, 'import.meta.url': '__importMetaUrl' },
  plugins: [zodEnglishOnly, lazierDependencies, yamlOnFirstUse, notInValidateBundle],
});
const validateCode = validateBuild.outputFiles[0].contents;
// V8 keeps an all-ASCII script as one byte per character; a single other character makes the whole
// script two-byte, decoded and hashed at twice the size on every start.
const nonAscii = validateCode.findIndex((b) => b > 0x7f);
if (nonAscii !== -1) {
  const around = Buffer.from(validateCode.subarray(Math.max(0, nonAscii - 60), nonAscii + 20)).toString();
  throw new Error(`the validate bundle is not ASCII at byte ${nonAscii}: …${around}… (add a startupRewrite)`);
}
// Content-hashed like the chunks: the code cache is keyed by the name.
const validateName = `chunks/validate-${createHash('sha256').update(validateCode).digest('hex').slice(0, 10)}.cjs`;

if (!check) rmSync('dist', { recursive: true, force: true });
await build({
  // index: what the runner starts (action.yml runs.main): it seals the environment, then runs main.
  // main: the module that exports run(), as actions/typescript-action's dist does; index imports
  // it, and `npx local-action run . dist/main.js .env` runs it without the re-exec of sealing.
  entryPoints: { cli: 'src/cli/index.ts', index: 'src/action/index.ts', main: 'src/action/main.ts' },
  ...common,
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __INTENTOPS_VERSION__: version, __INTENTOPS_VALIDATE_BUNDLE__: JSON.stringify(validateName) },
  plugins: [zodEnglishOnly, lazierDependencies],
  // Some CommonJS dependencies call require() for Node built-ins; ESM output has no require.
  banner: {
    js: "import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);",
  },
});

writeFileSync(join(outdir, validateName), validateCode);

// The report's Chart.js browser build ships next to the bundle: the action has no node_modules.
copyFileSync(
  join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
  join(outdir, 'chart.umd.min.js'),
);

if (check) {
  const list = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => relative(dir, join(e.parentPath, e.name)))
          .sort()
      : [];
  const fresh = list(outdir);
  const committed = list('dist');
  const stale = [
    ...fresh.filter(
      (f) => !committed.includes(f) || !readFileSync(join(outdir, f)).equals(readFileSync(join('dist', f))),
    ),
    ...committed.filter((f) => !fresh.includes(f)),
  ];
  rmSync(outdir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is stale against src/ (run \`npm run bundle\` and commit): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('dist/ is fresh');
}
