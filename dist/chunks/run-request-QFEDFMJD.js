import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-5A6CJRWK.js";
import "./chunk-VJDIPRZO.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-7TCELIEM.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
