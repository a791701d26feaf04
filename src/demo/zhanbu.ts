/**
 * 占补平衡 records of the demo province: occupation.xlsx (one row per construction project)
 * and supplement.xlsx (one row per supplement project, with its parcels' BSM list, the prior
 * classes, and the seller province for cross-province purchases). Areas are sums of the
 * TBDLMJ values written in the DLTB layers (occupied land: the year before; supplemented
 * land: the year of supplement). 备注 says the record is made up and names the outcome the
 * simulation planted (预设情形, see {@link OUTCOME_LABELS} and src/demo/zhanbu_sim.ts): the
 * ground truth the audit's demo test checks its findings against.
 *
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { XlsxColumn } from "../io/xlsx_write.ts";
import type { Rng } from "./rng.ts";
import type { CountyStatic } from "./attributes.ts";
import { areasC } from "./records.ts";
import { connectedGroups, type CountyHistory } from "./history.ts";

function cols(headers: string[]): XlsxColumn[] {
  return headers.map((h) => ({ key: h, header: h }));
}

/** Columns of occupation.xlsx. */
export const OCCUPATION_COLUMNS: readonly XlsxColumn[] = Object.freeze(cols([
  "项目编号",
  "县代码",
  "年度",
  "项目名称",
  "占用耕地面积（平方米）",
  "其中水田（平方米）",
  "平均耕地等别",
  "是否国家重点项目",
  "占用永久基本农田（平方米）",
  "占用高标准农田（平方米）",
  "最大连片面积（平方米）",
  "地块数",
  "占用地块BSM",
  "备注",
]));

/** Columns of supplement.xlsx. */
export const SUPPLEMENT_COLUMNS: readonly XlsxColumn[] = Object.freeze(cols([
  "项目编号",
  "县代码",
  "年度",
  "项目名称",
  "补充耕地面积（平方米）",
  "其中水田（平方米）",
  "平均耕地等别",
  "坡度大于25度面积（平方米）",
  "原地类",
  "关联占用项目编号",
  "补充地块BSM",
  "跨省域卖方省份",
  "备注",
]));

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Chinese names of the planned outcomes of src/demo/zhanbu_sim.ts, written into 备注 (ground truth for the audit). */
export const OUTCOME_LABELS: Readonly<Record<string, string>> = Object.freeze({
  normal: "合规补充",
  less: "占多补少",
  worse: "占优补劣",
  paddy_to_dry: "占水田补旱地",
  fragments: "占整补零",
  none: "占而不补",
  cross: "跨省域补充耕地",
  eco_slope: "坡度大于25度补充",
  eco_flood: "河湖管理范围内补充",
  eco_forest: "林地上补充（毁林开荒）",
  eco_wetland: "湿地上补充（毁湿种地）",
  poor: "劣地坡地生地补充",
  retreat: "生态脆弱区按规则退出边际耕地",
});

/** 备注 of a demo record: it is made up, and which outcome was planned. */
function remark(outcome: string): string {
  return `示例数据；预设情形：${OUTCOME_LABELS[outcome] ?? outcome}`;
}

/**
 * The occupation and supplement rows of one county. `pbf` and `hsf` mark the parcels of
 * permanent basic farmland and of built high-standard farmland (centre inside).
 */
