import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{RecordScanError,parseRecordFields,parseRecordText,recordDays,recordTexts,scanRecords}from"./chunk-KF5RQVKW.js";import"./chunk-ZHHQ2VM4.js";import"./chunk-GJTYOO5A.js";export{RecordScanError,parseRecordFields,parseRecordText,recordDays,recordTexts,scanRecords};
