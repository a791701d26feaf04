/**
 * Types of the in-flow screening (进出平衡 转入潜力, DOMAIN.md §4.1–§4.3): parameters, pieces,
 * the deduction ledger and the result every later stage (evaluation, field packages,
 * selection, charts, report) reads.
 *
 * @example
 * ```ts
 * const result = await screenParcels(table, layers, DEFAULT_SCREEN_PARAMS);
 * result.pieces[0].cls; // "I_CONTIG"
 * ```
 */
import type { PolygonRings } from "../geom/types.ts";

/** The four contiguity classes, in the order they are tested. */
export const CONTIG_CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;
/** One of {@link CONTIG_CLASSES}. */
export type ContigClass = typeof CONTIG_CLASSES[number];

/** Deduction mode: erase the overlapping geometry, or exclude whole candidates by overlap share. */
export type DeductionMode = "erase" | "exclude";

/** Parameters of a screening run (defaults: DOMAIN.md §4). */
export interface ScreenParams {
  /** Farmland parcels join a cluster, and a piece adjoins a cluster, within this distance (m, ≤). */
  gapM: number;
  /** 集中连片 threshold in 亩 (≥ for clusters, > for II型 pieces). */
  thresholdMu: number;
  /** Pieces whose reported area is below this are dropped (erase mode). */
  minPieceM2: number;
  mode: DeductionMode;
  /** Exclude mode: a candidate whose overlap share exceeds (>) this is excluded. */
  excludeShare: number;
  /** Admit the wetland classes 0303/0304/0306/0402 as candidates (default false: 毁湿种地). */
  includeWetland: boolean;
  /** Extra candidate sources by BSM (opt-in, DOMAIN.md §4.1), each with its name. */
  extraSources: { name: string; bsm: string[] }[];
  /** Parcels counted in the 占补 balance: never candidates for 进出. */
  excludeBsm: string[];
}

/** One piece left after deduction: a connected part of a candidate parcel. */
export interface ScreenPiece {
  bsm: string;
  /** 1-based part number within its parcel, in a stable order (largest area first, then position). */
  part: number;
  /** Row of the parcel in the canonical table. */
  row: number;
  cls: ContigClass;
  /** Reported area: TBMJ × planar(piece) / planar(parcel), m². */
  areaM2: number;
  planarM2: number;
  dlbm: string;
  zzsxdm: string | null;
  /** Why it is a candidate: "JKHF"/"GCHF" or the name of an extra source. */
  source: string;
  county: string | null;
  township: string | null;
  village: string | null;
  /** Quality grade of adjoining farmland (area-weighted GDDB within gap), or null (未评定). */
  adjacentGrade: number | null;
  /** The qualifying cluster it adjoins (I型), or -1. */
  cluster: number;
  /** Geometry in the parcels' CRS. */
  rings: PolygonRings[];
}

/** What one constraint layer took from the candidates. */
export interface LayerDeduction {
  name: string;
  features: number;
  /** Reported (TBMJ-scaled) candidate area under this layer; land under several layers counts in each. */
  deductionM2: number;
  candidatesHit: number;
  /** Exclude mode: candidates excluded and charged to this layer (largest overlap), and their TBMJ. */
  excluded: number;
  excludedM2: number;
}

/** The deduction ledger: area in = kept + removed + dropped. */
export interface DeductionLedger {
  candidateM2: number;
  keptM2: number;
  removedM2: number;
  droppedM2: number;
  droppedPieces: number;
  /** Pieces under 1 m² (noise of exact overlays), counted in droppedM2 but not in droppedPieces. */
  sliverPieces: number;
  /** Area under the union of all layers (each m² once), reported (TBMJ-scaled). */
  unionM2: number;
  layers: LayerDeduction[];
}

/** Farmland clusters (集中连片耕地) of the run. */
export interface ClusterSummary {
  farmlandParcels: number;
  clusters: number;
  qualifyingClusters: number;
  qualifyingParcels: number;
  qualifyingTbmjM2: number;
}

/** A cell of the township × class summary. */
export interface ClassTotal {
  areaM2: number;
  count: number;
}

/** Everything a screening run produces. */
export interface ScreenResult {
  params: ScreenParams;
  parcels: number;
  candidates: { count: number; tbmjM2: number; bySource: Record<string, number> };
  clusters: ClusterSummary;
  pieces: ScreenPiece[];
  ledger: DeductionLedger;
  classes: Record<ContigClass, ClassTotal>;
  townships: Record<string, Record<ContigClass, ClassTotal>>;
  /** Method notes for the output (Chinese): readings chosen where the rules leave room. */
  notes: string[];
  /** Seconds per step. */
  times: Record<string, number>;
}
