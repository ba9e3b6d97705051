import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-QDC6BAXG.js";
import "./chunk-MA7T432Z.js";
import "./chunk-NUQKUKGO.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-YQJALLWV.js";
import "./chunk-OCDBISR5.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-7VGV64WP.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-XC2SOE2V.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  runRequest
};
