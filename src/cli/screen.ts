/**
 * `screen`: the in-flow screening of DOMAIN.md §4.1–§4.3 on a parcel file and a folder of
 * constraint layers; writes pieces, ledger, summaries and an XLSX workbook.
 */
import { assertSafeKey } from "../units/safe_keys.ts";
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { screenParams, THRESHOLD_PRESETS } from "../screen/params.ts";
import { CONTIG_CLASSES } from "../screen/types.ts";
import { CLASS_LABELS } from "../screen/labels.ts";
import { formatNumber, M2_PER_MU } from "../units/area.ts";
import type { ScreenParams } from "../screen/types.ts";
import { lazyImport } from "../units/lazy.ts";

export const screenCommand: Command = {
  name: "screen",
  help: `用法 Usage: deno task cli screen --dltb FILE --constraints DIR --out DIR [选项 options]
       deno task cli screen --data DIR --out DIR [--year Y] [--workers N] [选项 options]

筛查可恢复为耕地的潜力图斑：候选（园地、林地、草地、坑塘且 JKHF/GCHF）→ 按约束图层扣除 → 集中连片分类。
Screens restorable parcels: candidates → deductions by constraint layers → contiguity classes.
DIR 中每个 Shapefile/GeoJSON/FlatGeobuf 为一个约束图层，以文件名命名。
Every Shapefile/GeoJSON/FlatGeobuf in DIR is one constraint layer named after its file.
DIR 中的 GeoTIFF（.tif，投影坐标系、米）视为 DEM：按 Horn 方法计算坡度，大于 25° 的栅格成为扣除区。
A GeoTIFF DEM in DIR (projected, metres) becomes the zone of cells steeper than 25° (Horn's method).

--data DIR：全省（或全市）筛查。DIR 下每个县一个文件夹（DLTB_<年度>.shp 与 constraints/）。默认每两个 CPU 核同时筛查一个县
  （每县用两个线程：一个筛查，一个读取图形并预读下一个县），县与县之间释放内存；--workers N 可同时筛查 N 个县（更快，内存约 N 倍）。
  输出 OUT/<县级代码>/（与单县相同）以及经 DuckDB 由各县 Parquet 合并的全省表格：
  pieces.parquet、summary_by_county.csv、balance.csv、省级汇总.xlsx。任一县输入有错误时不写出任何结果。
  Province mode: one county at a time per two cores (each on two threads: screening, and reading geometry ahead), memory released
  between counties; --workers N screens N counties at once (faster, about N times the memory). Outputs per county plus the province's
  tables merged from the counties' Parquet through DuckDB; all or nothing.

选项 Options:
  --year Y              筛查年度（--data；默认最新调查年度）/ survey year (--data; default latest)
  --workers N           同时筛查的县数（--data；默认 CPU 核数的一半，至少 1）/ counties at once (default: one per two cores)
  --gap M               聚类与毗邻距离，米（默认 10）/ cluster and adjacency distance (m)
  --threshold-mu N      集中连片阈值，亩（默认 50）/ contiguity threshold (亩)
  --preset NAME         地区阈值预设：${Object.keys(THRESHOLD_PRESETS).join("、")} / regional threshold preset
  --min-piece-m2 N      最小潜力图斑，平方米（默认 400）/ minimum piece (m²)
  --mode erase|exclude  扣除方式：擦除（默认）或整块排除 / deduction mode
  --exclude-share R     整块排除的重叠比例阈值（默认 0.5）/ overlap share for exclude mode
  --include-wetland     湿地地类也作候选（默认不含）/ admit wetland classes
  --config FILE.json    参数文件（键同上，如 {"gapM":10,"thresholdMu":100,"extraSources":[{"name":"停用设施农用地","bsm":[...]}],"excludeBsm":[...]}）
                        parameters as JSON (extra candidate sources, BSM already counted in 占补)
  --crs EPSG:NNNN       无坐标系文件所用坐标系 / CRS for files without one
  --admin-names FILE    行政区名称表（含 code、name 列的 CSV/XLSX）/ names of admin units
  --wgs84               另存一份 WGS84 坐标的 pieces_wgs84.geojson（图斑级空间数据，标注“内部资料”）
                        also write a WGS84 copy (restricted, marked 内部资料)
  --out DIR             输出目录 / output folder

输出 Outputs: pieces.csv, pieces.parquet, summary_by_township.parquet, balance.parquet, pieces.geojson（输入坐标系）, pieces_wgs84.geojson（仅 --wgs84，内部资料）, deductions.csv,
  balance.csv, summary_by_township.csv, summary.json, screening.xlsx（中文表头）, method.txt

示例 Example: deno task cli screen --dltb data/demo/900101/DLTB_2024.shp --constraints data/demo/900101/constraints --out reports/screen-900101`,
  async run(argv) {
    const args = parseArgs(argv, {
      string: ["dltb", "constraints", "data", "year", "workers", "gap", "threshold-mu", "preset", "min-piece-m2", "mode", "exclude-share", "config", "crs", "admin-names", "out"],
      boolean: ["include-wetland", "wgs84"],
    });
    const province = args.data !== undefined;
    if (province && (args.dltb || args.constraints)) throw new Error("--data 与 --dltb/--constraints 只能选一种 (--data or --dltb/--constraints)");
    for (const need of province ? ["data", "out"] : ["dltb", "constraints", "out"]) {
      if (!args[need]) throw new Error(`缺少 --${need} (missing --${need})`);
    }
    const fromFile: Partial<ScreenParams> = args.config ? JSON.parse(await Deno.readTextFile(args.config as string)) : {};
    for (const k of Object.keys(fromFile)) assertSafeKey(k, `配置文件“${args.config}”`);
    let thresholdMu = fromFile.thresholdMu ?? 50;
    if (args.preset) {
      const preset = THRESHOLD_PRESETS[args.preset as string];
      if (!preset) throw new Error(`未知的地区预设“${args.preset}”（可选：${Object.keys(THRESHOLD_PRESETS).join("、")}）`);
      thresholdMu = preset.mu;
    }
    const p = screenParams({
      ...fromFile,
      gapM: numberArg(args, "gap", fromFile.gapM ?? 10),
      thresholdMu: numberArg(args, "threshold-mu", thresholdMu),
      minPieceM2: numberArg(args, "min-piece-m2", fromFile.minPieceM2 ?? 400),
      mode: (args.mode as ScreenParams["mode"]) ?? fromFile.mode ?? "erase",
      excludeShare: numberArg(args, "exclude-share", fromFile.excludeShare ?? 0.5),
      includeWetland: Boolean(args["include-wetland"]) || Boolean(fromFile.includeWetland),
    });
    const names: Record<string, string> = {};
    if (args["admin-names"]) {
      const { readLayer } = await lazyImport<typeof import("../ingest/read_layer.ts")>(new URL("../ingest/read_layer.ts", import.meta.url));
      const t = await readLayer(args["admin-names"] as string);
      for (let i = 0; i < t.length; i++) names[String(t.columns.code?.[i] ?? "")] = String(t.columns.name?.[i] ?? "");
    }
    const mu = (m2: number) => formatNumber(m2 / M2_PER_MU);
    if (province) {
      const workers = args.workers !== undefined ? numberArg(args, "workers", 1) : undefined;
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers 需为正整数，收到 ${args.workers}`);
      const t0 = performance.now();
      // Loaded only for a province (it brings the worker pool and the merge).
      const { screenProvince } = await lazyImport<typeof import("../batch/screen_province.ts")>(new URL("../batch/screen_province.ts", import.meta.url));
      const r = await screenProvince({
        dataDir: args.data as string,
        out: args.out as string,
        params: p,
        year: args.year !== undefined ? numberArg(args, "year", 0) : undefined,
        workers,
        crs: args.crs as string | undefined,
        names,
        wgs84: !!args.wgs84,
        onCounty: (county, s, sec) => {
          if (s.loadReport) console.error(s.loadReport);
          console.log(`  ${county}：候选 ${s.candidates.count} 个，潜力图斑 ${s.pieces} 个（${sec.toFixed(1)} 秒）`);
        },
      });
      for (const n of r.notes) console.error(`说明：${n}`);
      const t = r.rows.at(-1)!;
      console.log(`${r.year} 年度 ${r.counties.length} 个县：潜力图斑 ${t.total_count} 个，${formatNumber(Number(t.total_mu))} 亩`);
      console.log(`面积平衡（亩）：候选 ${mu(Number(t.candidate_m2))} = 保留 ${mu(Number(t.kept_m2))} + 扣除 ${mu(Number(t.removed_m2))} + 舍去 ${mu(Number(t.dropped_m2))}`);
      console.log(`用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒。输出：${args.out}`);
      return;
    }
    const { screenCountyFiles } = await lazyImport<typeof import("../screen/run_county.ts")>(new URL("../screen/run_county.ts", import.meta.url));
    const s = await screenCountyFiles({
      dltb: args.dltb as string,
      constraints: args.constraints as string,
      out: args.out as string,
      params: p,
      crs: args.crs as string | undefined,
      names,
      wgs84: !!args.wgs84,
      progress: true,
    });
    if (s.loadReport) console.error(s.loadReport);
    console.log(`候选 ${s.candidates.count} 个（${mu(s.candidates.tbmjM2)} 亩），约束图层 ${s.layers} 个，潜力图斑 ${s.pieces} 个：`);
    for (const c of CONTIG_CLASSES) {
      console.log(`  ${CLASS_LABELS[c]}：${s.classes[c].count} 个，${mu(s.classes[c].areaM2)} 亩`);
    }
    const l = s.ledger;
    console.log(`面积平衡（亩）：候选 ${mu(l.candidateM2)} = 保留 ${mu(l.keptM2)} + 扣除 ${mu(l.removedM2)} + 舍去 ${mu(l.droppedM2)}`);
    console.log(`输出：${args.out}`);
  },
};
