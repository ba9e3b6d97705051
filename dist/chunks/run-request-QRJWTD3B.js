import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-7KACPE5Q.js";
import "./chunk-RTKUPMGY.js";
import "./chunk-A6AWRIXI.js";
import "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-XPYVKQRZ.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
