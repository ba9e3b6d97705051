import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-BIRH4ZST.js";
import "./chunk-XAIPERPT.js";
import "./chunk-UVGYSCDB.js";
import "./chunk-XM45UL27.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-URWU43WQ.js";
import "./chunk-IOFQ4AYI.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-NWJGKNQQ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-FXNC5ZCY.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  runRequest
};
