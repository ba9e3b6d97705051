import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  runRequest
} from "./chunk-WLX7Q4L2.js";
import "./chunk-MA7T432Z.js";
import "./chunk-NUQKUKGO.js";
import "./chunk-7F2HHZ5V.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-QXTZR6HT.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-XVMNFE3Q.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-2PB7EKOP.js";
import "./chunk-ECU5Z6HK.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-P454KSOG.js";
import "./chunk-FUILN6RE.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";
export {
  runRequest
};
