/**
 * The command-line entry point: `deno task cli <subcommand> [options]`.
 * Exit code 0 on success; non-zero with a one-line reason on failure
 * (set FARMLAND_DEBUG=1 for the stack).
 */
import type { Command } from "./command.ts";
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

const COMMANDS: Command[] = [demoCommand, loadCommand, screenCommand, verifyCommand, balanceCommand, auditCommand, trendsCommand, reportCommand, notebookCommand, templateCommand];

function usage(): string {
  return `耕地平衡工作台命令行 / farmland balance workspace CLI

用法 Usage: deno task cli <子命令 subcommand> [选项 options]

子命令 Subcommands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join("\n")}

每个子命令都有 --help / every subcommand has --help`;
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
    return (await cmd.run(rest)) ?? 0;
  } catch (e) {
    const err = e as Error;
    console.error(`错误：${String(err?.message ?? err).split("\n")[0]}`);
    if (Deno.env.get("FARMLAND_DEBUG")) console.error(err?.stack);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
