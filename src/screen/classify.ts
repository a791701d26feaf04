/**
 * Contiguity classes (DOMAIN.md §4.3). Farmland parcels as surveyed (abandoned and unstable
 * ones included) form clusters when within `gap` (≤, touching included); a cluster whose
 * summed TBMJ reaches (≥) the threshold is 集中连片耕地. Each kept piece is then, in order:
 * I_CONTIG (within gap of such a cluster), II_CONTIG (area > threshold), I_SCATTER
 * (area > 15 亩 = 10,000 m²), II_SCATTER.
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { clusterByDistance, withinDistance } from "../geom/cluster.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";
import { featuresWithinDistance } from "../geom/distance.ts";
import { polygonColumnFromRings } from "../geom/types.ts";
import type { KeptPiece } from "./deduct.ts";
import type { ClusterSummary, ContigClass, ScreenParams } from "./types.ts";
import { SCATTER_LINE_M2, thresholdM2 } from "./params.ts";

/** Farmland clusters with their qualification. */
export interface FarmlandClusters {
  index: FeatureIndex;
  clusterOf: Int32Array;
  qualifying: boolean[];
  summary: ClusterSummary;
}

/** Builds the clusters of every farmland parcel of the table. */
export function farmlandClusters(t: ParcelTable, p: ScreenParams): FarmlandClusters {
  const col = t.geometry!;
  const farm: number[] = [];
  for (let k = 0; k < t.length; k++) if (t.isFarmland[k]) farm.push(k);
  const index = FeatureIndex.build(col, farm);
  const cl = clusterByDistance(col, farm, p.gapM, index);
  const sums = new Float64Array(cl.count), sizes = new Uint32Array(cl.count);
  for (const k of farm) {
    sums[cl.clusterOf[k]] += t.num.TBMJ[k];
    sizes[cl.clusterOf[k]]++;
  }
  const limit = thresholdM2(p);
  const qualifying = Array.from(sums, (s) => s >= limit);
  let qualifyingParcels = 0, qualifyingTbmjM2 = 0;
  qualifying.forEach((q, i) => {
    if (!q) return;
    qualifyingParcels += sizes[i];
    qualifyingTbmjM2 += sums[i];
  });
  return {
    index,
    clusterOf: cl.clusterOf,
    qualifying,
    summary: {
      farmlandParcels: farm.length,
      clusters: cl.count,
      qualifyingClusters: qualifying.filter(Boolean).length,
      qualifyingParcels,
      qualifyingTbmjM2,
    },
  };
}

/** The class of a kept piece and the qualifying cluster it adjoins (or -1). */
export function classifyPiece(
  t: ParcelTable,
  piece: KeptPiece,
  c: FarmlandClusters,
  p: ScreenParams,
): { cls: ContigClass; cluster: number } {
  const col = t.geometry!;
  for (const poly of piece.rings) {
    const hit = withinDistance(poly, col, c.index, p.gapM, (j) => c.qualifying[c.clusterOf[j]]);
    if (hit >= 0) return { cls: "I_CONTIG", cluster: c.clusterOf[hit] };
  }
  if (piece.areaM2 > thresholdM2(p)) return { cls: "II_CONTIG", cluster: -1 };
  if (piece.areaM2 > SCATTER_LINE_M2) return { cls: "I_SCATTER", cluster: -1 };
  return { cls: "II_SCATTER", cluster: -1 };
}

/**
 * Area-weighted quality grade (GDDB, weights TBDLMJ) of the farmland within `gap` of a piece,
 * or null when none is graded (未评定): the grade restored land is assumed to take (§4.6).
 */
export function adjacentGrade(t: ParcelTable, piece: KeptPiece, c: FarmlandClusters, p: ScreenParams): number | null {
  const col = t.geometry!;
  const one = polygonColumnFromRings([piece.rings]);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let v = 0; v < one.coords.length; v += 2) {
    minX = Math.min(minX, one.coords[v]);
    maxX = Math.max(maxX, one.coords[v]);
    minY = Math.min(minY, one.coords[v + 1]);
    maxY = Math.max(maxY, one.coords[v + 1]);
  }
  let w = 0, s = 0;
  for (const j of c.index.searchWithin([minX, minY, maxX, maxY], p.gapM)) {
    const g = t.num.GDDB[j], a = t.num.TBDLMJ[j];
    if (!Number.isFinite(g) || !(a > 0)) continue;
    if (!featuresWithinDistance(one, 0, col, j, p.gapM)) continue;
    w += a;
    s += a * g;
  }
  return w > 0 ? s / w : null;
}
