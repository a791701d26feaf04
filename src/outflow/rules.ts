/**
 * The rules of the out-flow ledger as small pure functions: which class change is an
 * out-flow, which notice governs a change and whether it came before or after it, ownership,
 * unstable farmland, exempt kinds and project approval. Every choice the seed leaves open is
 * a field of {@link OutflowRules} with a documented default.
 *
 * @example
 * ```ts
 * const rules = outflowRules();
 * changeKind("0201K", rules);          // "outflow" (可调整果园 counts as 0201)
 * changeKind("0702", rules);           // "construction" (占补平衡, not counted here)
 * noticePhase({ year: 2021, date: "2020-11-03", projectType: null }, rules).phase; // "通知前"
 * ```
 * @module
 */
import { dictColumn, enumCode } from "../dictionary/tables.ts";
import { lookupLandClass } from "../units/landclass.ts";
import type { ChangeKind, EntryStatus, ExemptKind, Notice, OutflowEntry, OutflowProject, OutflowRules } from "./types.ts";

/** 国办发明电〔2020〕24号, issued 2020-09-10. */
export const NOTICE_24: Readonly<Notice> = Object.freeze({
  id: "国办发明电〔2020〕24号",
  title: "国务院办公厅关于坚决制止耕地“非农化”行为的通知",
  date: "2020-09-10",
});

/** 国办发〔2020〕44号, issued 2020-11-04. */
export const NOTICE_44: Readonly<Notice> = Object.freeze({
  id: "国办发〔2020〕44号",
  title: "国务院办公厅关于防止耕地“非粮化”稳定粮食生产的意见",
  date: "2020-11-04",
});

/** Unstable-farmland refinement codes (TBXHDM), DOMAIN.md §3. */
export const UNSTABLE_CODES: readonly string[] = Object.freeze(["HDGD", "HQGD", "LQGD", "MQGD", "SHGD", "SMGD"]);

/** Defaults of {@link OutflowRules}. */
export const DEFAULT_OUTFLOW_RULES: Readonly<OutflowRules> = Object.freeze({
  outflowClasses: null,
  nonFarmNotice: NOTICE_24,
  nonGrainNotice: NOTICE_44,
  nonFarmProjectTypes: "绿化|造林|绿色通道|挖湖造景",
  lastPreNoticeSurveyYear: 2020,
  preNotice: "balance",
  consentBsm: [],
  consentAll: false,
  unstableCodes: [...UNSTABLE_CODES],
  unstableSlopeGrades: [5],
  sameGeometryTolM: 0.001,
  shareEpsilon: 1e-9,
}) as Readonly<OutflowRules>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Defaults overridden by `over`; throws a Chinese error naming a bad value.
 *
 * @example
 * ```ts
 * outflowRules({ outflowClasses: ["02", "03", "04", "1104", "1202"] }).preNotice; // "balance"
 * ```
 */
export function outflowRules(over: Partial<OutflowRules> = {}): OutflowRules {
  const r: OutflowRules = { ...DEFAULT_OUTFLOW_RULES, ...over } as OutflowRules;
  for (const n of [r.nonFarmNotice, r.nonGrainNotice]) {
    if (!DATE.test(n.date)) throw new Error(`转出台账参数：${n.id} 的日期“${n.date}”应为 YYYY-MM-DD`);
  }
  if (!Number.isInteger(r.lastPreNoticeSurveyYear)) {
    throw new Error(`转出台账参数 lastPreNoticeSurveyYear 取值无效：${r.lastPreNoticeSurveyYear}（应为年份）`);
  }
  if (r.preNotice !== "balance" && r.preNotice !== "review") {
    throw new Error(`转出台账参数 preNotice 取值无效：${r.preNotice}（应为 balance 或 review）`);
  }
  try {
    new RegExp(r.nonFarmProjectTypes);
  } catch {
    throw new Error(`转出台账参数 nonFarmProjectTypes 不是有效的正则表达式：${r.nonFarmProjectTypes}`);
  }
  if (!(r.sameGeometryTolM >= 0) || !(r.shareEpsilon >= 0 && r.shareEpsilon < 0.01)) {
    throw new Error(`转出台账参数 sameGeometryTolM/shareEpsilon 取值无效：${r.sameGeometryTolM}/${r.shareEpsilon}`);
  }
  return r;
}

