/**
 * Writes the trends tables into a folder, atomically (a failure leaves the previous folder as
 * it was): one CSV per table (UTF-8 with BOM, Chinese headers with units), one workbook
 * `trends.xlsx` with a sheet per table and a 说明 sheet, `charts.html` (the charts, self-contained),
 * `method.txt` (notes, parameters, input fingerprints) and `summary.json` (the headline numbers,
 * machine-readable).
 *
 * @example
 * ```ts
 * await writeTrendTables("reports/trends-demo", tables, notes, { inputs: files });
 * ```
 * @module
 */
import { sha256File, writeReportDir } from "../io/report_dir.ts";
import { type Table, tableFiles } from "../table/mod.ts";
import { notesTable } from "./tables.ts";
import { esc, page, section } from "../html/page.ts";

/** What else goes into the folder. */
export interface TrendOutputExtras {
  /** Input files whose SHA-256 goes into method.txt. */
  inputs?: string[];
  /** Parameters shown in method.txt. */
  parameters?: Record<string, unknown>;
  summary?: unknown;
  title?: string;
  /** Charts (id → Plot SVG or figure), shown together in `charts.html`. */
  charts?: Record<string, string>;
  /** Shown at the top of `charts.html` (e.g. 示例数据). */
  banner?: string;
}

/** Writes the tables, the workbook, method.txt and summary.json into `dir` atomically. */
export async function writeTrendTables(
  dir: string,
  tables: Table<any>[],
  notes: string[],
  extras: TrendOutputExtras = {},
): Promise<string[]> {
  const all = [...tables, notesTable(notes)];
  const files = tableFiles(all, { workbook: "trends.xlsx" });
  const fingerprints: string[] = [];
  for (const f of extras.inputs ?? []) {
    try {
      fingerprints.push(`${await sha256File(f)}  ${f}`);
    } catch {
      fingerprints.push(`（无法读取）  ${f}`);
    }
  }
  const method = [
    extras.title ?? "耕地趋势（重心漂移、撂荒、不稳定耕地）",
    "",
    "说明：",
    ...notes.map((n, i) => `${i + 1}. ${n}`),
    "",
    "参数：",
    ...Object.entries(extras.parameters ?? {}).map(([k, v]) =>
      `  ${k} = ${typeof v === "string" ? v : JSON.stringify(v)}`
    ),
    "",
    "输入文件（SHA-256）：",
    ...(fingerprints.length ? fingerprints.map((f) => `  ${f}`) : ["  （无）"]),
    "",
    `表格：${all.map((t) => `${t.csv}（${t.name}）`).join("，")}；trends.xlsx 含全部工作表。`,
    "",
  ].join("\n");
  const charts = Object.values(extras.charts ?? {});
  if (charts.length) {
    files["charts.html"] = page({
      title: extras.title ?? "耕地趋势",
      subtitle: "图表；逐项数字见同目录 CSV 与 trends.xlsx，口径与参数见 method.txt",
      banner: extras.banner,
      sections: [
        ...charts.map((svg) => `<section>${svg}</section>`),
        section("说明", `<ol>${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol>`),
      ],
    });
  }
  files["method.txt"] = method;
  files["summary.json"] = JSON.stringify(
    extras.summary ?? {},
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    2,
  ) + "\n";
  await writeReportDir(dir, files);
  return Object.keys(files).sort();
}
