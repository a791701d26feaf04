/**
 * The main job of the workspace for the demo province, as one function the CLI and the
 * notebook share: load the latest survey year of every county, put it into DuckDB through
 * Arrow, query farmland per county, chart it, and write the summary report atomically.
 *
 * @example
 * ```ts
 * const result = await buildDemoSummary({ dataDir: "data/demo", reportDir: "reports/demo" });
 * result.counties[0].farmland_mu;
 * ```
 */
import { loadParcels } from "../ingest/load.ts";
import { formatReport, type LoadReport } from "../ingest/report.ts";
import { parcelsToArrow } from "../ingest/to_arrow.ts";
import { openEngine } from "../db/engine.ts";
import { type CountyFarmland, farmlandByCounty, farmlandByCountyClass } from "../ingest/summary.ts";
import { farmlandByCountyChart } from "../charts/farmland_by_county.ts";
import { COUNTY_FARMLAND_LABELS, summaryReport } from "./summary.ts";
import { sha256File, writeReportDir } from "../io/report_dir.ts";
import { readCsv } from "../io/csv.ts";
import { makeAdminNamer } from "../units/admin.ts";
import { codeColumn, column, countColumn, nameColumn, type Table, tableFiles, withUnit } from "../table/mod.ts";

/** Options of {@link buildDemoSummary}. */
export interface DemoSummaryOptions {
  dataDir: string;
  reportDir: string;
  year?: number;
  engine?: "wasm" | "native";
}

/** What the summary computed. */
export interface DemoSummaryResult {
  counties: (CountyFarmland & { name: string | null })[];
  report: LoadReport;
  files: string[];
}

/** The DLTB files of one survey year under a demo folder, one per county, sorted. */
export async function demoParcelFiles(dataDir: string, year: number): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dataDir)) {
    if (!e.isDirectory || !/^\d{6}$/.test(e.name)) continue;
    const p = `${dataDir}/${e.name}/DLTB_${year}.shp`;
    try {
      await Deno.stat(p);
      out.push(p);
    } catch { /* county without that year */ }
  }
  if (out.length === 0) throw new Error(`${dataDir} 下没有 ${year} 年的 DLTB 文件（先运行 deno task cli demo 生成示例数据）`);
  return out.sort();
}

/** Names of admin units from the demo's own admin table (the survey's layers stand in for XZQ). */
export async function demoNamer(dataDir: string): Promise<ReturnType<typeof makeAdminNamer>> {
  const t = await readCsv(`${dataDir}/admin_units.csv`);
  const names = new Map<string, string>();
  for (let i = 0; i < t.length; i++) names.set(String(t.columns.code[i]), String(t.columns.name[i]));
  return makeAdminNamer({ xzq: names });
}

/** Loads, queries, charts and writes the report. */
export async function buildDemoSummary(opts: DemoSummaryOptions): Promise<DemoSummaryResult> {
  const year = opts.year ?? 2024;
  const files = await demoParcelFiles(opts.dataDir, year);
  const { table, report } = await loadParcels(files);
  const namer = await demoNamer(opts.dataDir);
  const engine = await openEngine({ kind: opts.engine });
  let counties: DemoSummaryResult["counties"];
  let byClass: { county: string; class4: string; area_mu: number }[];
  try {
    await engine.insertArrow("dltb", parcelsToArrow(table));
    counties = (await farmlandByCounty(engine)).map((r) => ({ ...r, name: namer.name(r.county) }));
    byClass = await farmlandByCountyClass(engine);
  } finally {
    await engine.close();
  }
  const nameOf = new Map(counties.map((c) => [c.county, c.name ?? c.county]));
  const chartSvg = farmlandByCountyChart(byClass.map((r) => ({ ...r, county_name: nameOf.get(r.county)! })));
  const inputs = [];
  for (const f of files) inputs.push({ path: f, sha256: await sha256File(f) });
  const manifest = JSON.parse(await Deno.readTextFile(`${opts.dataDir}/manifest.json`));
  const html = summaryReport({
    title: `${manifest.province?.name ?? "示例省"} ${year} 年耕地数据载入汇总`,
    counties,
    chartSvg,
    report,
    inputs,
    params: {
      "调查年份": year,
      "数据库引擎": engine.kind === "wasm" ? "DuckDB（duckdb-wasm）" : "DuckDB（原生 node-api）",
      "坐标系": table.crs?.name ?? "—",
      "示例数据生成器": `${manifest.generator ?? ""} ${manifest.version ?? ""}，随机种子 ${manifest.seed ?? ""}`,
      "耕地面积口径": "图斑地类面积 TBDLMJ（平方米），1 亩 = 10000/15 平方米",
    },
    sample: true,
    generatedAt: new Date().toISOString().replace("T", " ").slice(0, 19) + " UTC",
  });
  type C = DemoSummaryResult["counties"][number];
  const L = COUNTY_FARMLAND_LABELS;
  const byCounty: Table<C> = {
    name: "各县耕地",
    csv: "farmland_by_county.csv",
    rows: counties,
    columns: [
      codeColumn("county", "county", (r) => r.county),
      nameColumn("county", "name", (r) => r.name),
      countColumn("parcels", L.parcels, (r) => r.parcels),
      countColumn("farmland_parcels", L.farmlandParcels, (r) => r.farmland_parcels),
      column("farmland_m2", withUnit(L.farmland, "平方米"), (r) => r.farmland_m2),
      column("farmland_mu", withUnit(L.farmland, "亩"), (r) => r.farmland_mu),
      column("paddy_mu", withUnit(L.paddy, "亩"), (r) => r.paddy_mu),
      column("irrigated_mu", withUnit(L.irrigated, "亩"), (r) => r.irrigated_mu),
      column("dry_mu", withUnit(L.dry, "亩"), (r) => r.dry_mu),
    ],
  };
  await writeReportDir(opts.reportDir, {
    "summary.html": html,
    ...tableFiles([byCounty], { workbook: "farmland_by_county.xlsx" }),
    "load_report.txt": formatReport(report, { examples: 20 }) + "\n",
  });
  return { counties, report, files };
}
