/**
 * Chinese labels of the out-flow ledger and the method notes written with every report, so a
 * reader sees which rule and which parameter produced each figure.
 *
 * @example
 * ```ts
 * STATUS_LABELS.restore; // "整改恢复（永久基本农田）"
 * methodNotes(outflowRules())[0]; // "耕地转出：上一年度耕地（0101/0102/0103）…"
 * ```
 * @module
 */
import type { ChangeKind, EntryStatus, OutflowRules } from "./types.ts";

/** Status → label. */
export const STATUS_LABELS: Readonly<Record<EntryStatus, string>> = Object.freeze({
  balance: "纳入进出平衡",
  pending: "通知后待认定（原则上整改恢复）",
  restore: "整改恢复（永久基本农田）",
  exempt: "可豁免（单列，不纳入）",
  zhanbu: "建设占用（占补平衡）",
  other: "其他减少（非转出范围）",
  unmatched: "未匹配（需核实）",
});

/** Status order for tables. */
export const STATUS_ORDER: readonly EntryStatus[] = Object.freeze(
  ["balance", "pending", "restore", "exempt", "zhanbu", "other", "unmatched"] as EntryStatus[],
);

/** Kind → label. */
export const KIND_LABELS: Readonly<Record<ChangeKind, string>> = Object.freeze({
  outflow: "转为其他农用地或农业设施建设用地",
  construction: "转为建设用地",
  other: "转为其他地类",
});

/** Attribution → label. */
export const ATTRIBUTION_LABELS: Readonly<Record<"project" | "farmer" | "exempt", string>> = Object.freeze({
  project: "项目",
  farmer: "农民自发（县级兜底）",
  exempt: "豁免记录",
});

/** Farmland class → label. */
export const FARM_CLASS_LABELS: Readonly<Record<string, string>> = Object.freeze({ "0101": "水田", "0102": "水浇地", "0103": "旱地" });

/** The method, rule by rule, with the parameters in force. */
export function methodNotes(r: OutflowRules): string[] {
  const classes = r.outflowClasses
    ? `现地类编码（按前四位基础地类计，含 K/A 后缀）以 ${r.outflowClasses.join("、")} 开头`
    : "现地类属于农用地但不是耕地（园地、林地、草地（不含 0404 其他草地）、农村道路 1006、水库水面 1103、坑塘水面 1104、沟渠 1107、设施农用地 1202、田坎 1203；K/A 后缀按前四位计），依据种子文件“林地、草地（不含其它草地）、园地等其他农用地及农业设施建设用地”，含新增农村道路与水库淹没区";
  return [
    `耕地转出：上一年度（t−1）为耕地（0101/0102/0103）、本年度（t）${classes}的图斑部分；转为建设用地的列“建设占用（占补平衡）”，不计入；转为其他草地、未利用地等列“其他减少”；由其他地类恢复为耕地的不是转出。`,
    `面积口径：t−1 年度图斑地类面积 TBDLMJ × 部分的平面面积占比（平方米），1 亩 = 10000/15 平方米；同一图斑各部分之和等于其 TBDLMJ。`,
    `两期匹配：按标识码 BSM 匹配且几何一致（顶点差 ≤ ${r.sameGeometryTolM} 米）；BSM 消失或几何不同的图斑按与 t 年图斑的叠加匹配，各部分取对应图斑的地类，无图斑覆盖的部分列“未匹配”，均在“未匹配图斑”表中列出。`,
    `项目归属：t 年度的转出项目（项目表“年度” = t）与图斑叠加，先豁免记录、后一般项目（按项目编号），每个项目取剩余部分中落在其范围内的面积；无项目覆盖的为农民自发农业结构调整，由县级人民政府兜底。无几何的项目按“地块BSM”整块匹配。`,
    `可豁免情形（国家安排的生态退耕、自然灾害损毁难以复耕、河湖水面自然扩大造成耕地永久淹没）按项目表“豁免类型”认定，单列展示，不纳入进出平衡；豁免优先于永久基本农田判定。`,
    `永久基本农田：各部分与永久基本农田图层重叠面积 > 0 的，重叠部分列入整改恢复清单，不纳入进出平衡；涉及永久基本农田的项目标注其几何重叠面积。`,
    `通知前后：${r.nonFarmNotice.id}（${r.nonFarmNotice.date}）适用于项目类型匹配“${r.nonFarmProjectTypes}”的转出，其余适用 ${r.nonGrainNotice.id}（${r.nonGrainNotice.date}）；有项目的按开工日期（无则完工日期）判定，日期不早于通知印发日即为通知后；无日期的按调查年度判定，${r.lastPreNoticeSurveyYear} 年及以前的年度变更调查视为通知前（年度调查不能区分年内月份，从宽认定），以后视为通知后。`,
    `纳入进出平衡：经批准项目（承包户书面同意、乡镇备案、符合国土空间规划均为“是”）；通知前的转出${r.preNotice === "balance" ? "默认纳入（稳妥审慎处理、不搞一刀切）" : "待个案认定"}；通知后未经批准的，原则上整改恢复，县级人民政府同意的（配置清单 ${r.consentBsm.length} 个 BSM${r.consentAll ? "；本次假定全部同意" : ""}）纳入，其余标为“待认定”。`,
    `不稳定耕地：TBXHDM 为 ${r.unstableCodes.join("/")}，或坡度级别 ${r.unstableSlopeGrades.join("/")}，或落在配置的不稳定耕地图层内（按重叠面积计）。`,
    `统计：以各年度变更调查（t 年）的坐落单位与权属为准，地类、等别、坡度取 t−1 年耕地属性；等别按面积加权平均，未评定的不参与加权。`,
  ];
}
