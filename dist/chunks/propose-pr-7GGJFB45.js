import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  findProposalPr,
  openProposalPr
} from "./chunk-ZTPOBM4Y.js";
import "./chunk-RUWUFFY6.js";
import "./chunk-J4YW2YKJ.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-FUILN6RE.js";
import "./chunk-7E55XGKX.js";
export {
  findProposalPr,
  openProposalPr
};
