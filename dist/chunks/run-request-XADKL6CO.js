import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  loadHistory,
  runRequest
} from "./chunk-VD5NTB4P.js";
import "./chunk-BDE57ZDJ.js";
import "./chunk-WOICYIVA.js";
import "./chunk-OG546ZDJ.js";
import "./chunk-EI2VVAFB.js";
import "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-3WUPWBHU.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  loadHistory,
  runRequest
};
