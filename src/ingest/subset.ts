/**
 * The rows of a parcel table that a mask keeps, geometry included (row-aligned as before).
 *
 * @example
 * ```ts
 * const farm = subsetParcels(table, table.isFarmland); // farmland rows only
 * ```
 */
import { featureRings, polygonColumnFromRings } from "../geom/types.ts";
import type { ParcelTable } from "./parcel_table.ts";

/** The table with the rows where `keep[k]` is non-zero. */
export function subsetParcels(t: ParcelTable, keep: ArrayLike<number>): ParcelTable {
  const rows: number[] = [];
  for (let k = 0; k < t.length; k++) if (keep[k]) rows.push(k);
  if (rows.length === t.length) return t;
  const text = Object.fromEntries(Object.entries(t.text).map(([c, v]) => [c, rows.map((k) => v[k])])) as ParcelTable["text"];
  const num = Object.fromEntries(Object.entries(t.num).map(([c, v]) => [c, Float64Array.from(rows, (k) => v[k])])) as ParcelTable["num"];
  return {
    length: rows.length,
    text,
    num,
    isFarmland: Uint8Array.from(rows, (k) => t.isFarmland[k]),
    geometry: t.geometry ? polygonColumnFromRings(rows.map((k) => featureRings(t.geometry!, k))) : null,
    crs: t.crs,
  };
}
