/**
 * The canonical parcel table in memory: 三调 attributes and derived columns (class, admin
 * levels, planar area, bounding box, centroid, source file and row) column-wise, aligned
 * row by row with the geometry column. {@link parcelsToArrow} hands the attributes to DuckDB.
 *
 * @example
 * ```ts
 * const { table } = await loadParcels(paths);
 * table.text.DLBM[0]; table.num.TBMJ[0]; table.geometry; // PolygonColumn, same row order
 * ```
 */
import type { PolygonColumn } from "../geom/types.ts";
import type { Crs } from "../io/crs.ts";
import type { LandClass } from "../units/landclass.ts";
import { parseZldwdm } from "../units/admin.ts";
import { arrow } from "../db/arrow.ts";
import { featureCentroid } from "../geom/centroid.ts";
import type { ParcelField } from "./canonical.ts";

/** Text columns of the table (三调 fields, then derived). */
export const TEXT_COLUMNS = [
  "BSM", "DLBM", "DLMC", "QSXZ", "ZLDWDM", "ZLDWMC", "GDLX", "ZZSXDM", "ZZSXMC", "TBXHDM", "TBXHMC",
  "class4", "class2", "province", "city", "county", "township", "village", "source_file",
] as const;
const SURVEY_TEXT = TEXT_COLUMNS.slice(0, 11);
/** Floating-point columns (NaN = null). Areas in m², coordinates in the table's CRS. */
export const FLOAT_COLUMNS = ["TBMJ", "KCMJ", "TBDLMJ", "planar_m2", "minx", "miny", "maxx", "maxy", "cx", "cy"] as const;
/** Integer columns stored as float (NaN = null). */
export const INT_COLUMNS = ["GDDB", "GDPDJB", "SJNF", "source_row"] as const;

export type TextColumn = typeof TEXT_COLUMNS[number];
export type FloatColumn = typeof FLOAT_COLUMNS[number];
export type IntColumn = typeof INT_COLUMNS[number];

/** The canonical parcel table. */
export interface ParcelTable {
  length: number;
  text: Record<TextColumn, (string | null)[]>;
  num: Record<FloatColumn | IntColumn, Float64Array>;
  isFarmland: Uint8Array;
  /** Polygon geometry in `crs`, row-aligned; null for attribute-only input. */
  geometry: PolygonColumn | null;
  crs: Crs | null;
}

/** Accumulates rows during a load. */
export class ParcelTableBuilder {
  #text = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, [] as (string | null)[]])) as Record<TextColumn, (string | null)[]>;
  #num = Object.fromEntries([...FLOAT_COLUMNS, ...INT_COLUMNS].map((c) => [c, [] as number[]])) as Record<FloatColumn | IntColumn, number[]>;
  #farm: number[] = [];
  #bboxes: ([number, number, number, number] | null)[] = [];
  #files: string[] = [];
  #admin = new Map<string, ReturnType<typeof parseZldwdm>>();

  /** Adds one row. `num` holds the 三调 numeric fields (NaN = missing). */
  push(
    text: Partial<Record<ParcelField, string | null>>,
    num: Partial<Record<ParcelField, number>>,
    cls: LandClass | null,
    planar: number,
    bbox: [number, number, number, number] | null,
    fileIndex: number,
    file: string,
    row: number,
  ): void {
    for (const c of SURVEY_TEXT) this.#text[c].push((text as Record<string, string | null>)[c] ?? null);
    const base = cls?.baseCode ?? text.DLBM ?? null;
    this.#text.class4.push(base);
    this.#text.class2.push(base ? base.slice(0, 2) : null);
    let admin = text.ZLDWDM ? this.#admin.get(text.ZLDWDM) : null;
    if (admin === undefined) {
      admin = parseZldwdm(text.ZLDWDM!);
      this.#admin.set(text.ZLDWDM!, admin);
    }
    this.#text.province.push(admin?.province ?? null);
    this.#text.city.push(admin?.city ?? null);
    this.#text.county.push(admin?.county ?? null);
    this.#text.township.push(admin?.township ?? null);
    this.#text.village.push(admin?.village ?? null);
    this.#files[fileIndex] = file;
    this.#text.source_file.push(file);
    for (const c of ["TBMJ", "KCMJ", "TBDLMJ", "GDDB", "GDPDJB", "SJNF"] as const) this.#num[c].push(num[c] ?? NaN);
    this.#num.planar_m2.push(planar);
    this.#num.source_row.push(row);
    this.#bboxes.push(bbox);
    this.#farm.push(cls?.isFarmland ? 1 : 0);
  }

