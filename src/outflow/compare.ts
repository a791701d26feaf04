/**
 * Two-year comparison (DOMAIN.md §5): which farmland of year t−1 is no longer farmland in
 * year t. Parcels are matched by BSM when the geometry is the same (to a tolerance); a BSM
 * that vanished, or whose geometry changed, is matched by overlap with the parcels of year t,
 * each overlapping part taking that parcel's class; what no parcel of year t covers is kept
 * as an unmatched piece. Every such parcel is reported, none is dropped.
 *
 * @example
 * ```ts
 * const ov = await createOverlay({ origin: localOrigin(prev.geometry!) });
 * const { pieces, unmatched } = compareYears(prev, cur, ov, outflowRules());
 * pieces[0]; // { prevRow, curRow, share: 1, rings: null, matchedBy: "BSM", toCode: "0201" }
 * ```
 * @module
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { Overlay } from "../geom/overlay.ts";
import { featurePlanarArea, polygonColumnFromRings, type PolygonColumn, type PolygonRings } from "../geom/types.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";
import type { OutflowRules, UnmatchedParcel } from "./types.ts";
import { isFarmCode } from "./rules.ts";

/** One piece of year t−1 farmland that left farmland, before attribution. */
export interface ChangePiece {
  /** Row of the year t−1 table. */
  prevRow: number;
  /** Row of the year t table it matched, or null (unmatched). */
  curRow: number | null;
  /** Planar share of the t−1 parcel. */
  share: number;
  /** Geometry of the piece, or null = the whole t−1 parcel. */
  rings: PolygonRings[] | null;
  matchedBy: "BSM" | "overlap" | "none";
  /** Class in year t (null when unmatched). */
  toCode: string | null;
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

/**
 * Compares year t−1 (`prev`) with year t (`cur`). Returns the pieces of t−1 farmland that
 * are not farmland in year t, and the t−1 farmland parcels not matched by BSM with the same
 * geometry (with how the overlap resolved them). Tables without geometry match by BSM only.
 */
export function compareYears(
  prev: ParcelTable,
  cur: ParcelTable,
  ov: Overlay | null,
  rules: OutflowRules,
  context: { year: number; county: string },
): { pieces: ChangePiece[]; unmatched: UnmatchedParcel[] } {
  const curByBsm = new Map<string, number>();
  for (let j = 0; j < cur.length; j++) {
    const b = cur.text.BSM[j];
    if (b != null && !curByBsm.has(b)) curByBsm.set(b, j);
  }
  const pieces: ChangePiece[] = [];
  const unmatched: UnmatchedParcel[] = [];
  const geo = prev.geometry && cur.geometry && ov ? { a: prev.geometry, b: cur.geometry, ov } : null;
  let index: FeatureIndex | null = null;

  for (let k = 0; k < prev.length; k++) {
    if (!isFarmCode(prev.text.DLBM[k])) continue;
    const bsm = prev.text.BSM[k] ?? `第${prev.num.source_row[k]}条`;
    const j = prev.text.BSM[k] != null ? curByBsm.get(prev.text.BSM[k]!) : undefined;
    const same = j !== undefined && (!geo || sameGeometry(geo.a, k, geo.b, j, rules.sameGeometryTolM));
    if (j !== undefined && same) {
      const to = cur.text.DLBM[j];
      if (!isFarmCode(to)) pieces.push({ prevRow: k, curRow: j, share: 1, rings: null, matchedBy: "BSM", toCode: to });
      continue;
    }
    const reason = j === undefined ? `BSM 在 ${context.year} 年图斑中不存在` : `BSM 相同但几何不同`;
    const record: UnmatchedParcel = {
      year: context.year, county: prev.text.county[k] ?? context.county, bsm, fromCode: prev.text.DLBM[k]!,
      areaM2: Number.isFinite(prev.num.TBDLMJ[k]) ? prev.num.TBDLMJ[k] : 0, reason, overlaps: [], uncoveredShare: 1,
    };
    unmatched.push(record);
    if (!geo) {
      pieces.push({ prevRow: k, curRow: null, share: 1, rings: [], matchedBy: "none", toCode: null });
      record.reason += "（无几何，无法按叠加匹配）";
      continue;
    }
    index ??= FeatureIndex.build(geo.b);
    const planar = featurePlanarArea(geo.a, k);
    const box = [prev.num.minx[k], prev.num.miny[k], prev.num.maxx[k], prev.num.maxy[k]] as [number, number, number, number];
    const near = index.search(box).sort((x, y) => (cur.text.BSM[x] ?? "").localeCompare(cur.text.BSM[y] ?? "") || x - y);
    let covered = 0;
    for (const m of near) {
      const set = geo.ov.unionLayer(geo.b, [m]);
      try {
        const o = geo.ov.overlapArea(geo.a, k, set);
        if (!(planar > 0) || o <= rules.shareEpsilon * planar) continue;
        const share = Math.min(1, o / planar);
        covered += share;
        record.overlaps.push({ bsm: cur.text.BSM[m] ?? `第${cur.num.source_row[m]}条`, code: cur.text.DLBM[m] ?? "", share });
        if (isFarmCode(cur.text.DLBM[m])) continue;
        pieces.push({ prevRow: k, curRow: m, share, rings: intersection(geo.ov, geo.a, k, set), matchedBy: "overlap", toCode: cur.text.DLBM[m] });
      } finally {
        set.dispose();
      }
    }
    record.uncoveredShare = Math.max(0, 1 - covered);
    if (record.uncoveredShare > 1e-6) {
      pieces.push({ prevRow: k, curRow: null, share: record.uncoveredShare, rings: [], matchedBy: "none", toCode: null });
    }
  }
  return { pieces, unmatched };
}

/** Feature k of `col` ∩ `set`, as polygons: k − (k − set). */
function intersection(ov: Overlay, col: PolygonColumn, k: number, set: ReturnType<Overlay["unionLayer"]>): PolygonRings[] {
  const rest = ov.erase(col, k, set);
  if (rest.length === 0) return wholeFeature(ov, col, k);
  const restSet = ov.unionLayer(polygonColumnFromRings([rest.map((p) => p.rings)]));
  try {
    return ov.erase(col, k, restSet).map((p) => p.rings);
  } finally {
    restSet.dispose();
  }
}

function wholeFeature(ov: Overlay, col: PolygonColumn, k: number): PolygonRings[] {
  return ov.erase(col, k, []).map((p) => p.rings);
}
