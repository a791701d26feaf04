/**
 * Clusters of features that lie within a distance `gap` of each other (touching included),
 * as used for 集中连片耕地 (DOMAIN.md §4.3): a union–find over the pairs that a
 * {@link FeatureIndex} proposes, each decided by the exact {@link featureDistance}.
 *
 * @example
 * ```ts
 * const { clusterOf, count } = clusterByDistance(parcels, farmlandIds, 10);
 * clusterOf[farmlandIds[0]]; // cluster number 0..count-1; -1 for features not in the set
 * // I型 test of a piece left after deduction: the first qualifying parcel within 10 m, or -1.
 * withinDistance(piece.rings, parcels, farmlandIndex, 10, (k) => qualifying[clusterOf[k]]);
 * ```
 * @module
 */
import { type PolygonColumn, polygonColumnFromRings, type PolygonRings } from "./types.ts";
import { FeatureIndex } from "./spatial_index.ts";
import { featureDistance } from "./distance.ts";

/** The result of {@link clusterByDistance}. */
export interface Clusters {
  /** Cluster number per feature of the column (0..count-1), -1 for features outside `members`. */
  clusterOf: Int32Array;
  /** Number of clusters. */
  count: number;
  /** Number of exact distance tests made (for benchmarks). */
  tests: number;
}

function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/**
 * Groups the features `members` of `col` (default: all) so that two features share a cluster
 * when a chain of members joins them, each step at distance ≤ `gap`. Cluster numbers follow
 * the order of each cluster's first member in `members`, so the result is deterministic.
 * `index` may be passed when one over exactly these members exists already.
 */
export function clusterByDistance(
  col: PolygonColumn,
  members: ArrayLike<number> | null,
  gap: number,
  index?: FeatureIndex,
): Clusters {
  const n = col.geomOffsets.length - 1;
  if (!(gap >= 0)) throw new Error(`聚类距离参数错误：gap 须为非负数，收到 ${gap}`);
  const list = members ? Array.from(members) : Array.from({ length: n }, (_, k) => k);
  const idx = index ?? FeatureIndex.build(col, list);
  const parent = new Int32Array(n).fill(-1);
  for (const k of list) parent[k] = k;
  let tests = 0;
  for (const a of list) {
    if (Number.isNaN(idx.boxes[a * 4])) continue;
    for (const b of idx.searchWithin(idx.boxOf(a), gap)) {
      if (b <= a || parent[b] < 0) continue;
      const ra = find(parent, a), rb = find(parent, b);
      if (ra === rb) continue;
      tests++;
      if (featureDistance(col, a, col, b, gap) <= gap) parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
    }
  }
  const clusterOf = new Int32Array(n).fill(-1);
  const numberOf = new Map<number, number>();
  for (const k of list) {
    const r = find(parent, k);
    let c = numberOf.get(r);
    if (c === undefined) {
      c = numberOf.size;
      numberOf.set(r, c);
    }
    clusterOf[k] = c;
  }
  return { clusterOf, count: numberOf.size, tests };
}

/**
 * The smallest id of a feature of `col` (among those `index` holds and `accept` admits) at
 * distance ≤ `gap` from the polygon `piece` (world coordinates), or -1 when there is none.
 */
export function withinDistance(
  piece: PolygonRings,
  col: PolygonColumn,
  index: FeatureIndex,
  gap: number,
  accept?: (k: number) => boolean,
): number {
  const one = polygonColumnFromRings([[piece]]);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let v = 0; v < one.coords.length; v += 2) {
    minX = Math.min(minX, one.coords[v]);
    maxX = Math.max(maxX, one.coords[v]);
    minY = Math.min(minY, one.coords[v + 1]);
    maxY = Math.max(maxY, one.coords[v + 1]);
  }
  if (minX === Infinity) return -1;
  const hits = index.searchWithin([minX, minY, maxX, maxY], gap).sort((a, b) => a - b);
  for (const k of hits) {
    if (accept && !accept(k)) continue;
    if (featureDistance(one, 0, col, k, gap) <= gap) return k;
  }
  return -1;
}
