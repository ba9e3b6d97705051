import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-M77674QY.js";
import "./chunk-LTVWU56D.js";
import "./chunk-MA7T432Z.js";
import "./chunk-KFW2FUS7.js";
import "./chunk-YF7OV2R3.js";
import "./chunk-6BZ7A44P.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-DM36EXAI.js";
import "./chunk-P454KSOG.js";
import "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  runRequest
};
