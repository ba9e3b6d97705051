import type { Hash } from 'node:crypto';

// node:crypto is not in Node's start-up snapshot: importing it loads some twenty internal modules
// (~12 ms, a tenth of `validate`'s own start-up). `validate` hashes nothing, so the module is taken
// on the first hash instead of at import.
let crypto: typeof import('node:crypto') | undefined;

/** A fresh SHA-256 hash, node:crypto loaded on first use. */
export function createSha256(): Hash {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256');
}
