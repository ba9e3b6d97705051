import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  reportAction,
  sinceInput
} from "./chunk-NAZQLBG4.js";
import "./chunk-4VZGUSGR.js";
import "./chunk-6BCE7BQL.js";
import "./chunk-DG6TM2WD.js";
import "./chunk-KN3D372Y.js";
import "./chunk-HWSKK6SS.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  reportAction,
  sinceInput
};
