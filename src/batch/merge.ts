/**
 * A province's screening tables from its counties' Parquet files, through DuckDB: every county
 * folder written by `screen` (one machine, a Kubernetes Indexed Job or a Slurm array task per
 * county — any number of them) holds pieces.parquet, balance.parquet and
 * summary_by_township.parquet; the merge reads them all as one relation and writes the
 * province's pieces (one Parquet file), the summary by county and the area balance, with the
 * balance checked: candidates = kept + deducted + dropped, for every county and in total.
 *
 * @example
 * ```ts
 * const files = await mergeScreenFiles([{ county: "900101", dir: "out/900101" }, …]);
 * await writeReportDir("out/province", files);
 * ```
 * @module
 */
import { type Engine, openEngine } from "../db/engine.ts";
import { parquetSource, sqlPath } from "../db/parquet.ts";
import type { ReportFiles } from "../io/report_dir.ts";
import { type Table, tableFiles } from "../table/mod.ts";
import { CONTIG_CLASSES } from "../screen/types.ts";
import { CLASS_LABELS } from "../screen/labels.ts";
import { M2_PER_MU } from "../units/area.ts";

/** One county's screening output folder. */
export interface CountyOutput {
  county: string;
  dir: string;
}

/** The Parquet files every county folder must hold. */
export const COUNTY_PARQUET = ["pieces.parquet", "balance.parquet", "summary_by_township.parquet"] as const;

/** Checks that every county folder holds its Parquet files; throws naming the first missing one. */
export function assertCountyOutputs(counties: readonly CountyOutput[]): void {
  if (counties.length === 0) throw new Error("没有要合并的县级筛查结果");
  const seen = new Map<string, string>();
  for (const c of counties) {
    if (seen.has(c.county)) throw new Error(`县 ${c.county} 出现两次：${seen.get(c.county)} 与 ${c.dir}`);
    seen.set(c.county, c.dir);
    for (const f of COUNTY_PARQUET) {
      try {
        Deno.statSync(`${c.dir}/${f}`);
      } catch {
        throw new Error(`${c.dir} 中没有 ${f}（不是 screen 的输出目录，或由旧版本写出），无法合并`);
      }
    }
  }
}

interface CountyRow {
  county: string;
  [k: string]: string | number | null;
}

const r2 = (x: unknown) => (x == null ? null : Math.round(Number(x) * 100) / 100);
const r4 = (x: unknown) => (x == null ? null : Math.round(Number(x) * 10000) / 10000);

/**
 * The province's files from its counties' outputs: pieces.parquet (every piece, with its
 * county), summary_by_county.csv/.parquet, balance.csv and 省级汇总.xlsx. Throws when a
 * county's balance does not add up.
 */
