import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-2XYNP2R3.js";
import "./chunk-7PRU2VJ3.js";
import "./chunk-AJBWUAOC.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
