import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
} from "./chunk-BUUF4DC3.js";
import "./chunk-YQJALLWV.js";
import "./chunk-7VGV64WP.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";
export {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
};
