import { readTrusted, writePrivate } from './user-cache-file.js';

// Built-ins from process.getBuiltinModule, not `import`: an ESM import of node:fs builds its ESM
// facade, which reads every export and so loads fs streams and fs/promises (~5 ms of start-up).
const { readFileSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { basename, dirname, join } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { constants, Script } = process.getBuiltinModule('node:vm');

// Runs a CommonJS bundle with V8's code cache taken AFTER it ran. Node's own compile cache
// (module.enableCompileCache) stores a module's code as compiled at load: top-level code only, while
// every function first called later (most of yaml, zod, cel-js, re2js, croner) is compiled again at
// each start. A cache made after the run holds those too, and `validate` starts ~25% faster. The cache
// lives beside Node's own (src/adapters/user-cache-file.ts), written and trusted as only this user's.

export interface CachedScript<T> {
  exports: T;
  /** Writes the code cache when there was none or V8 refused it; call after the work is done. */
  saveCache(): void;
}

/**
 * Loads `file` (CommonJS, built with `import.meta.url` defined as `__importMetaUrl`) as Node would,
 * with the code cache of an earlier run. The file's name carries its content hash (scripts/bundle.mjs),
 * so a cache never meets other source than the one it was made from. `dir` undefined: no cache is
 * read or written (the action: a cache file a step could write would run as the action's code).
 */
export function runCachedScript<T>(file: string, dir: string | undefined): CachedScript<T> {
  const cachePath = dir === undefined ? undefined : join(dir, `intentops-${basename(file)}.cache`);
  const cachedData = cachePath === undefined ? undefined : readTrusted(cachePath);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${readFileSync(file, 'utf8')}\n})`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
      // Node ≥ 20.12: an import() in the bundle resolves as in any module (the bundle has none).
      ...(constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
        ? { importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
        : {}),
    },
  );
  const mod = { exports: {} as T };
  script.runInThisContext()(
    mod.exports,
    module.createRequire(file),
    mod,
    file,
    dirname(file),
    pathToFileURL(file).href,
  );
  return {
    exports: mod.exports,
    saveCache() {
      if (cachePath !== undefined && (!cachedData || script.cachedDataRejected))
        writePrivate(cachePath, script.createCachedData());
    },
  };
}
