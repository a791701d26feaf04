/**
 * Shapes of the out-flow ledger (进出平衡 转出, DOMAIN.md §5, seed 004 §3): the rules it runs
 * under, the project records it reads, one ledger entry per piece of farmland that left, and
 * what it hands on to the selection ({@link OutflowNeed}). Areas in m² (TBDLMJ, scaled by the
 * planar share of a piece); grades are 耕地等别 (1 best … 15 worst).
 *
 * @example
 * ```ts
 * const e: OutflowEntry = ledger.entries[0];
 * e.status;  // "balance" → counts in OutflowNeed; "restore" → 整改恢复清单; "exempt" → shown apart
 * e.areaM2;  // TBDLMJ of year t−1 × the piece's planar share
 * ```
 * @module
 */
import type { PolygonColumn } from "../geom/types.ts";

/** Which of the two 2020 State Council notices governs a change. */
export interface Notice {
  /** Document number, e.g. "国办发〔2020〕44号". */
  id: string;
  /** Title (Chinese). */
  title: string;
  /** Issue date (印发日期), "YYYY-MM-DD": a change dated on or after it is 通知后. */
  date: string;
}

/**
 * Rules of one ledger run; {@link outflowRules} fills the defaults.
 *
 * @example
 * ```ts
 * const rules = outflowRules({ consentBsm: ["9001010000000978"], lastPreNoticeSurveyYear: 2020 });
 * ```
 */
export interface OutflowRules {
  /**
   * Target classes that make a farmland loss an out-flow: null (default) = every non-farmland
   * class of the 农用地 group (02, 03, 04 except 0404, 1006, 1103, 1104, 1107, 1202, 1203: the
   * seed's "林地、草地（不含其他草地）、园地等其他农用地及农业设施建设用地", which names rural roads
   * and reservoir inundation); or a list of code prefixes, e.g. ["02", "03", "04", "1104", "1202"].
   */
  outflowClasses: string[] | null;
  /** 国办发明电〔2020〕24号 (非农化: greening, green belts, landscape lakes). */
  nonFarmNotice: Notice;
  /** 国办发〔2020〕44号 (非粮化: farmland to forest, orchard and other agricultural land). */
  nonGrainNotice: Notice;
  /** Project types (项目类型) governed by 24号 (regular expression source); others by 44号. */
  nonFarmProjectTypes: string;
  /** Without a project date: survey years ≤ this are 通知前, later ones 通知后 (default 2020). */
  lastPreNoticeSurveyYear: number;
  /** 通知前 ordinary out-flow: "balance" (default: enters 进出平衡, noted 稳妥审慎、不搞一刀切) or "review" (待认定 like 通知后). */
  preNotice: "balance" | "review";
  /** BSMs (year t−1) of 通知后 unapproved changes the county government consented to balance (确难以恢复). */
  consentBsm: string[];
  /** Scenario switch: treat every 通知后 unapproved change as consented (noted in the method). */
  consentAll: boolean;
  /** TBXHDM codes of unstable farmland (default HDGD HQGD LQGD MQGD SHGD SMGD). */
  unstableCodes: string[];
  /** GDPDJB values counted unstable (default [5], steeper than 25°). */
  unstableSlopeGrades: number[];
  /** Tolerance (m) for "same geometry" when matching parcels by BSM across years (default 0.001). */
  sameGeometryTolM: number;
  /** Overlaps smaller than this share of a piece's planar area are numeric noise (default 1e-9). */
  shareEpsilon: number;
}

/** 豁免 kinds of seed 004 §2(1): never in the balance, shown apart. */
export type ExemptKind = "生态退耕" | "灾毁" | "河湖水面自然扩大";

