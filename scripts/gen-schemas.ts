// Writes schemas/*.schema.json from the zod schemas. `--check` writes nothing and exits 1 when a
// committed file differs from what would be generated (run it in CI). `--out DIR` writes elsewhere.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJsonSchemas } from '../src/domain/schemas/json-schema.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const outIndex = args.indexOf('--out');
const outDir =
  outIndex >= 0 && args[outIndex + 1]
    ? resolve(args[outIndex + 1] as string)
    : join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

const stale: string[] = [];
if (!check) await mkdir(outDir, { recursive: true });
for (const [fileName, text] of Object.entries(generateJsonSchemas())) {
  const path = join(outDir, fileName);
  if ((await readOrNull(path)) === text) continue;
  if (check) stale.push(fileName);
  else {
    await writeFile(path, text);
    console.log(`wrote ${path}`);
  }
}
if (stale.length > 0) {
  console.error(`stale or missing JSON Schemas: ${stale.join(', ')} — run: npx tsx scripts/gen-schemas.ts`);
  process.exit(1);
}
if (check) console.log('JSON Schemas are up to date');
