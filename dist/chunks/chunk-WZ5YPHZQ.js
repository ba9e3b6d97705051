import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{durationSeconds}from"./chunk-2MOPAOYY.js";function seconds(d){if(!d)return null;try{return durationSeconds(d)}catch{return null}}export{seconds};
