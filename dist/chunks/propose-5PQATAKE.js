import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  buildProposal,
  draftProposal,
  policyRefusal,
  saveProposal,
  writeProposal
} from "./chunk-YHEVY7AY.js";
import "./chunk-RUWUFFY6.js";
import "./chunk-URWU43WQ.js";
import "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  buildProposal,
  draftProposal,
  policyRefusal,
  saveProposal,
  writeProposal
};
