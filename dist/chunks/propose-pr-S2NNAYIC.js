import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  openProposalPr,
  proposalBranch
} from "./chunk-H5BNZ5JD.js";
import "./chunk-J4YW2YKJ.js";
import "./chunk-FUILN6RE.js";
import "./chunk-7E55XGKX.js";
export {
  openProposalPr,
  proposalBranch
};
