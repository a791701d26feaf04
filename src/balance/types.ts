/**
 * Shared shapes of the balance stage (DOMAIN.md §1, §4.6, §5): what the out-flow ledger hands
 * to the selection, what the selection chooses, and the administrative levels it falls back
 * through. Areas in m²; grades are 耕地等别 (1 best … 15 worst), null when 未评定.
 */

/** A county's farmland out-flow of one year that must be balanced (exempt and PBF cases already removed). */
export interface OutflowNeed {
  county: string;
  city: string;
  province: string;
  year: number;
  /** TBDLMJ of ordinary farmland turned out, m². */
  areaM2: number;
  /** Area-weighted GDDB of what went out (null when none of it is graded). */
  grade: number | null;
  /** Of which 水田 (0101), m². */
  paddyM2: number;
  /** Optional split by township (乡镇, 9-digit code), for the annual plan (年度进出平衡总体方案). */
  townships?: OutflowTownship[];
}

/** A township's part of a county's out-flow (areas m², grade area-weighted GDDB or null). */
export interface OutflowTownship {
  township: string;
  areaM2: number;
  paddyM2: number;
  grade: number | null;
}

/** One verified, graded piece that can be restored (the potential pool). */
export interface PoolPiece {
  bsm: string;
  part: number;
  county: string;
  city: string;
  province: string;
  township: string | null;
  /** Contiguity class of the screening. */
  cls: "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER";
  /** 可以恢复 or 建议恢复 (不建议恢复 and ungraded pieces never enter the pool). */
  result: "可以恢复" | "建议恢复";
  areaM2: number;
  /** Grade the restored land is taken to have (quality layer, else adjacent farmland, else field value), or null (未评定). */
  grade: number | null;
  gradeSource: "quality_layer" | "adjacent" | "field" | null;
  /** Restoration cost, 万元 per 亩. */
  costPerMu: number;
  /** Water grade 容易: the land can be paddy. */
  paddyCapable: boolean;
  /** Within gap of permanent basic farmland (preferred), or of stable farmland. */
  adjoinsPbf: boolean;
}

/** Where a choice covers a need: the same county, or another county of the city or province. */
export type CoverLevel = "county" | "city" | "province";

/** One chosen restoration, with the reason a reviewer reads. */
export interface Choice {
  piece: PoolPiece;
  /** The county whose out-flow it covers. */
  forCounty: string;
  /** The year of that out-flow (the plan's timing). */
  year: number;
  level: CoverLevel;
  /** Why this piece, and why not the next candidate (Chinese). */
  reason: string;
}
