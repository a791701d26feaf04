/**
 * The briefing as one self-contained HTML file: inline CSS and SVG, and one small inline script that
 * only enhances (sortable and filterable tables); with scripts off everything stays readable. A
 * title page and a contents list, sections in the order a reviewer reads, A4 print rules (no table
 * row or chart cut across pages). Every text from data is escaped here or by Plot.
 *
 * @example
 * ```ts
 * const html = briefingPage({ title: "示例省 2024 年耕地平衡简报", sections, banner: SAMPLE_BANNER });
 * ```
 * @module
 */
import { esc } from "../html/page.ts";
import { formatNumber } from "../units/area.ts";
import type { BTable } from "./table.ts";

/** A figure: an SVG from src/charts and its caption. */
export interface BFigure {
  id: string;
  title: string;
  svg: string;
  caption?: string;
}

/** A block of a section: a paragraph, a table or a figure. */
export type Block = { p: string } | { table: BTable } | { figure: BFigure } | { list: string[] };

/** A section of the briefing. */
export interface BSection {
  id: string;
  title: string;
  blocks: Block[];
}

/** What the page needs besides its sections. */
export interface PageOptions {
  title: string;
  subtitle: string;
  /** 示例数据 banner (demo data), shown on the title page and every printed page. */
  banner?: string;
  /** 内部资料 marking (parcel geometry inside). */
  restricted?: boolean;
  /** Lines of the title page under the title (region, year, data as of …). */
  facts: string[];
  sections: BSection[];
}

