/**
 * Everything the loader derives from a polygon column alone, in one pass over its features:
 * bounding boxes, planar areas, centroids and the geometry problems. It needs no attributes, so
 * it can run beside the attribute reading (on another thread, {@link GeometryPass} holds only
 * typed arrays and a short list) and give the same numbers wherever it runs.
 *
 * @example
 * ```ts
 * const pass = geometryPass(polygonColumnFromRings([[[[0, 0], [2, 0], [2, 2], [0, 2]]]]));
 * pass.planar[0]; // 4
 * pass.boxes.subarray(0, 4); // [0, 0, 2, 2]
 * ```
 * @module
 */
import { featureCentroid } from "./centroid.ts";
import { featureBoxes } from "./spatial_index.ts";
import { featurePlanarArea, type PolygonColumn } from "./types.ts";
import { type GeometryIssue, geometryIssues } from "./validate.ts";

/** A problem of feature `k` (0-based). */
export interface FeatureIssue extends GeometryIssue {
  k: number;
}

/** What {@link geometryPass} derives, one entry per feature. */
export interface GeometryPass {
  /** minX, minY, maxX, maxY per feature (NaN for an empty one). */
  boxes: Float64Array;
  /** Planar area, shells minus holes. */
  planar: Float64Array;
  /** Area-weighted centroid x, y per feature (NaN for an empty or zero-area one). */
  centroids: Float64Array;
  /** Problems in feature order. */
  issues: FeatureIssue[];
}

/** Boxes, areas, centroids and problems of every feature of `col`. */
export function geometryPass(col: PolygonColumn): GeometryPass {
  const n = col.geomOffsets.length - 1;
  const planar = new Float64Array(n);
  const centroids = new Float64Array(n * 2);
  const issues: FeatureIssue[] = [];
  for (let k = 0; k < n; k++) {
    for (const g of geometryIssues(col, k)) issues.push({ k, ...g });
    planar[k] = featurePlanarArea(col, k);
    const [x, y] = featureCentroid(col, k);
    centroids[k * 2] = x;
    centroids[k * 2 + 1] = y;
  }
  return { boxes: featureBoxes(col), planar, centroids, issues };
}

/** The buffers of a pass, for a worker's transfer list. */
export function passBuffers(p: GeometryPass): ArrayBuffer[] {
  return [p.boxes.buffer as ArrayBuffer, p.planar.buffer as ArrayBuffer, p.centroids.buffer as ArrayBuffer];
}
