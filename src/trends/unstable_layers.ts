/**
 * The geometric part of the unstable-farmland shares: which share of each farmland parcel lies
 * inside each given layer (river/lake management range or flood lines, forest or grassland
 * zones) and inside their union, by the workspace's overlay engine (GEOS). Shares are planar
 * (overlap / parcel planar area) and scale TBDLMJ, as every reported area of a cut parcel does.
 *
 * @example
 * ```ts
 * const layers = await readUnstableLayers("data/demo/900101/constraints", table.crs!);
 * const s = await layerShares(table, layers, farmlandRows);
 * s.union[0]; // share of the first listed parcel inside any layer
 * ```
 * @module
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { Crs } from "../io/crs.ts";
import type { PolygonColumn } from "../geom/types.ts";
import { featureBBox } from "../geom/types.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import { constraintFiles, readConstraintLayer } from "../screen/layers.ts";
import { type LayerKind, layerKindOf } from "./unstable.ts";

/** One layer of unstable farmland. */
export interface UnstableLayer {
  name: string;
  kind: LayerKind;
  source: string;
  geometry: PolygonColumn;
  notes: string[];
}

/**
 * The layers of a folder whose names say flood line / river-lake range or forest / grassland
 * zone (e.g. 河湖管理范围, 洪水位控制线, 林区, 草原); other layers of the folder are not sources
 * of unstable farmland and are left out. Missing folder → no layers.
 */
export async function readUnstableLayers(
  dir: string,
  crs: Crs,
  fallbackCrs?: Crs | null,
): Promise<UnstableLayer[]> {
  let files: string[];
  try {
    files = await constraintFiles(dir);
  } catch {
    return [];
  }
  const out: UnstableLayer[] = [];
  for (const f of files) {
    if (/\.tiff?$/i.test(f)) continue;
    const name = f.slice(f.lastIndexOf("/") + 1).replace(/\.[^.]+$/, "");
    const kind = layerKindOf(name);
    if (!kind) continue;
    const l = await readConstraintLayer(f, crs, fallbackCrs);
    out.push({ name: l.name, kind, source: f, geometry: l.geometry, notes: l.notes });
  }
  return out;
}

/** Reads given layer files; the kind comes from the name unless `kind` is given. */
export async function readLayerFiles(
  paths: string[],
  crs: Crs,
  fallbackCrs?: Crs | null,
): Promise<UnstableLayer[]> {
  const out: UnstableLayer[] = [];
  for (const f of paths) {
    const l = await readConstraintLayer(f, crs, fallbackCrs);
    const kind = layerKindOf(l.name);
    if (!kind) {
      throw new Error(
        `无法从图层名“${l.name}”判断其类别：不稳定耕地图层须为河湖管理范围/洪水位控制线（名称含“河湖”“洪水”等）或林区/草原（名称含“林区”“草原”等）`,
      );
    }
    out.push({ name: l.name, kind, source: f, geometry: l.geometry, notes: l.notes });
  }
  return out;
}

/** Shares of the listed parcels inside each layer and inside the union. */
export interface LayerShares {
  rows: number[];
  perLayer: Map<string, Float64Array>;
  union: Float64Array;
}

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Computes the shares for `rows` of a table with geometry (no geometry or no layers → zeros). */
export async function layerShares(
  table: ParcelTable,
  layers: UnstableLayer[],
  rows: number[],
): Promise<LayerShares> {
  const perLayer = new Map(layers.map((l) => [l.name, new Float64Array(rows.length)]));
  const union = new Float64Array(rows.length);
  const col = table.geometry;
  if (!col || layers.length === 0 || rows.length === 0) return { rows, perLayer, union };
  const ov = await createOverlay({ origin: localOrigin(col) });
  try {
    const sets = layers.map((l) => ov.unionLayer(l.geometry));
    const live = sets.map((s, i) => ({ s, i })).filter((x) => x.s.partCount > 0);
    for (const [j, k] of rows.entries()) {
      const planar = table.num.planar_m2[k];
      if (!(planar > 0)) continue;
      const box = featureBBox(col, k);
      const near = live.filter((x) => boxesMeet(box, x.s.bbox));
      if (near.length === 0) continue;
      const areas = ov.overlapAreas(col, k, near.map((x) => x.s));
      near.forEach((x, n) => perLayer.get(layers[x.i].name)![j] = Math.min(1, areas[n] / planar));
      const u = near.length === 1 ? areas[0] : ov.overlapArea(col, k, near.map((x) => x.s));
      union[j] = Math.min(1, u / planar);
    }
  } finally {
    ov.dispose();
  }
  return { rows, perLayer, union };
}
