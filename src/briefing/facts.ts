/**
 * What the briefing knows, as plain JSON-ready rows: the results of the stages (进出平衡 ledger and
 * selection, 占补平衡 audit, trends, the public figures) reduced to what a reviewer reads. This is
 * the first stage of the build (results → tables → charts → HTML); its output is what the cache
 * keeps, so it holds numbers in m² and codes, never formatted text.
 *
 * @example
 * ```ts
 * const facts = await gatherFacts({ dataDir: "data/demo" });
 * facts.counties.length; // 9
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { AuditFlag, CountyYearBalance, QuotaTrade } from "../audit/types.ts";
import type { RedlineVerdict } from "../audit/redlines.ts";
import type { ProvinceTrendRow, PublicShift } from "../trends/public_trends.ts";
import type { CentreRow, DriftRow } from "../trends/survey.ts";

/** A county of the briefing with its city, region type and terrain (Chinese labels). */
export interface BriefingCounty {
  code: string;
  name: string;
  city: string;
  cityName: string;
  regionType: string;
  terrain: string | null;
}

/** Farmland (TBDLMJ) and abandonment of a county in one survey year, m². */
export interface FarmlandYear {
  county: string;
  year: number;
  farmlandM2: number;
  abandonedM2: number;
  /** abandoned ÷ farmland, or null without farmland. */
  rate: number | null;
  flagged: boolean;
}

/** A county's 三区三线 targets (耕地保有量、永久基本农田保护目标) and where it stands, m². */
export interface TargetRow {
  county: string;
  farmlandTargetM2: number | null;
  pbfTargetM2: number | null;
  /** Farmland of the latest survey, m² (TBDLMJ). */
  farmlandM2: number;
  /** Farmland of the latest survey inside the permanent-basic-farmland layer (TBDLMJ-scaled), or null without the layer. */
  pbfM2: number | null;
  source: string;
}

/** A county's out-flow of the briefing year, by where each piece goes (m²). */
export interface OutflowRow {
  county: string;
  year: number;
  balanceM2: number;
  paddyM2: number;
  /** Area-weighted grade of the balance part, or null. */
  grade: number | null;
  exemptM2: number;
  restoreM2: number;
  pendingM2: number;
  otherM2: number;
  /** The previous year's out-flow to balance (from the same ledger), m², or null without that year. */
  previousBalanceM2: number | null;
}

/** How a county's out-flow is covered, by level, and with what quality. */
export interface CoverRow {
  county: string;
  year: number;
  needM2: number;
  needPaddyM2: number;
  gradeOut: number | null;
  countyM2: number;
  cityM2: number;
  provinceM2: number;
  uncoveredM2: number;
  paddyInM2: number;
  paddyShortfallM2: number;
  gradeIn: number | null;
  gradeStatus: string;
  gradeStatusLabel: string;
  summary: string;
}

/** The potential pool by township, contiguity class and verification result (m², count). */
export interface PoolRow {
  county: string;
  township: string;
  cls: "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER";
  result: string;
  areaM2: number;
  pieces: number;
}

/** One grade bin of what left or came in (m²); grade null is 未评定. */
export interface GradeBin {
  series: "out" | "in";
  grade: number | null;
  areaM2: number;
}

/** One entry of the 整改恢复 list (permanent basic farmland changed without approval). */
export interface RestoreRow {
  county: string;
  township: string | null;
  bsm: string;
  fromClass: string;
  toClass: string | null;
  areaM2: number;
  phase: string;
}

/** The annual plan (年度进出平衡总体方案) as a sheet of the selection stage. */
export interface PlanSheet {
  columns: { key: string; header: string }[];
  rows: Record<string, Cell>[];
}

/** Unstable farmland of a county in the briefing year, shares 0–1 by source and their union. */
export interface UnstableRow {
  county: string;
  sources: Record<string, number>;
  union: number;
  farmlandM2: number;
  /** The union share of the previous survey year, or null. */
  previousUnion: number | null;
}

/** A county outline for maps, rings in the data's projected CRS (metres, rounded to 0.1 m). */
export interface CountyOutline {
  code: string;
  name: string;
  rings: number[][][];
}

/** A screened piece for the parcel map (only with --with-parcels): class and rings in projected metres (0.1 m). */
export interface ParcelShape {
  county: string;
  cls: "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER";
  rings: number[][][];
}

/** Everything the briefing shows, before any table is built. */
export interface BriefingFacts {
  region: { code: string; name: string; level: "province" | "city" | "county" };
  demo: boolean;
  year: number;
  previousYear: number | null;
  surveyYears: number[];
  counties: BriefingCounty[];
  /** Names of administrative codes (cities, counties, townships, villages) from admin_units.csv. */
  names: Record<string, string>;
  farmland: FarmlandYear[];
  targets: TargetRow[];
  outflow: OutflowRow[];
  cover: CoverRow[];
  pool: PoolRow[];
  grades: GradeBin[];
  restore: RestoreRow[];
  plan: PlanSheet;
  /** Screened pieces for the parcel map; empty unless the briefing was asked for parcels. */
  parcels: ParcelShape[];
  audit: {
    balance: CountyYearBalance[];
    flags: AuditFlag[];
    exempt: AuditFlag[];
    exemptProjects: { id: string; county: string; year: number; name: string; areaM2: number }[];
    verdicts: RedlineVerdict[];
    trades: QuotaTrade[];
    /** Violations of the previous year by check (FlagCode → count), for the change in 要点. */
    previousFlags: Record<string, number> | null;
  };
  trends: {
    centres: CentreRow[];
    drift: DriftRow[];
    unstable: UnstableRow[];
    outlines: CountyOutline[];
    line: number;
  };
  national: {
    provinces: ProvinceTrendRow[];
    shifts: PublicShift[];
    national2019M2: number;
    national2009M2: number;
  };
  /** Method notes by stage (Chinese), and warnings that belong in the method section. */
  method: { stage: string; notes: string[] }[];
  /** The parameters that shaped the results (thresholds, presets, versions). */
  params: Record<string, string | number | boolean | null>;
}
