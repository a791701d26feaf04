/**
 * Load benchmark (`deno task bench`): a 200,000-parcel demo county from Shapefile (GBK DBF),
 * read + checked into the canonical table, converted to Arrow, inserted into DuckDB and
 * queried, on each engine. Each run is a fresh process; prints medians and peak memory.
 *
 *   deno task bench [--parcels 200000] [--runs 3]
 */
import { parseArgs, numberArg } from "../src/cli/args.ts";
import { generateDemo } from "../src/demo/generate.ts";

const args = parseArgs(Deno.args, { string: ["parcels", "runs", "out"] });
const parcels = numberArg(args, "parcels", 200_000);
const runs = numberArg(args, "runs", 3);
const out = (args.out as string) ?? `data/bench/p${parcels}`;

let manifest;
try {
  manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
} catch {
  const t = performance.now();
  manifest = await generateDemo({ out, counties: { parcels } });
  console.log(`生成 ${parcels} 图斑示例县：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
}
const files = (manifest.files as { path: string }[]).filter((f) => /DLTB_\d{4}\.shp$/.test(f.path)).map((f) => `${out}/${f.path}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`输入：${files.join(", ")}`);
console.log("engine  parcels  read+check(ms)  toArrow(ms)  insert(ms)  query(ms)  total(ms)  peak(MiB)   [median of " + runs + " runs]");
for (const kind of ["wasm", "native"]) {
  const results: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "-A", new URL("./load_once.ts", import.meta.url).pathname, kind, ...files],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!r.success) throw new Error(`${kind} run ${i + 1} failed`);
    results.push(JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop()!));
  }
  const m = (k: string) => median(results.map((r) => r[k]));
  console.log(
    [kind.padEnd(6), String(results[0].parcels).padStart(7), m("readCheckMs").toFixed(0).padStart(14), m("toArrowMs").toFixed(0).padStart(11),
      m("insertMs").toFixed(0).padStart(10), m("queryMs").toFixed(0).padStart(9), m("totalMs").toFixed(0).padStart(9), m("peakMiB").toFixed(0).padStart(10)].join("  "),
  );
}
