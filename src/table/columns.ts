/**
 * Columns of the output tables, defined once: a {@link Column} is a key, a Chinese header
 * with its unit and the cell of a row; a {@link Table} is a sheet of them. The builders here
 * fix the wording every stage shares — administrative codes and names, 年度, 地区类型, areas in
 * 平方米/亩/万亩/万公顷, percentages, counts, 万元, 是/否 — and how their numbers are rounded, so a
 * header or unit fix is one edit. Writing tables as CSV and XLSX is in `./write.ts`.
 *
 * @example
 * ```ts
 * const t: Table<{ code: string; m2: number; share: number }> = {
 *   name: "耕地",
 *   csv: "farmland.csv",
 *   rows: [{ code: "900101", m2: 10000, share: 0.25 }],
 *   columns: [
 *     codeColumn("county", "code", (r) => r.code),
 *     areaMu("mu", "耕地面积", (r) => r.m2),
 *     pctColumn("pct", "占比", (r) => r.share),
 *   ],
 * };
 * t.columns.map((c) => c.header); // ["县级代码", "耕地面积（亩）", "占比（%）"]
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { M2_PER_MU, m2ToHa } from "../units/area.ts";

export type { Cell };

/** A row as cells by key: what the CSV and XLSX writers take. */
export type Row = Record<string, Cell>;

/**
 * A column: its key (stable, used for rows and machine-readable files), its Chinese header
 * with the unit, and the cell of a row.
 *
 * @example
 * ```ts
 * const c: Column<{ n: number }> = { key: "n", header: "图斑（个）", value: (r) => r.n };
 * ```
 */
export interface Column<T> {
  /** Stable key: of the row cells, and the header of machine-readable CSVs. */
  key: string;
  /** The Chinese header, with its unit. */
  header: string;
  /** The cell of a row (null: empty). */
  value: (row: T) => Cell;
}

/**
 * A table: its sheet name, its CSV file name (null: in the workbook only), columns and rows.
 *
 * @example
 * ```ts
 * const t: Table<{ text: string }> = { name: "说明", csv: null, columns: [noteColumn("text", (r) => r.text)], rows: [] };
 * ```
 */
export interface Table<T = Row> {
  /** Sheet name (≤ 31 characters). */
  name: string;
  /** CSV file name, or null for a table only in the workbook. */
  csv: string | null;
  /** Columns, in order. */
  columns: Column<T>[];
  /** Rows, in order. */
  rows: T[];
}

/**
 * Rounds to `d` decimals (half up, as `Math.round`); null for null, NaN and ±∞ (an empty
 * cell, never "NaN"), and never −0.
 *
 * @example
 * ```ts
 * round(2.345, 2);   // 2.35
 * round(-0.004, 2);  // 0 (not -0)
 * round(NaN, 2);     // null
 * ```
 */
export function round(v: number | null | undefined, d: number): number | null {
  if (v == null || !Number.isFinite(v)) return null;
  const f = 10 ** d;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * A header with its unit in full-width brackets.
 *
 * @example
 * ```ts
 * withUnit("耕地面积", "亩"); // "耕地面积（亩）"
 * ```
 */
export function withUnit(label: string, unit: string): string {
  return `${label}（${unit}）`;
}

/**
 * A column from its parts.
 *
 * @example
 * ```ts
 * column<{ t: string }>("source", "来源", (r) => r.t).header; // "来源"
 * ```
 */
export function column<T>(key: string, header: string, value: (row: T) => Cell): Column<T> {
  return { key, header, value };
}

/**
 * A column of a row that already holds its cells by key.
 *
 * @example
 * ```ts
 * field("mu", "面积（亩）").value({ mu: 1.5 }); // 1.5
 * ```
 */
export function field(key: string, header: string): Column<Row> {
  return { key, header, value: (r) => r[key] ?? null };
}

/**
 * A number rounded to `digits` decimals (empty when null or not finite).
 *
 * @example
 * ```ts
 * numColumn<number>("grade", "平均等别", (g) => g, 2).value(3.14159); // 3.14
 * ```
 */
export function numColumn<T>(
  key: string,
  header: string,
  get: (row: T) => number | null | undefined,
  digits: number,
): Column<T> {
  return { key, header, value: (r) => round(get(r), digits) };
}

/**
 * A count: header "label（个）", the number as it is.
 *
 * @example
 * ```ts
 * countColumn<number>("n", "涉及图斑", (n) => n).header; // "涉及图斑（个）"
 * ```
 */
export function countColumn<T>(key: string, label: string, get: (row: T) => number | null): Column<T> {
  return { key, header: withUnit(label, "个"), value: get };
}

/**
 * 是 / 否 of a flag (empty when unknown).
 *
 * @example
 * ```ts
 * yesNoCell(true);  // "是"
 * yesNoCell(null);  // null
 * ```
 */
export function yesNoCell(b: boolean | null | undefined): "是" | "否" | null {
  return b == null ? null : b ? "是" : "否";
}

/**
 * A 是/否 column.
 *
 * @example
 * ```ts
 * yesNo<{ ok: boolean }>("ok", "核对通过", (r) => r.ok).value({ ok: false }); // "否"
 * ```
 */
export function yesNo<T>(
  key: string,
  header: string,
  get: (row: T) => boolean | null | undefined,
): Column<T> {
  return { key, header, value: (r) => yesNoCell(get(r)) };
}

/** How an area column converts and rounds. */
export interface AreaOptions {
  /** Decimals kept (default 2). */
  digits?: number;
  /**
   * Square metres → 亩; default `m2 / M2_PER_MU`. The trends tables pass `m2ToMu`
   * (`m2 × 15 / 10000`), which can round differently at an exact half.
   */
  toMu?: (m2: number) => number;
}

const byMuRate = (m2: number): number => m2 / M2_PER_MU;

/**
 * An area in 亩 as a cell (empty when null or not finite).
 *
 * @example
 * ```ts
 * muCell(10000);            // 15
 * muCell(1000, { digits: 4 }); // 1.5
 * ```
 */
export function muCell(m2: number | null | undefined, opts: AreaOptions = {}): number | null {
  return m2 == null ? null : round((opts.toMu ?? byMuRate)(m2), opts.digits ?? 2);
}

/**
 * An area column in 平方米, from square metres.
 *
 * @example
 * ```ts
 * areaM2<number>("area_m2", "面积", (m2) => m2).header; // "面积（平方米）"
 * ```
 */
export function areaM2<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  digits: number = 2,
): Column<T> {
  return numColumn(key, withUnit(label, "平方米"), get, digits);
}

