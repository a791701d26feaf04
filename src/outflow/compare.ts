/**
 * Two-year comparison (DOMAIN.md §5): which farmland of year t−1 is no longer farmland in
 * year t. Parcels are traced by the shared lineage (src/lineage): by BSM when the geometry is
 * the same (to a tolerance); a BSM that vanished, or whose geometry changed, by overlap with the
 * parcels of year t, each overlapping part taking that parcel's class; what no parcel of year t
 * covers is kept as an unmatched piece. Every such parcel is reported, none is dropped.
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
import { polygonColumnFromRings, type PolygonColumn, type PolygonRings } from "../geom/types.ts";
import { createLineage } from "../lineage/trace.ts";
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
 * Compares year t−1 (`prev`) with year t (`cur`). Returns the pieces of t−1 farmland that
 * are not farmland in year t, and the t−1 farmland parcels not matched by BSM with the same
 * geometry (with how the overlap resolved them). Parcels are traced by the shared lineage
 * ({@link createLineage}); tables without geometry match by BSM only.
 */
export function compareYears(
  prev: ParcelTable,
  cur: ParcelTable,
  ov: Overlay | null,
  rules: OutflowRules,
  context: { year: number; county: string },
): { pieces: ChangePiece[]; unmatched: UnmatchedParcel[] } {
  const lineage = createLineage(prev, cur, ov, { sameGeometryTolM: rules.sameGeometryTolM, shareEpsilon: rules.shareEpsilon });
  const pieces: ChangePiece[] = [];
  const unmatched: UnmatchedParcel[] = [];
  for (let k = 0; k < prev.length; k++) {
    if (!isFarmCode(prev.text.DLBM[k])) continue;
    const t = lineage.trace(k);
    if (t.how === "bsm") {
      const d = t.descendants[0];
      if (!isFarmCode(d.code)) pieces.push({ prevRow: k, curRow: d.row, share: 1, rings: null, matchedBy: "BSM", toCode: d.code });
      continue;
    }
    const bsm = prev.text.BSM[k] ?? `第${prev.num.source_row[k]}条`;
    unmatched.push({
      year: context.year, county: prev.text.county[k] ?? context.county, bsm, fromCode: prev.text.DLBM[k]!,
      areaM2: Number.isFinite(prev.num.TBDLMJ[k]) ? prev.num.TBDLMJ[k] : 0,
      reason: t.reason!.replace("在后一年度", `在 ${context.year} 年`),
      overlaps: t.descendants.map((d) => ({ bsm: d.bsm, code: d.code, share: d.share })),
      uncoveredShare: t.uncoveredShare,
    });
    if (!prev.geometry || !cur.geometry || !ov) {
      pieces.push({ prevRow: k, curRow: null, share: 1, rings: [], matchedBy: "none", toCode: null });
      continue;
    }
    for (const d of t.descendants) {
      if (isFarmCode(d.code)) continue;
      const set = ov.unionLayer(cur.geometry, [d.row]);
      try {
        pieces.push({ prevRow: k, curRow: d.row, share: d.share, rings: intersection(ov, prev.geometry, k, set), matchedBy: "overlap", toCode: d.code });
      } finally {
        set.dispose();
      }
    }
    if (t.uncoveredShare > 1e-6) {
      pieces.push({ prevRow: k, curRow: null, share: t.uncoveredShare, rings: [], matchedBy: "none", toCode: null });
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
