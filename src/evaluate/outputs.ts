/**
 * Tables of an import result (pure) and the output folder of `verify import`: graded.csv,
 * incomplete.csv (one line per reason), missing.csv, duplicates.csv, unmatched.csv, summary.csv
 * (township × result, counts and 亩), the same sheets in 核实评价结果.xlsx, and summary.json.
 * Headers are Chinese with units (from the shared builders of `src/table/`); every table names
 * the indicator system and version.
 *
 * @example
 * ```ts
 * const tables = importTables(result, system);
 * tables.map((t) => t.name); // ["汇总", "评价结果", "回传不完整", "未回传", "重复回传", "无法匹配", "说明"]
 * await writeImportOutputs("out/核实评价", result, system);
 * ```
 * @module
 */
import {
  ADMIN_HEADERS,
  areaMu,
  bsmColumn,
  cells,
  codeColumn,
  type Column,
  column,
  field,
  itemTable,
  muCell,
  nameColumn,
  noteColumn,
  partColumn,
  type Row,
  type Table,
  tableFiles,
  withUnit,
} from "../table/mod.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { adminName } from "../units/admin.ts";
import type { ScreenPiece } from "../screen/types.ts";
import { CLASS_DUTIES, CLASS_LABELS, PIECE_STATES, type PieceState, PROBLEM_LABELS } from "./labels.ts";
import type { IndicatorSystem } from "./system.ts";
import type { ImportResult, RowRef } from "./import.ts";
import type { ReturnProblem } from "./import_types.ts";
import { assertReplaceable } from "../io/report_dir.ts";

/** A named table as cells: sheet name, CSV file name (or null), columns and rows. */
export type ResultTable = Table<Row>;

type Namer = (code: string) => string | null;

function safe(name: Namer): Namer {
  return (c) => {
    try {
      return name(c);
    } catch {
      return null;
    }
  };
}

const township = <T>(get: (r: T) => string | null) => codeColumn<T>("township", "township", get);

function pieceColumns<T>(piece: (r: T) => ScreenPiece, name: Namer): Column<T>[] {
  const p = piece;
  return [
    township<T>((r) => p(r).township),
    nameColumn<T>("township", "townshipName", (r) => (p(r).township ? name(p(r).township!) : null)),
    nameColumn<T>("village", "village", (r) => (p(r).village ? (name(p(r).village!) ?? p(r).village) : null)),
    bsmColumn<T>((r) => p(r).bsm),
    partColumn<T>((r) => p(r).part),
    column<T>("cls", "图斑类别", (r) => CLASS_LABELS[p(r).cls]),
    column<T>("duty", "核实要求", (r) => CLASS_DUTIES[p(r).cls]),
    areaMu<T>("mu", "面积", (r) => p(r).areaM2),
  ];
}

/** 文件, 行号, 字段, 值, 问题类型, 说明 of a problem. */
function problemColumns<T>(q: (r: T) => ReturnProblem): Column<T>[] {
  return [
    column<T>("file", "文件", (r) => q(r).file),
    column<T>("row", "行号", (r) => q(r).row),
    column<T>("field", "字段", (r) => q(r).field),
    column<T>("value", "值", (r) => q(r).value),
    column<T>("kind", "问题类型", (r) => PROBLEM_LABELS[q(r).code]),
    noteColumn<T>("message", (r) => q(r).message),
  ];
}

function refText(refs: readonly RowRef[]): string {
  return refs.map((r) => `${r.file}:${r.row}`).join("；");
}

/**
 * Each piece's state: its result, 回传不完整 or 未回传.
 *
 * @example
 * ```ts
 * pieceStates(result).filter((s) => s.state === "未回传").length === result.missing.length; // true
 * ```
 */
export function pieceStates(result: ImportResult): { piece: ScreenPiece; state: PieceState }[] {
  return [
    ...result.graded.map((g) => ({ piece: g.piece, state: g.grade.result as PieceState })),
    ...result.incomplete.map((i) => ({ piece: i.piece, state: "回传不完整" as PieceState })),
    ...result.missing.map((piece) => ({ piece, state: "未回传" as PieceState })),
  ];
}