/**
 * An area column in 亩, from square metres.
 *
 * @example
 * ```ts
 * const c = areaMu<number>("farmland_mu", "耕地面积", (m2) => m2);
 * c.header;       // "耕地面积（亩）"
 * c.value(10000); // 15
 * ```
 */
export function areaMu<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  opts: AreaOptions = {},
): Column<T> {
  return { key, header: withUnit(label, "亩"), value: (r) => muCell(get(r), opts) };
}

/**
 * An area column in 万亩, from square metres.
 *
 * @example
 * ```ts
 * areaWanMu<number>("wanmu", "三调耕地", (m2) => m2).value(1e8); // 15
 * ```
 */
export function areaWanMu<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  opts: AreaOptions = {},
): Column<T> {
  const toMu = opts.toMu ?? byMuRate;
  return {
    key,
    header: withUnit(label, "万亩"),
    value: (r) => {
      const m2 = get(r);
      return m2 == null ? null : round(toMu(m2) / 1e4, opts.digits ?? 2);
    },
  };
}

/**
 * An area column in 万公顷, from square metres.
 *
 * @example
 * ```ts
 * areaWanHa<number>("wanha", "三调耕地", (m2) => m2).value(1e9); // 10
 * ```
 */
export function areaWanHa<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  digits: number = 2,
): Column<T> {
  return numColumn(key, withUnit(label, "万公顷"), (r) => {
    const m2 = get(r);
    return m2 == null ? null : m2ToHa(m2) / 1e4;
  }, digits);
}

/**
 * The same area in 平方米 (`key_m2`, 2 decimals) and 亩 (`key_mu`, 4 decimals).
 *
 * @example
 * ```ts
 * areaPair<number>("area", "其中水田面积", (m2) => m2).map((c) => c.header);
 * // ["其中水田面积（平方米）", "其中水田面积（亩）"]
 * ```
 */
export function areaPair<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
): Column<T>[] {
  return [areaM2(`${key}_m2`, label, get, 2), areaMu(`${key}_mu`, label, get, { digits: 4 })];
}

/**
 * A percentage column from a share (0–1): header "label（%）", `share × 100` rounded.
 *
 * @example
 * ```ts
 * pctColumn<number>("rate_pct", "撂荒率", (s) => s).value(0.12345); // 12.35
 * ```
 */
export function pctColumn<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  digits: number = 2,
): Column<T> {
  return numColumn(key, withUnit(label, "%"), (r) => {
    const s = get(r);
    return s == null ? null : s * 100;
  }, digits);
}

/**
 * An amount of money in 万元, rounded.
 *
 * @example
 * ```ts
 * wanYuan<number>("costWan", "恢复成本", (v) => v).header; // "恢复成本（万元）"
 * ```
 */
export function wanYuan<T>(
  key: string,
  label: string,
  get: (row: T) => number | null | undefined,
  digits: number = 2,
): Column<T> {
  return numColumn(key, withUnit(label, "万元"), get, digits);
}

/**
 * A 年度 column.
 *
 * @example
 * ```ts
 * yearColumn<{ year: number }>((r) => r.year).header; // "年度"
 * ```
 */
export function yearColumn<T>(get: (row: T) => Cell, key: string = "year"): Column<T> {
  return { key, header: "年度", value: get };
}

/**
 * A 说明 column.
 *
 * @example
 * ```ts
 * noteColumn<{ t: string }>("note", (r) => r.t).header; // "说明"
 * ```
 */
export function noteColumn<T>(key: string, get: (row: T) => Cell): Column<T> {
  return { key, header: "说明", value: get };
}
