/**
 * Tables of a selection (pure) and its output folder: 年度进出平衡总体方案 (plan.csv), 各县覆盖
 * (coverage.csv: per need and level, by whom, what remains), 选入图斑 (chosen.csv, with the
 * reason), 未选图斑 (unused.csv, with the reason), 未入库图斑 (excluded.csv), 求解记录
 * (solves.csv), the same sheets in 进出平衡选址.xlsx, and 说明 (method). Chinese headers with
 * units (亩, 万元).
 *
 * @example
 * ```ts
 * await writeSelectionOutputs("reports/selection-2024", result, { excluded: built.excluded, name });
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { XlsxColumn, XlsxSheet } from "../io/xlsx.ts";
import { encodeXlsx } from "../io/xlsx.ts";
import { writeCsv } from "../io/csv.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { CLASS_LABELS } from "../screen/labels.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { PoolPiece } from "./types.ts";
import type { PoolExclusion } from "./pool.ts";
import type { SelectionResult } from "./types.ts";
import { GRADE_SOURCE_LABELS, GRADE_STATUS_LABELS, LEVEL_LABELS, METHOD_NOTES } from "./labels.ts";
import { planTable } from "./plan.ts";

/** A sheet and its CSV file name (null: workbook only). */
export interface SelectionTable extends XlsxSheet {
  csv: string | null;
}