/**
 * The class a code counts as (first four characters of a K/A code), or the code itself when
 * it is not in the table.
 *
 * @example
 * ```ts
 * baseClass("1104K"); // "1104"
 * ```
 */
export function baseClass(code: string): string {
  return lookupLandClass(code)?.baseCode ?? code.trim().slice(0, 4);
}

/** Whether a code is 耕地 (base class 01xx). */
export function isFarmCode(code: string | null): boolean {
  return code != null && baseClass(code).startsWith("01");
}

/**
 * What a loss of farmland to `toCode` is: an out-flow (other agricultural land or facility
 * land), construction (建设用地: 占补平衡), or other (未利用地 such as 0404, 1101, 1206; or a code
 * outside the table). Farmland targets are not losses and must not be passed.
 *
 * @example
 * ```ts
 * changeKind("1202", outflowRules()); // "outflow"
 * changeKind("0404", outflowRules()); // "other" (其他草地 is excluded by the seed)
 * ```
 */
export function changeKind(toCode: string, rules: OutflowRules): ChangeKind {
  const c = lookupLandClass(toCode);
  if (!c) return "other";
  if (c.isFarmland) throw new Error(`内部错误：${toCode} 是耕地，不是耕地减少`);
  if (c.group === "建设用地") return "construction";
  if (rules.outflowClasses) return rules.outflowClasses.some((p) => c.baseCode.startsWith(p)) ? "outflow" : "other";
  return c.group === "农用地" ? "outflow" : "other";
}

/**
 * 通知前 / 通知后 of one change, and why. The governing notice is 24号 when the project type
 * matches {@link OutflowRules.nonFarmProjectTypes} (greening, green belts, landscape lakes), else 44号.
 * The date that decides is the project's 开工日期, else its 完工日期; a date on or after the
 * notice's issue date is 通知后. Without a date the survey year decides at year granularity:
 * year ≤ lastPreNoticeSurveyYear (2020) → 通知前 (the 2020 annual survey cannot tell a change
 * of March from one of December; the benefit of the doubt goes to 稳妥审慎处理), later → 通知后.
 *
 * @example
 * ```ts
 * const r = outflowRules();
 * noticePhase({ year: 2020, date: null, projectType: null }, r).phase;          // "通知前"
 * noticePhase({ year: 2020, date: "2020-11-04", projectType: null }, r).phase;  // "通知后"
 * noticePhase({ year: 2020, date: "2020-10-01", projectType: "依法依规绿化造林" }, r).phase; // "通知后" (24号)
 * ```
 */
export function noticePhase(
  c: { year: number; date: string | null; projectType: string | null },
  rules: OutflowRules,
): { phase: "通知前" | "通知后"; date: string | null; basis: string } {
  const nonFarm = c.projectType != null && new RegExp(rules.nonFarmProjectTypes).test(c.projectType);
  const notice = nonFarm ? rules.nonFarmNotice : rules.nonGrainNotice;
  if (c.date) {
    const after = c.date >= notice.date;
    return {
      phase: after ? "通知后" : "通知前",
      date: c.date,
      basis: `项目日期 ${c.date} ${after ? "不早于" : "早于"} ${notice.id}（${notice.date}）`,
    };
  }
  const before = c.year <= rules.lastPreNoticeSurveyYear;
  return {
    phase: before ? "通知前" : "通知后",
    date: null,
    basis: `无项目日期，按调查年度 ${c.year} 判定（${rules.lastPreNoticeSurveyYear} 年及以前的年度变更调查视为通知前）`,
  };
}

