import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{describeOrigin,githubOrigin,githubOriginOf,localOrigin}from"./chunk-NRCTNPHV.js";import"./chunk-EPT7IH44.js";import"./chunk-EDGTRVD5.js";import"./chunk-FLK6VVG2.js";import"./chunk-GJTYOO5A.js";export{describeOrigin,githubOrigin,githubOriginOf,localOrigin};