const CSS = `
:root { --ink:#1f2933; --muted:#52606d; --line:#cbd2d9; --accent:#1f4e79; --bad:#9b1c1c; --badbg:#fde8e8; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif; color: var(--ink);
  max-width: 1060px; margin: 24px auto; padding: 0 20px; line-height: 1.6; font-size: 14px; }
h1 { font-size: 26px; margin: 0 0 8px; } h2 { font-size: 19px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.titlepage { padding: 48px 0 24px; border-bottom: 1px solid var(--line); }
.titlepage .facts { color: var(--muted); }
.banner { background: #fffbea; border: 2px solid #b7791f; color: #7c2d12; padding: 6px 12px; margin: 12px 0; font-weight: bold; }
.restricted { border: 2px solid var(--bad); color: var(--bad); padding: 4px 10px; font-weight: bold; display: inline-block; margin: 8px 0; }
nav.toc ol { list-style: none; padding-left: 0.5em; } nav.toc a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 12.5px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; }
th { background: #e4e7eb; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.subtotal td { background: #f0f4f8; font-weight: 600; }
tr.total td { background: #d9e2ec; font-weight: 700; border-top: 2px solid var(--ink); }
tr.bad td { background: var(--badbg); } tr.bad td:first-child { border-left: 4px solid var(--bad); }
tr:target td { outline: 2px solid var(--accent); }
.note { color: var(--muted); font-size: 12px; margin: 2px 0 14px; }
figure { margin: 12px 0 18px; } figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; }
.filter { margin: 4px 0; font: inherit; padding: 2px 6px; width: 16em; }
th.sortable { cursor: pointer; } th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .titlepage { break-after: page; min-height: 240mm; border: none; }
  nav.toc { break-after: page; }
  section { break-before: page; } h2, h3, caption { break-after: avoid; }
  .wide { page: wide; }
  tr, figure, .banner { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8.5pt; }
  .filter, th::after { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Enhances tables: click a header to sort (numbers by value), type to filter rows. Readable without it. */
const SCRIPT = `
(function () {
  var num = function (s) { var v = parseFloat(String(s).replace(/[,，\\s]/g, "")); return v === v ? v : null; };
  document.querySelectorAll("table.data").forEach(function (t) {
    var body = t.tBodies[0]; if (!body) return;
    var input = document.createElement("input");
    input.className = "filter"; input.type = "search"; input.placeholder = "筛选本表…";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      Array.prototype.forEach.call(body.rows, function (r) { r.hidden = q !== "" && r.textContent.indexOf(q) < 0; });
    });
    t.parentNode.insertBefore(input, t);
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
      th.classList.add("sortable"); th.title = "点击排序";
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(t.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[i].textContent, y = b.cells[i].textContent, nx = num(x), ny = num(y);
          var c = nx !== null && ny !== null ? nx - ny : x.localeCompare(y, "zh-CN");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
`;

/** The CSP hash of the one inline script: any other script (e.g. one smuggled in through data) is refused. */
const SCRIPT_HASH = btoa(
  String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(SCRIPT)))),
);

function cell(v: unknown, kind: "text" | "num"): string {
  if (v === null || v === undefined || v === "") return `<td${kind === "num" ? ' class="num"' : ""}>—</td>`;
  if (kind === "num" && typeof v === "number") {
    const d = Number.isInteger(v) ? 0 : 2;
    return `<td class="num">${esc(formatNumber(v, d))}</td>`;
  }
  return `<td>${esc(v)}</td>`;
}

/** One table as HTML: caption, sortable header, rows (subtotal/total/bad classes, anchors, links), note. */
export function tableHtml(t: BTable): string {
  const head = t.columns.map((c) => `<th scope="col">${esc(c.header)}</th>`).join("");
  const rows = t.rows.map((r) => {
    const cls = [r._kind ?? "", r._bad ? "bad" : ""].filter(Boolean).join(" ");
    const cells = t.columns.map((c, i) => {
      const html = cell(r[c.key], c.kind);
      return i === 0 && r._href ? html.replace(/^(<td[^>]*>)(.*)(<\/td>)$/, `$1<a href="${esc(r._href)}">$2</a>$3`) : html;
    }).join("");
    return `<tr${r._id ? ` id="${esc(r._id)}"` : ""}${cls ? ` class="${cls}"` : ""}>${cells}</tr>`;
  }).join("\n");
  const body = t.rows.length
    ? `<tbody>\n${rows}\n</tbody>`
    : `<tbody><tr><td colspan="${t.columns.length}">（无）</td></tr></tbody>`;
  return `<table class="data" id="${esc(t.id)}"><caption>${esc(t.title)}</caption><thead><tr>${head}</tr></thead>${body}</table>${
    t.note ? `<p class="note">${esc(t.note)}</p>` : ""
  }`;
}

/** Tables with more columns than this print on a landscape page. */
const WIDE_COLUMNS = 12;

function blockHtml(b: Block): string {
  if ("p" in b) return `<p>${esc(b.p)}</p>`;
  if ("list" in b) return `<ul>${b.list.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>`;
  if ("table" in b) return b.table.columns.length > WIDE_COLUMNS ? `<div class="wide">${tableHtml(b.table)}</div>` : tableHtml(b.table);
  const f = b.figure;
  const caption = [f.caption, `图中名称超过 16 字的以“…”截断，全称见下表。`].filter(Boolean).join(" ");
  return `<figure id="${esc(f.id)}" aria-label="${esc(f.title)}">${f.svg}${
    f.svg.includes("…") ? `<figcaption>${esc(caption)}</figcaption>` : f.caption ? `<figcaption>${esc(f.caption)}</figcaption>` : ""
  }</figure>`;
}

/** The whole page. */
export function briefingPage(o: PageOptions): string {
  const marks = [
    o.banner ? `<div class="banner">${esc(o.banner)}</div>` : "",
    o.restricted ? `<div class="restricted">内部资料　含图斑级空间数据，注意保密，不得外传</div>` : "",
  ].join("");
  const toc = `<nav class="toc"><h2>目录</h2><ol>${
    o.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join("")
  }</ol></nav>`;
  const sections = o.sections.map((s) =>
    `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${
      s.blocks.map(blockHtml).join("\n")
    }</section>`
  ).join("\n");
  const title = [o.title, o.restricted ? "内部资料" : "", o.banner ? "示例数据" : ""].filter(Boolean).join("｜");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<header class="titlepage"><h1>${esc(o.title)}</h1><p class="facts">${esc(o.subtitle)}</p>${marks}<ul class="facts">${
    o.facts.map((f) => `<li>${esc(f)}</li>`).join("")
  }</ul></header>
${toc}
${sections}
<script>${SCRIPT}</script>
</body></html>
`;
}
