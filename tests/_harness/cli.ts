/** The project's CLI run as a user runs it: a fresh `deno run src/cli/main.ts …` process. */
import { join } from "node:path";
import { REPO_ROOT } from "./notebook.ts";
import { CLI_V8_FLAGS } from "../../src/threads/gc.ts";

/** Runs the CLI with `args` (and extra environment); returns its exit code and output. */
export async function cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", CLI_V8_FLAGS, join(REPO_ROOT, "src/cli/main.ts"), ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
