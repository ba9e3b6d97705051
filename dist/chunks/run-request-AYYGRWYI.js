import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-UYQIEQR2.js";
import "./chunk-XAIPERPT.js";
import "./chunk-R4ADKYCU.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-CYGTH3J3.js";
import "./chunk-YQJALLWV.js";
import "./chunk-5IKR5MJP.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-HWSKK6SS.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-RWC7ZCXX.js";
import "./chunk-XSOKI6J7.js";
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
  runRequest
};
