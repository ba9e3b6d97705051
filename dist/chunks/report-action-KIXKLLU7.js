import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  reportAction,
  sinceInput
} from "./chunk-E7RDYRYG.js";
import "./chunk-UG7SHXAL.js";
import "./chunk-PNMILFEU.js";
import "./chunk-WHTSRQ4A.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  reportAction,
  sinceInput
};
