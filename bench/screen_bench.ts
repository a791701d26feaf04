/**
 * Screening benchmark (issue 16, goal 1): our `screen` CLI against the independent GeoPandas peer
 * (tools/peer/screen_geopandas.py, Debian's /usr/bin/python3: GeoPandas 0.12, Shapely 1.8,
 * GEOS 3.11, Fiona) on a demo benchmark county and its constraint layers, end to end (reading
 * and writing files included), on one or both parcel shapes of the generator (`grid`: merged
 * rectangles between straight strips; `voronoi`: Voronoi cells with road, ditch and highway
 * strips noded into their edges). Each run is a fresh process, ours and the peer's taking turns.
 * Prints per shape the median wall time of each, their ratio, the peak RSS of each (largest of the
 * runs, getrusage(RUSAGE_CHILDREN) of the child), the per-step times of both (ours from
 * summary.json `times`), the classes, and whether both gave the same answer
 * (tools/peer/compare_summaries.py on every run: areas within 0.01 %, counts exact); then one line
 * per shape. Exits 1 when an answer differs.
 *
 *   deno run -A bench/screen_bench.ts [--shape grid|voronoi|grid,voronoi] [--parcels 200000] [--runs 3]
 *       [--mode erase|exclude] [--bench-dir data/bench | --out DIR]
 *
 * The county is generated when missing, into `<bench-dir>/p<N>` (grid) or `<bench-dir>/v<N>`
 * (voronoi), or into `--out` (one shape only).
 * @module
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { oursCommand, peerCommand } from "../tools/peer/commands.ts";
import {
  countyDltb,
  ensureData,
  median,
  PYTHON,
  type Run,
  secs,
  shapefileBytes,
  shapesArg,
  timed,
} from "./_child.ts";

const args = parseArgs(Deno.args, { string: ["parcels", "runs", "out", "mode", "shape", "bench-dir"] });
const parcels = numberArg(args, "parcels", 200_000);
const runs = numberArg(args, "runs", 3);
const mode = (args.mode as string) ?? "erase";
if (mode !== "erase" && mode !== "exclude") throw new Error(`--mode 只能是 erase 或 exclude，收到 ${mode}`);
const shapes = shapesArg(args.shape);
if (args.out !== undefined && shapes.length > 1) {
  throw new Error("--out 只能与一种 --shape 一起使用 / --out needs one shape");
}

const COMPARE = new URL("../tools/peer/compare_summaries.py", import.meta.url).pathname;
const CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;

interface Summary {
  parcels: number;
  candidates: { count: number };
  classes: Record<string, { area_m2: number; count: number }>;
  total_pieces: number;
  times?: Record<string, number>;
}
interface Measured extends Run {
  summary: Summary;
}

async function measure(argv: string[], summaryPath: string, what: string): Promise<Measured> {
  const r = await timed(argv, what);
  return { ...r, summary: JSON.parse(await Deno.readTextFile(summaryPath)) };
}

/** compare_summaries.py on two summaries: the differences, empty when they agree. */
async function compare(a: string, b: string): Promise<string[]> {
  const r = await new Deno.Command(PYTHON, {
    args: [COMPARE, a, b, "--quiet"],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (r.success) return [];
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return text.split("\n").filter((l) => l.startsWith("✗") || /Error|Traceback/.test(l));
}

const mib = (x: number) => x.toFixed(0);
const times = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const steps = (ms: Measured[]) => {
  const keys = [...new Set(ms.flatMap((m) => Object.keys(m.summary.times ?? {})))];
  return keys.map((k) => `${k} ${median(ms.map((m) => m.summary.times?.[k] ?? NaN)).toFixed(2)}`).join(", ");
};

const lines: string[] = [];
let failed = false;
for (const shape of shapes) {
  const out = (args.out as string) ??
    `${args["bench-dir"] ?? "data/bench"}/${shape === "grid" ? "p" : "v"}${parcels}`;
  const manifest = await ensureData({ out, parcels, shape });
  const { dltb, constraints } = countyDltb(out, manifest);
  const layerFiles = [...Deno.readDirSync(constraints)].filter((e) => /\.(shp|geojson)$/i.test(e.name));
  if (layerFiles.length < 9) {
    throw new Error(`${constraints}: ${layerFiles.length} 个约束图层，至少需要 9 个 / need ≥ 9 layers`);
  }

  console.log(`\n== screen, ${shape} ==`);
  console.log(
    `输入 input：${dltb}（${
      (shapefileBytes(dltb) / 1e6).toFixed(1)
    } MB，${layerFiles.length} 个约束图层 constraint layers），mode ${mode}，${runs} 轮 runs`,
  );
  const tmp = await Deno.makeTempDir({ prefix: "screen-bench-" });
  const ours: Measured[] = [], peer: Measured[] = [];
  const bad: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const o = `${tmp}/ours-${i}`, p = `${tmp}/peer-${i}.json`;
      ours.push(
        await measure(oursCommand(dltb, constraints, mode, o), `${o}/summary.json`, `screen run ${i + 1}`),
      );
      peer.push(await measure(peerCommand(dltb, constraints, mode, p), p, `peer run ${i + 1}`));
      const diff = await compare(`${o}/summary.json`, p);
      bad.push(...diff.map((d) => `run ${i + 1}: ${d}`));
      console.log(
        `  run ${i + 1}: ours ${secs(ours[i].wallS)} / ${mib(ours[i].peakMiB)} MiB, peer ${
          secs(peer[i].wallS)
        } / ${mib(peer[i].peakMiB)} MiB, ${diff.length ? `${diff.length} difference(s)` : "same answer"}`,
      );
      await Deno.remove(o, { recursive: true });
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }

  const mo = median(ours.map((m) => m.wallS)), mp = median(peer.map((m) => m.wallS));
  const ro = Math.max(...ours.map((m) => m.peakMiB)), rp = Math.max(...peer.map((m) => m.peakMiB));
  const s = ours[0].summary;
  console.log(
    `${s.parcels} 图斑 parcels，${s.candidates.count} 候选 candidates，${s.total_pieces} 潜力图斑 pieces`,
  );
  console.log(`              median wall (s)   peak RSS (MiB, largest of ${runs})`);
  console.log(`ours  (deno)  ${mo.toFixed(2).padStart(15)}   ${mib(ro).padStart(14)}`);
  console.log(`peer  (gpd)   ${mp.toFixed(2).padStart(15)}   ${mib(rp).padStart(14)}`);
  console.log(
    `ratio peer/ours (time) = ${(mp / mo).toFixed(2)}×, ours/peer (memory) = ${(ro / rp).toFixed(2)}×`,
  );
  const peerRead = median(peer.map((m) => m.summary.times?.read ?? NaN));
  console.log(
    `peer without its reading (fiona) = ${(mp - peerRead).toFixed(2)} s: ${
      ((mp - peerRead) / mo).toFixed(2)
    }× ours end to end`,
  );
  const oursSteps = median(ours.map((m) => Object.values(m.summary.times ?? {}).reduce((a, b) => a + b, 0)));
  console.log(
    `ours steps (s, median): ${steps(ours)}; sum ${
      oursSteps.toFixed(2)
    }, the rest (start-up, reading, writing) ${(mo - oursSteps).toFixed(2)}`,
  );
  console.log(`peer steps (s, median): ${steps(peer)}`);
  console.log("class     ours (m², n)              peer (m², n)");
  for (const c of CLASSES) {
    const a = s.classes[c], b = peer[0].summary.classes[c];
    console.log(
      `${c.padEnd(10)}${a.area_m2.toFixed(2).padStart(16)} ${String(a.count).padStart(6)}   ${
        b.area_m2.toFixed(2).padStart(16)
      } ${String(b.count).padStart(6)}`,
    );
  }
  if (bad.length) {
    failed = true;
    console.log(`✗ 结果不一致 / answers differ (compare_summaries.py):\n  ${bad.join("\n  ")}`);
  } else {
    console.log(
      "✓ 结果一致 / same answer in every run (compare_summaries.py: areas within 0.01 %, counts equal)",
    );
  }
  lines.push(
    `screen ${parcels} ${shape}: ours ${secs(mo)} / ${mib(ro)} MiB, peer ${secs(mp)} / ${
      mib(rp)
    } MiB, ratio ${times(mp / mo)}×, memory ${(ro / rp).toFixed(2)}× — ${
      bad.length ? "ANSWERS DIFFER" : "same answer"
    }`,
  );
}

console.log(`\n${lines.join("\n")}`);
if (failed) Deno.exit(1);