/**
 * The township × state summary: for each township (and 合计) the count and 亩 of 可以恢复,
 * 建议恢复, 不建议恢复, 回传不完整, 未回传. Rows are cells keyed township, townshipName, n, mu,
 * then `state:n` and `state:mu` (the order summary.json keeps).
 *
 * @example
 * ```ts
 * summaryTable(result).rows.at(-1)!.township; // "合计"
 * ```
 */
export function summaryTable(result: ImportResult, name: Namer = adminName): ResultTable {
  const nm = safe(name);
  const states = pieceStates(result);
  const towns = [...new Set(states.map((s) => s.piece.township ?? ""))].sort();
  const columns = [
    field("township", ADMIN_HEADERS.township.code),
    field("townshipName", ADMIN_HEADERS.township.name),
    ...PIECE_STATES.flatMap((s) => [field(`${s}:n`, withUnit(s, "个")), field(`${s}:mu`, withUnit(s, "亩"))]),
    field("n", withUnit("合计", "个")),
    field("mu", withUnit("合计", "亩")),
  ];
  const area = (of: typeof states) => muCell(of.reduce((t, x) => t + x.piece.areaM2, 0));
  const line = (of: typeof states, head: Row) => {
    const row: Row = { ...head, n: of.length, mu: area(of) };
    for (const s of PIECE_STATES) {
      const these = of.filter((x) => x.state === s);
      row[`${s}:n`] = these.length;
      row[`${s}:mu`] = area(these);
    }
    return row;
  };
  const rows = towns.map((t) =>
    line(states.filter((s) => (s.piece.township ?? "") === t), {
      township: t || "（未知）",
      townshipName: t ? nm(t) : null,
    })
  );
  rows.push(line(states, { township: "合计", townshipName: null }));
  return { name: "汇总", csv: "summary.csv", columns, rows };
}

/**
 * All tables of an import result, in sheet order: 汇总, 评价结果, 回传不完整 (a line per reason),
 * 未回传, 重复回传, 无法匹配, 说明.
 *
 * @example
 * ```ts
 * importTables(result, system)[1].csv; // "graded.csv"
 * ```
 */
