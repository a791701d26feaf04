/**
 * Shared pieces of the map charts drawn in a projected CRS (metres, x east, y north): the
 * county outline row, bounds, a frame whose plot area has the data's own aspect ratio (one
 * metre is as long across as up), Plot's planar projection for it, a scale bar and north
 * arrow drawn in data coordinates (so they go through the same projection as the map), ring
 * simplification to the display resolution, and rounding of the path data Plot writes.
 *
 * Plot 0.6.17's planar projections are the named types "identity" and "reflect-y"; a
 * `reflectY` option on "identity" is ignored (the factory takes no options), so north-up maps
 * use `{ type: "reflect-y", domain }`, which fits the domain to the frame with one scale for
 * x and y (node_modules/@observablehq/plot/src/projection.js, createProjection and
 * namedProjection).
 *
 * @example
 * ```ts
 * const b = boundsOf([[[0, 0], [10000, 0], [10000, 5000], [0, 5000], [0, 0]]]);
 * const frame = fitFrame(b, { width: 540 });
 * frame.k; // pixels per metre
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";

/** A county outline in projected metres: rings of [x, y] (outer rings and holes, any order). */
export interface CountyOutline {
  code: string;
  name: string;
  rings: number[][][];
}

/** A ring: positions [x, y], closed or not. */
export type Ring = readonly (readonly number[])[];

/** An extent in metres. */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Margins or insets in pixels. */
export interface Sides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The frame of a planar map: its size in pixels, and where the data sit in it. */
export interface MapFrame {
  width: number;
  height: number;
  margin: Sides;
  /** Room inside the frame around the data (the scale bar sits in the bottom inset). */
  inset: Sides;
  /** The data extent fitted into the frame minus the insets. */
  bounds: Bounds;
  /** Pixels per metre, the same across and up. */
  k: number;
}

/** Bounds of rings and points; throws on no finite coordinate. */
export function boundsOf(rings: Iterable<Ring>, points: Iterable<readonly number[]> = []): Bounds {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const add = (p: readonly number[]) => {
    const [x, y] = p;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  };
  for (const r of rings) for (const p of r) add(p);
  for (const p of points) add(p);
  if (!(x0 <= x1 && y0 <= y1)) throw new Error("地图没有有效坐标");
  return { x0, y0, x1, y1 };
}

/**
 * Bounds grown on every side by a share of their own width (x) and height (y), which keeps
 * their aspect ratio, and to at least `minSide` metres across and up.
 */
export function padBounds(b: Bounds, share: number, minSide = 1): Bounds {
  const w = b.x1 - b.x0, h = b.y1 - b.y0;
  const px = Math.max(w * share, (minSide - w) / 2, 0);
  const py = Math.max(h * share, (minSide - h) / 2, 0);
  return { x0: b.x0 - px, y0: b.y0 - py, x1: b.x1 + px, y1: b.y1 + py };
}

/**
 * A frame `width` pixels wide whose plot area (minus insets) has the bounds' aspect ratio, so
 * Plot's fit uses one scale for both axes with no slack; when that would be taller than
 * `maxHeight`, the height is capped and the width shrinks instead.
 */
export function fitFrame(
  bounds: Bounds,
  opts: { width?: number; maxHeight?: number; margin?: Partial<Sides>; inset?: Partial<Sides> } = {},
): MapFrame {
  const margin: Sides = { top: 0, right: 0, bottom: 0, left: 0, ...opts.margin };
  const inset: Sides = { top: 10, right: 10, bottom: 10, left: 10, ...opts.inset };
  const width = opts.width ?? 560;
  const maxHeight = opts.maxHeight ?? 640;
  const bw = bounds.x1 - bounds.x0, bh = bounds.y1 - bounds.y0;
  if (!(bw > 0 && bh > 0)) throw new Error("地图范围的宽或高为零");
  const padX = margin.left + margin.right + inset.left + inset.right;
  const padY = margin.top + margin.bottom + inset.top + inset.bottom;
  let k = (width - padX) / bw;
  if (k * bh + padY > maxHeight) k = (maxHeight - padY) / bh;
  if (!(k > 0)) throw new Error("地图尺寸太小");
  return { width: k * bw + padX, height: k * bh + padY, margin, inset, bounds, k };
}

/** Plot options for the frame: size, margins and the north-up planar projection. */
export function frameOptions(frame: MapFrame): Plot.PlotOptions {
  const { bounds: b, margin: m, inset: i } = frame;
  return {
    width: frame.width,
    height: frame.height,
    marginTop: m.top,
    marginRight: m.right,
    marginBottom: m.bottom,
    marginLeft: m.left,
    projection: {
      type: "reflect-y",
      // the fit is to the projected bounds of this object: the two corners of the extent
      domain: { type: "MultiPoint", coordinates: [[b.x0, b.y0], [b.x1, b.y1]] },
      insetTop: i.top,
      insetRight: i.right,
      insetBottom: i.bottom,
      insetLeft: i.left,
    },
  };
}

