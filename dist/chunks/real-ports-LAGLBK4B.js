import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  realPorts
} from "./chunk-TCAD2YM7.js";
import "./chunk-7TCELIEM.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  realPorts
};
