import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-MCJDW64K.js";
import "./chunk-3XDCGPYK.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
