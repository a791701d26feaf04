/**
 * A static spatial index over the features of a {@link PolygonColumn} (flatbush, packed
 * Hilbert R-tree): bounding-box queries and "possibly within distance d" candidate queries.
 * Candidates are found by boxes only; an exact test (e.g. {@link polygonDistance}) decides.
 *
 * @example
 * ```ts
 * const idx = FeatureIndex.build(parcels);            // every feature
 * idx.search([0, 0, 100, 100]);                        // feature ids whose box meets the box
 * idx.nearFeature(parcels, 7, 10);                     // features whose box is within 10 m of feature 7's
 * ```
 * @module
 */
import Flatbush from "flatbush";
import type { PolygonColumn } from "./types.ts";

/** A bounding box [minX, minY, maxX, maxY]. */
export type BBox = [number, number, number, number];

/** Bounding boxes of all features as one flat array (4 numbers each; NaN for an empty feature). */
export function featureBoxes(col: PolygonColumn): Float64Array {
  const n = col.geomOffsets.length - 1;
  const out = new Float64Array(n * 4);
  const c = col.coords;
  for (let k = 0; k < n; k++) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
    const v0 = col.ringOffsets[r0], v1 = col.ringOffsets[r1];
    for (let v = v0; v < v1; v++) {
      const x = c[v * 2], y = c[v * 2 + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (minX === Infinity) {
      minX =
        minY =
        maxX =
        maxY =
          NaN;
    }
    out[k * 4] = minX;
    out[k * 4 + 1] = minY;
    out[k * 4 + 2] = maxX;
    out[k * 4 + 3] = maxY;
  }
  return out;
}

/**
 * Static index over a chosen set of features of one column. Query results are the column's
 * feature ids (not positions in the set), in no particular order.
 */
export class FeatureIndex {
  /** Feature boxes of the whole column (4 numbers per feature). */
  readonly boxes: Float64Array;
  /** The indexed feature ids, by flatbush item number. */
  readonly ids: Uint32Array;
  readonly #tree: Flatbush | null;

  private constructor(boxes: Float64Array, ids: Uint32Array, tree: Flatbush | null) {
    this.boxes = boxes;
    this.ids = ids;
    this.#tree = tree;
  }

  /**
   * Indexes the features `members` of `col` (default: all); empty features are skipped.
   * `boxes` may be passed when already computed by {@link featureBoxes}.
   */
  static build(col: PolygonColumn, members?: ArrayLike<number>, boxes?: Float64Array): FeatureIndex {
    const b = boxes ?? featureBoxes(col);
    const n = col.geomOffsets.length - 1;
    const list: number[] = [];
    if (members) {
      for (let i = 0; i < members.length; i++) if (!Number.isNaN(b[members[i] * 4])) list.push(members[i]);
    } else {
      for (let k = 0; k < n; k++) if (!Number.isNaN(b[k * 4])) list.push(k);
    }
    const ids = Uint32Array.from(list);
    if (ids.length === 0) return new FeatureIndex(b, ids, null);
    const tree = new Flatbush(ids.length);
    for (const k of ids) tree.add(b[k * 4], b[k * 4 + 1], b[k * 4 + 2], b[k * 4 + 3]);
    tree.finish();
    return new FeatureIndex(b, ids, tree);
  }

  /** Number of indexed features. */
  get size(): number {
    return this.ids.length;
  }

  /** Ids of the indexed features whose box meets (or touches) `box`. */
  search(box: Readonly<BBox>): number[] {
    if (!this.#tree) return [];
    const hits = this.#tree.search(box[0], box[1], box[2], box[3]);
    for (let i = 0; i < hits.length; i++) hits[i] = this.ids[hits[i]];
    return hits;
  }

  /**
   * Ids of the indexed features whose box lies within distance `d` of `box` (box–box
   * distance ≤ d; a superset of the features within d of anything inside `box`).
   */
  searchWithin(box: Readonly<BBox>, d: number): number[] {
    if (!this.#tree) return [];
    const s = d + 1e-7 * (1 + Math.abs(d));
    const hits = this.#tree.search(box[0] - s, box[1] - s, box[2] + s, box[3] + s);
    const out: number[] = [];
    // A little slack so rounding in the box arithmetic never loses a pair at exactly d.
    const b = this.boxes, dd = d + 1e-7 * (1 + Math.abs(d)), d2 = dd * dd;
    for (const h of hits) {
      const k = this.ids[h];
      const dx = Math.max(0, b[k * 4] - box[2], box[0] - b[k * 4 + 2]);
      const dy = Math.max(0, b[k * 4 + 1] - box[3], box[1] - b[k * 4 + 3]);
      if (dx * dx + dy * dy <= d2) out.push(k);
    }
    return out;
  }

  /** The box of feature `k` of the indexed column. */
  boxOf(k: number): BBox {
    const b = this.boxes;
    return [b[k * 4], b[k * 4 + 1], b[k * 4 + 2], b[k * 4 + 3]];
  }

  /** Indexed features (other than `k` itself) whose box is within `d` of feature `k`'s box. */
  nearFeature(k: number, d: number): number[] {
    return this.searchWithin(this.boxOf(k), d).filter((j) => j !== k);
  }
}

/**
 * Groups boxes (4 numbers each in `boxes`) into the connected components of the "boxes meet"
 * graph: features in different groups cannot overlap, so each group can be unioned on its own.
 * Groups are lists of box numbers, in ascending order of their first member.
 */
export function groupByOverlap(boxes: Float64Array): number[][] {
  const n = boxes.length / 4;
  if (n === 0) return [];
  const tree = new Flatbush(n);
  for (let i = 0; i < n; i++) tree.add(boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]);
  tree.finish();
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (let i = 0; i < n; i++) {
    for (const j of tree.search(boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3])) {
      if (j <= i) continue;
      const a = find(i), b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()];
}