export function importTables(
  result: ImportResult,
  system: IndicatorSystem,
  name: Namer = adminName,
): ResultTable[] {
  const nm = safe(name);
  type G = ImportResult["graded"][number];
  const crit = (g: G, key: string) => g.grade.criteria.findLast((c) => c.key === key);
  const graded: Table<G> = {
    name: "评价结果",
    csv: "graded.csv",
    columns: [
      ...pieceColumns<G>((g) => g.piece, nm),
      ...system.criteria.flatMap((c) => [
        column<G>(`${c.key}:v`, withUnit(c.label, "填报值"), (g) => crit(g, c.key)?.value ?? null),
        column<G>(`${c.key}:g`, withUnit(c.label, "等级"), (g) => crit(g, c.key)?.grade ?? null),
      ]),
      column("result", "评价结果", (g) => g.grade.result),
      column("why", "评价依据", (g) => [g.grade.reason, ...g.grade.criteria.map((c) => c.reason)].join("；")),
      column("system", "指标体系", (g) => `${g.grade.systemId} ${g.grade.systemVersion}`),
      column("sources", "来源（文件:行）", (g) => refText(g.sources)),
    ],
    rows: result.graded,
  };
  type I = { piece: ScreenPiece; q: ReturnProblem };
  const incomplete: Table<I> = {
    name: "回传不完整",
    csv: "incomplete.csv",
    columns: [...pieceColumns<I>((i) => i.piece, nm), ...problemColumns<I>((i) => i.q)],
    rows: result.incomplete.flatMap((i) => i.problems.map((q) => ({ piece: i.piece, q }))),
  };
  const missing: Table<ScreenPiece> = {
    name: "未回传",
    csv: "missing.csv",
    columns: pieceColumns<ScreenPiece>((p) => p, nm),
    rows: result.missing,
  };
  type D = ImportResult["duplicates"][number];
  const duplicates: Table<D> = {
    name: "重复回传",
    csv: "duplicates.csv",
    columns: [
      bsmColumn((d) => d.bsm),
      partColumn((d) => d.part),
      column("used", "采用（文件:行）", (d) => refText(d.used)),
      column("others", "其他（文件:行）", (d) => refText(d.others)),
      column("message", "处理", (d) => d.message),
    ],
    rows: result.duplicates,
  };
  const unmatched: Table<ReturnProblem> = {
    name: "无法匹配",
    csv: "unmatched.csv",
    columns: [bsmColumn((q) => q.bsm), partColumn((q) => q.part), ...problemColumns<ReturnProblem>((q) => q)],
    rows: result.unmatched,
  };

  const notes: [string, string][] = [
    ["指标体系", `${result.systemName}（编号 ${result.systemId}，版本 ${result.systemVersion}）`],
    ["配置文件", system.origin],
    [
      "照片规则",
      `至少 ${result.rules.minPhotos} 张；方位角两两相差 ≥ ${result.rules.minAzimuthSeparationDeg}°；拍摄位置距图斑 ≤ ${result.rules.maxPhotoDistanceM} 米`,
    ],
    [
      "回传文件",
      result.files.map((f) => `${f.file}（${f.rows} 行${f.blank ? `，其中 ${f.blank} 行未填写` : ""}）`).join(
        "；",
      ),
    ],
    ["评价规则", "各准则均为容易 → 可以恢复；任一准则为难以 → 不建议恢复；其余 → 建议恢复"],
    [
      "守恒",
      `评价 ${result.graded.length} + 回传不完整 ${result.incomplete.length} + 未回传 ${result.missing.length} = ${
        result.graded.length + result.incomplete.length + result.missing.length
      } 个图斑部件`,
    ],
    [
      "重复回传",
      "内容相同的多行合并；唯一一条完整回传取代不完整的回传；多条完整回传内容不同时列为冲突、不作评价；有部件号的行优先于无部件号的行（无部件号的行适用于该 BSM 的全部部件）。结果与文件顺序无关。",
    ],
    ...result.notes.map((n, i): [string, string] => [`输入检查 ${i + 1}`, n]),
    ...system.source.map((s, i): [string, string] => [`依据 ${i + 1}`, s]),
  ];
  const about = itemTable("说明", null, notes);
  return [
    summaryTable(result, nm),
    ...[graded, incomplete, missing, duplicates, unmatched, about].map((t) => cells<any>(t)),
  ];
}

/**
 * Writes the import outputs into `outDir` atomically (the folder is replaced as a whole; a
 * non-empty folder that is not an earlier import output, marked by 核实评价结果.xlsx, is refused).
 *
 * @example
 * ```ts
 * await writeImportOutputs("out/核实评价", result, system);
 * ```
 */
export async function writeImportOutputs(
  outDir: string,
  result: ImportResult,
  system: IndicatorSystem,
  name: Namer = adminName,
): Promise<void> {
  await assertReplaceable(outDir, "核实评价结果.xlsx", "核实评价输出");
  const tables = importTables(result, system, name);
  const files = tableFiles(tables, { workbook: "核实评价结果.xlsx" });
  const summary = summaryTable(result, name);
  files["summary.json"] = JSON.stringify(
    {
      system: { id: result.systemId, version: result.systemVersion, name: result.systemName },
      rules: result.rules,
      files: result.files,
      notes: result.notes,
      counts: {
        pieces: result.graded.length + result.incomplete.length + result.missing.length,
        graded: result.graded.length,
        incomplete: result.incomplete.length,
        missing: result.missing.length,
        duplicates: result.duplicates.length,
        unmatched: result.unmatched.length,
      },
      townships: summary.rows,
    },
    null,
    2,
  ) + "\n";
  await writeReportDir(outDir, files);
}
