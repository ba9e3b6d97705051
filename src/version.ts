import { readFileSync } from 'node:fs';

// The bundle gets the version baked in at build time (scripts/bundle.mjs), so dist/ does not change
// with every edit of package.json; from source it is read from package.json.
declare const __INTENTOPS_VERSION__: string | undefined;

function fromPackageJson(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const VERSION: string =
  typeof __INTENTOPS_VERSION__ === 'string' ? __INTENTOPS_VERSION__ : fromPackageJson();
