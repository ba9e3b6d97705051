import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-VGNC4UG5.js";
import "./chunk-E5R4RK5R.js";
import "./chunk-N3GGVEA6.js";
import "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
