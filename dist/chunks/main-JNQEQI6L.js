import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  main
} from "./chunk-UUXOSL2X.js";
import "./chunk-6GHWFL73.js";
import "./chunk-BPGYOTEN.js";
import "./chunk-RTKUPMGY.js";
import "./chunk-A6AWRIXI.js";
import "./chunk-G335CAHQ.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-XPYVKQRZ.js";
import "./chunk-7E55XGKX.js";
export {
  main
};
