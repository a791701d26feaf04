/**
 * Splits one changed piece of farmland among the records that cover it, in order: each
 * record (an exempt-loss record, then the projects, by 项目编号) takes the part of what is
 * left that lies inside it; the rest is the farmers' own change. Inside each part it also
 * measures how much lies in permanent basic farmland and in the unstable-farmland layer,
 * without forming the part's geometry: overlap(G ∩ S, L) = overlap(G, L) − overlap(G − S, L).
 * Shares are of the piece's planar area, and they sum to exactly 1.
 *
 * @example
 * ```ts
 * const parts = splitPiece(ov, col, 0, "9001…", sinks, pbfSet, null, 1e-9);
 * // [{ sink: 0, share: 0.25, pbfShare: 0, unstableShare: 0 }, { sink: -1, share: 0.75, … }]
 * ```
 * @module
 */
import type { Overlay, PolygonSet } from "../geom/overlay.ts";
import { featurePlanarArea, polygonColumnFromRings, type PolygonColumn } from "../geom/types.ts";

/** A record that can cover a piece: by geometry, or (without geometry) by the BSMs it lists. */
export interface Sink {
  set: PolygonSet | null;
  bsms: ReadonlySet<string> | null;
}

/** One part of a piece. */
export interface SubPiece {
  /** Index into the sinks, or −1 for the part no record covers. */
  sink: number;
  /** Planar share of the piece (all parts sum to 1). */
  share: number;
  /** Share of this part inside permanent basic farmland (0–1). */
  pbfShare: number;
  /** Share of this part inside the unstable-farmland layer (0–1). */
  unstableShare: number;
}

const clamp01 = (x: number, eps: number) => (x <= eps ? 0 : x >= 1 - eps ? 1 : x);

/**
 * Splits feature k of `col` (the piece, with the t−1 parcel's BSM `bsm`) among `sinks`.
 * `pbf` and `unstable` are the unioned layers, or null.
 */
export function splitPiece(
  ov: Overlay,
  col: PolygonColumn,
  k: number,
  bsm: string,
  sinks: Sink[],
  pbf: PolygonSet | null,
  unstable: PolygonSet | null,
  eps: number,
): SubPiece[] {
  const p0 = featurePlanarArea(col, k);
  if (!(p0 > 0)) return [{ sink: -1, share: 1, pbfShare: 0, unstableShare: 0 }];
  let g = { col, k };
  let pg = p0;
  const measure = (c: PolygonColumn, i: number) => ({
    pbf: pbf ? ov.overlapArea(c, i, pbf) : 0,
    uns: unstable ? ov.overlapArea(c, i, unstable) : 0,
  });
  let m = measure(col, k);
  let remaining = 1;
  const out: SubPiece[] = [];
  for (let i = 0; i < sinks.length && pg > eps * p0; i++) {
    const s = sinks[i];
    let o: number;
    if (s.bsms) {
      if (!s.bsms.has(bsm)) continue;
      o = pg;
    } else if (s.set) {
      o = ov.overlapArea(g.col, g.k, s.set);
      if (o <= eps * p0) continue;
    } else continue;
    if (o >= pg * (1 - eps)) {
      out.push({ sink: i, share: remaining, pbfShare: clamp01(m.pbf / pg, eps), unstableShare: clamp01(m.uns / pg, eps) });
      remaining = 0;
      pg = 0;
      break;
    }
    const rest = ov.erase(g.col, g.k, s.set!);
    const restCol = polygonColumnFromRings([rest.map((p) => p.rings)]);
    const pr = rest.reduce((a, p) => a + p.area, 0);
    const mr = rest.length ? measure(restCol, 0) : { pbf: 0, uns: 0 };
    const share = Math.min(remaining, o / p0);
    out.push({
      sink: i,
      share,
      pbfShare: clamp01(Math.max(0, m.pbf - mr.pbf) / o, eps),
      unstableShare: clamp01(Math.max(0, m.uns - mr.uns) / o, eps),
    });
    remaining -= share;
    g = { col: restCol, k: 0 };
    pg = pr;
    m = mr;
  }
  if (remaining > 0) {
    if (pg > eps * p0 || out.length === 0) {
      out.push({ sink: -1, share: remaining, pbfShare: pg > 0 ? clamp01(m.pbf / pg, eps) : 0, unstableShare: pg > 0 ? clamp01(m.uns / pg, eps) : 0 });
    } else out[out.length - 1].share += remaining;
  }
  return out;
}
