/**
 * One timed load of a parcel file set into one DuckDB engine, in its own process so that its
 * peak memory (VmHWM) is its own. Prints one JSON line. Used by load_bench.ts.
 *
 *   deno run -A bench/load_once.ts wasm data/bench/xxxx/DLTB_2024.shp
 */
import { loadParcels } from "../src/ingest/load.ts";
import { parcelsToArrow } from "../src/ingest/parcel_table.ts";
import { openEngine } from "../src/db/engine.ts";
import { farmlandByCounty } from "../src/ingest/summary.ts";

const [kind, ...files] = Deno.args;
const t0 = performance.now();
const { table, report } = await loadParcels(files, { progress: false });
const t1 = performance.now();
const arrowTable = parcelsToArrow(table);
const t2 = performance.now();
const engine = await openEngine({ kind: kind as "wasm" | "native" });
await engine.insertArrow("dltb", arrowTable);
const t3 = performance.now();
const rows = await farmlandByCounty(engine);
const t4 = performance.now();
await engine.close();
const status = await Deno.readTextFile("/proc/self/status");
const hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
console.log(JSON.stringify({
  kind,
  parcels: table.length,
  problems: Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0),
  readCheckMs: t1 - t0,
  toArrowMs: t2 - t1,
  insertMs: t3 - t2,
  queryMs: t4 - t3,
  totalMs: t4 - t0,
  peakMiB: hwmKiB / 1024,
  farmlandMu: rows.reduce((s, r) => s + r.farmland_mu, 0),
}));
