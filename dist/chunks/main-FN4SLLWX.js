import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-RHSEIVQ2.js";
import "./chunk-6GHWFL73.js";
import "./chunk-BPGYOTEN.js";
import "./chunk-E5R4RK5R.js";
import "./chunk-N3GGVEA6.js";
import "./chunk-G335CAHQ.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
