/**
 * Writes the out-flow ledger as files a county analyst opens: every table of `tables.ts` as
 * CSV (UTF-8 with BOM) and all of them as sheets of one XLSX, with Chinese headers carrying
 * their units (面积（平方米）, 面积（亩）), plus the method notes and the input problems. The folder is
 * written atomically (src/report/write.ts): a failure leaves the previous report in place.
 *
 * Files: needs.csv (转出需求，交选址), entries.csv (转出台账), restoration.csv (整改恢复清单),
 * pending.csv (通知后待认定清单), exempt.csv (可豁免情形), projects.csv, coverage.csv,
 * unmatched.csv, by_unit.csv, by_dimension.csv, annual_plan.csv (年度进出平衡总体方案·转出部分),
 * outflow.xlsx, method.txt, problems.txt.
 *
 * @example
 * ```ts
 * const stats = await outflowStatistics(db, ledger.entries);
 * await writeOutflowOutputs("reports/outflow/900101", [ledger], stats, { name: namer.name });
 * ```
 * @module
 */
import { writeReportDir } from "../io/report_dir.ts";
import { numberedTable, tableFiles } from "../table/mod.ts";
import type { OutflowLedger } from "./types.ts";
import type { OutflowStatistics } from "./sql.ts";
import { type Namer, outflowTables } from "./tables.ts";

export { entryColumns, type Namer, outflowTables } from "./tables.ts";

/**
 * Writes every table of the ledgers (one or more counties) into `dir`, atomically; `inputNotes`
 * (what the input check said of the data folder) head the input problems.
 *
 * @example
 * ```ts
 * await writeOutflowOutputs("reports/outflow/900101", [ledger], stats, { name: namer.name });
 * ```
 */
export async function writeOutflowOutputs(
  dir: string,
  ledgers: OutflowLedger[],
  stats: OutflowStatistics,
  opts: { name?: Namer; inputNotes?: string[] } = {},
): Promise<void> {
  const notes = ledgers[0]?.notes ?? [];
  const problems = [...(opts.inputNotes ?? []), ...ledgers.flatMap((l) => l.problems)];
  await writeReportDir(dir, {
    ...tableFiles([
      ...outflowTables(ledgers, stats, opts.name),
      numberedTable("方法与参数", null, notes, "内容"),
      numberedTable("输入问题", null, problems, "内容"),
    ], { workbook: "outflow.xlsx" }),
    "method.txt": notes.map((n, i) => `${i + 1}. ${n}`).join("\n") + "\n",
    "problems.txt": problems.length ? problems.join("\n") + "\n" : "未发现输入问题\n",
  });
}
