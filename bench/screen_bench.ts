/**
 * Screening benchmark: our `screen` CLI against the independent GeoPandas peer
 * (tools/peer/screen_geopandas.py, Debian's /usr/bin/python3: GeoPandas 0.12, Shapely 1.8,
 * GEOS 3.11, Fiona) on the 200,000-parcel demo county and its constraint layers, end to end
 * (reading files included). Each run is a fresh process, ours and the peer's taking turns;
 * prints the median wall time of each, their ratio, the peak RSS of each (of the child process,
 * through getrusage(RUSAGE_CHILDREN)), the per-step times of both, and whether both produced
 * the same classes (area within 0.01 %, counts exact). Exits 1 when they differ.
 *
 *   deno run -A bench/screen_bench.ts [--runs 3] [--mode erase|exclude] [--parcels 200000] [--out data/bench/p200000]
 * @module
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { generateDemo } from "../src/demo/generate.ts";

const args = parseArgs(Deno.args, { string: ["parcels", "runs", "out", "mode"] });
const parcels = numberArg(args, "parcels", 200_000);
const runs = numberArg(args, "runs", 3);
const mode = (args.mode as string) ?? "erase";
if (mode !== "erase" && mode !== "exclude") throw new Error(`--mode 只能是 erase 或 exclude，收到 ${mode}`);
const out = (args.out as string) ?? `data/bench/p${parcels}`;

import { oursCommand, peerCommand, PYTHON } from "../tools/peer/commands.ts";
const CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;

// Runs argv in a child of a small Python wrapper; returns wall time and the child's peak RSS.
const WRAPPER = `
import json, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
print(json.dumps({"code": r.returncode, "wall_s": wall,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": r.stderr.decode("utf-8", "replace")[-3000:]}))
`;

interface Measured {
  wall_s: number;
  maxrss_kib: number;
  summary: Summary;
}
interface Summary {
  parcels: number;
  candidates: { count: number };
  classes: Record<string, { area_m2: number; count: number }>;
  total_pieces: number;
  times?: Record<string, number>;
}

async function measure(argv: string[], summaryPath: string, what: string): Promise<Measured> {
  const r = await new Deno.Command(PYTHON, {
    args: ["-c", WRAPPER, ...argv],
    stdout: "piped",
    stderr: "inherit",
  })
    .output();
  if (!r.success) throw new Error(`${what}: the measuring wrapper failed`);
  const m = JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop()!);
  if (m.code !== 0) throw new Error(`${what} exited with ${m.code}:\n${m.stderr}`);
  return {
    wall_s: m.wall_s,
    maxrss_kib: m.maxrss_kib,
    summary: JSON.parse(await Deno.readTextFile(summaryPath)),
  };
}

// The benchmark county: generated when missing.
let manifest;
try {
  manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
} catch {
  const t = performance.now();
  manifest = await generateDemo({ out, counties: { parcels } });
  console.log(
    `生成 ${parcels} 图斑示例县 / generated the demo county：${
      ((performance.now() - t) / 1000).toFixed(1)
    } s`,
  );
}
const dltbRel = (manifest.files as { path: string }[]).map((f) => f.path).find((p) =>
  /DLTB_\d{4}\.shp$/.test(p)
);
if (!dltbRel) throw new Error(`${out}/manifest.json 中没有 DLTB / no DLTB in the manifest`);
const dltb = `${out}/${dltbRel}`;
const constraints = `${dltb.slice(0, dltb.lastIndexOf("/"))}/constraints`;
const layerFiles = [...Deno.readDirSync(constraints)].filter((e) => /\.(shp|geojson)$/i.test(e.name)).map((
  e,
) => e.name);
if (layerFiles.length < 9) {
  throw new Error(`${constraints}: ${layerFiles.length} 个约束图层，至少需要 9 个 / need ≥ 9 layers`);
}

const tmp = await Deno.makeTempDir({ prefix: "screen-bench-" });
const ours: Measured[] = [], peer: Measured[] = [];
console.log(
  `输入 input：${dltb}（${layerFiles.length} 个约束图层 constraint layers），mode ${mode}，${runs} 轮 runs`,
);
try {
  for (let i = 0; i < runs; i++) {
    const o = `${tmp}/ours-${i}`;
    ours.push(
      await measure(
        oursCommand(dltb, constraints, mode, o),
        `${o}/summary.json`,
        `screen run ${i + 1}`,
      ),
    );
    const p = `${tmp}/peer-${i}.json`;
    peer.push(
      await measure(
        peerCommand(dltb, constraints, mode, p),
        p,
        `peer run ${i + 1}`,
      ),
    );
    console.log(`  run ${i + 1}: ours ${ours[i].wall_s.toFixed(2)} s, peer ${peer[i].wall_s.toFixed(2)} s`);
  }
} finally {
  await Deno.remove(tmp, { recursive: true });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const mib = (kib: number) => (kib / 1024).toFixed(0);
const steps = (ms: Measured[]) => {
  const keys = [...new Set(ms.flatMap((m) => Object.keys(m.summary.times ?? {})))];
  return keys.map((k) => `${k} ${median(ms.map((m) => m.summary.times?.[k] ?? NaN)).toFixed(2)}`).join(", ");
};
const mo = median(ours.map((m) => m.wall_s)), mp = median(peer.map((m) => m.wall_s));
const s = ours[0].summary;
console.log(
  `\n${s.parcels} 图斑 parcels，${s.candidates.count} 候选 candidates，${s.total_pieces} 潜力图斑 pieces`,
);
console.log("              median wall (s)   peak RSS (MiB)");
console.log(
  `ours  (deno)  ${mo.toFixed(2).padStart(15)}   ${
    mib(Math.max(...ours.map((m) => m.maxrss_kib))).padStart(14)
  }`,
);
console.log(
  `peer  (gpd)   ${mp.toFixed(2).padStart(15)}   ${
    mib(Math.max(...peer.map((m) => m.maxrss_kib))).padStart(14)
  }`,
);
console.log(
  `ratio peer/ours = ${(mp / mo).toFixed(2)}×（本实现${mp >= mo ? "快" : "慢"} ${
    (Math.max(mp, mo) / Math.min(mp, mo)).toFixed(2)
  } 倍）`,
);
const peerRead = median(peer.map((m) => m.summary.times?.read ?? NaN));
console.log(
  `peer without reading (fiona) = ${(mp - peerRead).toFixed(2)} s: ratio ${
    ((mp - peerRead) / mo).toFixed(2)
  }× against ours end to end`,
);
console.log(`ours steps (s, median): ${steps(ours)}`);
console.log(`peer steps (s, median): ${steps(peer)}`);

// Same classes?
const bad: string[] = [];
for (let i = 0; i < runs; i++) {
  for (const c of CLASSES) {
    const a = ours[i].summary.classes[c], b = peer[i].summary.classes[c];
    const rel = a.area_m2 === b.area_m2
      ? 0
      : Math.abs(a.area_m2 - b.area_m2) / Math.max(Math.abs(a.area_m2), Math.abs(b.area_m2));
    if (rel > 1e-4) bad.push(`run ${i + 1} ${c} area: ours ${a.area_m2} vs peer ${b.area_m2}`);
    if (a.count !== b.count) bad.push(`run ${i + 1} ${c} count: ours ${a.count} vs peer ${b.count}`);
  }
}
console.log("\nclass     ours (m², n)              peer (m², n)");
for (const c of CLASSES) {
  const a = s.classes[c], b = peer[0].summary.classes[c];
  console.log(
    `${c.padEnd(10)}${a.area_m2.toFixed(2).padStart(16)} ${String(a.count).padStart(6)}   ${
      b.area_m2.toFixed(2).padStart(16)
    } ${String(b.count).padStart(6)}`,
  );
}
if (bad.length) {
  console.log(`\n✗ 分类结果不一致 / classes differ:\n  ${bad.join("\n  ")}`);
  Deno.exit(1);
}
console.log(
  "\n✓ 两者分类结果一致（面积差 ≤ 0.01 %，数量相同）/ both produced the same classes (area within 0.01 %, counts equal)",
);
