/**
 * The GEOS (WebAssembly, npm `geos-wasm`) side of the overlay: loading the module once,
 * moving polygons between {@link PolygonColumn}s and GEOS geometries through one reused
 * buffer in wasm memory, and reading polygons back. Internal to src/geom: nothing outside
 * sees a GEOS pointer. Coordinates are shifted by a local origin on the way in and back on
 * the way out, so the overlay works near (0, 0) whatever the Gauss–Krüger false easting.
 * @module
 */
import initGeosJs from "geos-wasm";
import type { PolygonColumn, PolygonRings, Position } from "./types.ts";

/** A GEOS geometry pointer (owned by whoever created it, freed with {@link GeosKit.destroy}). */
export type GeosPtr = number;

// deno-lint-ignore no-explicit-any
type GeosModule = any;

let loading: Promise<GeosModule> | null = null;
let lastError = "";

/** Loads GEOS once per isolate (a Worker loads its own). */
export function loadGeos(): Promise<GeosModule> {
  loading ??= initGeosJs({
    errorHandler: (m: string) => (lastError = m),
    noticeHandler: () => {},
  });
  return loading;
}

const POLYGON = 3, MULTIPOLYGON = 6, COLLECTION = 7;

/** Thin helpers over one loaded GEOS module with a shared coordinate buffer. */
export class GeosKit {
  // deno-lint-ignore no-explicit-any
  readonly g: any;
  readonly ox: number;
  readonly oy: number;
  #buf = 0;
  #bufLen = 0;
  #scratch: number;
  #mvParams = 0;
  /** Features found invalid and repaired on the way in. */
  repaired = 0;

  // deno-lint-ignore no-explicit-any
  constructor(g: any, origin: [number, number]) {
    this.g = g;
    this.ox = origin[0];
    this.oy = origin[1];
    this.#scratch = g.Module._malloc(64);
  }

  /** The last error message GEOS reported (for error texts). */
  get lastError(): string {
    return lastError;
  }

  #ensure(nDoubles: number): number {
    if (nDoubles > this.#bufLen) {
      if (this.#buf) this.g.Module._free(this.#buf);
      this.#bufLen = Math.max(nDoubles, this.#bufLen * 2, 4096);
      this.#buf = this.g.Module._malloc(this.#bufLen * 8);
    }
    return this.#buf;
  }

  /** A linear ring from vertices [a, b) of `coords` (closed), or 0 when too short. */
  ringFrom(coords: ArrayLike<number>, a: number, b: number): GeosPtr {
    const n = b - a;
    if (n < 4) return 0;
    const ptr = this.#ensure(n * 2);
    const heap: Float64Array = this.g.Module.HEAPF64;
    const base = ptr >> 3, ox = this.ox, oy = this.oy;
    for (let v = 0; v < n; v++) {
      heap[base + v * 2] = coords[(a + v) * 2] - ox;
      heap[base + v * 2 + 1] = coords[(a + v) * 2 + 1] - oy;
    }
    const seq = this.g.GEOSCoordSeq_copyFromBuffer(ptr, n, 0, 0);
    return seq ? this.g.GEOSGeom_createLinearRing(seq) : 0;
  }

  /** Polygon j of a column (shell + holes), or 0 when its shell is degenerate. */
  polygonFrom(col: PolygonColumn, j: number): GeosPtr {
    const i0 = col.polyOffsets[j], i1 = col.polyOffsets[j + 1];
    const shell = this.ringFrom(col.coords, col.ringOffsets[i0], col.ringOffsets[i0 + 1]);
    if (!shell) return 0;
    const holes: number[] = [];
    for (let i = i0 + 1; i < i1; i++) {
      const h = this.ringFrom(col.coords, col.ringOffsets[i], col.ringOffsets[i + 1]);
      if (h) holes.push(h);
    }
    return this.#polygon(shell, holes);
  }