/** Where a point in metres lands in the frame, in pixels (x right, y down). */
export function toPixel(frame: MapFrame, x: number, y: number): [number, number] {
  const { bounds: b, margin: m, inset: i, k } = frame;
  return [m.left + i.left + (x - b.x0) * k, m.top + i.top + (b.y1 - y) * k];
}

/** The largest length of the form 1, 2 or 5 × 10ⁿ metres not above `max`. */
export function niceLength(max: number): number {
  if (!(max > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const f of [5, 2, 1]) if (f * p <= max) return f * p;
  return p;
}

/** A length for a label: in 米 below 1 km, else in 千米. */
export function formatLength(m: number): string {
  if (m < 1000) return `${m.toLocaleString("zh-CN", { maximumFractionDigits: 1 })} 米`;
  return `${(m / 1000).toLocaleString("zh-CN", { maximumFractionDigits: 2 })} 千米`;
}

/**
 * A scale bar (bottom left) and a north arrow (bottom right), drawn in metres inside the bottom
 * inset of the frame, so the projection that places the map places them too. The bar is a
 * round length of at most a quarter of the map's width. North is grid north (坐标北).
 */
export function scaleBarMarks(frame: MapFrame): { marks: Plot.Markish[]; lengthM: number } {
  const { bounds: b, k, inset } = frame;
  const lengthM = niceLength((b.x1 - b.x0) / 4);
  const px = (v: number) => v / k; // pixels → metres
  const y = b.y0 - px(inset.bottom * 0.55);
  const x0 = b.x0;
  const tick = px(5);
  const bar = [
    { x1: x0, y1: y, x2: x0 + lengthM, y2: y },
    { x1: x0, y1: y - tick, x2: x0, y2: y + tick },
    { x1: x0 + lengthM / 2, y1: y, x2: x0 + lengthM / 2, y2: y + tick },
    { x1: x0 + lengthM, y1: y - tick, x2: x0 + lengthM, y2: y + tick },
  ];
  const xa = b.x1 - px(8);
  return {
    lengthM,
    marks: [
      Plot.link(bar, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#222", strokeWidth: 1.5 }),
      Plot.text([{ x: x0, t: "0" }, { x: x0 + lengthM, t: formatLength(lengthM) }], {
        x: "x",
        y: y,
        text: "t",
        dy: -9,
        fill: "#222",
        fontSize: 11,
      }),
      Plot.arrow([{ x1: xa, y1: y - px(6), x2: xa, y2: y + px(14) }], {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#222",
        strokeWidth: 1.5,
        headLength: 7,
      }),
      Plot.text([{ x: xa }], { x: "x", y: y + px(14), text: () => "北", dy: -8, fill: "#222", fontSize: 11 }),
    ],
  };
}

/** Squared distance from p to the segment a–b. */
function segDist2(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0], y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Douglas–Peucker on an open polyline: the indices kept (first and last always). */
function douglasPeucker(pts: readonly (readonly number[])[], tol: number): number[] {
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  const t2 = tol * tol;
  while (stack.length) {
    const [i, j] = stack.pop()!;
    let max = -1, at = -1;
    for (let m = i + 1; m < j; m++) {
      const d = segDist2(pts[m], pts[i], pts[j]);
      if (d > max) [max, at] = [d, m];
    }
    if (at > 0 && max > t2) {
      keep[at] = 1;
      stack.push([i, at], [at, j]);
    }
  }
  const out: number[] = [];
  keep.forEach((k, i) => k && out.push(i));
  return out;
}

/**
 * A ring simplified for display: vertices closer than `tol` metres to the last kept one are
 * dropped, then Douglas–Peucker to `tol` (split at the vertex farthest from the first, so the
 * closed ring keeps its extent), coordinates rounded to 0.1 m, and the ring closed. Returns
 * null when fewer than three distinct vertices are left (smaller than the display can show).
 */
export function simplifyRing(ring: Ring, tol: number): number[][] | null {
  const r = (v: number) => Math.round(v * 10) / 10;
  const pts: (readonly number[])[] = [];
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  const last = closed ? n - 1 : n;
  for (let i = 0; i < last; i++) {
    const p = ring[i];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    const prev = pts.at(-1);
    if (prev && Math.hypot(p[0] - prev[0], p[1] - prev[1]) < tol) continue;
    pts.push(p);
  }
  while (pts.length > 1 && Math.hypot(pts[0][0] - pts.at(-1)![0], pts[0][1] - pts.at(-1)![1]) < tol) {
    pts.pop();
  }
  if (pts.length < 3) return null;
  // split the closed ring at the vertex farthest from the first
  let far = 1, best = -1;
  for (let i = 1; i < pts.length; i++) {
    const d = (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2;
    if (d > best) [best, far] = [d, i];
  }
  const a = pts.slice(0, far + 1), b = [...pts.slice(far), pts[0]];
  const kept = [
    ...douglasPeucker(a, tol).map((i) => a[i]),
    ...douglasPeucker(b, tol).slice(1, -1).map((i) => b[i]),
  ];
  if (kept.length < 3) return null;
  const out = kept.map((p) => [r(p[0]), r(p[1])]);
  out.push([...out[0]]);
  return out;
}

/** Area-weighted centroid of a ring (shoelace); the vertex mean when the area is zero. */
export function ringCentroid(ring: Ring): [number, number] {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[(i + 1) % n];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-12) {
    const n = ring.length || 1;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Absolute planar area of a ring, m². */
export function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[(i + 1) % n];
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 2;
}

/** County outlines as GeoJSON features (one Polygon of all its rings) for Plot's geo mark. */
export function countyFeatures(counties: readonly CountyOutline[]) {
  return counties.map((c) => ({
    type: "Feature" as const,
    properties: { code: c.code, name: c.name },
    geometry: { type: "Polygon" as const, coordinates: c.rings },
  }));
}

/** A label point per county: the centroid of its largest ring. */
export function countyLabels(counties: readonly CountyOutline[]): { name: string; x: number; y: number }[] {
  return counties.filter((c) => c.rings.length).map((c) => {
    const big = c.rings.reduce((a, r) => (ringArea(r) > ringArea(a) ? r : a), c.rings[0]);
    const [x, y] = ringCentroid(big);
    return { name: c.name, x, y };
  });
}

/** Signed planar area of a ring (positive when counter-clockwise with y north). */
export function ringSignedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[(i + 1) % n];
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}

/**
 * A polygon's rings wound for non-zero filling: the first (the shell, OGC order) counter-
 * clockwise, the rest (holes) clockwise, whatever order they came in. Then pieces of one class
 * can share a path without a hole being filled or an overlap being cut out.
 */
export function orientPolygon(rings: number[][][]): number[][][] {
  return rings.map((r, i) => {
    const ccw = ringSignedArea(r) > 0;
    return (i === 0) === ccw ? r : [...r].reverse();
  });
}

/** The class name of the county outline mark, whose group fills even-odd (enclaves as holes). */
export const COUNTY_CLASS = "county-outlines";

/**
 * Marks the county outline group to fill even-odd: a county's rings come as one flat list
 * (outer rings and enclaves in any order), and even-odd draws an enclave as a hole.
 */
// deno-lint-ignore no-explicit-any
export function countyEvenOdd(node: any): void {
  for (const g of node.querySelectorAll(`g.${COUNTY_CLASS}`)) g.setAttribute("fill-rule", "evenodd");
}

/**
 * Rounds the numbers of every path's `d` in a rendered Plot node to `digits` decimals (Plot's
 * geo paths carry three), which keeps a map of thousands of pieces small.
 */
// deno-lint-ignore no-explicit-any
export function roundPaths(node: any, digits = 1): void {
  const f = 10 ** digits;
  for (const p of node.querySelectorAll('g[aria-label="geo"] path')) {
    const d = p.getAttribute("d");
    if (d) {
      p.setAttribute(
        "d",
        d.replace(/-?\d+\.\d+/g, (s: string) => String(Math.round(Number(s) * f) / f)),
      );
    }
  }
}

/** A short deterministic hash of a string (FNV-1a, base 36), for element ids. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/**
 * Renames the marker ids Plot gives every plot ("plot-marker-1", …) with a prefix, and the
 * references to them, so several plots in one page (the panels of a figure, or two charts in
 * one report) do not share an id and borrow each other's arrowheads.
 */
// deno-lint-ignore no-explicit-any
export function prefixMarkerIds(node: any, prefix: string): void {
  const renamed = new Map<string, string>();
  for (const m of node.querySelectorAll("marker[id]")) {
    const id = m.getAttribute("id");
    renamed.set(id, `${prefix}-${id}`);
    m.setAttribute("id", `${prefix}-${id}`);
  }
  if (!renamed.size) return;
  for (const attr of ["marker-start", "marker-mid", "marker-end"]) {
    for (const el of node.querySelectorAll(`[${attr}]`)) {
      const ref = el.getAttribute(attr).match(/^url\(#(.+)\)$/)?.[1];
      if (ref && renamed.has(ref)) el.setAttribute(attr, `url(#${renamed.get(ref)})`);
    }
  }
}
