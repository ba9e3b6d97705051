import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-ANSVEIU5.js";
import "./chunk-CBIIHICZ.js";
import "./chunk-3XDCGPYK.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
