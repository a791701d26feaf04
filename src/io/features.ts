/**
 * GeoJSON-like features → {@link VectorLayer}: properties become columns (the union of keys,
 * typed by content), Polygon/MultiPolygon geometry goes into a flat column with shells
 * counter-clockwise and holes clockwise. Used by the FlatGeobuf reader.
 *
 * @example
 * ```ts
 * const layer = layerFromFeatures([{ type: "Feature", properties: { BSM: "1" }, geometry: poly }], "x.fgb", null);
 * ```
 */
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import { type Position, polygonColumnFromRings, type PolygonRings } from "../geom/types.ts";

/** A minimal GeoJSON feature. */
export interface FeatureLike {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates?: unknown } | null;
}

function signedArea(r: Position[]): number {
  let s = 0;
  for (let i = 0; i < r.length - 1; i++) s += (r[i][0] - r[0][0]) * (r[i + 1][1] - r[0][1]) - (r[i + 1][0] - r[0][0]) * (r[i][1] - r[0][1]);
  return s / 2;
}

/** Orients a polygon: shell counter-clockwise, holes clockwise (copies the rings). */
export function orientPolygon(p: PolygonRings): PolygonRings {
  return p.map((ring, i) => {
    const a = signedArea(ring);
    const wantPositive = i === 0;
    return (a > 0) === wantPositive || a === 0 ? ring : [...ring].reverse();
  });
}

/** Converts features into a layer; throws (Chinese) naming the feature for non-polygon geometry. */
export function layerFromFeatures(features: FeatureLike[], source: string, crsText: string | null): VectorLayer {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) {
    for (const k of Object.keys(f.properties ?? {})) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const columns: Record<string, Cell[]> = Object.fromEntries(keys.map((k) => [k, new Array(features.length).fill(null)]));
  const rings: PolygonRings[][] = [];
  features.forEach((f, i) => {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      columns[k][i] = v == null ? null : typeof v === "number" ? v : typeof v === "boolean" ? (v ? "T" : "F") : String(v);
    }
    const g = f.geometry;
    if (g == null) rings.push([]);
    else if (g.type === "Polygon") rings.push([orientPolygon(g.coordinates as PolygonRings)]);
    else if (g.type === "MultiPolygon") rings.push((g.coordinates as PolygonRings[]).map(orientPolygon));
    else throw new Error(`${source} 第 ${i + 1} 个要素的几何类型为 ${g.type}，只支持面（Polygon/MultiPolygon）`);
  });
  const fields: FieldDef[] = keys.map((name) => {
    const vals = columns[name].filter((v) => v != null);
    const numeric = vals.length > 0 && vals.every((v) => typeof v === "number");
    const decimals = numeric && vals.some((v) => !Number.isInteger(v)) ? 6 : 0;
    return { name, type: numeric ? (decimals ? "F" : "N") : "C", length: numeric ? 20 : 254, decimals };
  });
  return { source, fields, columns, length: features.length, geometry: polygonColumnFromRings(rings), crsText, notes: [] };
}
