/**
 * The command-line entry point: `deno task cli <subcommand> [options]`.
 * Exit code 0 on success; non-zero with a one-line reason on failure
 * (set FARMLAND_DEBUG=1 for the stack).
 */
import type { Command } from "./command.ts";
import { configureInputPolicy, InputPolicyError } from "../ingest/policy.ts";
import { formatReport } from "../ingest/report.ts";
import { loadCommand } from "./load.ts";
import { demoCommand } from "./demo.ts";
import { screenCommand } from "./screen.ts";
import { verifyCommand } from "./verify.ts";
import { balanceCommand } from "./balance.ts";
import { trendsCommand } from "./trends.ts";
import { auditCommand } from "./audit.ts";
import { reportCommand } from "./report.ts";
import { notebookCommand } from "./notebook.ts";
import { templateCommand } from "./template.ts";
import { mergeCommand } from "./merge.ts";

const COMMANDS: Command[] = [demoCommand, loadCommand, screenCommand, mergeCommand, verifyCommand, balanceCommand, auditCommand, trendsCommand, reportCommand, notebookCommand, templateCommand];

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
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`错误：未知子命令“${name}”。unknown subcommand; run with --help`);
    return 2;
  }
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
