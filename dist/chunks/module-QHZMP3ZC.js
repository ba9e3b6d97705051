import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  creator,
  rules
} from "./chunk-Q677XJQZ.js";
import "./chunk-7E55XGKX.js";
export {
  creator,
  rules
};
