import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
} from "./chunk-QRLGSIXQ.js";
import "./chunk-YQJALLWV.js";
import "./chunk-BGXDDFK3.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-IW2DZBJB.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";
export {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
};
