/**
 * Deductions (扣除, DOMAIN.md §4.2) in either mode, with the per-layer ledger:
 * - erase: each candidate minus the union of all layers; every polygon left is a piece
 *   (reported area TBMJ × planar(piece)/planar(parcel)); pieces below the minimum are dropped;
 * - exclude: a candidate whose overlap share with the union exceeds (>) the configured share
 *   is removed whole and charged to the layer it overlaps most; the rest stay whole.
 * Area in = kept + removed + dropped, and the ledger says which layer took what.
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { Overlay, PolygonSet } from "../geom/overlay.ts";
import { featurePlanarArea, featureRings, type PolygonRings } from "../geom/types.ts";
import type { ConstraintLayer } from "./layers.ts";
import type { DeductionLedger, LayerDeduction, ScreenParams } from "./types.ts";
import type { Progress } from "../ui/progress.ts";

/** A piece kept after deduction, before classification. */
export interface KeptPiece {
  row: number;
  /** Index into the candidate list (for its source). */
  cand: number;
  rings: PolygonRings[];
  planarM2: number;
  areaM2: number;
}

/** Reported areas below this are overlay noise (slivers): counted as dropped area, not as dropped pieces. */
export const SLIVER_M2 = 1;

/** Runs the deductions of the candidates `rows` against `layers` (already unioned into `sets`). */
export function deduct(
  t: ParcelTable,
  rows: number[],
  layers: ConstraintLayer[],
  sets: PolygonSet[],
  ov: Overlay,
  p: ScreenParams,
  progress: Progress,
): { kept: KeptPiece[]; ledger: DeductionLedger } {
  const col = t.geometry!;
  const ledgerLayers: LayerDeduction[] = layers.map((l) => ({
    name: l.name, features: l.features, deductionM2: 0, candidatesHit: 0, excluded: 0, excludedM2: 0,
  }));
  const kept: KeptPiece[] = [];
  let candidateM2 = 0, keptM2 = 0, removedM2 = 0, droppedM2 = 0, droppedPieces = 0, sliverPieces = 0, unionM2 = 0;
  rows.forEach((k, ci) => {
    const tbmj = t.num.TBMJ[k];
    const planar = featurePlanarArea(col, k);
    const scale = planar > 0 ? tbmj / planar : 0;
    candidateM2 += tbmj;
    const perLayer = sets.length ? ov.overlapAreas(col, k, sets) : new Float64Array(0);
    perLayer.forEach((a, i) => {
      if (a <= 0) return;
      ledgerLayers[i].deductionM2 += a * scale;
      ledgerLayers[i].candidatesHit++;
    });
    if (p.mode === "erase") {
      const pieces = sets.length ? ov.erase(col, k, sets) : featureRings(col, k).map((r) => ({ rings: r, area: planarOf(r) }));
      const mine: KeptPiece[] = [];
      for (const piece of pieces) {
        const reported = piece.area * scale;
        if (reported >= p.minPieceM2) {
          mine.push({ row: k, cand: ci, rings: [piece.rings], planarM2: piece.area, areaM2: reported });
          keptM2 += reported;
        } else {
          droppedM2 += reported;
          if (reported < SLIVER_M2) sliverPieces++;
          else droppedPieces++;
        }
      }
      // Removed area is measured on its own (candidate ∩ union of layers), not as what the
      // erase left over, so that kept + removed + dropped = candidate is a real check.
      const removed = sets.length ? ov.overlapArea(col, k, sets) * scale : 0;
      removedM2 += removed;
      unionM2 += removed;
      kept.push(...mine);
    } else {
      const overlap = sets.length ? ov.overlapArea(col, k, sets) : 0;
      unionM2 += overlap * scale;
      if (planar > 0 && overlap / planar > p.excludeShare) {
        let worst = 0;
        perLayer.forEach((a, i) => {
          if (a > perLayer[worst]) worst = i;
        });
        ledgerLayers[worst].excluded++;
        ledgerLayers[worst].excludedM2 += tbmj;
        removedM2 += tbmj;
      } else {
        kept.push({ row: k, cand: ci, rings: featureRings(col, k), planarM2: planar, areaM2: tbmj });
        keptM2 += tbmj;
      }
    }
    if ((ci & 63) === 0) progress.update({ rows: ci + 1, note: "扣除约束图层" });
  });
  return {
    kept,
    ledger: { candidateM2, keptM2, removedM2, droppedM2, droppedPieces, sliverPieces, unionM2, layers: ledgerLayers },
  };
}

function planarOf(rings: PolygonRings): number {
  let a = 0;
  rings.forEach((r, i) => {
    let s = 0;
    for (let v = 0; v < r.length - 1; v++) s += (r[v][0] - r[0][0]) * (r[v + 1][1] - r[0][1]) - (r[v + 1][0] - r[0][0]) * (r[v][1] - r[0][1]);
    a += (i === 0 ? 1 : -1) * Math.abs(s / 2);
  });
  return a;
}
