import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  realPorts
} from "./chunk-I2YMQXIN.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";
export {
  realPorts
};