  #polygon(shell: GeosPtr, holes: number[]): GeosPtr {
    const arr = holes.length ? this.g.Module._malloc(holes.length * 4) : 0;
    for (let h = 0; h < holes.length; h++) this.g.Module.HEAP32[(arr >> 2) + h] = holes[h];
    const p = this.g.GEOSGeom_createPolygon(shell, arr, holes.length);
    if (arr) this.g.Module._free(arr);
    return p;
  }

  /** A polygon from nested arrays in world coordinates, or 0 when degenerate. */
  polygonFromRings(rings: PolygonRings): GeosPtr {
    const ptrs: number[] = [];
    for (const r of rings) {
      const flat = new Float64Array(r.length * 2 + 2);
      r.forEach(([x, y], v) => {
        flat[v * 2] = x;
        flat[v * 2 + 1] = y;
      });
      let n = r.length;
      if (n > 0 && (r[0][0] !== r[n - 1][0] || r[0][1] !== r[n - 1][1])) {
        flat[n * 2] = r[0][0];
        flat[n * 2 + 1] = r[0][1];
        n++;
      }
      const ring = this.ringFrom(flat, 0, n);
      if (!ring && ptrs.length === 0) return 0;
      if (ring) ptrs.push(ring);
    }
    if (ptrs.length === 0) return 0;
    return this.#polygon(ptrs[0], ptrs.slice(1));
  }

  /**
   * Feature k of a column: a Polygon, a MultiPolygon, or 0 when it has no usable polygon.
   * An invalid feature (self-intersecting ring, overlapping parts, …) is repaired with
   * {@link makeValid}, since GEOS overlays silently give wrong areas on invalid input.
   */
  featureFrom(col: PolygonColumn, k: number): GeosPtr {
    const parts: number[] = [];
    for (let j = col.geomOffsets[k]; j < col.geomOffsets[k + 1]; j++) {
      const p = this.polygonFrom(col, j);
      if (p) parts.push(p);
    }
    if (parts.length === 0) return 0;
    const f = parts.length === 1 ? parts[0] : this.collection(MULTIPOLYGON, parts);
    if (this.isValid(f)) return f;
    this.repaired++;
    const fixed = this.makeValid(f);
    this.destroy(f);
    return fixed;
  }

  /**
   * The polygonal part of GEOS MakeValid ("structure" method: overlapping parts are unioned,
   * a bow-tie keeps both lobes) as a Polygon or MultiPolygon; 0 when nothing polygonal is left.
   */
  makeValid(geom: GeosPtr): GeosPtr {
    if (!this.#mvParams) {
      this.#mvParams = this.g.GEOSMakeValidParams_create();
      this.g.GEOSMakeValidParams_setMethod(this.#mvParams, 1);
      this.g.GEOSMakeValidParams_setKeepCollapsed(this.#mvParams, 0);
    }
    const v = this.g.GEOSMakeValidWithParams(geom, this.#mvParams) || this.g.GEOSMakeValid(geom);
    if (!v) return 0;
    const polys = this.takePolygons(v);
    if (polys.length === 0) return 0;
    return polys.length === 1 ? polys[0] : this.collection(MULTIPOLYGON, polys);
  }

  /** A collection owning `parts` (type 6 MultiPolygon, 7 GeometryCollection). */
  collection(type: number, parts: number[]): GeosPtr {
    const arr = this.g.Module._malloc(Math.max(1, parts.length) * 4);
    for (let i = 0; i < parts.length; i++) this.g.Module.HEAP32[(arr >> 2) + i] = parts[i];
    const c = this.g.GEOSGeom_createCollection(type, arr, parts.length);
    this.g.Module._free(arr);
    return c;
  }

  /**
   * Runs `fn` on a temporary MultiPolygon (or `type`) that borrows `parts` (still owned by the caller
   * afterwards): GEOS collections take ownership, so the parts are released before the
   * empty shell is destroyed.
   */
  withBorrowed<T>(parts: number[], fn: (multi: GeosPtr) => T, type: number = MULTIPOLYGON): T {
    if (parts.length === 1) return fn(parts[0]);
    const c = this.collection(type, parts);
    try {
      return fn(c);
    } finally {
      const arr = this.g.GEOSGeom_releaseCollection(c, this.#scratch);
      if (arr) this.g.GEOSFree(arr);
      this.g.GEOSGeom_destroy(c);
    }
  }

  /**
   * Takes the polygons out of a polygonal result (Polygon, MultiPolygon, or collection),
   * destroying `geom`; each returned pointer is a standalone Polygon owned by the caller.
   */
  takePolygons(geom: GeosPtr): GeosPtr[] {
    const t = this.g.GEOSGeomTypeId(geom);
    if (t === POLYGON) {
      if (this.g.GEOSisEmpty(geom)) {
        this.g.GEOSGeom_destroy(geom);
        return [];
      }
      return [geom];
    }
    if (t !== MULTIPOLYGON && t !== COLLECTION) {
      this.g.GEOSGeom_destroy(geom);
      return [];
    }
    const arr = this.g.GEOSGeom_releaseCollection(geom, this.#scratch);
    const n = this.g.Module.HEAP32[this.#scratch >> 2];
    const out: GeosPtr[] = [];
    for (let i = 0; i < n; i++) out.push(...this.takePolygons(this.g.Module.HEAP32[(arr >> 2) + i]));
    if (arr) this.g.GEOSFree(arr);
    this.g.GEOSGeom_destroy(geom);
    return out;
  }

  /** The rings of a Polygon in world coordinates, with its planar area (shell − holes). */
  readPolygon(p: GeosPtr): { rings: PolygonRings; area: number; bbox: [number, number, number, number] } {
    const rings: PolygonRings = [];
    let area = 0;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const nh = this.g.GEOSGetNumInteriorRings(p);
    for (let i = -1; i < nh; i++) {
      const ring = i < 0 ? this.g.GEOSGetExteriorRing(p) : this.g.GEOSGetInteriorRingN(p, i);
      const seq = this.g.GEOSGeom_getCoordSeq(ring);
      this.g.GEOSCoordSeq_getSize(seq, this.#scratch);
      const n = this.g.Module.HEAPU32[this.#scratch >> 2];
      const ptr = this.#ensure(n * 2);
      this.g.GEOSCoordSeq_copyToBuffer(seq, ptr, 0, 0);
      const heap: Float64Array = this.g.Module.HEAPF64;
      const base = ptr >> 3;
      // Shoelace on local coordinates, relative to the first vertex.
      const x0 = heap[base], y0 = heap[base + 1];
      let s = 0;
      const pts: Position[] = new Array(n);
      for (let v = 0; v < n; v++) {
        const x = heap[base + v * 2], y = heap[base + v * 2 + 1];
        if (v > 0) {
          const px = heap[base + v * 2 - 2] - x0, py = heap[base + v * 2 - 1] - y0;
          s += px * (y - y0) - (x - x0) * py;
        }
        const wx = x + this.ox, wy = y + this.oy;
        pts[v] = [wx, wy];
        if (i < 0) {
          if (wx < bbox[0]) bbox[0] = wx;
          if (wy < bbox[1]) bbox[1] = wy;
          if (wx > bbox[2]) bbox[2] = wx;
          if (wy > bbox[3]) bbox[3] = wy;
        }
      }
      // OGC order: shell counter-clockwise, holes clockwise.
      if ((i < 0 && s < 0) || (i >= 0 && s > 0)) pts.reverse();
      area += i < 0 ? Math.abs(s) / 2 : -Math.abs(s) / 2;
      rings.push(pts);
    }
    return { rings, area, bbox };
  }

  /** Planar area of any geometry by GEOS (0 on error). */
  area(geom: GeosPtr): number {
    if (!this.g.GEOSArea(geom, this.#scratch)) return 0;
    return this.g.Module.HEAPF64[this.#scratch >> 3];
  }

  /** Whether a geometry is valid in the OGC sense. */
  isValid(geom: GeosPtr): boolean {
    return this.g.GEOSisValid(geom) === 1;
  }

  /** Frees a geometry (0 is ignored). */
  destroy(geom: GeosPtr): void {
    if (geom) this.g.GEOSGeom_destroy(geom);
  }

  /** Frees the shared buffers. */
  dispose(): void {
    if (this.#buf) this.g.Module._free(this.#buf);
    if (this.#mvParams) this.g.GEOSMakeValidParams_destroy(this.#mvParams);
    this.#mvParams = 0;
    this.g.Module._free(this.#scratch);
    this.#buf = 0;
    this.#bufLen = 0;
  }
}
