import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/target.ts
var TARGET_PARAMS = ["app", "target", "service", "name", "deployment", "namespace"];
function targetOf(params) {
  for (const key of TARGET_PARAMS) {
    const v = params[key];
    if (typeof v === "string" && v !== "") return v;
  }
  const first = Object.values(params).find((v) => typeof v === "string" && v !== "");
  return typeof first === "string" ? first : void 0;
}
function targetParamOf(paramNames) {
  return TARGET_PARAMS.find((p) => paramNames.includes(p));
}

export {
  targetOf,
  targetParamOf
};
