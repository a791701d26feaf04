/**
 * Output tables, defined once: column builders with the shared Chinese headers and units
 * (`columns.ts`, `admin.ts`), text tables (`notes.ts`) and the CSV/XLSX files of a set of
 * tables (`write.ts`).
 *
 * @example
 * ```ts
 * import { areaMu, codeColumn, tableFiles } from "../table/mod.ts";
 * const t = { name: "耕地", csv: "farmland.csv", rows, columns: [codeColumn("county", "county", (r) => r.county), areaMu("mu", "耕地面积", (r) => r.m2)] };
 * await writeReportDir(dir, tableFiles([t], { workbook: "farmland.xlsx" }));
 * ```
 * @module
 */
export * from "./columns.ts";
export * from "./admin.ts";
export * from "./notes.ts";
export * from "./write.ts";
