/**
 * Polygon overlay for the in-flow screening (DOMAIN.md §4.2): union of a constraint layer,
 * erasing constraint polygons from a parcel into OGC-valid pieces, and overlap areas.
 * Engine-agnostic at its surface (plain arrays and numbers); GEOS 3.13 compiled to
 * WebAssembly does the work underneath (chosen by measurement, see bench/overlay_*.ts).
 *
 * @example
 * ```ts
 * const ov = await createOverlay({ origin: localOrigin(parcels) });
 * const slope = ov.unionLayer(slopeLayer.geometry!);
 * const mask = ov.unionSets([slope, redLine]);
 * const pieces = ov.erase(parcels, k, mask);       // [{ rings, area }, …]
 * const lost = ov.overlapArea(parcels, k, slope);  // m² of parcel k under the slope zone
 * ov.dispose();
 * ```
 * @module
 */
import Flatbush from "flatbush";
import type { PolygonColumn, PolygonRings } from "./types.ts";
import type { BBox } from "./spatial_index.ts";
import { featureBoxes, groupByOverlap } from "./spatial_index.ts";
import { GeosKit, type GeosPtr, loadGeos } from "./geos.ts";

/** One polygon of an overlay result: rings in world coordinates (shell CCW, holes CW) and planar area in m². */
export interface Piece {
  rings: PolygonRings;
  area: number;
}

/**
 * Unioned polygons held by an {@link Overlay} (e.g. one constraint layer after union): its
 * parts are disjoint polygons (they may touch at points). Free with `dispose()`.
 */
export interface PolygonSet {
  /** Number of polygons. */
  readonly partCount: number;
  /** Total planar area (m²). */
  readonly area: number;
  /** Box of all parts, NaNs when empty. */
  readonly bbox: BBox;
  /** The parts as nested arrays in world coordinates, each with its area. */
  parts(): Piece[];
  /** Parts whose box meets `box` (indices into {@link parts}). */
  partsIn(box: Readonly<BBox>): number[];
  /** Frees the engine's memory. */
  dispose(): void;
}

/** Options of {@link createOverlay}. */
export interface OverlayOptions {
  /** Local origin subtracted before the overlay and added back after (default [0, 0]). */
  origin?: [number, number];
}

/** The overlay operations; create with {@link createOverlay}. */
export interface Overlay {
  /** The local origin in use. */
  readonly origin: [number, number];
  /** Number of input features found invalid (OGC) so far and repaired before use. */
  readonly repaired: number;
  /** Union of the features `members` of `col` (default all): overlaps, exact copies and shared edges dissolve. */
  unionLayer(col: PolygonColumn, members?: ArrayLike<number>): PolygonSet;
  /** Union of several sets (e.g. all constraint layers into one mask). */
  unionSets(sets: PolygonSet[]): PolygonSet;
  /**
   * Feature k of `col` minus `clip`: each polygon of the OGC-valid result is one piece
   * (parts touching at a single point are two pieces), holes kept, in a stable order
   * (by box, then area). A MultiPolygon subject gives the pieces of all its polygons.
   * Several sets (e.g. the unioned constraint layers) are erased as their union, which is
   * formed only near the subject.
   */
  erase(col: PolygonColumn, k: number, clip: PolygonSet | PolygonSet[]): Piece[];
  /** Planar area (m²) of feature k of `col` inside `clip` (several sets: inside their union). */
  overlapArea(col: PolygonColumn, k: number, clip: PolygonSet | PolygonSet[]): number;
  /** {@link overlapArea} of feature k with each set of `list` (e.g. per constraint layer, for the ledger). */
  overlapAreas(col: PolygonColumn, k: number, list: PolygonSet[]): Float64Array;
  /** Frees the engine's memory, including every set it created that is still alive. */
  dispose(): void;
}

/** A round local origin for a column: its box minimum floored to whole kilometres. */
export function localOrigin(col: PolygonColumn): [number, number] {
  let minX = Infinity, minY = Infinity;
  for (let v = 0; v < col.coords.length; v += 2) {
    if (col.coords[v] < minX) minX = col.coords[v];
    if (col.coords[v + 1] < minY) minY = col.coords[v + 1];
  }
  if (!Number.isFinite(minX)) return [0, 0];
  return [Math.floor(minX / 1000) * 1000, Math.floor(minY / 1000) * 1000];
}

