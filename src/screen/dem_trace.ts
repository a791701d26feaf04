/**
 * Exact polygons of the marked cells of a raster grid (used for DEM slope zones, see
 * ./dem_slope.ts): the boundary between marked and unmarked cells is traced along cell edges
 * into rings, so the result needs no overlay engine and its area is exactly
 * count × cellX × cellY.
 *
 * Rules, chosen so the output is OGC-valid:
 * - every boundary edge is directed with the marked cell on its left, so shells come out
 *   counter-clockwise and holes clockwise (y up);
 * - at a vertex where marked cells touch only diagonally, the trace turns left (it keeps to
 *   the same marked cell), so cells meeting at a corner are never joined;
 * - a traced ring that passes such a vertex twice is split there into simple rings (a hole
 *   touching its shell, or two holes touching, at one point — both valid);
 * - each 4-connected group of marked cells is one polygon (one feature): its
 *   counter-clockwise ring is the shell and its clockwise rings are its holes.
 *
 * @example
 * ```ts
 * // 2×2 grid, the two cells of the top row marked → one 2×1 rectangle
 * traceCellMask(Uint8Array.of(1, 1, 0, 0), 2, 2, { originX: 0, originY: 20, cellX: 10, cellY: 10 });
 * ```
 * @module
 */
import type { PolygonColumn } from "../geom/types.ts";

/** Placement of a north-up grid: top-left corner and positive cell sizes. */
export interface GridPlacement {
  originX: number;
  originY: number;
  cellX: number;
  cellY: number;
}

// Directions of edges: E, N, W, S (map frame, y up). left(d) = (d + 1) & 3.
const E = 0, N = 1, W = 2, S = 3;

/**
 * The marked cells (`mask[row * width + col] !== 0`, row 0 at the top) as polygons in map
 * coordinates, one feature per 4-connected group, ordered by the group's first cell in row order.
 */
export function traceCellMask(
  mask: Uint8Array,
  width: number,
  height: number,
  grid: GridPlacement,
): PolygonColumn {
  const vw = width + 1;
  const step = [1, -vw, -1, vw];
  // Low nibble: the boundary edges leaving each vertex; high nibble: those already traced.
  const bits = new Uint8Array(vw * (height + 1));
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (!mask[i]) continue;
      if (r === height - 1 || !mask[i + width]) bits[(r + 1) * vw + c] |= 1 << E;
      if (c === width - 1 || !mask[i + 1]) bits[(r + 1) * vw + c + 1] |= 1 << N;
      if (r === 0 || !mask[i - width]) bits[r * vw + c + 1] |= 1 << W;
      if (c === 0 || !mask[i - 1]) bits[r * vw + c] |= 1 << S;
    }
  }
  const isSaddle = (v: number): boolean => (bits[v] & 15) === 5 || (bits[v] & 15) === 10;
  /** The edge that follows an edge arriving at v in direction d. */
  const next = (v: number, d: number): number => (isSaddle(v) ? (d + 1) & 3 : 31 - Math.clz32(bits[v] & 15));

  const rings: { verts: number[]; cell: number; area: number }[] = [];
  const corners: number[] = [];
  for (let v0 = 0; v0 < bits.length; v0++) {
    for (;;) {
      const free = bits[v0] & 15 & ~(bits[v0] >> 4);
      if (!free) break;
      const d0 = 31 - Math.clz32(free & -free);
      corners.length = 0;
      let v = v0, d = d0, prev = -1, saddles = false;
      for (;;) {
        bits[v] |= 1 << (4 + d);
        if (d !== prev) {
          corners.push(v);
          saddles ||= isSaddle(v);
        }
        const v2 = v + step[d];
        const nd = next(v2, d);
        if (v2 === v0 && nd === d0) break;
        prev = d;
        v = v2;
        d = nd;
      }
      if (d === d0) corners.shift(); // the start lies inside a straight run
      const cell = leftCell(v0, d0, vw, width);
      for (const verts of saddles ? splitAtRepeats(corners, isSaddle) : [corners.slice()]) {
        rings.push({ verts, cell, area: doubledArea(verts, vw) });
      }
    }
  }
  return assemble(rings, mask, width, height, vw, grid);
}

/** The marked cell on the left of the edge leaving vertex v in direction d. */
function leftCell(v: number, d: number, vw: number, width: number): number {
  const r = Math.floor(v / vw), c = v % vw;
  switch (d) {
    case E:
      return (r - 1) * width + c;
    case N:
      return (r - 1) * width + c - 1;
    case W:
      return r * width + c - 1;
    default:
      return r * width + c;
  }
}

