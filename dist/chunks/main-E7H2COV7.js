import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-54NBZTSK.js";
import "./chunk-ITBMHVMT.js";
import "./chunk-YIE3CPDQ.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
