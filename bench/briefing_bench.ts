/**
 * Briefing benchmark (issue 11): the demo province's briefing cold (empty cache), warm (--force,
 * every stage from the cache) and unchanged, each the median of three fresh processes with peak
 * memory; and a synthetic province of 100 counties built from tables alone, timing
 * tables → charts → HTML → XLSX (the PDF apart). Not a timed test: it prints, it does not assert.
 *
 *   deno run -A bench/briefing_bench.ts [--demo DIR]
 */
import { generateDemo } from "../src/demo/generate.ts";
import { renderBriefing } from "../src/briefing/render.ts";
import { syntheticFacts } from "../src/demo/synthetic_briefing.ts";

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs the CLI in a child of a small Python wrapper: wall time and the child's peak RSS (getrusage).
const WRAPPER = `
import json, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps({"code": r.returncode, "s": time.perf_counter() - t,
                  "kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
`;

async function timed(args: string[]): Promise<{ s: number; mib: number; code: number }> {
  const r = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", WRAPPER, Deno.execPath(), "run", "-q", "-A", MAIN, ...args],
    stdout: "piped",
  }).output();
  const j = JSON.parse(new TextDecoder().decode(r.stdout));
  return { s: j.s, mib: j.kib / 1024, code: j.code };
}

const demoArg = Deno.args.indexOf("--demo");
const data = demoArg >= 0 ? Deno.args[demoArg + 1] : await Deno.makeTempDir({ prefix: "briefing-bench-data-" });
if (demoArg < 0) await generateDemo({ out: data });
console.log(`示例省：${data}`);
console.log("case        median(s)  runs(s)                peak(MiB)  exit");
for (const kind of ["cold", "warm", "unchanged"] as const) {
  const runs: { s: number; mib: number; code: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const out = `${await Deno.makeTempDir({ prefix: "briefing-bench-" })}/out`;
    if (kind !== "cold") await timed(["report", "--data", data, "--out", out]);
    runs.push(await timed(["report", "--data", data, "--out", out, ...(kind === "warm" ? ["--force"] : [])]));
  }
  console.log(
    `${kind.padEnd(10)}  ${median(runs.map((r) => r.s)).toFixed(2).padStart(9)}  ${
      runs.map((r) => r.s.toFixed(1)).join(" / ").padEnd(22)
    } ${median(runs.map((r) => r.mib)).toFixed(0).padStart(9)}  ${runs.map((r) => r.code).join(",")}`,
  );
}
const facts = await syntheticFacts(100);
const times: number[] = [];
let size = 0;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = renderBriefing(facts, { previous: null, method: { tables: [], notes: [] }, command: "", withParcels: false });
  times.push((performance.now() - t0) / 1000);
  size = r.html.length + r.xlsx.length;
}
console.log(
  `100 个县（合成，仅表格）：表格→图→HTML→XLSX 中位数 ${median(times).toFixed(2)} 秒（${times.map((t) => t.toFixed(2)).join(" / ")}），输出 ${(size / 1e6).toFixed(1)} MB`,
);
