import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  cancelOnSignals
} from "./chunk-HDH4EU2M.js";
import "./chunk-7E55XGKX.js";
export {
  cancelOnSignals
};
