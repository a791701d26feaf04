/**
 * Adding up the sums of {@link UNIT_SUMS_SQL} and {@link LAYER_SUMS_SQL} computed on parts of
 * the data (one county file at a time): every measure of those queries is a count or a sum, so
 * the rows of the parts with the same unit (level, year, province, county[, layer]) add up to
 * the row of the whole. This is what keeps a province's trends to one county's parcels in
 * memory at a time. Rows come out in the queries' own order: by year and province (and layer),
 * the province row before its counties, counties in code order.
 *
 * @example
 * ```ts
 * const whole = mergeUnitSums([...partA.sums, ...partB.sums]);
 * ```
 * @module
 */
import type { LayerSumsRow, UnitSumsRow } from "./sql.ts";

/** The unit-year rows of several parts, rows of one unit and year added up. */
export function mergeUnitSums(rows: readonly UnitSumsRow[]): UnitSumsRow[] {
  return mergeRows(rows, (r) => unitKey(r), compareUnits);
}

/** The per-layer rows of several parts, rows of one unit, year and layer added up. */
export function mergeLayerSums(rows: readonly LayerSumsRow[]): LayerSumsRow[] {
  return mergeRows(
    rows,
    (r) => `${unitKey(r)}|${r.layer}`,
    // The query's order (year, province, layer), then the province row first and county.
    (a, b) => a.year - b.year || compareText(a.province, b.province) || compareText(a.layer, b.layer) ||
      compareUnits(a, b),
  );
}

type Unit = Pick<UnitSumsRow, "level" | "year" | "province" | "county">;

function unitKey(r: Unit): string {
  return JSON.stringify([r.level, r.year, r.province, r.level === "county" ? r.county : null]);
}

/** year, province (NULL last, as DuckDB orders), the province row first, then county. */
function compareUnits(a: Unit, b: Unit): number {
  return a.year - b.year || compareText(a.province, b.province) ||
    (a.level === b.level ? 0 : a.level === "province" ? -1 : 1) || compareText(a.county, b.county);
}

/** Byte order of the UTF-8 text (DuckDB's default collation); NULL after every value. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = encoder.encode(a), y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
const encoder = new TextEncoder();

function mergeRows<R extends object>(
  rows: readonly R[],
  key: (r: R) => string,
  compare: (a: R, b: R) => number,
): R[] {
  const byKey = new Map<string, R>();
  for (const r of rows) {
    const k = key(r);
    const have = byKey.get(k);
    if (!have) {
      byKey.set(k, { ...r });
      continue;
    }
    const sum = have as Record<string, unknown>;
    for (const [f, v] of Object.entries(r)) {
      // Measures add up; the unit's own fields (level, year, codes, layer) are the key.
      if (typeof v === "number" && f !== "year") sum[f] = (sum[f] as number) + v;
    }
  }
  return [...byKey.values()].sort(compare);
}
