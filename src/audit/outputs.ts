/**
 * Writes an audit result as a folder, atomically (all files or the previous folder untouched):
 * one CSV per table (UTF-8 with BOM, Chinese headers with units), `audit.xlsx` with every table
 * and a method sheet, `method.txt` (configuration, thresholds, region types, notes, input
 * fingerprints) and `summary.json` (counts for scripts).
 *
 * @example
 * ```ts
 * await writeAuditOutputs("reports/audit", result, { names, inputs: ["data/demo/zhanbu/occupation.xlsx"] });
 * ```
 * @module
 */
import { sha256File, writeReportDir } from "../io/report_dir.ts";
import { column, type Table, tableFiles } from "../table/mod.ts";
import type { AuditResult } from "./audit.ts";
import { auditTables } from "./tables.ts";
import { FLAG_LABELS, STATUS_LABELS } from "./labels.ts";
import { FLAG_CODES } from "./types.ts";

/** Options of {@link writeAuditOutputs}. */
export interface AuditOutputOptions {
  /** Unit code → name. */
  names?: ReadonlyMap<string, string>;
  /** Input files to fingerprint in method.txt. */
  inputs?: string[];
}

/** The method text: configuration, thresholds, region types and where each county's came from, notes. */
export async function methodText(r: AuditResult, inputs: string[] = []): Promise<string> {
  const c = r.config, a = c.audit;
  const lines = [
    "耕地占补平衡审计：方法与参数",
    "",
    `配置：${c.name}（${c.id} 版本 ${c.version}）${c.path ? `，文件 ${c.path}` : ""}`,
    `审计年度：${r.year ?? "全部年度"}`,
    "",
    "检查项与阈值（均为本工作台默认值，非原文规定，可在配置中修改）：",
    `- 占多补少：关联补充面积 < 占用面积 × (1 − ${a.quantityToleranceShare})，面积差小于 ${a.areaEpsilonM2} 平方米不计；生态脆弱区少补部分不超过所占边际耕地（坡度级别 ≥ ${a.marginal.slopeGradeMin}、等别 ≥ ${a.marginal.gradeMin} 或不稳定耕地 ${
      a.marginal.tbxh.join("/")
    }）时视为按规则退出边际耕地，不计为占多补少`,
    `- 占优补劣：补充耕地面积加权平均等别比占用耕地差 ${a.gradeTolerance} 等以上`,
    `- 占水田补旱地：补充水田 < 占用水田 × (1 − ${a.paddyToleranceShare})`,
    `- 占整补零：相距 ≤ ${a.fragmentation.gapM} 米的地块连成一片，不足 ${a.fragmentation.patchBelowMu} 亩的片为零散；补充零散比例 ≥ ${a.fragmentation.supplementShareMin} 且比占用高 ${a.fragmentation.shareIncreaseMin} 以上`,
    "- 占而不补：占用项目没有任何关联补充项目",
    `- 生态不稳定补充：坡度级别 ≥ ${a.ecology.slopeGrade} 或地块 ≥ ${a.ecology.parcelShareMin} 位于坡度大于25度图层；地块 ≥ ${a.ecology.parcelShareMin} 位于河湖管理范围或为 ${
      a.ecology.floodTbxh.join("/")
    }；前一年度地类为 ${a.ecology.forestGrassPriorCodes.join("/")} 或为 ${
      a.ecology.forestGrassTbxh.join("/")
    }；每个项目合计 ≥ ${a.ecology.minAreaM2} 平方米`,
    `- 永久基本农田或高标准农田成片占用：占用地块落入该图层的部分（相距 ≤ ${a.block.gapM} 米连片）最大一片 ≥ ${a.block.minMu} 亩；无图层时按记录面积`,
    `- 补充耕地撂荒闲置：补充后任一调查年度种植属性为 ${a.abandonedZzsx.join("/")} 或不再是耕地`,
    "- 补充耕地数据失真：补充地块在调查中不存在、补充当年不是耕地或最新调查不是耕地",
    `- 毁湿种地/毁林开荒：补充前一年度地类为湿地（${a.wetlandPriorCodes.join("/")}）或林地（${
      a.forestPriorCodes.join("/")
    }）`,
    `- 劣地坡地生地补充：等别 ≥ ${a.poorSteepRaw.poorGradeMin}、坡度级别 ≥ ${a.poorSteepRaw.steepSlopeGradeMin} 或原地类 ${
      a.poorSteepRaw.rawPriorCodes.join("/")
    } 的面积占补充面积 ≥ ${a.poorSteepRaw.shareMin}`,
    "- 国家重点项目的占用按规定单列（国家重点项目表），不计入问题线索与红线判定；其补充地块的生态、撂荒、失真等核查照常进行",
    "",
    `产能：面积（亩）× 按等别的标准粮产量（${c.standardYield.unit}）。${c.standardYield.note}`,
    "",
    "地区类型与红线（种子文献 000 §4.1）：",
    ...Object.entries(c.regionTypes).map(([k, t]) =>
      `- ${k} ${t.label}：${t.checks.join("、")}${
        t.allowMarginalRetreat ? "（允许退出边际耕地）" : ""
      }。${t.note}`
    ),
    `- 省级默认：13 个粮食主产省按 grain；北京、上海按 metropolis；其余按 ${c.assignment.default}。${c.assignment.seedSuggestion.note}（当前${
      c.assignment.seedSuggestion.apply ? "已启用" : "未启用"
    }）`,
    "",
    "各县地区类型：",
    ...[...r.regionTypes].sort().map(([county, t]) => `- ${county}：${t.type}（${t.source}）`),
    "",
    "说明：",
    ...r.notes.map((n) => `- ${n}`),
    "",
    "输入文件（SHA-256）：",
  ];
  for (const p of inputs) {
    try {
      lines.push(`- ${p}  ${await sha256File(p)}`);
    } catch {
      lines.push(`- ${p}  （无法读取）`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Counts for scripts: flags by check and sub-reason, verdicts by status. */
export function summaryJson(r: AuditResult): Record<string, unknown> {
  const byCode: Record<string, number> = Object.fromEntries(FLAG_CODES.map((c) => [c, 0]));
  const bySub: Record<string, number> = {};
  for (const f of r.flags) {
    byCode[f.code]++;
    if (f.sub) bySub[`${f.code}/${f.sub}`] = (bySub[`${f.code}/${f.sub}`] ?? 0) + 1;
  }
  const verdicts: Record<string, number> = { pass: 0, fail: 0, na: 0 };
  for (const v of r.verdicts) verdicts[v.status]++;
  return {
    config: { id: r.config.id, version: r.config.version },
    year: r.year,
    occupations: r.occupations.length,
    supplements: r.supplements.length,
    flags: r.flags.length,
    flags_by_check: byCode,
    flags_by_sub: bySub,
    exempt_key_projects: r.exempt.length,
    county_years: r.balance.length,
    verdicts,
    trades: r.trades.length,
  };
}

/** Writes the whole output folder. */
export async function writeAuditOutputs(
  dir: string,
  r: AuditResult,
  opts: AuditOutputOptions = {},
): Promise<void> {
  const tables = auditTables(r, opts.names);
  const method = await methodText(r, opts.inputs);
  const methodRows = method.trimEnd().split("\n");
  const legend = [
    ...FLAG_CODES.map((c) => `${c} = ${FLAG_LABELS[c]}`),
    ...Object.entries(STATUS_LABELS).map(([k, v]) => `${k} = ${v}`),
  ];
  const methodSheet: Table<string> = {
    name: "方法与参数",
    csv: null,
    columns: [column("line", "方法与参数", (line) => line)],
    rows: [...methodRows, "", ...legend],
  };
  const files = tableFiles([...tables, methodSheet], { workbook: "audit.xlsx" });
  files["method.txt"] = method;
  files["summary.json"] = JSON.stringify(summaryJson(r), null, 2) + "\n";
  await writeReportDir(dir, files);
}
