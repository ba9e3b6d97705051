import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  NOTIFY_LOG,
  afterRun
} from "./chunk-V6YTFWGS.js";
import "./chunk-65JH7TYL.js";
import "./chunk-6BCE7BQL.js";
import "./chunk-KN3D372Y.js";
import "./chunk-CYGTH3J3.js";
import "./chunk-HWSKK6SS.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-LZ23GM7Q.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  NOTIFY_LOG,
  afterRun
};
