/**
 * `merge`: a province's screening tables from any number of counties' `screen` outputs (their
 * Parquet files), as after a batch of independent per-county jobs.
 */
import type { Command } from "./command.ts";
import { parseArgs } from "./args.ts";
import { mergeScreenFiles } from "../batch/merge.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { formatNumber, M2_PER_MU } from "../units/area.ts";

export const mergeCommand: Command = {
  name: "merge",
  help: `用法 Usage: deno task cli merge --out DIR COUNTY_DIR...

把各县 screen 的输出文件夹（每个含 pieces.parquet、balance.parquet、summary_by_township.parquet，
文件夹以县级代码命名）合并为全省表格：pieces.parquet（全部潜力图斑，含县级代码）、summary_by_county.csv/.parquet、
balance.csv/.parquet、省级汇总.xlsx。合并前逐县核对面积平衡（候选 = 保留 + 扣除 + 舍去）。
Merges the counties' screening outputs (their Parquet files) into the province's tables; checks every county's balance.

各县可作为独立作业运行（同一台机器、Kubernetes Indexed Job 或 Slurm 作业数组，每县一个），全部完成后运行 merge；见 README。
Counties can run as independent jobs (a Kubernetes Indexed Job, a Slurm job array); merge afterwards (see README).

选项 Options:
  --out DIR      输出目录（原子写出）/ output folder (written atomically)

示例 Example: deno task cli merge --out reports/province reports/jobs/900101 reports/jobs/900102`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["out"] });
    if (!args.out) throw new Error("缺少 --out (missing --out)");
    const dirs = (args._ as string[]).map(String);
    if (dirs.length === 0) throw new Error("没有给出县级筛查结果文件夹 (no county folders given)");
    const counties = dirs.map((d) => ({ county: d.replace(/[\\/]+$/, "").split(/[\\/]/).pop()!, dir: d.replace(/[\\/]+$/, "") }));
    const { files, rows } = await mergeScreenFiles(counties);
    await writeReportDir(args.out as string, { ...files, "notes.txt": `合并 ${counties.length} 个县：${counties.map((c) => c.dir).join("、")}\n` });
    const t = rows.at(-1)!;
    console.log(`已合并 ${counties.length} 个县：潜力图斑 ${t.total_count} 个，${formatNumber(Number(t.total_mu))} 亩；候选 ${formatNumber(Number(t.candidate_m2) / M2_PER_MU)} 亩 = 保留 ${formatNumber(Number(t.kept_m2) / M2_PER_MU)} + 扣除 ${formatNumber(Number(t.removed_m2) / M2_PER_MU)} + 舍去 ${formatNumber(Number(t.dropped_m2) / M2_PER_MU)} 亩`);
    console.log(`输出：${args.out}`);
  },
};
