import { assert, assertEquals } from "../_assert.ts";
import { COMMANDS } from "../../src/cli/main.ts";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(Deno.execPath(), { args: ["run", "-q", "-A", MAIN, ...args], stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("top-level help lists the subcommands; no subcommand is a usage error", async () => {
  const h = await cli("--help");
  assertEquals(h.code, 0);
  for (const s of ["demo", "load", "screen", "用法", "Usage"]) assert(h.out.includes(s), s);
  assertEquals((await cli()).code, 2);
});

Deno.test("every subcommand's module loads by its run-time specifier and is the command of its name", async () => {
  // The specifiers are not literals (so that Deno does not read every subcommand at start): only running them checks them.
  assertEquals(COMMANDS.length, 11);
  for (const entry of COMMANDS) {
    const cmd = await entry.load();
    assertEquals(cmd.name, entry.name);
    assert(typeof cmd.run === "function" && cmd.help.length > 0, entry.name);
  }
});

Deno.test("every subcommand has --help in Chinese and English", async () => {
  for (const name of COMMANDS.map((c) => c.name)) {
    const h = await cli(name, "--help");
    assertEquals(h.code, 0, name);
    assert(h.out.includes("用法") && h.out.includes("Usage") && h.out.includes("选项") && h.out.includes("Options"), h.out);
  }
});

Deno.test("failures exit non-zero with a single line naming the reason", async () => {
  const unknown = await cli("frobnicate");
  assertEquals(unknown.code, 2);
  assert(unknown.err.includes("frobnicate"));
  const missing = await cli("load", "/nonexistent/DLTB.shp");
  assertEquals(missing.code, 1);
  assertEquals(missing.err.trim().split("\n").length, 1);
  assert(missing.err.includes("/nonexistent/DLTB.shp"), missing.err);
  const badOpt = await cli("load", "--tolerance", "abc", "x.shp");
  assertEquals(badOpt.code, 1);
  assert(badOpt.err.includes("--tolerance") && badOpt.err.includes("abc"), badOpt.err);
  const badKind = await cli("load", "--fail-on", "nonsense", "x.shp");
  assertEquals(badKind.code, 1);
  assert(badKind.err.includes("nonsense"));
});
