/**
 * The command-line entry point: `deno task cli <subcommand> [options]`.
 * Exit code 0 on success; non-zero with a one-line reason on failure
 * (set FARMLAND_DEBUG=1 for the stack).
 */
import type { Command } from "./command.ts";
import { configureInputPolicy, InputPolicyError } from "../ingest/policy.ts";
import { formatReport } from "../ingest/report.ts";
import { lazyImport } from "../units/lazy.ts";

/**
 * The subcommands, each loaded only when it runs (and read only then: see `lazyImport`): `screen`
 * does not pay for the modules of the briefing (charts, the page, Chromium); `--help` takes 0.2 s.
 */
export const COMMANDS: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: "demo", summary: "生成示例省数据并写出汇总报告 / build the demo province and its summary report", load: async () => (await lazyImport<typeof import("./demo.ts")>(new URL("./demo.ts", import.meta.url))).demoCommand },
  { name: "load", summary: "载入图斑文件并检查 / load parcel files and check them", load: async () => (await lazyImport<typeof import("./load.ts")>(new URL("./load.ts", import.meta.url))).loadCommand },
  { name: "screen", summary: "进出平衡转入潜力图斑筛查 / in-flow potential screening", load: async () => (await lazyImport<typeof import("./screen.ts")>(new URL("./screen.ts", import.meta.url))).screenCommand },
  { name: "merge", summary: "合并各县筛查结果为全省表格 / merge counties' screening outputs into the province's tables", load: async () => (await lazyImport<typeof import("./merge.ts")>(new URL("./merge.ts", import.meta.url))).mergeCommand },
  { name: "verify", summary: "外业核实：导出核实底图与任务，导入回传并评价 / field verification packages and returns", load: async () => (await lazyImport<typeof import("./verify.ts")>(new URL("./verify.ts", import.meta.url))).verifyCommand },
  { name: "balance", summary: "进出平衡：转出台账、潜力选择与年度方案 / in–out balance: ledger, selection, annual plan", load: async () => (await lazyImport<typeof import("./balance.ts")>(new URL("./balance.ts", import.meta.url))).balanceCommand },
  { name: "audit", summary: "耕地占补平衡审计与差异化红线判定 / occupation–compensation audit and red lines", load: async () => (await lazyImport<typeof import("./audit.ts")>(new URL("./audit.ts", import.meta.url))).auditCommand },
  { name: "trends", summary: "区域趋势：耕地重心漂移、撂荒率、不稳定耕地 / regional trends", load: async () => (await lazyImport<typeof import("./trends.ts")>(new URL("./trends.ts", import.meta.url))).trendsCommand },
  { name: "report", summary: "省级简报：进出平衡、占补平衡、耕地趋势（HTML/PDF/XLSX）/ provincial briefing", load: async () => (await lazyImport<typeof import("./report.ts")>(new URL("./report.ts", import.meta.url))).reportCommand },
  { name: "notebook", summary: "笔记本：服务器（Deno 内核）与带参数运行 / notebook server and parameterised runs", load: async () => (await lazyImport<typeof import("./notebook.ts")>(new URL("./notebook.ts", import.meta.url))).notebookCommand },
  { name: "template", summary: "输入表模板与数据字典 / fillable input templates and the data dictionary", load: async () => (await lazyImport<typeof import("./template.ts")>(new URL("./template.ts", import.meta.url))).templateCommand },
];

function usage(): string {
  return `耕地平衡工作台命令行 / farmland balance workspace CLI

用法 Usage: deno task cli <子命令 subcommand> [选项 options]

子命令 Subcommands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join("\n")}

每个子命令都有 --help / every subcommand has --help
输入检查发现错误时不写出任何结果并以非零状态退出；确认后可用 --allow 问题类型（如 --allow missing_value）继续，
相关记录不参与计算并在结果中列出。Input errors stop every subcommand; --allow KIND goes on without those records.`;
}

/** `--allow KIND` (repeatable, or KIND,KIND) taken out of a subcommand's arguments. */
function takeAllow(argv: string[]): { argv: string[]; allow: string[] } {
  const out: string[] = [], allow: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--allow" || a.startsWith("--allow=")) {
      const v = a === "--allow" ? argv[++i] : a.slice("--allow=".length);
      if (v === undefined || v === "") throw new Error("选项 --allow 缺少取值（问题类型，如 missing_value）");
      allow.push(...v.split(",").map((x) => x.trim()).filter(Boolean));
    } else out.push(a);
  }
  return { argv: out, allow };
}

/** Runs the CLI with argv; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`错误：未知子命令“${name}”。unknown subcommand; run with --help`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(cmd.help);
    return 0;
  }
  try {
    // One input policy for every subcommand: errors stop the run; --allow KIND lets it go on.
    const { argv: own, allow } = takeAllow(rest);
    configureInputPolicy({ enforce: true, allow });
    return (await cmd.run(own)) ?? 0;
  } catch (e) {
    const err = e as Error;
    if (err instanceof InputPolicyError) {
      if (name === "load") console.error(formatReport(err.report));
      console.error(`错误：${err.message}`);
      return 1;
    }
    console.error(`错误：${String(err?.message ?? err).split("\n")[0]}`);
    if (Deno.env.get("FARMLAND_DEBUG")) console.error(err?.stack);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
