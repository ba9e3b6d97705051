import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  NOTIFY_LOG,
  afterRun
} from "./chunk-SVLVGW4V.js";
import "./chunk-H55JND6H.js";
import "./chunk-PNMILFEU.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  NOTIFY_LOG,
  afterRun
};
