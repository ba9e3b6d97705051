import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-VAE3S4N5.js";
import "./chunk-ITBMHVMT.js";
import "./chunk-YIE3CPDQ.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
