import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-OVC4IXCB.js";
import "./chunk-YIE3CPDQ.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
