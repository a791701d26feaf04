/**
 * Types of a selection run ({@link selectRestorations} in select.ts): options, what each need
 * got at each level (by whom, what remains), each scope's solve record, the unused pieces with
 * their reasons, and the whole result. Areas in m², costs in 万元, grades 1 (best) … 15.
 *
 * @example
 * ```ts
 * const r: SelectionResult = await selectRestorations(needs, pool);
 * r.needs[0].levels.map((l) => [l.level, l.areaM2, l.remainingM2]);
 * ```
 * @module
 */
import type { OutflowNeed } from "../outflow/types.ts";
import type { TierRecord } from "./optimal.ts";
import type { GradeStatus } from "./labels.ts";

/** Options of a selection run. */
export interface SelectOptions {
  /** "optimal" (default: HiGHS by tiers) or "greedy" (the rule order alone). */
  method?: "optimal" | "greedy";
  /**
   * "rule-order" (default): the choice is held to be no worse than the rule-order choice on
   * every preference (class shares, PBF share, mean grade, 建议恢复 area), then cheapest;
   * "none": cheapest meeting the requirements and the 可以恢复/建议恢复 rule, preferences only
   * breaking ties.
   */
  reference?: "rule-order" | "none";
  /** Relative MIP gap (default 1e-4, below the 0.01 万元/亩 precision of the costs; 0 proves optimality). */
  relGap?: number;
  /** Time limit of each HiGHS solve, seconds (default 60). */
  timeLimitS?: number;
  /** Names of admin codes for the reasons (code → name or null). */
  name?: (code: string) => string | null;
  /**
   * Forest or grassland pieces still waiting for the forestry-and-grassland authority's consent
   * (待林草部门同意, seed 004 §2(2)): "exclude" (default) leaves them out of the choice and lists
   * them; "include" lets them be chosen, and the plan marks them.
   */
  pendingConsent?: "exclude" | "include";
  /** Levels to fall back through, in order (default county, city, province). */
  levels?: readonly CoverLevel[];
}

/** What one level gave a need, from whom, and what was left after it. */
export interface LevelCover {
  level: CoverLevel;
  /** The county, city or province code of the scope. */
  scope: string;
  areaM2: number;
  paddyM2: number;
  costWan: number;
  pieces: number;
  /** The counties whose pieces were used, with area and count (sorted by code). */
  from: { county: string; areaM2: number; pieces: number }[];
  /** Area still uncovered after this level, m². */
  remainingM2: number;
  /** Paddy still unmatched after this level, m². */
  remainingPaddyM2: number;
  /** Grade excess left after this level, 亩·等 (0 when met or not applicable). */
  remainingExcess: number;
  /** Pieces open to the need at this level. */
  open: number;
}

/** The outcome for one out-flow need. */
export interface NeedResult {
  need: OutflowNeed;
  choices: Choice[];
  levels: LevelCover[];
  coveredM2: number;
  uncoveredM2: number;
  /** Chosen area that can be paddy, m². */
  paddyM2: number;
  paddyShortfallM2: number;
  /** Area-weighted grade of the chosen pieces that have one, or null. */
  gradeIn: number | null;
  /** Chosen area 未评定, m². */
  ungradedM2: number;
  /** Area-weighted grade with 未评定 counted as 15 (the bound the quality claim rests on), or null. */
  gradeBoundIn: number | null;
  gradeStatus: GradeStatus;
  /** Whether the grade constraint was applied (out-flow graded and graded pieces in the pool). */
  gradeApplied: boolean;
  costWan: number;
  /** One-sentence summary (Chinese). */
  summary: string;
}

/** One scope's solve, for the record and the method section. */
export interface SolveRecord {
  year: number;
  level: CoverLevel;
  scope: string;
  counties: string[];
  /** Pieces open in the scope. */
  pieces: number;
  method: "optimal" | "greedy" | "greedy-fallback";
  tiers: TierRecord[];
  /** Cost of the rule-order choice in the same scope, 万元, and whether it met the same requirements. */
  greedyCost: number;
  greedyMeets: boolean;
  /** Cost of the choice made, 万元. */
  cost: number;
  /** Whether the choice was held to be no worse than the rule order on every preference. */
  referenceHeld: boolean;
  ms: number;
  notes: string[];
}

/** A pool piece not chosen, with the reason. */
export interface UnusedPiece {
  piece: PoolPiece;
  reason: string;
}

/** Everything a selection run produces. */
export interface SelectionResult {
  method: "optimal" | "greedy";
  needs: NeedResult[];
  /** All choices: by year, county, level, then the documented order. */
  choices: Choice[];
  unused: UnusedPiece[];
  solves: SolveRecord[];
  notes: string[];
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
  /** Current class (DLBM) of the land to restore. */
  dlbm?: string;
  /**
   * Forest (03) or grassland (04) to restore needs the forestry-and-grassland authority's consent
   * (seed 004 §2(2)): "granted" when the county's consent list names it, "pending" when not,
   * "not_needed" for other land (absent: not needed).
   */
  forestConsent?: "not_needed" | "granted" | "pending";
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
