import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-IKQYYX3U.js";
import "./chunk-2ZW6Z7BH.js";
import "./chunk-VJDIPRZO.js";
import "./chunk-7TCELIEM.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
