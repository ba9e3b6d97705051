import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{durationSeconds}from"./chunk-HCKEEDTE.js";function seconds(d){if(!d)return null;try{return durationSeconds(d)}catch{return null}}export{seconds};
