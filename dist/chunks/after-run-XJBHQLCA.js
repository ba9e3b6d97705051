import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  NOTIFY_LOG,
  afterRun
} from "./chunk-HELXOTLD.js";
import "./chunk-3LFLE4UV.js";
import "./chunk-F4CLVQS3.js";
import "./chunk-KBVCLPQV.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-XC2SOE2V.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  NOTIFY_LOG,
  afterRun
};
