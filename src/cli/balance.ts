/**
 * `balance`: the 进出平衡 chain for a folder of counties — out-flow ledger, screening, graded
 * pool, selection (HiGHS, county → city → province) and the annual plan — written as CSV and
 * XLSX with Chinese headers.
 */
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { runBalance } from "../selection/run.ts";
import { writeOutflowOutputs } from "../outflow/outputs.ts";
import { outflowStatistics } from "../outflow/sql.ts";
import { writeSelectionOutputs } from "../selection/outputs.ts";
import { readBsmList } from "../outflow/run.ts";
import { openEngine } from "../db/engine.ts";
import { readLayer } from "../ingest/read_layer.ts";
import { makeAdminNamer } from "../units/admin.ts";
import { formatNumber, M2_PER_MU } from "../units/area.ts";

export const balanceCommand: Command = {
  name: "balance",
  help: `用法 Usage: deno task cli balance --data DIR --out DIR [选项 options]

对 DIR 下每个县（6 位代码文件夹，含 DLTB_<年度>.shp、outflow_projects.xlsx、永久基本农田.shp、
constraints/、field_returns.xlsx）：两期比较与项目叠加得出转出台账（豁免、整改恢复另列），筛查潜力图斑、
按外业回传评价，再以 HiGHS 求解恢复选择（本县 → 本市 → 本省），填写年度进出平衡总体方案。
For each county folder under DIR: out-flow ledger, screening, graded pool, optimal selection
(county → city → province) and the annual plan table.

选项 Options:
  --year YYYY            平衡年度（默认最新调查年度）；晚于最新调查的年度为计划年度：按项目表中该年度的
                         计划项目在最新调查上测算计划转出，养殖设施用地在年度方案中单列 / year to balance
                         (default latest); a later year plans the projects of that year
  --method optimal|greedy  选择方法：优化（默认）或按规则顺序贪心 / optimiser (default) or greedy
  --consent FILE         县级同意纳入平衡的图斑 BSM 清单（txt/CSV/XLSX）/ BSMs the county consented to
  --forest-consent FILE  林草主管部门同意整治为耕地的林地、草地 BSM 清单，与各县目录下的 forest_consent.xlsx
                         合并；林地、草地潜力图斑不在清单中的为“待林草部门同意”/ forest and grassland the
                         forestry authority agreed to restore (merged with each county's forest_consent.xlsx)
  --include-pending-consent  待林草部门同意的图斑也参与选择（年度方案中标明）/ let them be chosen
  --admin-names FILE     行政区名称表（code、name 列）/ names of admin units
  --gap M, --threshold-mu N  筛查参数（同 screen）/ screening parameters
  --engine wasm|native   统计所用 DuckDB 引擎 / DuckDB engine for the statistics
  --out DIR              输出目录：outflow/（转出台账）与 selection/（选择与年度方案）

示例 Example: deno task cli balance --data data/demo --out reports/balance`,
  async run(argv) {
    const args = parseArgs(argv, {
      string: ["data", "out", "year", "method", "consent", "forest-consent", "admin-names", "gap", "threshold-mu", "engine"],
      boolean: ["include-pending-consent"],
    });
    for (const need of ["data", "out"]) if (!args[need]) throw new Error(`缺少 --${need} (missing --${need})`);
    const method = (args.method as string | undefined) ?? "optimal";
    if (method !== "optimal" && method !== "greedy") throw new Error(`--method 只能是 optimal 或 greedy，收到 ${method}`);
    const names = new Map<string, string>();
    if (args["admin-names"]) {
      const t = await readLayer(args["admin-names"] as string);
      for (let i = 0; i < t.length; i++) names.set(String(t.columns.code?.[i] ?? ""), String(t.columns.name?.[i] ?? ""));
    }
    const namer = makeAdminNamer({ xzq: names });
    const name = (c: string) => namer.name(c);
    const run = await runBalance({
      dataDir: args.data as string,
      year: args.year ? numberArg(args, "year", 0) : undefined,
      screen: { gapM: numberArg(args, "gap", 10), thresholdMu: numberArg(args, "threshold-mu", 50) },
      select: { method, name, pendingConsent: args["include-pending-consent"] ? "include" : "exclude" },
      consentBsm: args.consent ? await readBsmList(args.consent as string) : undefined,
      forestConsentBsm: args["forest-consent"] ? await readBsmList(args["forest-consent"] as string) : undefined,
    });
    const engine = await openEngine({ kind: args.engine as "wasm" | "native" | undefined });
    try {
      const ledgers = run.counties.map((c) => c.ledger);
      const stats = await outflowStatistics(engine, ledgers.flatMap((l) => l.entries));
      await writeOutflowOutputs(`${args.out}/outflow`, ledgers, stats, { name, inputNotes: run.notes });
    } finally {
      await engine.close();
    }
    await writeSelectionOutputs(`${args.out}/selection`, run.selection, { excluded: run.counties.flatMap((c) => c.excluded), name });
    for (const n of run.notes) console.error(`说明：${n}`);
    const inputProblems = run.counties.flatMap((c) => c.ledger.problems);
    for (const p of inputProblems.slice(0, 10)) console.error(`说明：${p}`);
    if (inputProblems.length) console.error(`说明：输入问题共 ${inputProblems.length} 条，见 ${args.out}/outflow/problems.txt`);
    const mu = (m2: number) => formatNumber(m2 / M2_PER_MU);
    console.log(`${run.year} 年进出平衡：${run.counties.length} 个县，需平衡转出 ${run.needs.length} 项，潜力池 ${run.counties.reduce((s, c) => s + c.pool.length, 0)} 块`);
    for (const n of run.selection.needs) console.log(`  ${n.summary}`);
    const total = run.selection.needs.reduce((s, n) => s + n.uncoveredM2, 0);
    console.log(`未覆盖缺口合计 ${mu(total)} 亩。输出：${args.out}/outflow、${args.out}/selection`);
  },
};