/**
 * The date of a project that decides its phase: 开工日期, else 完工日期, else null.
 *
 * @example
 * ```ts
 * projectDate({ startDate: null, endDate: "2021-05-01" } as OutflowProject); // "2021-05-01"
 * ```
 */
export function projectDate(p: Pick<OutflowProject, "startDate" | "endDate">): string | null {
  return p.startDate ?? p.endDate ?? null;
}

/**
 * Whether a project counts as approved (经依法批准): households consented in writing, the
 * township has it on file, and it conforms to the territorial spatial plan (seed 004 §3(二)).
 * A blank field is not approval.
 *
 * @example
 * ```ts
 * projectApproved({ householdConsent: true, townshipFiled: true, conformsToPlan: null } as OutflowProject); // false
 * ```
 */
export function projectApproved(p: Pick<OutflowProject, "householdConsent" | "townshipFiled" | "conformsToPlan">): boolean {
  return p.householdConsent === true && p.townshipFiled === true && p.conformsToPlan === true;
}

/** Review flags of a project's own fields (Chinese). */
export function projectFlags(p: OutflowProject): string[] {
  if (p.exempt) return [];
  const out: string[] = [];
  const say = (v: boolean | null, field: string) => {
    if (v === false) out.push(`${field}为“否”`);
    else if (v == null) out.push(`${field}未填写`);
  };
  say(p.householdConsent, "承包户书面同意");
  say(p.townshipFiled, "乡镇备案");
  say(p.conformsToPlan, "符合国土空间规划");
  if (!p.startDate && !p.endDate) out.push("无开工/完工日期（按调查年度判定通知前后）");
  return out;
}

/**
 * Ownership of a QSXZ value: 10/20 国有; 30–34 and 40 集体; anything else 未知.
 *
 * @example
 * ```ts
 * ownershipOf("32"); // "集体"
 * ```
 */
export function ownershipOf(qsxz: string | null): OutflowEntry["ownership"] {
  const q = (qsxz ?? "").trim();
  if (q === "10" || q === "20") return "国有";
  if (["30", "31", "32", "33", "34", "40"].includes(q)) return "集体";
  return "未知";
}

/**
 * Whether a parcel's own attributes mark unstable farmland, and why (TBXHDM code, or
 * 坡度级别 5). The unstable layer is applied by geometry elsewhere.
 *
 * @example
 * ```ts
 * unstableByAttributes("HDGD", 2, outflowRules()); // "HDGD 河道耕地"
 * unstableByAttributes(null, 5, outflowRules());   // "坡度级别 5（>25°）"
 * ```
 */
export function unstableByAttributes(tbxhdm: string | null, gdpdjb: number | null, rules: OutflowRules): string | null {
  const code = (tbxhdm ?? "").trim().toUpperCase();
  if (code && rules.unstableCodes.includes(code)) return `${code} ${UNSTABLE_NAMES[code] ?? "不稳定耕地"}`;
  if (gdpdjb != null && rules.unstableSlopeGrades.includes(gdpdjb)) return `坡度级别 ${gdpdjb}${gdpdjb === 5 ? "（>25°）" : ""}`;
  return null;
}

const UNSTABLE_NAMES: Record<string, string> = {
  HDGD: "河道耕地", HQGD: "湖区耕地", LQGD: "林区耕地", MQGD: "牧区耕地", SHGD: "沙荒耕地", SMGD: "石漠化耕地",
};

/** Full names of the exempt kinds (seed 004 §2(1)). */
export const EXEMPT_LABELS: Readonly<Record<ExemptKind, string>> = Object.freeze({
  生态退耕: "国家安排的生态退耕",
  灾毁: "自然灾害损毁难以复耕",
  河湖水面自然扩大: "河湖水面自然扩大造成耕地永久淹没",
});