/** Options: pieces left out of the pool, and a namer for admin codes. */
export interface SelectionOutputOptions {
  excluded?: readonly PoolExclusion[];
  name?: (code: string) => string | null;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const mu = (m2: number) => r2(m2 / M2_PER_MU);

const PIECE_COLUMNS: readonly XlsxColumn[] = [
  { key: "county", header: "图斑所在县" },
  { key: "township", header: "乡镇代码" },
  { key: "townshipName", header: "乡镇名称" },
  { key: "bsm", header: "BSM" },
  { key: "part", header: "部件号" },
  { key: "result", header: "评价结果" },
  { key: "cls", header: "潜力图斑类别" },
  { key: "pbf", header: "毗邻永久基本农田" },
  { key: "grade", header: "恢复后等别" },
  { key: "gradeSource", header: "等别来源" },
  { key: "paddy", header: "可作水田" },
  { key: "mu", header: "面积（亩）" },
  { key: "costPerMu", header: "恢复成本（万元/亩）" },
  { key: "costWan", header: "恢复成本（万元）" },
];

function pieceCells(p: PoolPiece, name: (c: string) => string | null): Record<string, Cell> {
  return {
    county: p.county,
    township: p.township,
    townshipName: p.township ? name(p.township) : null,
    bsm: p.bsm,
    part: p.part,
    result: p.result,
    cls: CLASS_LABELS[p.cls],
    pbf: p.adjoinsPbf ? "是" : "否",
    grade: p.grade === null ? null : r2(p.grade),
    gradeSource: p.gradeSource ? GRADE_SOURCE_LABELS[p.gradeSource] : "未评定",
    paddy: p.paddyCapable ? "是" : "否",
    mu: mu(p.areaM2),
    costPerMu: p.costPerMu,
    costWan: r2(p.costPerMu * p.areaM2 / M2_PER_MU),
  };
}

/**
 * Every table of a selection, in sheet order.
 *
 * @example
 * ```ts
 * selectionTables(result).map((t) => t.name);
 * // ["年度进出平衡总体方案", "各县覆盖情况", "选入图斑", "未选图斑", "未入库图斑", "求解记录", "说明"]
 * ```
 */
export function selectionTables(
  result: SelectionResult,
  opts: SelectionOutputOptions = {},
): SelectionTable[] {
  const name = (c: string) => {
    try {
      return opts.name?.(c) ?? null;
    } catch {
      return null;
    }
  };
  const plan: SelectionTable = { ...planTable(result, { name }), csv: "plan.csv" };
  const coverage: SelectionTable = {
    name: "各县覆盖情况",
    csv: "coverage.csv",
    columns: [
      { key: "year", header: "年度" },
      { key: "county", header: "县级代码" },
      { key: "countyName", header: "县级名称" },
      { key: "level", header: "层级" },
      { key: "scope", header: "范围代码" },
      { key: "open", header: "可用图斑（个）" },
      { key: "pieces", header: "选入图斑（个）" },
      { key: "mu", header: "选入面积（亩）" },
      { key: "paddyMu", header: "其中可作水田（亩）" },
      { key: "costWan", header: "恢复成本（万元）" },
      { key: "from", header: "图斑来源（县：亩）" },
      { key: "leftMu", header: "本层后剩余缺口（亩）" },
      { key: "leftPaddyMu", header: "本层后水田短缺（亩）" },
      { key: "leftExcess", header: "本层后等别差额（亩·等）" },
      { key: "note", header: "说明" },
    ],
    rows: result.needs.flatMap((n) => [
      ...n.levels.map((l) => ({
        year: n.need.year,
        county: n.need.county,
        countyName: name(n.need.county),
        level: LEVEL_LABELS[l.level],
        scope: l.scope,
        open: l.open,
        pieces: l.pieces,
        mu: mu(l.areaM2),
        paddyMu: mu(l.paddyM2),
        costWan: r2(l.costWan),
        from: l.from.map((f) => `${name(f.county) ?? f.county}：${mu(f.areaM2)}`).join("；") || null,
        leftMu: mu(l.remainingM2),
        leftPaddyMu: mu(l.remainingPaddyM2),
        leftExcess: r2(l.remainingExcess),
        note: l.open === 0 ? "本层无可用图斑" : null,
      })),
      {
        year: n.need.year,
        county: n.need.county,
        countyName: name(n.need.county),
        level: "合计",
        scope: null,
        open: null,
        pieces: n.choices.length,
        mu: mu(n.coveredM2),
        paddyMu: mu(n.paddyM2),
        costWan: r2(n.costWan),
        from: null,
        leftMu: mu(n.uncoveredM2),
        leftPaddyMu: mu(n.paddyShortfallM2),
        leftExcess: null,
        note: `${GRADE_STATUS_LABELS[n.gradeStatus]}。${n.summary}`,
      },
    ]),
  };
  const chosen: SelectionTable = {
    name: "选入图斑",
    csv: "chosen.csv",
    columns: [
      { key: "year", header: "年度" },
      { key: "forCounty", header: "覆盖转出的县" },
      { key: "level", header: "层级" },
      ...PIECE_COLUMNS,
      { key: "reason", header: "选取理由" },
    ],
    rows: result.choices.map((c) => ({
      year: c.year,
      forCounty: c.forCounty,
      level: LEVEL_LABELS[c.level],
      ...pieceCells(c.piece, name),
      reason: c.reason,
    })),
  };
  const unused: SelectionTable = {
    name: "未选图斑",
    csv: "unused.csv",
    columns: [...PIECE_COLUMNS, { key: "reason", header: "未选原因" }],
    rows: result.unused.map((u) => ({ ...pieceCells(u.piece, name), reason: u.reason })),
  };
  const excluded: SelectionTable = {
    name: "未入库图斑",
    csv: "excluded.csv",
    columns: [
      { key: "county", header: "县级代码" },
      { key: "township", header: "乡镇代码" },
      { key: "bsm", header: "BSM" },
      { key: "part", header: "部件号" },
      { key: "mu", header: "面积（亩）" },
      { key: "state", header: "状态" },
      { key: "reason", header: "原因" },
    ],
    rows: (opts.excluded ?? []).map((e) => ({
      county: e.county,
      township: e.township,
      bsm: e.bsm,
      part: e.part,
      mu: mu(e.areaM2),
      state: e.state,
      reason: e.reason,
    })),
  };
  const solves: SelectionTable = {
    name: "求解记录",
    csv: "solves.csv",
    columns: [
      { key: "year", header: "年度" },
      { key: "level", header: "层级" },
      { key: "scope", header: "范围代码" },
      { key: "counties", header: "需求县" },
      { key: "pieces", header: "可用图斑（个）" },
      { key: "method", header: "方法" },
      { key: "tiers", header: "各层最优值（面积亩、质量亩·等、水田亩、成本万元）" },
      { key: "cost", header: "所选成本（万元）" },
      { key: "greedyCost", header: "规则顺序成本（万元）" },
      { key: "greedyMeets", header: "规则顺序满足同样要求" },
      { key: "held", header: "不劣于规则顺序" },
      { key: "ms", header: "用时（毫秒）" },
      { key: "notes", header: "说明" },
    ],
    rows: result.solves.map((s) => ({
      year: s.year,
      level: LEVEL_LABELS[s.level],
      scope: s.scope,
      counties: s.counties.join("、"),
      pieces: s.pieces,
      method: s.method === "optimal"
        ? "HiGHS 分层优化"
        : s.method === "greedy"
        ? "规则顺序"
        : "规则顺序（保留）",
      tiers: s.tiers.map((t) => `${t.tier} ${r2(t.value)}（${t.how}）`).join("；"),
      cost: r2(s.cost),
      greedyCost: r2(s.greedyCost),
      greedyMeets: s.greedyMeets ? "是" : "否",
      held: s.referenceHeld ? "是" : "否",
      ms: Math.round(s.ms),
      notes: s.notes.join("；") || null,
    })),
  };
  const about: SelectionTable = {
    name: "说明",
    csv: null,
    columns: [{ key: "item", header: "项目" }, { key: "text", header: "说明" }],
    rows: [
      ...METHOD_NOTES.map(([item, text]) => ({ item, text })),
      { item: "方法", text: result.method === "optimal" ? "HiGHS 分层优化" : "规则顺序（基准）" },
      ...result.notes.map((text, i) => ({ item: `运行说明 ${i + 1}`, text })),
    ],
  };
  return [plan, coverage, chosen, unused, excluded, solves, about];
}

/**
 * Writes the selection outputs into `outDir` atomically (the folder is replaced as a whole).
 *
 * @example
 * ```ts
 * await writeSelectionOutputs("out/选址", result, { excluded, name });
 * ```
 */
export async function writeSelectionOutputs(
  outDir: string,
  result: SelectionResult,
  opts: SelectionOutputOptions = {},
): Promise<void> {
  const tables = selectionTables(result, opts);
  const files: Record<string, string | Uint8Array | ((p: string) => Promise<void>)> = {};
  for (const t of tables) if (t.csv) files[t.csv] = (p) => writeCsv(p, t.columns, t.rows);
  files["进出平衡选址.xlsx"] = encodeXlsx(tables, "进出平衡选址.xlsx");
  await writeReportDir(outDir, files);
}
