/**
 * Load benchmark (issue 16, goal 2): a demo benchmark county (200,000 parcels by default) from
 * Shapefile with its GBK DBF, in fresh processes (bench/load_once.ts, one per run and engine,
 * taking turns): read + check (loadParcels) into the canonical table, to Arrow, then DuckDB
 * opened, the Arrow table inserted and one query, on each engine (wasm, native); and the same
 * without DuckDB (`none`: read + check + Arrow only), and that once more with the Shapefile's
 * geometry read on the loader's own thread (`one-thread`: the speed-up of the second thread).
 * Prints the medians of `--runs` per step and the median peak memory (VmHWM) of each, next to
 * the size of the files read.
 *
 *   deno run -A bench/load_bench.ts [--parcels 200000] [--runs 3] [--shape grid|voronoi]
 *       [--bench-dir data/bench | --out DIR]
 *
 * The county is generated when missing, into `<bench-dir>/p<N>` (grid) or `<bench-dir>/v<N>` (voronoi).
 * @module
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { CLI_V8_FLAGS } from "../src/threads/gc.ts";
import { countyDltb, ensureData, median, shapefileBytes, shapesArg } from "./_child.ts";

const args = parseArgs(Deno.args, { string: ["parcels", "runs", "out", "shape", "bench-dir"] });
const parcels = numberArg(args, "parcels", 200_000);
const runs = numberArg(args, "runs", 3);
const shapes = shapesArg(args.shape);
if (shapes.length !== 1) throw new Error("--shape: grid 或 voronoi 之一 / one shape");
const shape = shapes[0];
const out = (args.out as string) ??
  `${args["bench-dir"] ?? "data/bench"}/${shape === "grid" ? "p" : "v"}${parcels}`;

const manifest = await ensureData({ out, parcels, shape });
const { dltb } = countyDltb(out, manifest);
const ONCE = new URL("./load_once.ts", import.meta.url).pathname;
const KINDS = ["wasm", "native", "none", "one-thread", "wasm-second"] as const;

console.log(`\n== load, ${shape} ==`);
console.log(
  `输入 input：${dltb}（${
    (shapefileBytes(dltb) / 2 ** 20).toFixed(1)
  } MiB: .shp + .dbf + .shx …），${runs} 轮 runs`,
);
const results: Record<string, Record<string, number>[]> = Object.fromEntries(KINDS.map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const kind of KINDS) {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "-A", CLI_V8_FLAGS, ONCE, kind, dltb], // as the CLI runs
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    if (!r.success) {
      throw new Error(`${kind} run ${i + 1} failed:\n${new TextDecoder().decode(r.stderr).slice(-3000)}`);
    }
    results[kind].push(JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop()!));
  }
  console.log(
    `  run ${i + 1}: ${KINDS.map((k) => `${k} ${(results[k][i].totalMs / 1000).toFixed(2)} s`).join(", ")}`,
  );
}

const m = (kind: string, k: string) => median(results[kind].map((r) => r[k]));
const cols = ["readCheckMs", "toArrowMs", "openMs", "insertMs", "queryMs", "totalMs"];
console.log(`\n(ms, medians of ${runs} fresh processes; peak = median VmHWM)`);
console.log("engine      parcels  read+check  to Arrow  DuckDB open  insert  query   total  peak(MiB)");
for (const kind of KINDS) {
  const v = cols.map((c) =>
    (kind === "none" || kind === "one-thread") && !["readCheckMs", "toArrowMs", "totalMs"].includes(c) ? "—" : m(kind, c).toFixed(0)
  );
  if (kind === "wasm-second") v[2] = "(open)";
  console.log(
    [
      kind.padEnd(10),
      String(results[kind][0].parcels).padStart(7),
      v[0].padStart(10),
      v[1].padStart(8),
      v[2].padStart(11),
      v[3].padStart(6),
      v[4].padStart(5),
      v[5].padStart(7),
      m(kind, "peakMiB").toFixed(0).padStart(9),
    ].join("  "),
  );
}
const mu = (["wasm", "native", "wasm-second"] as const).map((k) => m(k, "farmlandMu"));
if (mu.some((x) => Math.abs(x - mu[0]) > 1e-6 * Math.abs(mu[0]))) {
  console.log(`✗ 耕地面积不一致 / engines disagree: wasm ${mu[0]}, native ${mu[1]}, wasm second load ${mu[2]} 亩`);
  Deno.exit(1);
}
// Fresh processes' first loads (the second load of `wasm-second` has a warm process).
const two = KINDS.filter((k) => k !== "one-thread" && k !== "wasm-second");
const all = two.flatMap((k) => results[k].map((r) => r.readCheckMs));
const oneThread = m("one-thread", "readCheckMs");
console.log(
  `\nload ${parcels} ${shape}: read+check ${(median(all) / 1000).toFixed(2)} s, to Arrow ${
    (median(KINDS.filter((k) => k !== "wasm-second").flatMap((k) => results[k].map((r) => r.toArrowMs))) / 1000).toFixed(2)
  } s (one thread: read+check ${(oneThread / 1000).toFixed(2)} s, ${(oneThread / median(all)).toFixed(2)}× for the second), ` +
    `insert wasm ${(m("wasm", "insertMs") / 1000).toFixed(2)} s / native ${
      (m("native", "insertMs") / 1000).toFixed(2)
    } s, second load into an open wasm DuckDB: to Arrow ${(m("wasm-second", "toArrowMs") / 1000).toFixed(2)} s, insert ${
      (m("wasm-second", "insertMs") / 1000).toFixed(2)
    } s, ` +
    `peak ${m("none", "peakMiB").toFixed(0)} MiB without DuckDB (${m("one-thread", "peakMiB").toFixed(0)} on one thread), ${m("wasm", "peakMiB").toFixed(0)} wasm / ${
      m("native", "peakMiB").toFixed(0)
    } native, ` +
    `files ${(shapefileBytes(dltb) / 2 ** 20).toFixed(0)} MiB`,
);
