/**
 * Prototype of the default in-flow screening (DOMAIN.md §4.1–§4.3) on the geometric core of
 * src/geom, for benchmarks and the s1 cross-check: candidates, deduction by every constraint
 * layer in erase mode (per-layer ledger), pieces ≥ 400 m², farmland clusters within `gap`,
 * and the four contiguity classes. Not the product's screening (that lives in src/screen/);
 * this only proves the geometry and measures it.
 * @module
 */
import { readShapefile } from "../src/io/shp.ts";
import type { VectorLayer } from "../src/io/layer.ts";
import { featurePlanarArea } from "../src/geom/types.ts";
import { createOverlay, localOrigin, type PolygonSet } from "../src/geom/overlay.ts";
import { clusterByDistance, withinDistance } from "../src/geom/cluster.ts";
import { FeatureIndex } from "../src/geom/spatial_index.ts";
import { isCandidateClass, isFarmland } from "../src/units/landclass.ts";

/** The four classes of §4.3, in order. */
export const CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;
/** One of {@link CLASSES}. */
export type ClassName = typeof CLASSES[number];

/** Parameters of the run (defaults of DOMAIN.md §4). */
export interface ScreenParams {
  gap: number;
  thresholdMu: number;
  minPieceM2: number;
}

/** Totals of a prototype run, shaped like expected.json where they overlap. */
export interface ScreenResult {
  parcels: number;
  candidates: { count: number; tbmj_m2: number };
  farmland: {
    count: number;
    clusters: number;
    qualifying_clusters: number;
    qualifying_parcels: number;
    qualifying_tbmj_m2: number;
  };
  classes: Record<ClassName, { area_m2: number; count: number }>;
  townships: Record<string, Record<ClassName, { area_m2: number; count: number }>>;
  total_pieces: number;
  total_kept_m2: number;
  ledger: {
    candidate_m2: number;
    kept_m2: number;
    removed_m2: number;
    dropped_m2: number;
    dropped_pieces: number;
    sliver_pieces: number;
    union_m2: number;
    layers: Record<string, { features: number; deduction_m2: number; candidates_hit: number }>;
  };
  /** Seconds per step. */
  times: Record<string, number>;
  /** Per candidate (feature id): planar area left after erase, for cross-checks. */
  erased: Map<number, number>;
}

/** Pieces whose reported area is below this are counted as slivers (noise of the overlay), not drops. */
const SLIVER_M2 = 1;

/** Reads a DLTB layer and every .shp in `constraintsDir` (name = file name without .shp), sorted by name. */
export async function readInputs(
  dltbPath: string,
  constraintsDir: string,
): Promise<{ dltb: VectorLayer; layers: { name: string; layer: VectorLayer }[] }> {
  const dltb = await readShapefile(dltbPath);
  const names = [...Deno.readDirSync(constraintsDir)].filter((e) => /\.shp$/i.test(e.name)).map((e) => e.name)
    .sort();
  const layers = [];
  for (const n of names) {
    layers.push({ name: n.slice(0, -4), layer: await readShapefile(`${constraintsDir}/${n}`) });
  }
  return { dltb, layers };
}

