import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  cancelOnSignals
} from "./chunk-ZIGEWWAA.js";
import "./chunk-7E55XGKX.js";
export {
  cancelOnSignals
};
