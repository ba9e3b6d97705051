import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-2W25RDVT.js";
import "./chunk-3RZXW5BD.js";
import "./chunk-OH6IWJ5D.js";
import "./chunk-4EJL4FTD.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-URWU43WQ.js";
import "./chunk-OKQQJ5BC.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
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
  runRequest
};
