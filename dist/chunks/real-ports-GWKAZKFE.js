import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{realPorts}from"./chunk-IGME4BW3.js";import"./chunk-72YI2TGW.js";import"./chunk-UKGSIQHT.js";import"./chunk-E7OIHZ4S.js";import"./chunk-DWCMFEAG.js";import"./chunk-PO5DHDQP.js";import"./chunk-UMZQXNJO.js";import"./chunk-GJTYOO5A.js";export{realPorts};
