/**
 * One timed load of a parcel file set, in its own process so that its peak memory (VmHWM) is its
 * own: read + check (loadParcels) into the canonical table, to Arrow, then, with an engine, DuckDB
 * opened, the Arrow table inserted and one query (farmland by county). `none` stops after Arrow
 * (the load path without DuckDB); `one-thread` is `none` with the Shapefile's geometry read on
 * the loader's own thread (no Worker), to measure what the second thread gives; `wasm-second`
 * loads the files twice into one wasm DuckDB and times the second load (what a notebook, whose
 * DuckDB stays open, sees from its second county on). Prints one JSON line. Used by load_bench.ts.
 *
 *   deno run -A bench/load_once.ts wasm|native|none|one-thread|wasm-second data/bench/p200000/900104/DLTB_2024.shp
 */
import { loadParcels } from "../src/ingest/load.ts";
import { parcelsToArrow } from "../src/ingest/to_arrow.ts";
import { openEngine } from "../src/db/engine.ts";
import { farmlandByCounty } from "../src/ingest/summary.ts";

const [kind, ...files] = Deno.args;
const KINDS = ["wasm", "native", "none", "one-thread", "wasm-second"];
if (!KINDS.includes(kind)) throw new Error(`engine: ${KINDS.join(", ")}, not ${kind}`);
const engineKind = kind === "native" ? "native" : kind.startsWith("wasm") ? "wasm" : null;
const engine = kind === "wasm-second" ? await openEngine({ kind: "wasm" }) : null;
if (engine) {
  const { table } = await loadParcels(files, { progress: false });
  await engine.insertArrow("dltb", parcelsToArrow(table));
}
const t0 = performance.now();
const { table, report } = await loadParcels(files, { progress: false, geometryThread: kind === "one-thread" ? "here" : "auto" });
const t1 = performance.now();
const arrowTable = parcelsToArrow(table);
const t2 = performance.now();
let t3 = t2, t4 = t2, t5 = t2, farmlandMu = NaN;
if (engineKind) {
  const db = engine ?? await openEngine({ kind: engineKind });
  t3 = performance.now();
  await db.insertArrow("dltb", arrowTable);
  t4 = performance.now();
  const rows = await farmlandByCounty(db);
  t5 = performance.now();
  farmlandMu = rows.reduce((s, r) => s + r.farmland_mu, 0);
  await db.close();
}
const status = await Deno.readTextFile("/proc/self/status");
const hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
console.log(JSON.stringify({
  kind,
  parcels: table.length,
  problems: Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0),
  readCheckMs: t1 - t0,
  toArrowMs: t2 - t1,
  openMs: t3 - t2,
  insertMs: t4 - t3,
  queryMs: t5 - t4,
  totalMs: t5 - t0,
  peakMiB: hwmKiB / 1024,
  farmlandMu,
}));
