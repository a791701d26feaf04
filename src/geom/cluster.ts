/**
 * Clusters of features that lie within a distance `gap` of each other (touching included),
 * as used for 集中连片耕地 (DOMAIN.md §4.3): a union–find over the pairs that a
 * {@link FeatureIndex} proposes, each decided by the exact {@link featureDistance}.
 *
 * @example
 * ```ts
 * const { clusterOf, count } = clusterByDistance(parcels, farmlandIds, 10);
 * clusterOf[farmlandIds[0]]; // cluster number 0..count-1; -1 for features not in the set
 * ```
 * @module
 */
import type { PolygonColumn } from "./types.ts";
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