/**
 * Reads a 豁免类型 cell: blank → null; a short or full name (or a clear variant) → its kind;
 * anything else → undefined (the caller reports it by file/row/value).
 *
 * @example
 * ```ts
 * exemptKindOf("自然灾害损毁难以复耕"); // "灾毁"
 * exemptKindOf("");                   // null
 * exemptKindOf("其他");               // undefined
 * ```
 */
export function exemptKindOf(v: unknown): ExemptKind | null | undefined {
  const s = v == null ? "" : String(v).trim();
  if (s === "") return null;
  // The dictionary's codes, labels and aliases first; then the clear variants below.
  const listed = enumCode(dictColumn("outflow_projects", "exempt"), s);
  if (listed) return listed as ExemptKind;
  if (/生态退耕|退耕还林|退耕还草/.test(s)) return "生态退耕";
  if (/灾毁|自然灾害/.test(s)) return "灾毁";
  if (/河湖水面|自然扩大|永久淹没/.test(s)) return "河湖水面自然扩大";
  return undefined;
}

/** What decides the status of one part of a change. */
export interface StatusCase {
  kind: ChangeKind;
  /** What covers it: an exempt-loss record, a project, or nothing (农民自发). */
  cover: "exempt" | "project" | "farmer";
  /** Inside permanent basic farmland. */
  inPbf: boolean;
  phase: "通知前" | "通知后";
  /** The covering project is approved (null: no project). */
  approved: boolean | null;
  /** The county consented for its BSM (or consentAll). */
  consented: boolean;
}

/**
 * The status of one part, in this order: construction → zhanbu (占补平衡); an exempt record →
 * exempt (even inside permanent basic farmland: an exempt loss is not an unapproved change);
 * inside permanent basic farmland → restore (整改恢复); a class outside the out-flow → other;
 * an approved project → balance; 通知前 → balance (or pending when `preNotice` is "review");
 * county consent → balance (县级同意); else pending (待认定: in principle restored).
 *
 * @example
 * ```ts
 * decideStatus({ kind: "outflow", cover: "farmer", inPbf: false, phase: "通知后", approved: null, consented: false },
 *   outflowRules()).status; // "pending"
 * ```
 */
export function decideStatus(c: StatusCase, rules: OutflowRules): { status: EntryStatus; consent: OutflowEntry["consent"]; note: string } {
  const na = "不适用" as const;
  if (c.kind === "construction") return { status: "zhanbu", consent: na, note: "转为建设用地，属占补平衡管理，不计入进出平衡" };
  if (c.cover === "exempt") return { status: "exempt", consent: na, note: "可豁免情形，单列展示，不纳入进出平衡" };
  if (c.inPbf) return { status: "restore", consent: na, note: "位于永久基本农田内，未经批准改变耕地地类，列入整改恢复清单，不纳入进出平衡" };
  if (c.kind === "other") return { status: "other", consent: na, note: "转为其他草地、未利用地等，不属于进出平衡转出范围，需核实" };
  if (c.approved === true) return { status: "balance", consent: na, note: "经批准项目转出一般耕地，纳入进出平衡" };
  if (c.phase === "通知前" && rules.preNotice === "balance") {
    return { status: "balance", consent: na, note: "两通知前转出，稳妥审慎处理、不搞一刀切；默认纳入进出平衡" };
  }
  const why = c.cover === "project" ? "项目未完成批准手续" : "农民自发农业结构调整";
  if (c.consented) {
    return { status: "balance", consent: "县级同意", note: `${why}，确难以恢复，县级人民政府同意纳入进出平衡（县级兜底）` };
  }
  return c.phase === "通知后"
    ? { status: "pending", consent: "待认定", note: `${why}，两通知后未经批准改变一般耕地地类，原则上整改恢复；确难以恢复的经县级人民政府同意后纳入进出平衡` }
    : { status: "pending", consent: "待认定", note: `${why}，两通知前转出，个案认定` };
}
