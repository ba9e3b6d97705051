// Built-ins from process.getBuiltinModule, not `import`: an ESM import of node:fs builds its ESM
// facade, which reads every export and so loads fs streams and fs/promises (~5 ms of start-up).
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { tmpdir } = process.getBuiltinModule('node:os');
const { basename, dirname, join } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { constants, Script } = process.getBuiltinModule('node:vm');

// Runs a CommonJS bundle with V8's code cache taken AFTER it ran. Node's own compile cache
// (module.enableCompileCache) stores a module's code as compiled at load: top-level code only, while
// every function first called later (most of yaml, zod, cel-js, re2js, croner) is compiled again at
// each start. A cache made after the run holds those too, and `validate` starts ~25% faster.

/** Where the cache lives: beside Node's own compile cache, so the same settings apply to both. */
function cacheDir(): string | undefined {
  const node = module as { getCompileCacheDir?: () => string | undefined };
  // Node ≥ 22.8: the folder Node chose (per version, architecture, V8 flags and user), or none when
  // the compile cache is off (NODE_DISABLE_COMPILE_CACHE=1, or it could not be enabled).
  if (node.getCompileCacheDir) return node.getCompileCacheDir();
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  // Node 20 has no compile cache: the same default place, one folder per version and user.
  const base = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');
  return join(base, `intentops-${process.version}-${process.arch}-${process.getuid?.() ?? 'u'}`);
}

/**
 * The cache file's bytes when this user wrote it and nobody else can change it: code from the cache
 * runs as this process, so a file another user could have planted in a shared folder is not used.
 */
function readTrusted(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    // POSIX only: Windows has neither uids nor these mode bits (it reports every file as 0o666).
    const uid = process.getuid?.();
    if (!st.isFile() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written to a temporary name, then renamed: a run reading it concurrently sees all or nothing. The
 * temporary file must be new ('wx'), so a link planted under its name is not written through.
 */
function writeCache(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  } catch {
    // A cache: a read-only or full disk only means the next start is not faster.
    rmSync(tmp, { force: true });
  }
}

export interface CachedScript<T> {
  exports: T;
  /** Writes the code cache when there was none or V8 refused it; call after the work is done. */
  saveCache(): void;
}

/**
 * Loads `file` (CommonJS, built with `import.meta.url` defined as `__importMetaUrl`) as Node would,
 * with the code cache of an earlier run. The file's name carries its content hash (scripts/bundle.mjs),
 * so a cache never meets other source than the one it was made from.
 */
export function runCachedScript<T>(file: string): CachedScript<T> {
  const dir = cacheDir();
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
        writeCache(cachePath, script.createCachedData());
    },
  };
}
