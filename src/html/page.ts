/**
 * The HTML shell of every briefing: self-contained (inline CSS and SVG, no scripts or
 * fonts fetched), readable offline, printable on A4, in Chinese. Stages hand it finished
 * sections; it escapes every text it is given.
 *
 * @example
 * ```ts
 * const html = page({ title: "耕地汇总", sections: [section("概况", table(cols, rows))] });
 * ```
 * @module
 */
import type { Column } from "../table/mod.ts";

/** The banner of every page built from demo data (fictitious codes and names). */
export const SAMPLE_BANNER = "示例数据：行政区代码与名称均为虚构，不代表任何真实地区";

/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s ?? "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * A column of an HTML table: an output-table {@link Column} (header with unit, cell; the key is
 * not needed) and its alignment.
 *
 * @example
 * ```ts
 * const c: HtmlColumn<{ mu: number }> = { header: "耕地面积（亩）", value: (r) => r.mu.toFixed(2), align: "right" };
 * ```
 */
export interface HtmlColumn<R> extends Omit<Column<R>, "key"> {
  align?: "left" | "right";
}

/**
 * An HTML table; numbers right-aligned, empty cells shown as —.
 *
 * @example
 * ```ts
 * table([{ header: "县级名称", value: (r: { name: string }) => r.name }], [{ name: "平川县" }]);
 * ```
 */
export function table<R>(
  columns: HtmlColumn<R>[],
  rows: R[],
  opts: { caption?: string; footer?: R[] } = {},
): string {
  const cell = (c: HtmlColumn<R>, r: R, tag: string) => {
    const v = c.value(r);
    const align = c.align ?? (typeof v === "number" ? "right" : "left");
    return `<${tag} class="${align}">${esc(v ?? "—")}</${tag}>`;
  };
  return `<table>${opts.caption ? `<caption>${esc(opts.caption)}</caption>` : ""}<thead><tr>${
    columns.map((c) => `<th>${esc(c.header)}</th>`).join("")
  }</tr></thead><tbody>${rows.map((r) => `<tr>${columns.map((c) => cell(c, r, "td")).join("")}</tr>`).join("")}</tbody>${
    opts.footer?.length
      ? `<tfoot>${opts.footer.map((r) => `<tr>${columns.map((c) => cell(c, r, "td")).join("")}</tr>`).join("")}</tfoot>`
      : ""
  }</table>`;
}

/** A titled section. `body` is trusted HTML built by these helpers. */
export function section(title: string, body: string, id?: string): string {
  return `<section${id ? ` id="${esc(id)}"` : ""}><h2>${esc(title)}</h2>${body}</section>`;
}

/** A paragraph of escaped text. */
export function para(text: string, cls?: string): string {
  return `<p${cls ? ` class="${cls}"` : ""}>${esc(text)}</p>`;
}

const CSS = `
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --accent:#2b6cb0; --warn:#b7791f; --bad:#c53030; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif; color: var(--ink);
  max-width: 980px; margin: 24px auto; padding: 0 20px; line-height: 1.6; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 28px; }
.meta { color: var(--muted); font-size: 12px; }
.banner { background: #fffbea; border: 1px solid #f0b429; color: #8d2b0b; padding: 6px 12px; border-radius: 4px; margin: 12px 0; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; } th { background: #f0f4f8; text-align: left; }
td.right { text-align: right; font-variant-numeric: tabular-nums; } tfoot td { font-weight: bold; background: #f8fafc; }
.bad { color: var(--bad); } .warn { color: var(--warn); }
figure { margin: 8px 0 16px; } svg { max-width: 100%; height: auto; }
code, .mono { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 12px; word-break: break-all; }
@media print { body { max-width: none; margin: 0; font-size: 11pt; } section { break-inside: avoid-page; } .noprint { display: none; }
  @page { size: A4; margin: 16mm 14mm; } }
`;

/** A whole page. `banner` (e.g. 示例数据) is shown at the top of the page and in the title. */
export function page(opts: { title: string; subtitle?: string; banner?: string; sections: string[] }): string {
  const title = opts.banner ? `${opts.title}（${opts.banner}）` : opts.title;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(opts.title)}</h1>${opts.subtitle ? `<div class="meta">${esc(opts.subtitle)}</div>` : ""}${
    opts.banner ? `<div class="banner">${esc(opts.banner)}</div>` : ""
  }</header>
${opts.sections.join("\n")}
</body></html>
`;
}