export async function mergeScreenFiles(counties: readonly CountyOutput[], db?: Engine): Promise<{ files: ReportFiles; rows: CountyRow[] }> {
  assertCountyOutputs(counties);
  const own = db ?? await openEngine({ kind: "native" });
  try {
    const files = (name: string) => counties.map((c) => `${c.dir}/${name}`);
    const county = `regexp_extract(replace(filename, '\\', '/'), '([^/]+)/[^/]+$', 1)`;
    // The folder of each file names its county (the pieces carry their own county code too).
    const folderCounty = new Map(counties.map((c) => [c.dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop()!, c.county]));
    const towns = await own.rows<Record<string, unknown>>(
      `SELECT ${county} AS folder, ${CONTIG_CLASSES.map((c) => `sum(${c}_count) AS ${c}_count, sum(${c}_mu) AS ${c}_mu`).join(", ")},
              sum(total_count) AS total_count, sum(total_mu) AS total_mu
       FROM ${parquetSource(files("summary_by_township.parquet"))} GROUP BY folder`,
    );
    const balance = await own.rows<{ folder: string; k: number; m2: number }>(
      `SELECT ${county} AS folder, file_row_number AS k, area_m2 AS m2
       FROM read_parquet([${files("balance.parquet").map(sqlPath).join(", ")}], filename = true, file_row_number = true)`,
    );
    const byFolder = new Map<string, CountyRow>();
    for (const t of towns) {
      const code = folderCounty.get(String(t.folder)) ?? String(t.folder);
      const row: CountyRow = { county: code };
      for (const c of CONTIG_CLASSES) {
        row[`${c}_count`] = Number(t[`${c}_count`] ?? 0);
        row[`${c}_mu`] = r4(t[`${c}_mu`] ?? 0);
      }
      row.total_count = Number(t.total_count ?? 0);
      row.total_mu = r4(t.total_mu ?? 0);
      byFolder.set(String(t.folder), row);
    }
    const items = ["candidate", "kept", "removed", "dropped"];
    for (const b of balance) {
      const row = byFolder.get(String(b.folder)) ?? { county: folderCounty.get(String(b.folder)) ?? String(b.folder) };
      byFolder.set(String(b.folder), row);
      row[`${items[Number(b.k)]}_m2`] = r2(b.m2);
    }
    const rows = [...byFolder.values()].sort((a, b) => (a.county < b.county ? -1 : 1));
    for (const r of rows) {
      const gap = Number(r.candidate_m2) - Number(r.kept_m2) - Number(r.removed_m2) - Number(r.dropped_m2);
      if (!(Math.abs(gap) <= 0.05)) {
        throw new Error(`县 ${r.county} 的面积平衡不闭合：候选 ${r.candidate_m2} ≠ 保留 ${r.kept_m2} + 扣除 ${r.removed_m2} + 舍去 ${r.dropped_m2}（平方米）`);
      }
    }
    const total: CountyRow = { county: "合计" };
    for (const k of Object.keys(rows[0] ?? {}).filter((k) => k !== "county")) {
      total[k] = k.endsWith("_count") ? rows.reduce((s, r) => s + Number(r[k] ?? 0), 0) : r4(rows.reduce((s, r) => s + Number(r[k] ?? 0), 0));
    }
    const all = [...rows, total];
    const num = (key: string, header: string) => ({ key, header, value: (r: CountyRow) => r[key] ?? null });
    const summary: Table<CountyRow> = {
      name: "分县汇总",
      csv: "summary_by_county.csv",
      rows: all,
      columns: [
        { key: "county", header: "县级代码", value: (r) => r.county },
        ...CONTIG_CLASSES.flatMap((c) => [num(`${c}_count`, `${CLASS_LABELS[c]}（个）`), num(`${c}_mu`, `${CLASS_LABELS[c]}（亩）`)]),
        num("total_count", "潜力图斑合计（个）"),
        num("total_mu", "潜力图斑合计（亩）"),
        num("candidate_m2", "候选面积（平方米）"),
        num("kept_m2", "保留面积（平方米）"),
        num("removed_m2", "扣除面积（平方米）"),
        num("dropped_m2", "舍去面积（平方米）"),
      ],
    };
    const balanceTable: Table<{ item: string; m2: number }> = {
      name: "面积平衡",
      csv: "balance.csv",
      rows: [
        { item: "候选图斑面积", m2: Number(total.candidate_m2) },
        { item: "保留（潜力图斑）", m2: Number(total.kept_m2) },
        { item: "扣除（落入约束图层）", m2: Number(total.removed_m2) },
        { item: "舍去（碎块）", m2: Number(total.dropped_m2) },
      ],
      columns: [
        { key: "item", header: "项目", value: (b) => b.item },
        { key: "area_m2", header: "面积（平方米）", value: (b) => r2(b.m2) },
        { key: "area_mu", header: "面积（亩）", value: (b) => r4(b.m2 / M2_PER_MU) },
      ],
    };
    // Every piece of the province in one file, ordered by county and BSM (written now, moved into place by the caller's writeReportDir).
    const tmp = await Deno.makeTempFile({ prefix: "province-pieces-", suffix: ".parquet" });
    await own.exec(
      `COPY (SELECT * EXCLUDE (filename) FROM ${parquetSource(files("pieces.parquet"))} ORDER BY county, "BSM", part)
       TO ${sqlPath(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const out: ReportFiles = {
      ...tableFiles([summary, balanceTable], { workbook: "省级汇总.xlsx", csvHeader: "key", parquet: true }),
      "pieces.parquet": async (path: string) => {
        await Deno.copyFile(tmp, path);
        await Deno.remove(tmp);
      },
    };
    return { files: out, rows: all };
  } finally {
    if (!db) await own.close();
  }
}
