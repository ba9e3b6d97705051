import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
} from "./chunk-CIKKVBLE.js";
import "./chunk-7F2HHZ5V.js";
import "./chunk-XVMNFE3Q.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-ECU5Z6HK.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-P454KSOG.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";
export {
  buildProposal,
  draftProposal,
  policyRefusal,
  writeProposal
};
