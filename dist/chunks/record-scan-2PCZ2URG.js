import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RecordScanError,
  parseRecordText,
  recordDays,
  recordTexts,
  scanRecords
} from "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";
export {
  RecordScanError,
  parseRecordText,
  recordDays,
  recordTexts,
  scanRecords
};
