/**
 * Shapes of the 占补平衡 audit (DOMAIN.md §1): the occupation and supplement records it reads,
 * the survey rows it checks them against, the flags it raises with their evidence, the county ×
 * year balance, the red-line verdicts and the quota trades. Areas in m²; grades are 耕地等别
 * (1 best … 15 worst), null when 未评定; capacity in kg of standard grain.
 *
 * @module
 */

/** One construction project occupying farmland (occupation.xlsx row). */
export interface OccupationRecord {
  id: string;
  county: string;
  year: number;
  name: string;
  /** 是否国家重点项目: exempt, shown apart from violations. */
  keyProject: boolean;
  /** Recorded figures (used when the parcels cannot be found in a survey). */
  areaM2: number | null;
  paddyM2: number | null;
  grade: number | null;
  pbfM2: number | null;
  hsfM2: number | null;
  largestBlockM2: number | null;
  /** 占用地块BSM. */
  bsms: string[];
}

/** One supplement project (supplement.xlsx row); a cross-province purchase has a seller and usually no parcels. */
export interface SupplementRecord {
  id: string;
  county: string;
  year: number;
  name: string;
  areaM2: number | null;
  paddyM2: number | null;
  grade: number | null;
  steepM2: number | null;
  /** 原地类 as recorded. */
  priorClasses: string[];
  /** 关联占用项目编号 (null: not linked, e.g. a quota reserve). */
  occupationId: string | null;
  /** 补充地块BSM. */
  bsms: string[];
  /** 跨省域卖方省份 (null: not cross-province). */
  sellerProvince: string | null;
}

/** One parcel of one survey year, with the fields the audit reads. */
export interface SurveyRow {
  county: string;
  year: number;
  bsm: string;
  /** DLBM as surveyed and its 4-character class. */
  dlbm: string;
  class4: string;
  zzsx: string | null;
  tbxh: string | null;
  tbdlmj: number;
  gddb: number | null;
  gdpdjb: number | null;
  /** Set when the BSM is gone from this survey and the row stands for the re-numbered parcels holding its land. */
  trace?: string;
}

/** A BSM gone from a later survey, and how it was traced there. */
export interface SurveyTrace {
  county: string;
  bsm: string;
  /** The last survey that has the BSM. */
  fromYear: number;
  year: number;
  /** "overlap": traced to re-numbered parcels; "none": nothing holds its land (待核实). */
  how: "overlap" | "none";
  /** The evidence sentence (原图斑 X 已拆分为 Y、Z（面积占比 …），… 现状均为耕地). */
  text: string;
}

/** m² of a parcel (TBDLMJ-scaled) inside each layer; null when the county has no such layer. */
export interface ZoneAreas {
  bsm: string;
  slopeM2: number | null;
  floodM2: number | null;
  pbfM2: number | null;
  hsfM2: number | null;
}

/** Where the audit gets survey parcels and their geometric facts (files, or memory in tests). */
export interface SurveySource {
  /** Survey years per county, ascending. */
  years(): Map<string, number[]>;
  /** Rows of these BSMs in every survey year. */
  rows(bsms: ReadonlySet<string>): Promise<SurveyRow[]>;
  /** Zone areas of parcels of one county's survey year. */
  zoneAreas(county: string, year: number, bsms: string[]): Promise<ZoneAreas[]>;
  /** Groups of these parcels that touch or lie within `gapM` of each other (a chain joins), in one survey. */
  patches(county: string, year: number, bsms: string[], gapM: number): Promise<string[][]>;
  /** Notes for the method section (files read, layers missing…). */
  notes(): string[];
  /** BSMs gone from later surveys that `rows` traced, after `rows` ran (none when the source does not trace). */
  traces?(): SurveyTrace[];
}

/** The named checks (DOMAIN.md §1). */
export const FLAG_CODES = [
  "occupy_more_supplement_less",
  "occupy_better_supplement_worse",
  "paddy_to_dry",
  "whole_to_fragments",
  "occupied_not_supplemented",
  "eco_unstable",
  "pbf_hsf_block",
  "supplement_abandoned",
  "data_distorted",
  "wetland_forest_destroyed",
  "poor_steep_raw",
] as const;
/** One check. */
export type FlagCode = typeof FLAG_CODES[number];

