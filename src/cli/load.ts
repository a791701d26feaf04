/**
 * `load`: reads parcel files into the canonical table and DuckDB, prints the load report
 * and farmland per county; optionally writes the report as text and CSV.
 */
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { loadParcels } from "../ingest/load.ts";
import { formatReport, type ProblemCode, PROBLEM_LABELS } from "../ingest/report.ts";
import { parcelsToArrow } from "../ingest/to_arrow.ts";
import { openEngine } from "../db/engine.ts";
import { farmlandByCounty } from "../ingest/summary.ts";
import { formatNumber } from "../units/area.ts";
import { writeCsv } from "../io/csv.ts";

export const loadCommand: Command = {
  name: "load",
  help: `用法 Usage: deno task cli load FILE... [选项 options]

载入地类图斑（Shapefile、GeoJSON、FlatGeobuf、CSV、XLSX、File Geodatabase），检查并打印载入报告与各县耕地面积。
Loads survey parcel files into DuckDB, prints the load report and farmland per county.

选项 Options:
  --engine wasm|native   DuckDB 引擎（默认 wasm）/ DuckDB engine (default wasm)
  --crs EPSG:NNNN        无坐标系文件所用坐标系 / CRS for files without one
  --encoding gbk|utf-8   强制属性编码 / force the attribute encoding
  --tolerance R          TBMJ 与几何面积的相对容差（默认 0.02）/ TBMJ vs planar tolerance
  --fail-on KIND,...     视为致命的问题类型（如 duplicate_bsm,unknown_dlbm；all 为全部错误）
                         problem kinds that stop the load ("all" = every error kind)
  --problems FILE.csv    把全部问题写入 CSV / write every problem to a CSV
  --aliases FILE.json    字段别名表（补充默认）/ extra field aliases

示例 Example: deno task cli load data/demo/900101/DLTB_2024.shp --fail-on duplicate_bsm`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["engine", "crs", "encoding", "tolerance", "fail-on", "problems", "aliases"] });
    if (args._.length === 0) throw new Error("请给出要载入的文件 (no input files given)");
    const failOn = String(args["fail-on"] ?? "").split(",").filter(Boolean);
    const fatal = failOn.includes("all")
      ? (Object.keys(PROBLEM_LABELS) as ProblemCode[]).filter((c) => PROBLEM_LABELS[c].severity === "error")
      : failOn as ProblemCode[];
    for (const f of fatal) if (!(f in PROBLEM_LABELS)) throw new Error(`未知的问题类型 unknown problem kind: ${f}`);
    const { table, report } = await loadParcels(args._, {
      crs: args.crs as string | undefined,
      encoding: args.encoding as string | undefined,
      tbmjTolerance: numberArg(args, "tolerance", 0.02),
      fatal,
      aliases: args.aliases ? JSON.parse(await Deno.readTextFile(args.aliases as string)) : undefined,
    });
    console.log(formatReport(report));
    if (args.problems) {
      await writeCsv(args.problems as string, [
        { key: "code", header: "问题类型" }, { key: "file", header: "文件" }, { key: "row", header: "记录号" },
        { key: "bsm", header: "标识码" }, { key: "field", header: "字段" }, { key: "value", header: "值" },
        { key: "message", header: "说明" },
      ], report.problems as unknown as Record<string, string>[]);
    }
    const engine = await openEngine({ kind: args.engine as "wasm" | "native" | undefined });
    try {
      await engine.insertArrow("dltb", parcelsToArrow(table));
      console.log("\n县代码\t图斑数\t耕地图斑数\t耕地面积（亩，TBDLMJ）");
      for (const r of await farmlandByCounty(engine)) {
        console.log(`${r.county}\t${r.parcels}\t${r.farmland_parcels}\t${formatNumber(r.farmland_mu)}`);
      }
    } finally {
      await engine.close();
    }
  },
};
