/**
 * The briefing of the shared demo province, built once per test process through the real CLI
 * (`report --no-pdf`); tests copy it before changing anything.
 */
import { demoProvince } from "../_harness/demo_fixture.ts";

export const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** Runs the CLI; returns exit code and output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, stdout: new TextDecoder().decode(r.stdout), stderr: new TextDecoder().decode(r.stderr) };
}

let cached: Promise<{ data: string; out: string; stdout: string }> | null = null;

/** The demo province and its briefing folder (built without PDF). */
export function demoBriefing(): Promise<{ data: string; out: string; stdout: string }> {
  cached ??= (async () => {
    const { dir } = await demoProvince();
    const out = `${await Deno.makeTempDir({ prefix: "briefing-" })}/out`;
    const r = await cli(["report", "--data", dir, "--out", out, "--no-pdf"]);
    if (r.code !== 0) throw new Error(`report failed (${r.code}): ${r.stderr}`);
    return { data: dir, out, stdout: r.stdout };
  })();
  return cached;
}

/** Copies a folder (recursively) to a new temp folder and returns its path. */
export async function copyDir(from: string, prefix: string): Promise<string> {
  const to = `${await Deno.makeTempDir({ prefix })}/copy`;
  const r = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  if (!r.success) throw new Error(`cp -a ${from} ${to} failed`);
  return to;
}

/** The tables the briefing wrote (tables.json), by id. */
export function tablesOf(out: string): Map<string, { columns: { key: string; header: string }[]; rows: Record<string, unknown>[] }> {
  const ts = JSON.parse(Deno.readTextFileSync(`${out}/tables.json`)) as {
    id: string;
    columns: { key: string; header: string }[];
    rows: Record<string, unknown>[];
  }[];
  return new Map(ts.map((t) => [t.id, t]));
}