class GeosPolygonSet implements PolygonSet {
  readonly partCount: number;
  readonly area: number;
  readonly bbox: BBox;
  ptrs: GeosPtr[];
  /** Vertex count per part (large parts are clipped to the subject's box before an overlay). */
  readonly sizes: Uint32Array;
  readonly #pieces: Piece[];
  /** Part boxes, in part order. */
  readonly boxes: BBox[];
  readonly #tree: Flatbush | null;
  readonly #kit: GeosKit;
  readonly #owner: Set<GeosPolygonSet>;

  constructor(kit: GeosKit, ptrs: GeosPtr[], owner: Set<GeosPolygonSet>) {
    this.#kit = kit;
    this.#owner = owner;
    const read = ptrs.map((p) => kit.readPolygon(p));
    const order = read.map((_, i) => i).sort((a, b) => cmpPiece(read[a], read[b]));
    this.ptrs = order.map((i) => ptrs[i]);
    this.#pieces = order.map((i) => ({ rings: read[i].rings, area: read[i].area }));
    this.boxes = order.map((i) => read[i].bbox);
    this.sizes = Uint32Array.from(order, (i) => read[i].rings.reduce((n, r) => n + r.length, 0));
    this.partCount = this.ptrs.length;
    this.area = this.#pieces.reduce((s, p) => s + p.area, 0);
    const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
    for (const x of this.boxes) {
      b[0] = Math.min(b[0], x[0]);
      b[1] = Math.min(b[1], x[1]);
      b[2] = Math.max(b[2], x[2]);
      b[3] = Math.max(b[3], x[3]);
    }
    this.bbox = this.partCount ? b : [NaN, NaN, NaN, NaN];
    if (this.partCount) {
      this.#tree = new Flatbush(this.partCount);
      for (const x of this.boxes) this.#tree.add(x[0], x[1], x[2], x[3]);
      this.#tree.finish();
    } else this.#tree = null;
    owner.add(this);
  }

  parts(): Piece[] {
    return this.#pieces.map((p) => ({ rings: p.rings.map((r) => r.map(([x, y]) => [x, y])), area: p.area }));
  }

  partsIn(box: Readonly<BBox>): number[] {
    return this.#tree ? this.#tree.search(box[0], box[1], box[2], box[3]).sort((a, b) => a - b) : [];
  }

  dispose(): void {
    for (const p of this.ptrs) this.#kit.destroy(p);
    this.ptrs = [];
    this.#owner.delete(this);
  }
}

function cmpPiece(
  a: { bbox: BBox; area: number },
  b: { bbox: BBox; area: number },
): number {
  return a.bbox[0] - b.bbox[0] || a.bbox[1] - b.bbox[1] || a.bbox[2] - b.bbox[2] || a.bbox[3] - b.bbox[3] ||
    a.area - b.area;
}

/** Parts with more vertices than this are cut to the subject's neighbourhood first. */
const CLIP_PARTS_ABOVE = 256;

/**
 * Creates an overlay engine (loads GEOS-wasm on first use in this isolate). Columns passed
 * in are treated as immutable while the engine is in use.
 */