  /** Freezes the rows into a table with its geometry (row-aligned) and CRS. */
  finish(geometry: PolygonColumn | null, crs: Crs | null): ParcelTable {
    const n = this.#farm.length;
    const num = {} as Record<FloatColumn | IntColumn, Float64Array>;
    for (const [c, v] of Object.entries(this.#num)) num[c as FloatColumn] = Float64Array.from(v.length ? v : new Array(n).fill(NaN));
    for (const c of ["minx", "miny", "maxx", "maxy", "cx", "cy"] as const) num[c] = new Float64Array(n).fill(NaN);
    for (let k = 0; k < n; k++) {
      const b = this.#bboxes[k];
      if (b) [num.minx[k], num.miny[k], num.maxx[k], num.maxy[k]] = b;
      if (geometry) [num.cx[k], num.cy[k]] = featureCentroid(geometry, k);
    }
    return { length: n, text: this.#text, num, isFarmland: Uint8Array.from(this.#farm), geometry, crs };
  }
}

/**
 * The table's attributes as an Arrow table of the project's arrow instance: text as Utf8,
 * areas and coordinates as Float64, grades/years/rows as Int32, is_farmland as Bool; NaN
 * and missing values become nulls. Geometry stays in TypeScript (DuckDB has no spatial
 * extension here); `row_id` (0-based) joins a query result back to it.
 */
export function parcelsToArrow(t: ParcelTable): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  cols.row_id = arrow.makeVector(Int32Array.from({ length: t.length }, (_, i) => i));
  for (const c of TEXT_COLUMNS) cols[c] = utf8Vector(t.text[c]);
  for (const c of FLOAT_COLUMNS) cols[c] = numberVector(t.num[c], new arrow.Float64(), Float64Array);
  for (const c of INT_COLUMNS) cols[c] = numberVector(t.num[c], new arrow.Int32(), Int32Array);
  cols.is_farmland = arrow.vectorFromArray(Array.from(t.isFarmland, (v) => v === 1), new arrow.Bool());
  return new arrow.Table(cols);
}

/** Validity bitmap (1 = valid) and null count. */
function validity(n: number, isNull: (i: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

/** A Utf8 vector built straight from its buffers (much faster than a builder for 10⁵ rows). */
function utf8Vector(values: (string | null)[]): arrow.Vector {
  const n = values.length;
  const enc = new TextEncoder();
  const offsets = new Int32Array(n + 1);
  // Low-cardinality columns (codes, names) encode each distinct value once.
  const cache = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v != null) {
      let b = cache.get(v);
      if (!b) {
        b = enc.encode(v);
        if (cache.size < 100_000) cache.set(v, b);
      }
      parts.push(b);
      total += b.length;
    }
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  let o = 0;
  for (const b of parts) {
    data.set(b, o);
    o += b.length;
  }
  const { bitmap, nulls } = validity(n, (i) => values[i] == null);
  return arrow.makeVector(arrow.makeData({
    type: new arrow.Utf8(), length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined, valueOffsets: offsets, data,
  }));
}

/** A Float64 or Int32 vector from a Float64Array where NaN means null. */
function numberVector<T extends arrow.Float64 | arrow.Int32>(
  values: Float64Array,
  type: T,
  Ctor: Float64ArrayConstructor | Int32ArrayConstructor,
): arrow.Vector {
  const n = values.length;
  const data = new Ctor(n);
  for (let i = 0; i < n; i++) data[i] = Number.isNaN(values[i]) ? 0 : values[i];
  const { bitmap, nulls } = validity(n, (i) => Number.isNaN(values[i]));
  return arrow.makeVector(arrow.makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined, data } as never));
}