/** Runs the default screening on layers already read. */
export async function screen(
  dltb: VectorLayer,
  layers: { name: string; layer: VectorLayer }[],
  params: ScreenParams = { gap: 10, thresholdMu: 50, minPieceM2: 400 },
): Promise<ScreenResult> {
  const times: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    times[name] = (performance.now() - t) / 1000;
    t = performance.now();
  };
  const col = dltb.geometry!;
  const n = dltb.length;
  const code = (k: number) => String(dltb.columns.DLBM[k] ?? "");
  const tbmj = (k: number) => Number(dltb.columns.TBMJ[k] ?? 0);
  const threshold = params.thresholdMu * 10000 / 15;
  const scatter = 10000; // 15 亩 exactly

  const cands: number[] = [], farm: number[] = [];
  for (let k = 0; k < n; k++) {
    const z = String(dltb.columns.ZZSXDM[k] ?? "").trim();
    if (isCandidateClass(code(k)) && (z === "JKHF" || z === "GCHF")) cands.push(k);
    if (isFarmland(code(k))) farm.push(k);
  }
  lap("select");

  const ov = await createOverlay({ origin: localOrigin(col) });
  lap("geos_init");
  const sets: PolygonSet[] = layers.map((l) => ov.unionLayer(l.layer.geometry!));
  lap("union_layers");
  const mask = ov.unionSets(sets);
  lap("union_mask");

  const ledgerLayers: ScreenResult["ledger"]["layers"] = {};
  layers.forEach((
    l,
  ) => (ledgerLayers[l.name] = { features: l.layer.length, deduction_m2: 0, candidates_hit: 0 }));
  const kept: { k: number; rings: [number, number][][]; area: number }[] = [];
  const erased = new Map<number, number>();
  let candM2 = 0, removed = 0, dropped = 0, droppedPieces = 0, slivers = 0, totalPieces = 0;
  let tErase = 0, tLedger = 0;
  for (const k of cands) {
    const planar = featurePlanarArea(col, k);
    const scale = tbmj(k) / planar;
    candM2 += tbmj(k);
    let t1 = performance.now();
    const pieces = ov.erase(col, k, mask);
    tErase += performance.now() - t1;
    let left = 0;
    for (const p of pieces) {
      left += p.area;
      totalPieces++;
      const reported = p.area * scale;
      if (reported >= params.minPieceM2) {
        kept.push({ k, rings: p.rings, area: reported });
        continue;
      }
      // Dropped area includes slivers; slivers are counted apart from dropped pieces.
      dropped += reported;
      if (reported < SLIVER_M2) slivers++;
      else droppedPieces++;
    }
    erased.set(k, left);
    removed += (planar - left) * scale;
    t1 = performance.now();
    const overlaps = ov.overlapAreas(col, k, sets);
    tLedger += performance.now() - t1;
    overlaps.forEach((a, i) => {
      if (a <= 0) return;
      const e = ledgerLayers[layers[i].name];
      e.deduction_m2 += a * scale;
      e.candidates_hit++;
    });
  }
  lap("erase_and_ledger");
  times.erase = tErase / 1000;
  times.ledger = tLedger / 1000;
  const unionM2 = mask.area;
  ov.dispose();

  const farmIndex = FeatureIndex.build(col, farm);
  lap("farm_index");
  const cl = clusterByDistance(col, farm, params.gap, farmIndex);
  const sums = new Float64Array(cl.count), sizes = new Uint32Array(cl.count);
  for (const k of farm) {
    sums[cl.clusterOf[k]] += tbmj(k);
    sizes[cl.clusterOf[k]]++;
  }
  const qualifying = Array.from(sums, (s) => s >= threshold);
  lap("cluster");

  const zero = () =>
    Object.fromEntries(CLASSES.map((c) => [c, { area_m2: 0, count: 0 }])) as ScreenResult["classes"];
  const classes = zero();
  const townships: ScreenResult["townships"] = {};
  for (const p of kept) {
    const near = withinDistance(p.rings, col, farmIndex, params.gap, (j) => qualifying[cl.clusterOf[j]]);
    const c: ClassName = near >= 0
      ? "I_CONTIG"
      : p.area > threshold
      ? "II_CONTIG"
      : p.area > scatter
      ? "I_SCATTER"
      : "II_SCATTER";
    classes[c].area_m2 += p.area;
    classes[c].count++;
    const town = String(dltb.columns.ZLDWDM[p.k] ?? "").slice(0, 9);
    townships[town] ??= zero();
    townships[town][c].area_m2 += p.area;
    townships[town][c].count++;
  }
  lap("classify");

  let qParcels = 0, qTbmj = 0;
  sums.forEach((s, i) => {
    if (qualifying[i]) {
      qParcels += sizes[i];
      qTbmj += s;
    }
  });
  const keptM2 = kept.reduce((s, p) => s + p.area, 0);
  return {
    parcels: n,
    candidates: { count: cands.length, tbmj_m2: candM2 },
    farmland: {
      count: farm.length,
      clusters: cl.count,
      qualifying_clusters: qualifying.filter(Boolean).length,
      qualifying_parcels: qParcels,
      qualifying_tbmj_m2: qTbmj,
    },
    classes,
    townships,
    total_pieces: totalPieces,
    total_kept_m2: keptM2,
    ledger: {
      candidate_m2: candM2,
      kept_m2: keptM2,
      removed_m2: removed,
      dropped_m2: dropped,
      dropped_pieces: droppedPieces,
      sliver_pieces: slivers,
      union_m2: unionM2,
      layers: ledgerLayers,
    },
    times,
    erased,
  };
}