export function zhanbuRows(
  st: CountyStatic,
  history: CountyHistory,
  pbf: Uint8Array,
  hsf: Uint8Array,
  rng: Rng,
): { occupation: Record<string, Cell>[]; supplement: Record<string, Cell>[] } {
  const occupation: Record<string, Cell>[] = [];
  const supplement: Record<string, Cell>[] = [];
  const c = st.county;
  const occStats = new Map<string, { area: number; paddy: number; grade: number }>();
  for (const o of history.occupations) {
    const prev = history.states.get(o.year - 1)!;
    let area = 0, paddy = 0, gradeSum = 0, pbfA = 0, hsfA = 0;
    const areaOf = new Map<number, number>();
    for (const k of o.parcels) {
      const a = areasC(st, k, prev.dlbm[k]).tbdlmjC;
      areaOf.set(k, a);
      area += a;
      if (prev.dlbm[k] === "0101") paddy += a;
      gradeSum += a * st.grade[k];
      if (pbf[k]) pbfA += a;
      if (hsf[k]) hsfA += a;
    }
    const biggest = connectedGroups(st, o.parcels).reduce(
      (m, g) => Math.max(m, g.reduce((s, k) => s + areaOf.get(k)!, 0)),
      0,
    );
    const grade = area > 0 ? gradeSum / area : 0;
    occStats.set(o.id, { area, paddy, grade });
    const ts = c.townships[st.villages[st.village[o.parcels[0]]].township];
    occupation.push({
      项目编号: o.id,
      县代码: c.code,
      年度: o.year,
      项目名称: o.keyProject
        ? `示例高速公路改扩建工程（${c.name}段）${o.year}年度用地`
        : `${c.name}${o.year}年度第${Number(o.id.slice(-2))}批次${
          o.toCode === "0702" ? "村庄" : "城镇"
        }建设用地（${ts.name}，示例）`,
      "占用耕地面积（平方米）": area / 100,
      "其中水田（平方米）": paddy / 100,
      平均耕地等别: round2(grade),
      是否国家重点项目: o.keyProject ? "是" : "否",
      "占用永久基本农田（平方米）": pbfA / 100,
      "占用高标准农田（平方米）": hsfA / 100,
      "最大连片面积（平方米）": biggest / 100,
      地块数: o.parcels.length,
      占用地块BSM: o.parcels.map((k) => st.bsm[k]).join(";"),
      备注: remark(o.outcome),
    });
  }
  for (const s of history.supplements) {
    const occ = occStats.get(s.occupation ?? "");
    const base = {
      项目编号: s.id,
      县代码: c.code,
      年度: s.year,
      关联占用项目编号: s.occupation,
      备注: remark(s.outcome),
    };
    if (s.crossProvince) {
      const area = occ ? occ.area * rng.range(1.0, 1.1) : 0;
      supplement.push({
        ...base,
        项目名称: `跨省域补充耕地国家统筹指标（${s.crossProvince}，示例）`,
        "补充耕地面积（平方米）": round2(area / 100),
        "其中水田（平方米）": occ ? occ.paddy / 100 : 0,
        平均耕地等别: occ ? round2(Math.max(1, occ.grade - rng.range(0, 1.5))) : null,
        "坡度大于25度面积（平方米）": 0,
        原地类: null,
        补充地块BSM: null,
        跨省域卖方省份: s.crossProvince,
      });
      continue;
    }
    const cur = history.states.get(s.year)!;
    let area = 0, paddy = 0, gradeSum = 0, steep = 0;
    for (const k of s.parcels) {
      const a = areasC(st, k, cur.dlbm[k]).tbdlmjC;
      area += a;
      if (cur.dlbm[k] === "0101") paddy += a;
      gradeSum += a * st.grade[k];
      if (st.gdpdjb[k] === 5) steep += a;
    }
    const ts = s.parcels.length > 0
      ? c.townships[st.villages[st.village[s.parcels[0]]].township].name
      : c.name;
    supplement.push({
      ...base,
      项目名称: `${ts}土地开发补充耕地项目（${s.year}，示例）`,
      "补充耕地面积（平方米）": area / 100,
      "其中水田（平方米）": paddy / 100,
      平均耕地等别: area > 0 ? round2(gradeSum / area) : null,
      "坡度大于25度面积（平方米）": steep / 100,
      原地类: [...new Set(s.priorCodes)].sort().join(";") || null,
      补充地块BSM: s.parcels.map((k) => st.bsm[k]).join(";") || null,
      跨省域卖方省份: null,
    });
  }
  return { occupation, supplement };
}
