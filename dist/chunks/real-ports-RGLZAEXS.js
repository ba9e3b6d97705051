import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  realPorts
} from "./chunk-6K353ODU.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-P454KSOG.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";
export {
  realPorts
};
