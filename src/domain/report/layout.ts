import { type HtmlValue, html, SafeHtml } from './html.js';

// The page frame every report page shares. The CSP allows scripts only from files next to the page
// (chart.js and report.js, copied there): a script that slipped past escaping would still not run.

const CSS = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { background: #24292f; color: #fff; padding: 12px 24px; }
header a { color: #fff; }
main { padding: 16px 24px; max-width: 1200px; }
h1 { font-size: 20px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); }
pre { background: var(--bg); border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 320px; white-space: pre-wrap; word-break: break-all; }
.table-box { overflow-x: auto; margin: 8px 0; } .table-box > table { margin: 0; }
h1, h2, h3, .kv td { overflow-wrap: anywhere; } td { overflow-wrap: break-word; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 140px; }
.tile b { display: block; font-size: 22px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 16px; }
@media (max-width: 600px) { header, main { padding-left: 12px; padding-right: 12px; } }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 8px; height: 300px; position: relative; }
.chart canvas { width: 100% !important; height: 250px !important; }
.success, .pass, .accepted { color: var(--ok); } .failed, .fail, .timeout, .rejected { color: var(--bad); }
.denied, .cancelled, .skipped, .open, .warn { color: var(--warn); } .muted, .reason { color: var(--muted); }
.interrupted, .inconclusive { color: var(--warn); } .sev-P1 { color: var(--bad); font-weight: 600; } .sev-P2 { color: var(--warn); }
#attention { border-left: 4px solid var(--bad); padding-left: 12px; }
.kind { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; color: var(--muted); }
.rate { position: relative; min-width: 160px; height: 20px; background: var(--bg); border: 1px solid var(--line); border-radius: 3px; }
.rate i { position: absolute; inset: 0 auto 0 0; background: #aceebb; }
.rate span { position: relative; padding: 0 6px; font-size: 12px; line-height: 18px; }
.rate-zero { border-color: var(--bad); background: #ffebe9; } .rate-zero span { color: var(--bad); font-weight: 600; }
.rate-none { background: repeating-linear-gradient(45deg, var(--bg), var(--bg) 5px, #eaeef2 5px, #eaeef2 10px); border-style: dashed; }
.rate-none span { color: var(--muted); font-style: italic; }
.filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
tr[hidden], .filters[hidden] { display: none; }
`;

// A box that scrolls on its own (a <pre> past its max-height, a table wider than a phone) takes
// the keyboard's focus, so it can be scrolled without a mouse (axe: scrollable-region-focusable);
// a table's box is a region named for what it holds, so a screen reader says what has the focus.

/** Text shown as it was printed: a box that scrolls past 320 px. */
export function pre(text: HtmlValue): SafeHtml {
  return html`<pre tabindex="0">${text}</pre>`;
}

/** A table in a box that scrolls sideways when the table is wider than the screen, never the page. */
export function tableBox(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="table-box" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

export function page(opts: {
  title: string;
  /** From the page to the report root: "" or "../". */
  root: string;
  body: SafeHtml;
  scripts?: readonly string[];
}): string {
  const scripts = opts.scripts ?? [];
  const csp = `default-src 'none'; script-src ${scripts.length ? "'self'" : "'none'"}; style-src 'unsafe-inline'; img-src 'self' data:`;
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${opts.title}</title>
<style>${new SafeHtml(CSS)}</style>
</head>
<body>
<header><h1><a href="${`${opts.root}index.html`}">intentops</a> · ${opts.title}</h1></header>
<main>
${opts.body}
</main>
${scripts.map((s) => html`<script src="${opts.root}${s}"></script>\n`)}
</body>
</html>
`.value
  }`;
}
