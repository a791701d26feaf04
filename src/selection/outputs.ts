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
import { landClassName } from "../units/landclass.ts";
import { byBsmPart } from "./pool.ts";
import {
  areaMu,
  bsmColumn,
  type Cell,
  cells,
  codeColumn,
  type Column,
  column,
  countColumn,
  itemTable,
  levelColumn,
  noteColumn,
  numColumn,
  partColumn,
  round,
  type Row,
  type Table,
  tableFiles,
  wanYuan,
  withUnit,
  yearColumn,
  yesNo,
} from "../table/mod.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { CLASS_LABELS } from "../screen/labels.ts";
import type { Choice, NeedResult, PoolPiece, SolveRecord, UnusedPiece } from "./types.ts";
import type { PoolExclusion } from "./pool.ts";
import type { SelectionResult } from "./types.ts";
import { GRADE_SOURCE_LABELS, GRADE_STATUS_LABELS, LEVEL_LABELS, METHOD_NOTES } from "./labels.ts";
import { planTable } from "./plan.ts";
import { countyColumns, paddyCapableMu, pieceCost, restoreCost, townshipColumns } from "./columns.ts";
import { M2_PER_MU } from "../units/area.ts";

/** A sheet and its CSV file name (null: workbook only), as cells. */
export type SelectionTable = Table<Row>;

/** Options: pieces left out of the pool, and a namer for admin codes. */
export interface SelectionOutputOptions {
  excluded?: readonly PoolExclusion[];
  name?: (code: string) => string | null;
}

/** Rounded for text (a value that is not finite shows as it is). */
const text2 = (v: number) => String(round(v, 2) ?? v);
const level = <T>(get: (r: T) => Cell) => levelColumn<T>("level", get);
const scope = <T>(get: (r: T) => Cell) => column<T>("scope", "范围代码", get);
function pieceColumns<T>(piece: (r: T) => PoolPiece, name: (c: string) => string | null): Column<T>[] {
  const p = piece;
  return [
    column<T>("county", "图斑所在县", (r) => p(r).county),
    ...townshipColumns<T>((r) => p(r).township, (r) => (p(r).township ? name(p(r).township!) : null)),
    bsmColumn<T>((r) => p(r).bsm),
    partColumn<T>((r) => p(r).part),
    column<T>("result", "评价结果", (r) => p(r).result),
    column<T>("cls", "潜力图斑类别", (r) => CLASS_LABELS[p(r).cls]),
    yesNo<T>("pbf", "毗邻永久基本农田", (r) => p(r).adjoinsPbf),
    numColumn<T>("grade", "恢复后等别", (r) => p(r).grade, 2),
    column<T>(
      "gradeSource",
      "等别来源",
      (r) => (p(r).gradeSource ? GRADE_SOURCE_LABELS[p(r).gradeSource!] : "未评定"),
    ),
    yesNo<T>("paddy", "可作水田", (r) => p(r).paddyCapable),
    areaMu<T>("mu", "面积", (r) => p(r).areaM2),
    column<T>("costPerMu", withUnit("恢复成本", "万元/亩"), (r) => p(r).costPerMu),
    restoreCost<T>((r) => pieceCost(p(r))),
  ];
}

/**
 * The potential pool: every verified, graded piece that may be chosen, in pool order.
 *
 * @example
 * ```ts
 * poolTable(run.counties.flatMap((c) => c.pool)).name; // "潜力池"
 * ```
 */
export function poolTable(pool: readonly PoolPiece[], name: (c: string) => string | null = () => null): Table<PoolPiece> {
  return { name: "潜力池", csv: "pool.csv", columns: pieceColumns<PoolPiece>((p) => p, name), rows: [...pool] };
}

/**
 * Forest and grassland in the pool, whose restoration needs the forestry-and-grassland
 * authority's consent (seed 004 §2(2)): each piece with its class, whether the county's consent
 * list names it (已同意 / 待林草部门同意) and whether it was chosen — the plan's list to settle.
 *
 * @example
 * ```ts
 * forestConsentTable(result).rows.filter((r) => r.piece.forestConsent === "pending");
 * ```
 */
