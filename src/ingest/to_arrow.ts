/**
 * The canonical parcel table's attributes as an Arrow table for DuckDB (the geometry stays in
 * TypeScript): kept apart from the table itself so that a command that never queries the
 * parcels (screen) does not load apache-arrow.
 *
 * @example
 * ```ts
 * const { table } = await loadParcels(["data/demo/900101/DLTB_2024.shp"]);
 * await engine.insertArrow("dltb", parcelsToArrow(table));
 * ```
 * @module
 */
import { arrow } from "../db/arrow.ts";
import { boolVector, float64Vector, int32Vector, textVector } from "../db/vectors.ts";
import { FLOAT_COLUMNS, INT_COLUMNS, type ParcelTable, type releaseTable, TEXT_COLUMNS } from "./parcel_table.ts";

/**
 * The table's attributes as an Arrow table of the project's arrow instance: text as Utf8 (BSM)
 * or Dictionary<Utf8> (columns that repeat their values; both VARCHAR in DuckDB),
 * areas and coordinates as Float64, grades/years/rows as Int32, is_farmland as Bool; NaN
 * and missing values become nulls. Geometry stays in TypeScript (DuckDB has no spatial
 * extension here); `row_id` (0-based) joins a query result back to it. The Float64 columns
 * share the table's arrays (no copy): do not {@link releaseTable} a table whose Arrow is in use.
 */
export function parcelsToArrow(t: ParcelTable): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  cols.row_id = arrow.makeVector(Int32Array.from({ length: t.length }, (_, i) => i));
  for (const c of TEXT_COLUMNS) cols[c] = textVector(t.text[c]);
  for (const c of FLOAT_COLUMNS) cols[c] = float64Vector(t.num[c]);
  for (const c of INT_COLUMNS) cols[c] = int32Vector(t.num[c]);
  cols.is_farmland = boolVector(t.isFarmland);
  return new arrow.Table(cols);
}