/** One out-flow project (or exempt-loss record) of a year, from outflow_projects.xlsx + its GeoJSON. */
export interface OutflowProject {
  /** 项目编号. */
  id: string;
  name: string | null;
  /** 年度: the survey year whose change it explains. */
  year: number;
  /** 项目类型 (e.g. 依法依规绿化造林, 畜禽水产养殖设施). */
  type: string | null;
  /** 规划用途. */
  plannedUse: string | null;
  /** 坐落单位代码. */
  zldwdm: string | null;
  /** 开工日期 / 完工日期, "YYYY-MM-DD" or null. */
  startDate: string | null;
  endDate: string | null;
  /** 承包户书面同意, 乡镇备案, 符合国土空间规划: true 是, false 否, null blank. */
  householdConsent: boolean | null;
  townshipFiled: boolean | null;
  conformsToPlan: boolean | null;
  /** 补充方式 (自行补充 / 缴纳耕地开垦费). */
  supplementMode: string | null;
  /** 投资（万元）. */
  investmentWan: number | null;
  /** 面积（平方米） as declared. */
  declaredM2: number | null;
  /** Set for an exempt-loss record (豁免类型), else null. */
  exempt: ExemptKind | null;
  /** 地块BSM as declared (used when there is no geometry). */
  parcelBsm: string[];
  /** Geometry in the survey's CRS (one feature per project, possibly multi-part), or null. */
  geometry: PolygonColumn | null;
  /** Where it was read from: "file 第 N 行". */
  source: string;
}

/** What a piece of changed farmland is, by its class in year t. */
export type ChangeKind = "outflow" | "construction" | "other";

/**
 * Where a piece ends up:
 * - balance: ordinary farmland out that enters 进出平衡 (counted in {@link OutflowNeed});
 * - pending: 通知后, not approved, county consent 待认定 (原则上整改恢复);
 * - restore: inside permanent basic farmland → 整改恢复清单;
 * - exempt: 生态退耕 / 灾毁 / 河湖水面自然扩大, shown apart;
 * - zhanbu: became construction land (建设占用, 占补平衡), not counted here;
 * - other: became a class outside out-flow and construction (e.g. 0404, 1101, 1206) without exemption;
 * - unmatched: no parcel of year t covers it (BSM vanished, geometry changed) — reported, not guessed.
 */
export type EntryStatus = "balance" | "pending" | "restore" | "exempt" | "zhanbu" | "other" | "unmatched";

/** One piece of year t−1 farmland that was no longer farmland in year t. */
export interface OutflowEntry {
  year: number;
  province: string;
  city: string;
  county: string;
  township: string | null;
  village: string | null;
  /** ZLDWDM / ZLDWMC (latest survey, else year t−1). */
  zldwdm: string | null;
  zldwmc: string | null;
  /** BSM in year t−1 and the matched BSM in year t (null when unmatched). */
  bsm: string;
  bsmAfter: string | null;
  matchedBy: "BSM" | "overlap" | "none";
  fromCode: string;
  fromClass: string;
  toCode: string | null;
  toClass: string | null;
  kind: ChangeKind;
  status: EntryStatus;
  /** TBDLMJ(t−1) × planar share of this piece, m². */
  areaM2: number;
  /** Planar share of the year t−1 parcel (0–1]. */
  share: number;
  /** "project" (a project covers it), "farmer" (农民自发，县级兜底), "exempt" (an exempt record covers it). */
  attribution: "project" | "farmer" | "exempt";
  projectId: string | null;
  projectType: string | null;
  exempt: ExemptKind | null;
  /** The project is filed, consented by households and conforms to the plan (null: no project). */
  approved: boolean | null;
  phase: "通知前" | "通知后";
  /** The date that decided the phase ("YYYY-MM-DD"), or null when the survey year decided. */
  phaseDate: string | null;
  /** How the phase was decided (Chinese), e.g. "项目开工日期 2021-03-02 晚于 国办发〔2020〕44号（2020-11-04）". */
  phaseBasis: string;
  /** For 通知后 unapproved pieces: 待认定 or 县级同意; else 不适用. */
  consent: "待认定" | "县级同意" | "不适用";
  /** Ownership from QSXZ: 国有 (10/20), 集体 (30–34, 40), else 未知. */
  ownership: "国有" | "集体" | "未知";
  qsxz: string | null;
  gddb: number | null;
  gdpdjb: number | null;
  tbxhdm: string | null;
  zzsxBefore: string | null;
  zzsxAfter: string | null;
  /** Of areaM2, how much is unstable farmland (TBXHDM, slope grade, or the unstable layer), m². */
  unstableM2: number;
  /** Why unstable (TBXHDM code, 坡度级别5, 不稳定耕地图层), or null. */
  unstableReason: string | null;
  /** Notes for a reviewer (Chinese). */
  note: string;
}