export function forestConsentTable(
  result: SelectionResult,
  name: (c: string) => string | null = () => null,
): Table<{ piece: PoolPiece; chosen: boolean }> {
  type F = { piece: PoolPiece; chosen: boolean };
  const rows: F[] = [
    ...result.choices.map((c) => ({ piece: c.piece, chosen: true })),
    ...result.unused.map((u) => ({ piece: u.piece, chosen: false })),
  ].filter((r) => r.piece.forestConsent === "granted" || r.piece.forestConsent === "pending")
    .sort((a, b) => byBsmPart(a.piece, b.piece));
  return {
    name: "林草部门同意",
    csv: "forest_consent.csv",
    columns: [
      ...pieceColumns<F>((r) => r.piece, name).slice(0, 5),
      column<F>("dlbm", "现地类", (r) => (r.piece.dlbm ? `${r.piece.dlbm} ${landClassName(r.piece.dlbm) ?? ""}`.trim() : null)),
      areaMu<F>("mu", "面积", (r) => r.piece.areaM2),
      column<F>("consent", "林草部门同意", (r) => (r.piece.forestConsent === "granted" ? "已同意" : "待林草部门同意")),
      yesNo<F>("chosen", "选入", (r) => r.chosen),
    ],
    rows,
  };
}

/** One row of 各县覆盖情况: a level of a need, or its 合计. Areas m². */
interface CoverRow {
  year: number;
  county: string;
  level: string;
  scope: string | null;
  open: number | null;
  pieces: number;
  m2: number;
  paddyM2: number;
  costWan: number;
  from: string | null;
  leftM2: number;
  leftPaddyM2: number;
  leftExcess: number | null;
  note: string | null;
}

function coverRows(n: NeedResult, name: (c: string) => string | null): CoverRow[] {
  const head = { year: n.need.year, county: n.need.county };
  return [
    ...n.levels.map((l): CoverRow => ({
      ...head,
      level: LEVEL_LABELS[l.level],
      scope: l.scope,
      open: l.open,
      pieces: l.pieces,
      m2: l.areaM2,
      paddyM2: l.paddyM2,
      costWan: l.costWan,
      from: l.from.map((f) => `${name(f.county) ?? f.county}：${text2(f.areaM2 / M2_PER_MU)}`).join("；") ||
        null,
      leftM2: l.remainingM2,
      leftPaddyM2: l.remainingPaddyM2,
      leftExcess: l.remainingExcess,
      note: l.open === 0 ? "本层无可用图斑" : null,
    })),
    {
      ...head,
      level: "合计",
      scope: null,
      open: null,
      pieces: n.choices.length,
      m2: n.coveredM2,
      paddyM2: n.paddyM2,
      costWan: n.costWan,
      from: null,
      leftM2: n.uncoveredM2,
      leftPaddyM2: n.paddyShortfallM2,
      leftExcess: null,
      note: `${GRADE_STATUS_LABELS[n.gradeStatus]}。${n.summary}`,
    },
  ];
}