/** One finding of a check, with its evidence. */
export interface AuditFlag {
  code: FlagCode;
  /** Sub-reason (e.g. slope / flood / forest_grass for eco_unstable), or null. */
  sub: string | null;
  county: string;
  year: number;
  occupationIds: string[];
  supplementIds: string[];
  /** Parcels that show the finding. */
  bsms: string[];
  /** The numbers behind it (m², grades, shares…), by name. */
  measures: Record<string, number | string | null>;
  /** One Chinese sentence with the numbers and the threshold. */
  evidence: string;
  /** Raised on a national key project's occupation: listed apart, never a violation. */
  exempt: boolean;
}

/** Both sides of one occupation, as the balance sees them. */
export interface OccupationBalance {
  id: string;
  county: string;
  province: string;
  year: number;
  name: string;
  keyProject: boolean;
  /** "survey" when every parcel was found in the survey before the occupation year, else "record". */
  source: "survey" | "record";
  occAreaM2: number;
  occPaddyM2: number;
  occGrade: number | null;
  occCapacityKg: number | null;
  /** Of it, marginal farmland (steep, unstable or low grade: the configured definition). */
  occMarginalM2: number;
  /** Area in patches below the fragment size, and area placed in patches (null: no geometry). */
  occFragmentM2: number | null;
  occPatchedM2: number | null;
  occPbfM2: number;
  occHsfM2: number;
  /** Where the PBF/HSF areas come from: the layers (by overlay) or the record's columns. */
  occZoneSource: "layer" | "record";
  occPbfBlockM2: number;
  occHsfBlockM2: number;
  occBsms: string[];
  occPaddyBsms: string[];
  supIds: string[];
  supAreaM2: number;
  supPaddyM2: number;
  supGrade: number | null;
  supCapacityKg: number | null;
  supFragmentM2: number | null;
  supPatchedM2: number | null;
  /** Of the supplement, area still farmland in the latest survey (cross-province: as recorded). */
  supLatestFarmM2: number;
  supBsms: string[];
  /** Supplement ids bought from another province / made in another county. */
  crossProvinceIds: string[];
  crossCountyIds: string[];
  /** Shortfall not counted as 占多补少 because the region type allows retiring marginal farmland. */
  retreatAllowedM2: number;
}

/** Supplement-side facts of one supplement project (from the survey by BSM). */
export interface SupplementFacts {
  id: string;
  county: string;
  year: number;
  name: string;
  occupationId: string | null;
  sellerProvince: string | null;
  source: "survey" | "record";
  areaM2: number;
  paddyM2: number;
  grade: number | null;
  capacityKg: number | null;
  latestFarmM2: number;
  fragmentM2: number | null;
  patchedM2: number | null;
  bsms: string[];
  /** Named areas (m²) and BSM lists of each sub-reason. */
  parts: Record<string, { areaM2: number; bsms: string[]; detail: string[] }>;
}

/** One county and year: both sides, exempt key projects apart. */
export interface CountyYearBalance {
  county: string;
  countyName: string | null;
  province: string;
  year: number;
  regionType: string;
  occupations: number;
  occAreaM2: number;
  occPaddyM2: number;
  occGrade: number | null;
  occCapacityKg: number | null;
  occFragmentShare: number | null;
  occPbfM2: number;
  occMarginalM2: number;
  /** Shortfall allowed as retirement of marginal farmland (fragile areas only). */
  retreatAllowedM2: number;
  unsupplementedM2: number;
  supAreaM2: number;
  supPaddyM2: number;
  supGrade: number | null;
  supCapacityKg: number | null;
  supFragmentShare: number | null;
  supLatestFarmM2: number;
  crossProvinceM2: number;
  crossCountyInM2: number;
  /** Supplements made in this county for another county's occupation. */
  crossCountyOutM2: number;
  /** Supplements of this county-year not linked to any occupation (quota reserve). */
  unlinkedSupM2: number;
  ecoSlopeM2: number;
  ecoFloodM2: number;
  ecoForestGrassM2: number;
  wetlandForestM2: number;
  exemptOccupations: number;
  exemptAreaM2: number;
  violations: number;
}

/** A quota trade: an occupation balanced by a supplement made elsewhere. */
export interface QuotaTrade {
  kind: "cross_province" | "cross_county";
  supplementId: string;
  occupationId: string | null;
  year: number;
  buyerCounty: string;
  buyerProvince: string;
  sellerProvince: string;
  sellerCounty: string | null;
  areaM2: number;
  paddyM2: number;
  grade: number | null;
  occAreaM2: number | null;
  occGrade: number | null;
  source: "survey" | "record";
}
