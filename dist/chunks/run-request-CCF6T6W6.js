import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-XGLVCYKJ.js";
import "./chunk-BUKUVLUT.js";
import "./chunk-BDE57ZDJ.js";
import "./chunk-EBT5LRVG.js";
import "./chunk-IE6XTLLS.js";
import "./chunk-EI2VVAFB.js";
import "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-3WUPWBHU.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  runRequest
};
