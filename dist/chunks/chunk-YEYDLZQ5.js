import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/version.ts
var VERSION = true ? "0.2.0" : fromPackageJson();

export {
  VERSION
};
