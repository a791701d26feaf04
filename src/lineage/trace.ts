/**
 * Parcel lineage between two survey years. Annual change surveys (变更调查) re-number parcels
 * that were split or merged, so a BSM of year t−1 may be gone in year t while its land is still
 * there under new BSMs. A parcel is traced by BSM first (the same BSM with the same geometry, to
 * a tolerance), else by overlap: the share of its planar area inside each parcel of year t.
 * What no parcel of year t covers is the uncovered share. The audit, the out-flow ledger and
 * trends trace parcels through this one module.
 *
 * @example
 * ```ts
 * const lineage = createLineage(prev, cur, ov);
 * const t = lineage.trace(k);          // { how: "overlap", descendants: [{ bsm: "Y", share: 0.6, … }, …], … }
 * traceText(t, prev.text.BSM[k]!, 2024); // "原图斑 X 已拆分为 Y、Z（面积占比 60.0%、40.0%），2024 年现状均为耕地"
 * ```
 * @module
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { Overlay } from "../geom/overlay.ts";
import { featurePlanarArea, type PolygonColumn } from "../geom/types.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";

/** A year-t parcel holding part of a traced parcel. */
export interface Descendant {
  /** Row in the year-t table. */
  row: number;
  /** Its BSM (or 第 N 条 when it has none). */
  bsm: string;
  /** Its DLBM in year t. */
  code: string;
  /** Share of the traced parcel's planar area inside it (1 when traced by BSM). */
  share: number;
}

/** How a parcel of year t−1 continues in year t. */
export interface ParcelTrace {
  /**
   * "bsm": the same BSM with the same geometry; "overlap": traced by overlap (the BSM vanished or
   * its geometry changed); "none": nothing of year t overlaps it, or there is no geometry to overlay.
   */
  how: "bsm" | "overlap" | "none";
  /** Why the BSM alone did not trace it (Chinese), or null when it did. */
  reason: string | null;
  /** Year-t parcels holding its land, by BSM. */
  descendants: Descendant[];
  /** Share of it no year-t parcel covers (0 when traced by BSM). */
  uncoveredShare: number;
}

/** Tolerances of the tracing. */
export interface LineageOptions {
  /** Vertex tolerance for "same geometry", metres (default 0.001). */
  sameGeometryTolM?: number;
  /** Overlaps below this share of the parcel are slivers and ignored (default 1e-9). */
  shareEpsilon?: number;
}

/** Traces parcels of one year into the next. */
export interface Lineage {
  /** The trace of row `k` of the year t−1 table. */
  trace(k: number): ParcelTrace;
  /** The trace of the year t−1 parcel with this BSM, or null when year t−1 has no such BSM. */
  traceBsm(bsm: string): ParcelTrace | null;
}

/**
 * Whether feature k of `a` and feature j of `b` have the same rings, vertex by vertex, to
 * `tol` metres.
 *
 * @example
 * ```ts
 * sameGeometry(prev.geometry!, 3, cur.geometry!, 3, 0.001); // true when unchanged
 * ```
 */
export function sameGeometry(a: PolygonColumn, k: number, b: PolygonColumn, j: number, tol: number): boolean {
  const pa0 = a.geomOffsets[k], pa1 = a.geomOffsets[k + 1], pb0 = b.geomOffsets[j], pb1 = b.geomOffsets[j + 1];
  if (pa1 - pa0 !== pb1 - pb0) return false;
  for (let p = 0; p < pa1 - pa0; p++) {
    const ra0 = a.polyOffsets[pa0 + p], ra1 = a.polyOffsets[pa0 + p + 1];
    const rb0 = b.polyOffsets[pb0 + p], rb1 = b.polyOffsets[pb0 + p + 1];
    if (ra1 - ra0 !== rb1 - rb0) return false;
    for (let r = 0; r < ra1 - ra0; r++) {
      const va0 = a.ringOffsets[ra0 + r], va1 = a.ringOffsets[ra0 + r + 1];
      const vb0 = b.ringOffsets[rb0 + r], vb1 = b.ringOffsets[rb0 + r + 1];
      if (va1 - va0 !== vb1 - vb0) return false;
      for (let v = 0; v < (va1 - va0) * 2; v++) {
        if (Math.abs(a.coords[va0 * 2 + v] - b.coords[vb0 * 2 + v]) > tol) return false;
      }
    }
  }
  return true;
}

