import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  realPorts
} from "./chunk-WIZ76EJX.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  realPorts
};