/** Farmland (year t−1) a project covers, per parcel. */
export interface ProjectCoverage {
  projectId: string;
  year: number;
  bsm: string;
  fromCode: string;
  toCode: string | null;
  /** Planar share of the parcel inside the project. */
  share: number;
  /** TBDLMJ × share, m². */
  areaM2: number;
  changed: boolean;
}

/** One project with its checks and what the ledger attributed to it. */
export interface ProjectSummary {
  project: OutflowProject;
  county: string;
  /** Planar area of its geometry, m² (null without geometry). */
  planarM2: number | null;
  /** Farmland of year t−1 it covers (TBDLMJ-scaled), m², and of that, what changed class. */
  coveredFarmlandM2: number;
  changedM2: number;
  /** Planar area of the project inside permanent basic farmland, m² (flag when > 0). */
  pbfPlanarM2: number;
  /** Ledger area attributed to it, by status. */
  byStatus: Partial<Record<EntryStatus, number>>;
  /** Review flags (Chinese): 缺少承包户书面同意, 涉及永久基本农田 …. */
  flags: string[];
}

/** A year t−1 farmland BSM not found with the same geometry in year t. */
export interface UnmatchedParcel {
  year: number;
  county: string;
  bsm: string;
  fromCode: string;
  areaM2: number;
  /** "BSM 在 t 年消失" or "几何不同". */
  reason: string;
  /** BSMs of year t it overlaps, with shares. */
  overlaps: { bsm: string; code: string; share: number }[];
  /** Share of it no year-t parcel covers. */
  uncoveredShare: number;
}

/** The out-flow ledger of one county over its survey years. */
export interface OutflowLedger {
  province: string;
  city: string;
  county: string;
  years: number[];
  entries: OutflowEntry[];
  projects: ProjectSummary[];
  coverage: ProjectCoverage[];
  unmatched: UnmatchedParcel[];
  /** Per year t: the year t−1 farmland (TBDLMJ) that left farmland, m² (the conservation total). */
  changedFarmlandM2: Record<number, number>;
  needs: OutflowNeed[];
  /** Needs of project years after the latest survey, measured on it (planned out-flow; see outflow/planned.ts). */
  plannedNeeds?: OutflowNeed[];
  /** Input problems (Chinese, naming file/row/field/value). */
  problems: string[];
  /** Method notes (Chinese), for the report. */
  notes: string[];
  rules: OutflowRules;
}

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
  /** For a plan year after the latest survey: the projects planned for it (see outflow/planned.ts). */
  planned?: PlannedProject[];
}

/** A project of the plan year measured on the latest survey: the farmland it will turn out. */
export interface PlannedProject {
  projectId: string;
  name: string | null;
  type: string | null;
  plannedUse: string | null;
  startDate: string | null;
  /** The township holding most of it (9 digits), or null. */
  township: string | null;
  /** Farmland it covers (TBDLMJ × share), m²; the declared area when nothing locates it. */
  areaM2: number;
  paddyM2: number;
  grade: number | null;
  /** Livestock or aquaculture land (养殖用地): on rows of its own in the plan. */
  livestock: boolean;
  /** How it was measured: its geometry, its 地块BSM, or the declared area. */
  basis: "geometry" | "bsm" | "declared";
}

/** A township's part of a county's out-flow (areas m², grade area-weighted GDDB or null). */
export interface OutflowTownship {
  township: string;
  areaM2: number;
  paddyM2: number;
  grade: number | null;
}
