/**
 * The briefing's tables as data: columns (key, Chinese header with unit, text or number) and rows of
 * rounded cells, JSON-ready so the build can cache them and the HTML and XLSX writers read the same
 * thing. County tables get city subtotals and a region total from {@link withSubtotals}.
 *
 * @example
 * ```ts
 * const t = briefingTable("t-out", "各县转出与转入", [col("name", "县"), num("out_mu", "转出（亩）")], rows);
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { BriefingCounty } from "./facts.ts";

/** A column of a briefing table. */
export interface BColumn {
  key: string;
  header: string;
  kind: "text" | "num";
}

/**
 * A row: cells by column key. Keys starting with "_" are markers the writers read and never show
 * as columns: `_kind` "subtotal" | "total", `_bad` ("是" highlights the row), `_id` (an anchor),
 * `_href` (the anchor a row links to).
 */
export type BRow = Record<string, Cell>;

/** One table of the briefing. */
export interface BTable {
  id: string;
  title: string;
  /** XLSX sheet name (≤ 31 characters, unique in the workbook). */
  sheet: string;
  columns: BColumn[];
  rows: BRow[];
  note?: string;
}

/** A text column. */
export const col = (key: string, header: string): BColumn => ({ key, header, kind: "text" });
/** A number column. */
export const num = (key: string, header: string): BColumn => ({ key, header, kind: "num" });

/** Rounds to `d` decimals; null for null, NaN or ±∞ (an empty cell, never "NaN"); no −0. */
export function round(v: number | null | undefined, d = 2): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const f = 10 ** d;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** m² → 亩, 2 decimals. */
export const mu = (m2: number | null | undefined): number | null => round(m2 == null ? null : m2 / M2_PER_MU, 2);
/** share 0–1 → %, 2 decimals. */
export const pct = (share: number | null | undefined): number | null => round(share == null ? null : share * 100, 2);

/** Builds a table. */
export function briefingTable(
  id: string,
  title: string,
  sheet: string,
  columns: BColumn[],
  rows: BRow[],
  note?: string,
): BTable {
  return note ? { id, title, sheet, columns, rows, note } : { id, title, sheet, columns, rows };
}

/** How a subtotal combines a column: summed, or averaged weighted by another column (e.g. grade by area). */
export type Combine = { sum: string[]; weighted?: [key: string, weightKey: string][] };

function combine(rows: readonly BRow[], how: Combine): BRow {
  const out: BRow = {};
  for (const k of how.sum) {
    const vals = rows.map((r) => r[k]).filter((v): v is number => typeof v === "number");
    out[k] = vals.length ? round(vals.reduce((a, v) => a + v, 0), 2) : null;
  }
  for (const [k, w] of how.weighted ?? []) {
    let sw = 0, s = 0;
    for (const r of rows) {
      const v = r[k], wt = r[w];
      if (typeof v === "number" && typeof wt === "number" && wt > 0) {
        s += v * wt;
        sw += wt;
      }
    }
    out[k] = sw > 0 ? round(s / sw, 2) : null;
  }
  return out;
}

/**
 * County rows (each with a `county` code) ordered by city, each city followed by its subtotal,
 * then the region total. `label` is the column that names a row (it gets "某市 小计" / "合计").
 * A city with one county still gets its subtotal, so every table reads the same way.
 */
export function withSubtotals(
  rows: readonly BRow[],
  counties: readonly BriefingCounty[],
  label: string,
  how: Combine,
  regionName: string,
): BRow[] {
  const byCode = new Map(counties.map((c) => [c.code, c]));
  const cities = [...new Set(counties.map((c) => c.city))];
  const out: BRow[] = [];
  const all: BRow[] = [];
  for (const city of cities) {
    const mine = rows.filter((r) => byCode.get(String(r.county))?.city === city);
    if (!mine.length) continue;
    out.push(...mine);
    all.push(...mine);
    const name = counties.find((c) => c.city === city)!.cityName;
    out.push({ ...combine(mine, how), [label]: `${name} 小计`, _kind: "subtotal" });
  }
  const orphans = rows.filter((r) => !byCode.has(String(r.county)));
  out.push(...orphans);
  all.push(...orphans);
  out.push({ ...combine(all, how), [label]: `${regionName} 合计`, _kind: "total" });
  return out;
}

/**
 * The mean of `value` over `rows` weighted by `weight`, skipping rows whose value is null or whose
 * weight is not positive; null when nothing is left (e.g. area-weighted 等别 of a county's records).
 *
 * @example
 * ```ts
 * weightedMean([{ g: 3, a: 10 }, { g: 7, a: 30 }], (r) => r.g, (r) => r.a); // 6
 * ```
 */
export function weightedMean<T>(rows: readonly T[], value: (r: T) => number | null, weight: (r: T) => number): number | null {
  let sw = 0, sv = 0;
  for (const r of rows) {
    const v = value(r), w = weight(r);
    if (v !== null && Number.isFinite(v) && w > 0) (sv += v * w, sw += w);
  }
  return sw > 0 ? sv / sw : null;
}

