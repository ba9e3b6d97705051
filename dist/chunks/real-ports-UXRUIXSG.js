import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  realPorts
} from "./chunk-6N3CCUCI.js";
import "./chunk-7E55XGKX.js";
export {
  realPorts
};
