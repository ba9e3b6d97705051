import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/diagnostic.ts
function formatDiagnostic(d) {
  const where = d.line ? `${d.file}:${d.line}:${d.col ?? 1}` : d.file;
  return `${where}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}
function formatGithubAnnotation(d) {
  const prop = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
  const data = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const props = [`file=${prop(d.file)}`];
  if (d.line) props.push(`line=${d.line}`, `col=${d.col ?? 1}`);
  return `::${d.severity === "warning" ? "warning" : "error"} ${props.join(",")}::${data(d.message)}`;
}
function hasErrors(ds) {
  return ds.some((d) => d.severity === "error");
}

// src/domain/errors.ts
var InputError = class extends Error {
  constructor(diagnostics, message = diagnostics.map(formatDiagnostic).join("\n")) {
    super(message);
    this.diagnostics = diagnostics;
  }
  diagnostics;
  name = "InputError";
};
var TemplateError = class extends Error {
  constructor(message, param) {
    super(message);
    this.param = param;
  }
  param;
  name = "TemplateError";
};

export {
  formatDiagnostic,
  formatGithubAnnotation,
  hasErrors,
  InputError,
  TemplateError
};