/** Splits a closed vertex sequence into simple loops wherever a (saddle) vertex repeats. */
function splitAtRepeats(seq: number[], isSaddle: (v: number) => boolean): number[][] {
  const stack: number[] = [];
  const at = new Map<number, number>();
  const loops: number[][] = [];
  for (const v of seq) {
    const i = isSaddle(v) ? at.get(v) : undefined;
    if (i !== undefined) {
      const loop = stack.splice(i + 1);
      loop.unshift(v);
      for (const u of loop) if (at.get(u)! > i) at.delete(u);
      loops.push(loop);
      continue;
    }
    if (isSaddle(v)) at.set(v, stack.length);
    stack.push(v);
  }
  loops.push(stack);
  return loops;
}

/** Twice the signed area of a loop in vertex units (x = col, y = −row): positive when counter-clockwise. */
function doubledArea(verts: number[], vw: number): number {
  let s = 0;
  for (let k = 0; k < verts.length; k++) {
    const a = verts[k], b = verts[(k + 1) % verts.length];
    const x1 = a % vw, y1 = -Math.floor(a / vw), x2 = b % vw, y2 = -Math.floor(b / vw);
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

/** Groups loops into polygons by 4-connected group of cells and writes the column. */
function assemble(
  rings: { verts: number[]; cell: number; area: number }[],
  mask: Uint8Array,
  width: number,
  height: number,
  vw: number,
  grid: GridPlacement,
): PolygonColumn {
  const shells = rings.filter((r) => r.area > 0);
  const holes = rings.filter((r) => r.area < 0);
  if (rings.some((r) => r.area === 0)) throw new Error("坡度区边界追踪出错：出现面积为零的环");
  // Without holes every shell is its own polygon; trace order is already first-cell order.
  let groups: { shell: number[]; holes: number[][] }[];
  if (holes.length === 0) {
    groups = shells.map((s) => ({ shell: s.verts, holes: [] }));
  } else {
    const label = labelGroups(mask, width, height);
    const byLabel = new Map<number, { shell: number[]; holes: number[][] }>();
    for (const s of shells) {
      const l = label[s.cell];
      if (byLabel.has(l)) throw new Error("坡度区边界追踪出错：一个连通区有两个外环");
      byLabel.set(l, { shell: s.verts, holes: [] });
    }
    for (const h of holes) {
      const g = byLabel.get(label[h.cell]);
      if (!g) throw new Error("坡度区边界追踪出错：内环找不到所属外环");
      g.holes.push(h.verts);
    }
    groups = [...byLabel.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }
  let nVerts = 0, nRings = 0;
  for (const g of groups) {
    nRings += 1 + g.holes.length;
    nVerts += g.shell.length + 1 + g.holes.reduce((s, h) => s + h.length + 1, 0);
  }
  const coords = new Float64Array(nVerts * 2);
  const ringOffsets = new Uint32Array(nRings + 1);
  const polyOffsets = new Uint32Array(groups.length + 1);
  const geomOffsets = Uint32Array.from({ length: groups.length + 1 }, (_, k) => k);
  let o = 0, ri = 0;
  const put = (verts: number[]): void => {
    for (let k = 0; k <= verts.length; k++) {
      const v = verts[k % verts.length];
      coords[o++] = grid.originX + (v % vw) * grid.cellX;
      coords[o++] = grid.originY - Math.floor(v / vw) * grid.cellY;
    }
    ringOffsets[++ri] = o / 2;
  };
  groups.forEach((g, j) => {
    put(g.shell);
    for (const h of g.holes) put(h);
    polyOffsets[j + 1] = ri;
  });
  return { coords, ringOffsets, polyOffsets, geomOffsets };
}

/** 4-connected group labels of the marked cells (0 = unmarked), numbered in row order of first cell. */
function labelGroups(mask: Uint8Array, width: number, height: number): Int32Array {
  const label = new Int32Array(mask.length);
  const stack: number[] = [];
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || label[i]) continue;
    label[i] = ++n;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop()!;
      const r = Math.floor(j / width), c = j - r * width;
      if (c > 0 && mask[j - 1] && !label[j - 1]) (label[j - 1] = n), stack.push(j - 1);
      if (c < width - 1 && mask[j + 1] && !label[j + 1]) (label[j + 1] = n), stack.push(j + 1);
      if (r > 0 && mask[j - width] && !label[j - width]) (label[j - width] = n), stack.push(j - width);
      if (r < height - 1 && mask[j + width] && !label[j + width]) {
        (label[j + width] = n), stack.push(j + width);
      }
    }
  }
  return label;
}
