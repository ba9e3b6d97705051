import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/bot-markers.ts
var MARKER_LINE = /^<!-- intentops:([a-z][a-z-]*)(?:=([^\s<>]*))? -->$/;
var FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
var marker = (key, value) => `<!-- intentops:${key}${value === void 0 ? "" : `=${value}`} -->`;
var isMarkerLine = (line) => MARKER_LINE.test(line);
function trailerMarkers(body) {
  const lines = (body ?? "").replace(/\r\n?/g, "\n").split("\n");
  const { fenced: fenced2 } = scanFences(lines);
  const out = /* @__PURE__ */ new Map();
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const m = MARKER_LINE.exec(line);
    if (!m || fenced2[i]) break;
    if (!out.has(m[1])) out.set(m[1], m[2] ?? "");
  }
  return out;
}
function scanFences(lines) {
  const fenced2 = [];
  let open = null;
  for (const line of lines) {
    if (open === null) {
      const m = FENCE_OPEN.exec(line);
      fenced2.push(!!m);
      if (m) open = m[1];
    } else {
      fenced2.push(true);
      const close = new RegExp(`^ {0,3}${open[0] === "`" ? "`" : "~"}{${open.length},}[ \\t]*$`);
      if (close.test(line)) open = null;
    }
  }
  return { fenced: fenced2, open };
}
var trailerMarker = (body, key) => trailerMarkers(body).get(key);
function fenced(text, info = "") {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}
${text.replace(/\n$/, "")}
${fence}`;
}
var oneLine = (text) => text.replace(/[\r\n]+/g, " ");

export {
  marker,
  isMarkerLine,
  trailerMarkers,
  scanFences,
  trailerMarker,
  fenced,
  oneLine
};
