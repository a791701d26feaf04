/**
 * Showing the stages' output tables in a notebook: the same {@link Table} the CSV and XLSX
 * writers take, displayed by Deno's kernel as an HTML table (numbers with thousands separators,
 * empty cells as —) with a plain-text twin for terminals and tests.
 *
 * @example
 * ```ts
 * const tables = auditTables(result);
 * show(pick(tables, "红线判定"));            // the last expression of a cell is displayed
 * show(pick(tables, "问题线索"), { limit: 10 });
 * ```
 */
import { esc } from "../html/page.ts";
import { cells, type Row, type Table } from "../table/mod.ts";
import { formatNumber } from "../units/area.ts";

/** Options of {@link show}. */
export interface ShowOptions {
  /** Rows shown at most (default 20); the caption says how many there are. */
  limit?: number;
  /** Caption (default: the table's sheet name). */
  title?: string;
  /** Columns to show, by key or header, in this order (default: all). */
  columns?: readonly string[];
}

/** What Deno's kernel displays: an object with a `Symbol.for("Jupyter.display")` method. */
export interface Displayable {
  [key: symbol]: () => Record<string, string>;
}

const DISPLAY = Symbol.for("Jupyter.display");

/** Text cells longer than this many characters wrap; shorter ones stay on one line. */
const LONG_TEXT = 24;

function columnOf(t: Table<Row>, name: string) {
  const c = t.columns.find((x) => x.key === name) ?? t.columns.find((x) => x.header === name);
  if (!c) throw new Error(`表“${t.name}”没有列“${name}”；有：${t.columns.map((x) => x.header).join("、")}`);
  return c;
}

/** Years are printed as written (2024, not 2,024). */
const isYear = (key: string, header: string) => /(^|_)year/i.test(key) || /年度|年份/.test(header);

/**
 * Decimals a column's numbers are shown with, so that a column reads alike: none when all are
 * whole, else the most any cell has, at least 2 (the precision of 亩 and 等) and at most 4.
 */
function columnDigits(rows: readonly Row[], key: string): number {
  let d = 0;
  for (const r of rows) {
    const v = r[key];
    if (typeof v === "number" && Number.isFinite(v) && !Number.isInteger(v)) {
      d = Math.max(d, 2, Math.min(4, (String(v).split(".")[1] ?? "").replace(/e.*$/, "").length || 4));
    }
  }
  return d;
}

/** A cell as text: numbers with `digits` decimals and thousands separators (years as written), — for empty. */
function text(v: unknown, digits: number | "plain"): string {
  if (v == null || v === "") return "—";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "—";
    return digits === "plain" ? String(v) : formatNumber(v, digits);
  }
  return String(v);
}

/** An HTML string as a display (e.g. a chart's SVG). */
export function html(markup: string, plain = ""): Displayable {
  return { [DISPLAY]: () => ({ "text/html": markup, "text/plain": plain }) };
}

/** The table as a display: HTML and plain text, at most `limit` rows. */
export function show<T>(t: Table<T>, opts: ShowOptions = {}): Displayable {
  const limit = opts.limit ?? 20;
  const full = cells(t);
  const all = opts.columns ? { ...full, columns: opts.columns.map((c) => columnOf(full, c)) } : full;
  const rows: Row[] = all.rows.slice(0, limit);
  const digits = new Map(all.columns.map((c) => [c.key, isYear(c.key, c.header) ? "plain" as const : columnDigits(rows, c.key)]));
  const title = opts.title ?? t.name;
  const more = all.rows.length > rows.length ? `（共 ${all.rows.length} 行，显示前 ${rows.length} 行）` : `（${all.rows.length} 行）`;
  const head = all.columns.map((c) => `<th style="white-space:nowrap">${esc(c.header)}</th>`).join("");
  const body = rows.length
    ? rows.map((r) =>
      `<tr>${
        all.columns.map((c) => {
          const v = r[c.key], shown = text(v, digits.get(c.key)!);
          const wrap = shown.length > LONG_TEXT ? "white-space:normal;min-width:16em;max-width:36em" : "white-space:nowrap";
          return `<td style="text-align:${typeof v === "number" ? "right" : "left"};${wrap}">${esc(shown)}</td>`;
        }).join("")
      }</tr>`
    ).join("")
    : `<tr><td colspan="${all.columns.length}">（无）</td></tr>`;
  const markup = `<div style="overflow-x:auto;max-width:100%"><table>` +
    `<caption style="text-align:left;font-weight:bold">${esc(title)}${esc(more)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  const plain = [
    `${title}${more}`,
    all.columns.map((c) => c.header).join("\t"),
    ...rows.map((r) => all.columns.map((c) => text(r[c.key], digits.get(c.key)!)).join("\t")),
  ].join("\n");
  return html(markup, plain);
}

/** The table of `tables` whose sheet name is `name`; throws listing the names when there is none. */
export function pick<T>(tables: readonly Table<T>[], name: string): Table<T> {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`没有名为“${name}”的表；有：${tables.map((x) => x.name).join("、")}`);
  return t;
}
