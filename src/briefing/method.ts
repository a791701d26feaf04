/**
 * 方法、参数与数据来源: thresholds and presets, the indicator-system and red-line versions, the
 * engines, the readings the stages chose (their method notes and warnings), every input with its
 * SHA-256, and the command that rebuilds this exact file.
 *
 * @example
 * ```ts
 * const m = methodTables(view, inputs, { command: "deno task cli report …", code, config });
 * m.tables.map((t) => t.sheet); // ["参数", "输入文件"]
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { DEFAULT_SCREEN_PARAMS } from "../screen/params.ts";
import { MODE_LABELS } from "../screen/labels.ts";
import type { InputFile } from "./cache.ts";
import { briefingTable, type BRow, type BTable, col, num } from "./table.ts";
import type { CodeVersion } from "./version.ts";
import type { BriefingView } from "./view.ts";

const CONFIG_DIR = fileURLToPath(new URL("../../data/config", import.meta.url));

async function configVersion(file: string): Promise<string> {
  try {
    const j = JSON.parse(await Deno.readTextFile(`${CONFIG_DIR}/${file}`));
    return `${j.name ?? file} ${j.version ?? ""}`.trim();
  } catch {
    return file;
  }
}

/** Versions of the configuration files, read once at module load. */
const VERSIONS = {
  indicators: await configVersion("indicators_v1.json"),
  redlines: await configVersion("redlines_v1.json"),
};

/** The method tables and notes. */
export function methodTables(
  v: BriefingView,
  inputs: readonly InputFile[],
  o: { command: string; code: CodeVersion; config: Record<string, unknown> },
): { tables: BTable[]; notes: string[] } {
  const p = DEFAULT_SCREEN_PARAMS;
  const params: BRow[] = [
    { name: "简报年度", value: String(v.facts.year), note: "最新年度变更调查；上年用于比较" },
    { name: "区域", value: `${v.regionName}（${v.region}）`, note: "--region 只缩小展示范围；市域、省域平衡仍在全部数据上计算" },
    { name: "筛查扣除方式", value: MODE_LABELS[p.mode], note: "DOMAIN §4.2" },
    { name: "连片间距", value: `${p.gapM} 米`, note: "两块耕地相接或相距不超过该距离即连成一片" },
    { name: "集中连片阈值", value: `${p.thresholdMu} 亩`, note: "连片耕地 TBMJ 合计 ≥ 阈值为集中连片" },
    { name: "最小潜力图斑", value: `${p.minPieceM2} 平方米`, note: "扣除后不足者舍去（恰为 400 保留）" },
    { name: "湿地地类", value: p.includeWetland ? "纳入" : "不纳入（0303/0304/0306/0402）", note: "毁湿种地为种子文件 000 所禁止" },
    { name: "撂荒警戒线", value: `${v.facts.trends.line * 100}%`, note: "高于（>）警戒线标记" },
    { name: "评价指标体系", value: VERSIONS.indicators, note: "data/config/indicators_v1.json" },
    { name: "差别化红线配置", value: VERSIONS.redlines, note: "data/config/redlines_v1.json（阈值为默认值，非原文规定）" },
    { name: "选址方法", value: "HiGHS 分层优化（不劣于规则顺序）", note: "县域 → 市域 → 省域" },
    { name: "数据库引擎", value: "DuckDB（wasm）", note: "经 Apache Arrow 载入" },
    { name: "程序版本", value: o.code.commit ? `${o.code.commit.slice(0, 12)}${o.code.dirty ? "（有未提交修改）" : ""}` : "（非 git 检出）", note: `源码散列 ${o.code.hash.slice(0, 16)}…；Deno ${o.code.deno}` },
    { name: "重建命令", value: o.command || "—", note: "相同输入与配置得到逐字节相同的 briefing.html 与 briefing.xlsx" },
  ];
  const files: BRow[] = inputs.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 }));
  const notes = v.facts.method.flatMap((m) => m.notes.map((n) => `【${m.stage}】${n}`));
  return {
    tables: [
      briefingTable("t-params", "参数与版本", "参数", [col("name", "项目"), col("value", "取值"), col("note", "说明")], params),
      briefingTable(
        "t-inputs",
        `输入文件及其 SHA-256 指纹（${files.length} 个）`,
        "输入文件",
        [col("path", "文件"), num("bytes", "大小（字节）"), col("sha256", "SHA-256")],
        files,
        "data/ 为数据目录，config/ 与 public/ 为工作台自带的配置与公开数据。",
      ),
    ],
    notes: notes.length ? notes : ["各阶段未记录特别说明。"],
  };
}
