import type { PolygonColumn } from "../geom/types.ts";
import type { GeometryPass } from "../geom/pass.ts";

/** A DBF-style field description, as read from a file or wanted in one. */
export interface FieldDef {
  name: string;
  /** C text, N number (integer when decimals = 0), F float, D date (YYYYMMDD), L logical. */
  type: "C" | "N" | "F" | "D" | "L";
  length: number;
  decimals: number;
}

/** A value of one attribute cell. Dates stay as their text. */
export type Cell = string | number | null;

/**
 * A vector layer as read from one file: attributes column-wise, polygon geometry in flat
 * arrays (see {@link PolygonColumn}). Attribute columns and geometry have `length` entries.
 */
export interface VectorLayer {
  /** The file it came from, as given by the caller (used in every message). */
  source: string;
  fields: FieldDef[];
  columns: Record<string, Cell[]>;
  length: number;
  /** Null when the file carries no geometry (CSV/XLSX attribute tables). */
  geometry: PolygonColumn | null;
  /**
   * Boxes, areas, centroids and problems of `geometry` in the file's CRS, when the reader made
   * them (a Shapefile whose geometry was read on another thread); the loader makes them otherwise.
   */
  geometryPass?: GeometryPass;
  /** The CRS text of the file (WKT of a .prj, a GeoJSON crs name, …), or null if none. */
  crsText: string | null;
  /** The text encoding used for attributes, when the format has one (e.g. "gbk"). */
  encoding?: string;
  /** Notes from the reader for the load report (e.g. "no .cpg, GBK guessed"). */
  notes: string[];
  /** Spreadsheets: the sheet row (1-based) of each record, for messages (blank and title rows skipped). */
  sheetRows?: number[];
}

/** The sheet or file row of record `i` of a layer, as messages name it (header on row 1 unless the reader says otherwise). */
export function rowNumber(layer: Pick<VectorLayer, "sheetRows">, i: number): number {
  return layer.sheetRows?.[i] ?? i + 2;
}
