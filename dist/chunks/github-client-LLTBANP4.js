import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import "./chunk-7E55XGKX.js";
export {
  createOctokit
};