export async function createOverlay(opts: OverlayOptions = {}): Promise<Overlay> {
  const g = await loadGeos();
  const kit = new GeosKit(g, opts.origin ?? [0, 0]);
  const sets = new Set<GeosPolygonSet>();

  /** Runs a GEOS operation; on a topology error retries on repaired inputs, then on a 1 µm grid. */
  const robust = (
    a: GeosPtr,
    b: GeosPtr,
    op: "GEOSDifference" | "GEOSIntersection",
    what: string,
  ): GeosPtr => {
    let r = g[op](a, b);
    if (r) return r;
    const va = kit.makeValid(a), vb = kit.makeValid(b);
    if (va && vb) {
      r = g[op](va, vb);
      if (!r) r = g[op + "Prec"](va, vb, 1e-6);
    } else r = op === "GEOSDifference" && va ? g.GEOSGeom_clone(va) : g.GEOSGeom_createEmptyPolygon();
    kit.destroy(va);
    kit.destroy(vb);
    if (!r) throw new Error(`叠加分析失败（${what}）：${kit.lastError}`);
    return r;
  };

  /** Unions one group of geometries (taking ownership of them); repairs and retries on a topology error. */
  const unionGroup = (parts: GeosPtr[], what: string): GeosPtr[] => {
    const coll = kit.collection(7, parts);
    let u = g.GEOSUnaryUnion(coll);
    if (!u) {
      const fixed = kit.makeValid(coll);
      u = fixed ? g.GEOSUnaryUnion(fixed) : 0;
      if (!u && fixed) u = g.GEOSUnaryUnionPrec(fixed, 1e-6);
      kit.destroy(fixed);
    }
    kit.destroy(coll);
    if (!u) throw new Error(`图层合并失败（${what}）：${kit.lastError}`);
    return kit.takePolygons(u);
  };

  /**
   * Union of geometries with the given boxes: groups whose boxes cannot meet are unioned
   * apart (GEOS would otherwise keep merging ever larger disjoint multipolygons).
   */
  const unionOf = (parts: GeosPtr[], boxes: Float64Array, what: string): GeosPtr[] => {
    const out: GeosPtr[] = [];
    for (const grp of groupByOverlap(boxes)) out.push(...unionGroup(grp.map((i) => parts[i]), what));
    return out;
  };

  /**
   * The parts of `set` near `box`, as geometries for one overlay and a release function.
   * A part with many vertices is first cut to the box grown by a margin (GEOS rectangle
   * clipping): what lies outside that box cannot touch the subject, and GEOS would otherwise
   * index the whole part for every subject (hundreds of milliseconds for a large zone).
   */
  const nearParts = (set: GeosPolygonSet, box: BBox): { ptrs: GeosPtr[]; release: () => void } => {
    const idx = set.partsIn(box);
    const ptrs: GeosPtr[] = [];
    const own: GeosPtr[] = [];
    const m = 1 + 1e-9 * Math.max(box[2] - box[0], box[3] - box[1]);
    for (const i of idx) {
      if (set.sizes[i] <= CLIP_PARTS_ABOVE) {
        ptrs.push(set.ptrs[i]);
        continue;
      }
      const c = g.GEOSClipByRect(
        set.ptrs[i],
        box[0] - kit.ox - m,
        box[1] - kit.oy - m,
        box[2] - kit.ox + m,
        box[3] - kit.oy + m,
      );
      if (!c || !kit.isValid(c)) {
        // Rare: fall back to the whole part.
        kit.destroy(c);
        ptrs.push(set.ptrs[i]);
        continue;
      }
      for (const p of kit.takePolygons(c)) {
        ptrs.push(p);
        own.push(p);
      }
    }
    return { ptrs, release: () => own.forEach((p) => kit.destroy(p)) };
  };

  /**
   * Runs `fn` on the clip geometry near `box`: the near parts of one set as a borrowed
   * MultiPolygon, or the local union of the near parts of several sets. Null when no part
   * is near (and `fn` is not called).
   */
  const withClip = (
    clip: PolygonSet | PolygonSet[],
    box: BBox,
    fn: (m: GeosPtr) => GeosPtr,
  ): GeosPtr | null => {
    const list = (Array.isArray(clip) ? clip : [clip]) as GeosPolygonSet[];
    const ptrs: GeosPtr[] = [];
    const releases: (() => void)[] = [];
    let contributing = 0;
    try {
      for (const set of list) {
        const near = nearParts(set, box);
        releases.push(near.release);
        if (near.ptrs.length) contributing++;
        ptrs.push(...near.ptrs);
      }
      if (ptrs.length === 0) return null;
      if (contributing === 1) return kit.withBorrowed(ptrs, fn);
      // Parts of different sets may overlap: union them locally first.
      const u = kit.withBorrowed(ptrs, (c) => g.GEOSUnaryUnion(c), 7);
      if (!u) throw new Error(`约束图层局部合并失败：${kit.lastError}`);
      try {
        return fn(u);
      } finally {
        kit.destroy(u);
      }
    } finally {
      for (const r of releases) r();
    }
  };

  /**
   * The GEOS geometry of feature k (validated, repaired if needed), kept for the next call:
   * a screening asks for the same candidate's erase and its per-layer overlaps in a row.
   */
  const cache: { col: PolygonColumn | null; k: number; ptr: GeosPtr } = { col: null, k: -1, ptr: 0 };
  const subjectOf = (col: PolygonColumn, k: number): GeosPtr => {
    if (cache.col === col && cache.k === k) return cache.ptr;
    kit.destroy(cache.ptr);
    cache.col = col;
    cache.k = k;
    cache.ptr = kit.featureFrom(col, k);
    return cache.ptr;
  };

  const subjectBox = (col: PolygonColumn, k: number): BBox => {
    const b = featureBoxes({ ...col, geomOffsets: col.geomOffsets.subarray(k, k + 2) });
    return [b[0], b[1], b[2], b[3]];
  };

  const api: Overlay = {
    origin: [kit.ox, kit.oy],
    get repaired(): number {
      return kit.repaired;
    },
    unionLayer(col: PolygonColumn, members?: ArrayLike<number>): PolygonSet {
      const ids = members ?? Array.from({ length: col.geomOffsets.length - 1 }, (_, k) => k);
      const all = featureBoxes(col);
      const parts: GeosPtr[] = [], boxes: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        const f = kit.featureFrom(col, ids[i]);
        if (!f) continue;
        parts.push(f);
        for (let c = 0; c < 4; c++) boxes.push(all[ids[i] * 4 + c]);
      }
      return new GeosPolygonSet(kit, unionOf(parts, Float64Array.from(boxes), `${ids.length} 个要素`), sets);
    },
    unionSets(list: PolygonSet[]): PolygonSet {
      const parts: GeosPtr[] = [], boxes: number[] = [];
      for (const s of list as GeosPolygonSet[]) {
        s.ptrs.forEach((p, i) => {
          parts.push(g.GEOSGeom_clone(p));
          boxes.push(...s.boxes[i]);
        });
      }
      return new GeosPolygonSet(kit, unionOf(parts, Float64Array.from(boxes), `${list.length} 个图层`), sets);
    },
    erase(col: PolygonColumn, k: number, clip: PolygonSet | PolygonSet[]): Piece[] {
      const subj = subjectOf(col, k);
      if (!subj) return [];
      const res =
        withClip(clip, subjectBox(col, k), (m) => robust(subj, m, "GEOSDifference", `图斑 ${k} 扣除`)) ??
          // Nothing to erase: still normalise through GEOS so pieces follow the same rules.
          (g.GEOSUnaryUnion(subj) || g.GEOSGeom_clone(subj));
      const polys = kit.takePolygons(res);
      const out = polys.map((p) => kit.readPolygon(p));
      for (const p of polys) kit.destroy(p);
      out.sort(cmpPiece);
      return out.map((p) => ({ rings: p.rings, area: p.area }));
    },
    overlapArea(col: PolygonColumn, k: number, clip: PolygonSet | PolygonSet[]): number {
      const box = subjectBox(col, k);
      if (!(Array.isArray(clip) ? clip : [clip]).some((s) => s.partsIn(box).length > 0)) return 0;
      const subj = subjectOf(col, k);
      if (!subj) return 0;
      const r = withClip(clip, box, (m) => robust(subj, m, "GEOSIntersection", `图斑 ${k} 重叠面积`));
      if (!r) return 0;
      const a = kit.area(r);
      kit.destroy(r);
      return a;
    },
    overlapAreas(col: PolygonColumn, k: number, list: PolygonSet[]): Float64Array {
      return Float64Array.from(list, (s) => api.overlapArea(col, k, s));
    },
    dispose(): void {
      kit.destroy(cache.ptr);
      cache.col = null;
      for (const s of [...sets]) s.dispose();
      kit.dispose();
    },
  };
  return api;
}