/**
 * Every table of a selection, in sheet order, as cells.
 *
 * @example
 * ```ts
 * selectionTables(result).map((t) => t.name);
 * // ["年度进出平衡总体方案", "各县覆盖情况", "选入图斑", "未选图斑", "未入库图斑", "林草部门同意", "求解记录", "说明"]
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
  type V = CoverRow;
  const coverage: Table<V> = {
    name: "各县覆盖情况",
    csv: "coverage.csv",
    columns: [
      yearColumn<V>((r) => r.year),
      ...countyColumns<V>(name, (r) => r.county),
      level<V>((r) => r.level),
      scope<V>((r) => r.scope),
      countColumn<V>("open", "可用图斑", (r) => r.open),
      countColumn<V>("pieces", "选入图斑", (r) => r.pieces),
      areaMu<V>("mu", "选入面积", (r) => r.m2),
      paddyCapableMu<V>("paddyMu", (r) => r.paddyM2),
      restoreCost<V>((r) => r.costWan),
      column<V>("from", "图斑来源（县：亩）", (r) => r.from),
      areaMu<V>("leftMu", "本层后剩余缺口", (r) => r.leftM2),
      areaMu<V>("leftPaddyMu", "本层后水田短缺", (r) => r.leftPaddyM2),
      numColumn<V>("leftExcess", withUnit("本层后等别差额", "亩·等"), (r) => r.leftExcess, 2),
      noteColumn<V>("note", (r) => r.note),
    ],
    rows: result.needs.flatMap((n) => coverRows(n, name)),
  };
  const chosen: Table<Choice> = {
    name: "选入图斑",
    csv: "chosen.csv",
    columns: [
      yearColumn((c) => c.year),
      column("forCounty", "覆盖转出的县", (c) => c.forCounty),
      level((c) => LEVEL_LABELS[c.level]),
      ...pieceColumns<Choice>((c) => c.piece, name),
      column("reason", "选取理由", (c) => c.reason),
    ],
    rows: result.choices,
  };
  const unused: Table<UnusedPiece> = {
    name: "未选图斑",
    csv: "unused.csv",
    columns: [
      ...pieceColumns<UnusedPiece>((u) => u.piece, name),
      column("reason", "未选原因", (u) => u.reason),
    ],
    rows: result.unused,
  };
  type X = PoolExclusion;
  const excluded: Table<X> = {
    name: "未入库图斑",
    csv: "excluded.csv",
    columns: [
      codeColumn<X>("county", "county", (e) => e.county),
      codeColumn<X>("township", "township", (e) => e.township),
      bsmColumn<X>((e) => e.bsm),
      partColumn<X>((e) => e.part),
      areaMu<X>("mu", "面积", (e) => e.areaM2),
      column<X>("state", "状态", (e) => e.state),
      column<X>("reason", "原因", (e) => e.reason),
    ],
    rows: [...(opts.excluded ?? [])],
  };
  const solves: Table<SolveRecord> = {
    name: "求解记录",
    csv: "solves.csv",
    columns: [
      yearColumn((s) => s.year),
      level((s) => LEVEL_LABELS[s.level]),
      scope((s) => s.scope),
      column("counties", "需求县", (s) => s.counties.join("、")),
      countColumn("pieces", "可用图斑", (s) => s.pieces),
      column(
        "method",
        "方法",
        (s) =>
          s.method === "optimal" ? "HiGHS 分层优化" : s.method === "greedy" ? "规则顺序" : "规则顺序（保留）",
      ),
      column(
        "tiers",
        "各层最优值（面积亩、质量亩·等、水田亩、成本万元）",
        (s) => s.tiers.map((t) => `${t.tier} ${text2(t.value)}（${t.how}）`).join("；"),
      ),
      wanYuan("cost", "所选成本", (s) => s.cost),
      wanYuan("greedyCost", "规则顺序成本", (s) => s.greedyCost),
      yesNo("greedyMeets", "规则顺序满足同样要求", (s) => s.greedyMeets),
      yesNo("held", "不劣于规则顺序", (s) => s.referenceHeld),
      column("ms", withUnit("用时", "毫秒"), (s) => Math.round(s.ms)),
      noteColumn("notes", (s) => s.notes.join("；") || null),
    ],
    rows: result.solves,
  };
  const about = itemTable("说明", null, [
    ...METHOD_NOTES,
    ["方法", result.method === "optimal" ? "HiGHS 分层优化" : "规则顺序（基准）"],
    ...result.notes.map((text, i): [string, string] => [`运行说明 ${i + 1}`, text]),
  ]);
  const plan = planTable(result, { name });
  return [plan, ...[coverage, chosen, unused, excluded, forestConsentTable(result, name), solves, about].map((t) => cells<any>(t))];
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
  await writeReportDir(outDir, tableFiles(selectionTables(result, opts), { workbook: "进出平衡选址.xlsx" }));
}
