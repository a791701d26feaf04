/**
 * `report`: the provincial briefing (issue 11) — one self-contained HTML with PDF and XLSX of the
 * 进出平衡 balance, the 占补平衡 audit and the trends, plus a manifest; rebuilt only when inputs,
 * configuration or code changed. Exit codes: 0 rebuilt, 3 unchanged, 1 failed, 2 usage error.
 */
import type { Command } from "./command.ts";
import { parseArgs } from "./args.ts";
import { buildBriefing } from "../briefing/build.ts";

/** Exit code of a run that found nothing to do. */
export const EXIT_UNCHANGED = 3;
/** Exit status when the briefing was rebuilt but the host's Chromium could not print the PDF. */
export const EXIT_WITHOUT_PDF = 4;

export const reportCommand: Command = {
  name: "report",
  help: `用法 Usage: deno task cli report --data DIR --out DIR [选项 options]

计算（或从缓存取用）DIR 中各县的筛查、进出平衡、占补平衡与趋势，写出：
  briefing.html  单一自包含网页（内嵌 SVG 与样式，离线可读，可打印 A4）
  briefing.pdf   同一简报经 Chromium 打印（A4，页码；无 Chromium 时跳过并说明）
  briefing.xlsx  简报中的每张表一个工作表（中文表头，含单位）
  manifest.json  每个输入文件的 SHA-256、配置、程序版本、运行时间与结果
Computes (or reuses from cache) screening, balance, audit and trends and writes the briefing.

选项 Options:
  --data DIR        数据目录（每县一个 6 位代码子目录，含 DLTB_<年度>.shp 等）/ data folder
  --out DIR         输出目录 / output folder (replaced atomically)
  --year YYYY       简报年度（默认数据中最新年度）/ survey year (default: latest)
  --region CODE     只展示一个市（4 位）或县（6 位）/ narrow to one city or county
  --force           输入未变也重建 / rebuild even when nothing changed
  --with-parcels    加入潜力图斑分布图（图斑级空间数据，全部页面标注“内部资料”）/ parcel map, marked 内部资料
  --no-pdf          不打印 PDF / skip the PDF

退出码 Exit codes: 0 已重建 rebuilt；3 输入未变、未重建 unchanged；4 已重建但 PDF 打印失败 rebuilt without PDF；1 失败 failed（上期简报保持不变）；2 用法错误 usage

示例 Example: deno task cli report --data data/demo --out reports/demo`,
  async run(argv) {
    const args = parseArgs(argv, {
      string: ["data", "out", "year", "region"],
      boolean: ["force", "with-parcels", "no-pdf"],
    });
    for (const need of ["data", "out"]) {
      if (!args[need]) throw new Error(`缺少 --${need} (missing --${need})`);
    }
    if (args._.length) throw new Error(`多余的参数 unexpected argument: ${args._[0]}`);
    let year: number | undefined;
    if (args.year !== undefined) {
      year = Number(args.year);
      if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new Error(`--year 需为四位年份，收到“${args.year}”`);
    }
    const region = args.region as string | undefined;
    if (region !== undefined && !/^\d{2}(\d{2}(\d{2})?)?$/.test(region)) {
      throw new Error(`--region 需为 2 位省、4 位市或 6 位县代码，收到“${region}”`);
    }
    const command = ["deno task cli report", ...argv.filter((a) => a !== "--force")].join(" ");
    const r = await buildBriefing({
      dataDir: String(args.data),
      outDir: String(args.out),
      year,
      region,
      force: !!args.force,
      withParcels: !!args["with-parcels"],
      pdf: !args["no-pdf"],
      command,
      log: (m) => console.error(m),
    });
    if (r.status === "unchanged") {
      console.log(`未变化：${r.outDir}（退出码 ${EXIT_UNCHANGED}）`);
      return EXIT_UNCHANGED;
    }
    const t = Object.entries(r.timings).map(([k, s]) => `${k} ${s.toFixed(1)} 秒`).join("，");
    console.log(`已重建：${r.outDir}（${r.files.join("、")}）`);
    console.log(`用时：${t}；缓存命中 ${r.cache.hits.length} 项，重算 ${r.cache.misses.length} 项`);
    console.log(`PDF：${r.pdf}`);
    if (r.status === "rebuilt-without-pdf") return EXIT_WITHOUT_PDF;
  },
};
