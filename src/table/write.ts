/**
 * Tables into files: each table's cells ({@link cells}), and the files of a report folder
 * ({@link tableFiles}): one CSV per table that has a CSV name (UTF-8 with BOM) and one XLSX
 * workbook with a sheet per table.
 *
 * @example
 * ```ts
 * await writeReportDir("reports/x", { ...tableFiles(tables, { workbook: "x.xlsx" }), "method.txt": text });
 * ```
 * @module
 */
import { writeCsv } from "../io/csv.ts";
import { sharedParquetWriter } from "../db/parquet.ts";
import { encodeXlsx } from "../io/xlsx_write.ts";
import type { ReportFiles } from "../io/report_dir.ts";
import type { Row, Table } from "./columns.ts";

export type { ReportFiles };

/**
 * The table with every cell computed: rows keyed by column key, in column order.
 *
 * @example
 * ```ts
 * cells({ name: "n", csv: null, columns: [{ key: "n", header: "数", value: (x: number) => x * 2 }], rows: [1] }).rows;
 * // [{ n: 2 }]
 * ```
 */
export function cells<T>(t: Table<T>): Table<Row> {
  return {
    name: t.name,
    csv: t.csv,
    columns: t.columns.map((c) => ({ key: c.key, header: c.header, value: (r: Row) => r[c.key] ?? null })),
    rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.key, c.value(r)]))),
  };
}

/** Options of {@link tableFiles}. */
export interface TableFileOptions {
  /** File name of the workbook holding every table; none when absent. */
  workbook?: string;
  /** The CSV header row: the Chinese headers (default) or the keys (machine-readable files). */
  csvHeader?: "header" | "key";
  /** Also write each CSV table as Parquet (same name, `.parquet`; columns by key) through DuckDB. */
  parquet?: boolean;
}

/**
 * The files of a set of tables, for `writeReportDir`: a CSV for each table with a CSV name and
 * the workbook with every table as a sheet, in order.
 *
 * @example
 * ```ts
 * Object.keys(tableFiles([t], { workbook: "trends.xlsx" })); // ["centres.csv", "trends.xlsx"]
 * ```
 */
export function tableFiles(tables: readonly Table<any>[], opts: TableFileOptions = {}): ReportFiles {
  const all = tables.map((t) => cells(t));
  const files: ReportFiles = {};
  // One DuckDB engine for all the Parquet files of the folder.
  const parquet = opts.parquet ? sharedParquetWriter(all.filter((t) => t.csv !== null).length) : null;
  for (const t of all) {
    if (t.csv === null) continue;
    const columns = opts.csvHeader === "key"
      ? t.columns.map((c) => ({ key: c.key, header: c.key }))
      : t.columns;
    files[t.csv] = (p: string) => writeCsv(p, columns, t.rows);
    if (parquet) files[t.csv.replace(/\.csv$/i, "") + ".parquet"] = (p: string) => parquet(p, t.columns, t.rows);
  }
  if (opts.workbook) files[opts.workbook] = encodeXlsx(all, opts.workbook);
  return files;
}