const rowName = (t: ParcelTable, k: number) => t.text.BSM[k] ?? `第${t.num.source_row[k]}条`;

/**
 * A lineage from `prev` (year t−1) to `cur` (year t). `ov` is an overlay whose origin suits both
 * tables; without it (or without geometry) parcels are traced by BSM only.
 */
export function createLineage(
  prev: ParcelTable,
  cur: ParcelTable,
  ov: Overlay | null,
  opts: LineageOptions = {},
): Lineage {
  const tol = opts.sameGeometryTolM ?? 0.001, eps = opts.shareEpsilon ?? 1e-9;
  const curByBsm = new Map<string, number>();
  for (let j = 0; j < cur.length; j++) {
    const b = cur.text.BSM[j];
    if (b != null && !curByBsm.has(b)) curByBsm.set(b, j);
  }
  let prevByBsm: Map<string, number> | null = null;
  const geo = prev.geometry && cur.geometry && ov ? { a: prev.geometry, b: cur.geometry, ov } : null;
  let index: FeatureIndex | null = null;

  const trace = (k: number): ParcelTrace => {
    const bsm = prev.text.BSM[k];
    const j = bsm != null ? curByBsm.get(bsm) : undefined;
    if (j !== undefined && (!geo || sameGeometry(geo.a, k, geo.b, j, tol))) {
      return { how: "bsm", reason: null, descendants: [{ row: j, bsm: rowName(cur, j), code: cur.text.DLBM[j] ?? "", share: 1 }], uncoveredShare: 0 };
    }
    const reason = j === undefined ? "BSM 在后一年度图斑中不存在" : "BSM 相同但几何不同";
    if (!geo) return { how: "none", reason: `${reason}（无几何，无法按叠加匹配）`, descendants: [], uncoveredShare: 1 };
    index ??= FeatureIndex.build(geo.b);
    const planar = featurePlanarArea(geo.a, k);
    const box = [prev.num.minx[k], prev.num.miny[k], prev.num.maxx[k], prev.num.maxy[k]] as [number, number, number, number];
    const near = index.search(box).sort((x, y) => rowName(cur, x).localeCompare(rowName(cur, y)) || x - y);
    const descendants: Descendant[] = [];
    let covered = 0;
    for (const m of near) {
      const set = geo.ov.unionLayer(geo.b, [m]);
      try {
        const o = geo.ov.overlapArea(geo.a, k, set);
        if (!(planar > 0) || o <= eps * planar) continue;
        const share = Math.min(1, o / planar);
        covered += share;
        descendants.push({ row: m, bsm: rowName(cur, m), code: cur.text.DLBM[m] ?? "", share });
      } finally {
        set.dispose();
      }
    }
    const uncoveredShare = Math.max(0, 1 - covered);
    return { how: descendants.length ? "overlap" : "none", reason, descendants, uncoveredShare: uncoveredShare > 1e-9 ? uncoveredShare : 0 };
  };

  return {
    trace,
    traceBsm(bsm) {
      if (!prevByBsm) {
        prevByBsm = new Map();
        for (let k = 0; k < prev.length; k++) {
          const b = prev.text.BSM[k];
          if (b != null && !prevByBsm.has(b)) prevByBsm.set(b, k);
        }
      }
      const k = prevByBsm.get(bsm);
      return k === undefined ? null : trace(k);
    },
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Whether a DLBM is farmland (01xx). */
const isFarm = (code: string) => code.startsWith("01");

/**
 * The evidence sentence of a trace (Chinese), e.g. 原图斑 X 已拆分为 Y、Z（面积占比 60.0%、40.0%），
 * 2024 年现状均为耕地; or 原图斑 X 并入 Y（占原图斑 100.0%）…; or 原图斑 X 在 2024 年未找到：….
 */
export function traceText(t: ParcelTrace, bsm: string, year: number): string {
  if (t.how === "bsm") return `图斑 ${bsm} 在 ${year} 年仍为同一图斑（地类 ${t.descendants[0].code}）`;
  if (t.how === "none") return `原图斑 ${bsm} 在 ${year} 年未找到对应图斑（${t.reason ?? "无重叠图斑"}），待核实`;
  const ds = t.descendants;
  const farmShare = ds.filter((d) => isFarm(d.code)).reduce((s, d) => s + d.share, 0);
  const what = ds.length === 1
    ? `已变更为 ${ds[0].bsm}（占原图斑 ${pct(ds[0].share)}）`
    : `已拆分为 ${ds.map((d) => d.bsm).join("、")}（面积占比 ${ds.map((d) => pct(d.share)).join("、")}）`;
  const state = farmShare >= 1 - 1e-3
    ? "现状均为耕地"
    : farmShare <= 1e-3
    ? `现状均不是耕地（${[...new Set(ds.map((d) => d.code))].join("、")}）`
    : `现状耕地占 ${pct(farmShare)}，其余为 ${[...new Set(ds.filter((d) => !isFarm(d.code)).map((d) => d.code))].join("、")}`;
  const gap = t.uncoveredShare > 1e-3 ? `；${pct(t.uncoveredShare)} 无图斑覆盖` : "";
  return `原图斑 ${bsm} ${what}，${year} 年${state}${gap}${t.reason === "BSM 相同但几何不同" ? "（BSM 相同但几何已变）" : ""}`;
}

/** What {@link followBsms} found for listed BSMs gone from year t. */
export interface FollowResult {
  /** Year-t BSMs that now hold listed land (each mostly made of it), with the listed BSM they came from. */
  added: Map<string, string>;
  /** One evidence sentence per listed BSM that was traced. */
  texts: string[];
  /** Listed BSMs of year t−1 that nothing of year t holds. */
  lost: string[];
}

/**
 * Carries a list of BSMs (e.g. a field survey's abandoned parcels) from year t−1 to year t:
 * each listed BSM present in `prev` but gone from `cur` is traced, and a year-t parcel takes the
 * listing when at least `minCover` (default half) of its own area came from listed land.
 */
export function followBsms(
  listed: ReadonlySet<string>,
  prev: ParcelTable,
  cur: ParcelTable,
  ov: Overlay | null,
  year: number,
  minCover = 0.5,
): FollowResult {
  const out: FollowResult = { added: new Map(), texts: [], lost: [] };
  const inCur = new Set<string>();
  for (let j = 0; j < cur.length; j++) if (cur.text.BSM[j] != null) inCur.add(cur.text.BSM[j]!);
  const gone = [...listed].filter((b) => !inCur.has(b)).sort();
  if (gone.length === 0) return out;
  const lineage = createLineage(prev, cur, ov);
  for (const bsm of gone) {
    const t = lineage.traceBsm(bsm);
    if (!t) continue; // not in year t−1 either
    out.texts.push(traceText(t, bsm, year));
    if (t.how === "none") {
      out.lost.push(bsm);
      continue;
    }
    const k = prev.text.BSM.indexOf(bsm);
    const planarPrev = prev.geometry ? featurePlanarArea(prev.geometry, k) : 0;
    for (const d of t.descendants) {
      const planarCur = cur.geometry ? featurePlanarArea(cur.geometry, d.row) : 0;
      if (planarCur > 0 && (d.share * planarPrev) / planarCur >= minCover) out.added.set(d.bsm, bsm);
    }
  }
  return out;
}
