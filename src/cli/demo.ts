/**
 * `demo`: builds the seeded demo province (示例数据), loads it into DuckDB through Arrow and
 * writes the first summary report; with `--parcels N`, only generates one county of N parcels.
 * `--shape voronoi` gives Voronoi-shaped parcels instead of the grid (a second benchmark shape).
 */
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { DEFAULT_SEED, ensureDemo, generateDemo } from "../demo/generate.ts";
import { buildDemoSummary } from "../report/demo_summary.ts";
import { formatNumber } from "../units/area.ts";

export const demoCommand: Command = {
  name: "demo",
  help: `用法 Usage: deno task cli demo [选项 options]

生成示例省（示例数据，代码与名称均为虚构：3 市 × 3 县，2019–2024 年度变更调查图斑、约束图层、
出入项目、占补记录、外业核实回传表），载入 DuckDB，写出汇总报告。
Builds the seeded demo province (fictitious codes), loads it into DuckDB and writes the summary report.

选项 Options:
  --out DIR           数据输出目录（默认 data/demo）/ data folder (default data/demo)
  --report DIR        报告目录（默认 reports/demo）/ report folder (default reports/demo)
  --seed N            随机种子（默认 20241231）/ seed
  --year YYYY         汇总的调查年份（默认 2024）/ survey year to summarise
  --engine wasm|native  DuckDB 引擎 / engine
  --parcels N         只生成一个约 N 个图斑的县（用于基准测试），不写报告
                      generate one county of about N parcels only (benchmarks)
  --shape grid|voronoi  图斑形态：grid 网格（默认）；voronoi 泰森多边形，道路、沟渠、高速公路
                      条带斜穿并嵌入图斑边界，每个图斑约十余个顶点（基准测试的第二种形态）
                      parcel shape: grid (default), or voronoi: Voronoi cells with road, ditch
                      and highway strips at angles noded into their edges, about a dozen
                      vertices per parcel (a second shape for benchmarks)
  --reuse             已有同一种子的数据时不重新生成 / keep existing data of the same seed

  --counties N        与 --parcels M 一起：生成 N 个县、每县约 M 个图斑的示例省（含全部表格），用于全省规模的运行与基准测试
                      with --parcels M: a province of N counties of about M parcels each, every table (scale runs)
  --years Y1,Y2       规模省的调查年度（默认 2019–2024）/ survey years of that province (default 2019–2024)

示例 Example: deno task cli demo --parcels 200000 --out data/bench
             deno task cli demo --counties 8 --parcels 50000 --years 2023,2024 --out data/province-8x50000
             deno task cli demo --parcels 200000 --shape voronoi --out data/bench-voronoi`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["out", "report", "seed", "year", "engine", "parcels", "shape", "counties", "years"], boolean: ["reuse"] });
    const seed = numberArg(args, "seed", DEFAULT_SEED);
    const shape = (args.shape as string | undefined) ?? "grid";
    if (shape !== "grid" && shape !== "voronoi") throw new Error(`--shape 只能是 grid 或 voronoi，收到 ${shape}`);
    if (args.counties !== undefined) {
      // A province of N counties of about M parcels, every table: the scale runs of screen --data, balance, audit, trends, report.
      const count = numberArg(args, "counties", 0);
      const parcels = numberArg(args, "parcels", 0);
      if (args.parcels === undefined) throw new Error("--counties 需与 --parcels 一起使用（每县约多少图斑）");
      const years = args.years === undefined ? undefined : String(args.years).split(",").map((y) => Number(y.trim()));
      const out = (args.out as string) ?? `data/province-${count}x${parcels}`;
      const t0 = performance.now();
      const m = await generateDemo({ out, seed, counties: { parcels, count }, shape, years });
      const latest = Math.max(...m.parameters.years as number[]);
      const n = m.counties.reduce((s, c) => s + (c.years[String(latest)]?.parcels ?? 0), 0);
      console.log(`已生成示例省（示例数据）：${m.counties.length} 个县，${latest} 年度共 ${n} 个图斑，年度 ${(m.parameters.years as number[]).join("、")}，到 ${out}，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
      return;
    }
    if (args.years !== undefined) throw new Error("--years 只用于 --counties（规模省）");
    if (args.parcels !== undefined) {
      const parcels = numberArg(args, "parcels", 0);
      if (!Number.isInteger(parcels) || parcels < 100) throw new Error(`--parcels 需为不小于 100 的整数，收到 ${args.parcels}`);
      const out = (args.out as string) ?? "data/bench";
      const t0 = performance.now();
      const m = await generateDemo({ out, seed, counties: { parcels }, shape });
      const n = m.counties.reduce((s, c) => s + Object.values(c.years).reduce((a, y) => a + y.parcels, 0), 0);
      console.log(`已生成 ${n} 个图斑（示例数据）到 ${out}，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
      return;
    }
    const out = (args.out as string) ?? "data/demo";
    const reportDir = (args.report as string) ?? "reports/demo";
    const engine = args.engine as "wasm" | "native" | undefined;
    if (engine && engine !== "wasm" && engine !== "native") throw new Error(`--engine 只能是 wasm 或 native，收到 ${engine}`);
    const t0 = performance.now();
    let reuse = false;
    if (args.reuse) reuse = (await ensureDemo(out, seed, shape)).reused;
    else await generateDemo({ out, seed, shape });
    const t1 = performance.now();
    const r = await buildDemoSummary({ dataDir: out, reportDir, year: numberArg(args, "year", 2024), engine });
    const t2 = performance.now();
    console.log(`示例数据（虚构）：${r.files.length} 个县，${reuse ? "沿用已有数据" : `生成 ${((t1 - t0) / 1000).toFixed(1)} 秒`}，载入与汇总 ${((t2 - t1) / 1000).toFixed(1)} 秒`);
    console.log("县级代码\t县级名称\t图斑数\t耕地图斑数\t耕地面积（亩）");
    for (const c of r.counties) {
      console.log(`${c.county}\t${c.name ?? ""}\t${c.parcels}\t${c.farmland_parcels}\t${formatNumber(c.farmland_mu)}`);
    }
    const errors = Object.values(r.report.counts).reduce((a, b) => a + (b ?? 0), 0);
    console.log(`载入检查：${errors === 0 ? "未发现问题" : `${errors} 处问题，见 ${reportDir}/load_report.txt`}`);
    console.log(`报告：${reportDir}/summary.html`);
  },
};
