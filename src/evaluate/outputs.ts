/**
 * Tables of an import result (pure) and the output folder of `verify import`: graded.csv,
 * incomplete.csv (one line per reason), missing.csv, duplicates.csv, unmatched.csv, summary.csv
 * (township × result, counts and 亩), the same sheets in 核实评价结果.xlsx, and summary.json.
 * Headers are Chinese with units; every table names the indicator system and version.
 *
 * @example
 * ```ts
 * const tables = importTables(result, system);
 * tables.map((t) => t.name); // ["汇总", "评价结果", "回传不完整", "未回传", "重复回传", "无法匹配", "说明"]
 * await writeImportOutputs("out/核实评价", result, system);
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { XlsxColumn, XlsxSheet } from "../io/xlsx.ts";
import { encodeXlsx } from "../io/xlsx.ts";
import { writeCsv } from "../io/csv.ts";
import { assertReplaceable, writeReportDir } from "../io/report_dir.ts";
import { adminName } from "../units/admin.ts";
import type { ScreenPiece } from "../screen/types.ts";
import { CLASS_DUTIES, CLASS_LABELS, PIECE_STATES, type PieceState, PROBLEM_LABELS } from "./labels.ts";
import type { IndicatorSystem } from "./system.ts";
import type { ImportResult, RowRef } from "./import.ts";
import { mu2 } from "./form.ts";

/** A named table: sheet name, CSV file name (or null), columns and rows. */
export interface ResultTable extends XlsxSheet {
  csv: string | null;
}

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

const PIECE_COLS: readonly XlsxColumn[] = [
  { key: "township", header: "乡镇代码" },
  { key: "townshipName", header: "乡镇名称" },
  { key: "village", header: "村" },
  { key: "bsm", header: "BSM" },
  { key: "part", header: "部件号" },
  { key: "cls", header: "图斑类别" },
  { key: "duty", header: "核实要求" },
  { key: "mu", header: "面积（亩）" },
];

function pieceCells(p: ScreenPiece, name: Namer): Record<string, Cell> {
  return {
    township: p.township,
    townshipName: p.township ? name(p.township) : null,
    village: p.village ? (name(p.village) ?? p.village) : null,
    bsm: p.bsm,
    part: p.part,
    cls: CLASS_LABELS[p.cls],
    duty: CLASS_DUTIES[p.cls],
    mu: mu2(p.areaM2),
  };
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
 * 建议恢复, 不建议恢复, 回传不完整, 未回传.
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
  const columns: XlsxColumn[] = [
    { key: "township", header: "乡镇代码" },
    { key: "townshipName", header: "乡镇名称" },
    ...PIECE_STATES.flatMap((
      s,
    ) => [{ key: `${s}:n`, header: `${s}（个）` }, { key: `${s}:mu`, header: `${s}（亩）` }]),
    { key: "n", header: "合计（个）" },
    { key: "mu", header: "合计（亩）" },
  ];
  const line = (of: typeof states, head: Record<string, Cell>) => {
    const row: Record<string, Cell> = {
      ...head,
      n: of.length,
      mu: mu2(of.reduce((s, x) => s + x.piece.areaM2, 0)),
    };
    for (const s of PIECE_STATES) {
      const these = of.filter((x) => x.state === s);
      row[`${s}:n`] = these.length;
      row[`${s}:mu`] = mu2(these.reduce((t, x) => t + x.piece.areaM2, 0));
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
  const graded: ResultTable = {
    name: "评价结果",
    csv: "graded.csv",
    columns: [
      ...PIECE_COLS,
      ...system.criteria.flatMap((c) => [
        { key: `${c.key}:v`, header: `${c.label}（填报值）` },
        { key: `${c.key}:g`, header: `${c.label}（等级）` },
      ]),
      { key: "result", header: "评价结果" },
      { key: "why", header: "评价依据" },
      { key: "system", header: "指标体系" },
      { key: "sources", header: "来源（文件:行）" },
    ],
    rows: result.graded.map((g) => {
      const row: Record<string, Cell> = { ...pieceCells(g.piece, nm), result: g.grade.result };
      for (const c of g.grade.criteria) {
        row[`${c.key}:v`] = c.value;
        row[`${c.key}:g`] = c.grade;
      }
      row.why = [g.grade.reason, ...g.grade.criteria.map((c) => c.reason)].join("；");
      row.system = `${g.grade.systemId} ${g.grade.systemVersion}`;
      row.sources = refText(g.sources);
      return row;
    }),
  };
  const problemCols: XlsxColumn[] = [
    { key: "file", header: "文件" },
    { key: "row", header: "行号" },
    { key: "field", header: "字段" },
    { key: "value", header: "值" },
    { key: "kind", header: "问题类型" },
    { key: "message", header: "说明" },
  ];
  const incomplete: ResultTable = {
    name: "回传不完整",
    csv: "incomplete.csv",
    columns: [...PIECE_COLS, ...problemCols],
    rows: result.incomplete.flatMap((i) =>
      i.problems.map((q) => ({
        ...pieceCells(i.piece, nm),
        file: q.file,
        row: q.row,
        field: q.field,
        value: q.value,
        kind: PROBLEM_LABELS[q.code],
        message: q.message,
      }))
    ),
  };
  const missing: ResultTable = {
    name: "未回传",
    csv: "missing.csv",
    columns: [...PIECE_COLS],
    rows: result.missing.map((p) => pieceCells(p, nm)),
  };
  const duplicates: ResultTable = {
    name: "重复回传",
    csv: "duplicates.csv",
    columns: [
      { key: "bsm", header: "BSM" },
      { key: "part", header: "部件号" },
      { key: "used", header: "采用（文件:行）" },
      { key: "others", header: "其他（文件:行）" },
      { key: "message", header: "处理" },
    ],
    rows: result.duplicates.map((d) => ({
      bsm: d.bsm,
      part: d.part,
      used: refText(d.used),
      others: refText(d.others),
      message: d.message,
    })),
  };
  const unmatched: ResultTable = {
    name: "无法匹配",
    csv: "unmatched.csv",
    columns: [{ key: "bsm", header: "BSM" }, { key: "part", header: "部件号" }, ...problemCols],
    rows: result.unmatched.map((q) => ({
      bsm: q.bsm,
      part: q.part,
      file: q.file,
      row: q.row,
      field: q.field,
      value: q.value,
      kind: PROBLEM_LABELS[q.code],
      message: q.message,
    })),
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
    ...system.source.map((s, i): [string, string] => [`依据 ${i + 1}`, s]),
  ];
  const about: ResultTable = {
    name: "说明",
    csv: null,
    columns: [{ key: "item", header: "项目" }, { key: "text", header: "说明" }],
    rows: notes.map(([item, text]) => ({ item, text })),
  };
  return [summaryTable(result, nm), graded, incomplete, missing, duplicates, unmatched, about];
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
  const files: Record<string, string | Uint8Array | ((p: string) => Promise<void>)> = {};
  for (const t of tables) {
    if (t.csv) files[t.csv] = (p) => writeCsv(p, t.columns, t.rows);
  }
  files["核实评价结果.xlsx"] = encodeXlsx(tables, "核实评价结果.xlsx");
  const summary = summaryTable(result, name);
  files["summary.json"] = JSON.stringify(
    {
      system: { id: result.systemId, version: result.systemVersion, name: result.systemName },
      rules: result.rules,
      files: result.files,
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
