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

/**
 * One notice per bundled package (name, version, licence, then its licence file's text), sorted by
 * name: the same for any checkout of a commit. A package found under node_modules from the inputs'
 * paths; its licence file is LICENSE, LICENCE or COPYING in any case, with any extension.
 */
function licenseNotices(metafiles) {
  const roots = new Set();
  for (const m of metafiles)
    for (const input of Object.keys(m.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      roots.add(
        `${input.slice(0, at)}node_modules/${rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/')}`,
      );
    }
  const notices = [...roots].map((root) => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const file = readdirSync(root)
      .filter((f) => /^(licen[cs]e|copying)(\.|-|$)/i.test(f))
      .sort()[0];
    const text = file
      ? readFileSync(join(root, file), 'utf8').trim()
      : `(no licence file; package.json says ${pkg.license})`;
    return {
      name: pkg.name,
      head: `${pkg.name} ${pkg.version} — ${pkg.license ?? 'no licence field'}`,
      text,
    };
  });
  const seen = new Set();
  return `${notices
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((n) => !seen.has(n.head) && seen.add(n.head))
    .map((n) => `${n.head}\n\n${n.text}\n`)
    .join('\n-----\n\n')}`;
}

// package.json's version only, never a commit id: dist/ must come out the same in every checkout of a
// commit (and a commit cannot hold its own id). A build from an unreleased tree adds `+<commit>` at
// run time (src/build-version.ts).
const version = JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version);

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

// `validate` (every pull request runs it) starts from one CommonJS file of its own static import
// graph (src/cli/validate-entry.ts: no commander, no other command), which src/adapters/cached-script.ts
// runs with a V8 code cache taken after the run. Node's compile cache holds only the code compiled
// at load, and every function first called later (most of yaml, zod, cel-js, re2js) is compiled
// again at each start: measured on Node 24, the cache taken after the run saves about a third of
// validate's CPU time (bench/startup.mjs). An import() in it fails loudly instead of loading a
// second copy of the code.
// The one import() the bundle holds: the action's run of validate (src/cli/validate-entry.ts), which
// the CLI never calls, initialised only when the action does.
const IN_VALIDATE_BUNDLE = ['../action/validate-action.js'];
const notInValidateBundle = {
  name: 'not-in-validate-bundle',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && !IN_VALIDATE_BUNDLE.includes(args.path)
        ? { path: args.path, namespace: 'not-in-validate-bundle' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-validate-bundle' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`intentops: ${args.path} is not in the validate bundle (src/cli/validate-entry.ts imported it on demand)`)});`,
      loader: 'js',
    }));
  },
};
const validateBuild = await build({
  ...common,
  entryPoints: ['src/cli/validate-entry.ts'],
  outfile: 'validate.cjs',
  write: false,
  format: 'cjs',
  // The loader passes the file's URL as __importMetaUrl (CommonJS has no import.meta).
  define: { __INTENTOPS_VERSION__: version, 'import.meta.url': '__importMetaUrl' },
  plugins: [zodEnglishOnly, notInValidateBundle],
  metafile: true,
});
const validateCode = validateBuild.outputFiles[0].contents;
// Content-hashed like the chunks: the code cache is keyed by the name.
const validateName = `chunks/validate-${createHash('sha256').update(validateCode).digest('hex').slice(0, 10)}.cjs`;

if (!check) rmSync('dist', { recursive: true, force: true });
const esmBuild = await build({
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
  plugins: [zodEnglishOnly],
  // Some CommonJS dependencies call require() for Node built-ins; ESM output has no require.
  banner: {
    js: "import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);",
  },
  metafile: true,
});

writeFileSync(join(outdir, validateName), validateCode);

// The licences of the packages bundled into dist/ (their notices must travel with their code), as
// a file beside it, like other bundled actions ship: the action has no node_modules to read them in.
writeFileSync(
  join(outdir, 'licenses.txt'),
  licenseNotices([esmBuild.metafile, validateBuild.metafile, { inputs: { 'node_modules/chart.js/x': {} } }]),
);

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
