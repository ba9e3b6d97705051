// Files a command keeps between its runs (the validate bundle's code cache, the parsed intent files)
// in the folder of Node's compile cache. Built-ins from process.getBuiltinModule, not `import`: an ESM
// import of node:fs builds its ESM facade, which reads every export and so loads fs streams and
// fs/promises (~5 ms of `validate`'s start-up).
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { tmpdir } = process.getBuiltinModule('node:os');
const { dirname, join } = process.getBuiltinModule('node:path');

/** Where the caches live: beside Node's own compile cache, so the same settings apply to all. */
export function userCacheDir(): string | undefined {
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
 * The file's bytes when this user wrote it and nobody else can change it: what a cache holds is taken
 * as this process's own work (code it runs, values it validates), so a file another user could have
 * planted in a shared folder is not used.
 */
export function readTrusted(path: string): Buffer | undefined {
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
export function writePrivate(path: string, data: string | Uint8Array): void {
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
